"""The four main tabs: Portefølje, Inngangsvilkår, Programbygger, Utbetalinger."""
