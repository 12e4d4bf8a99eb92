"""Utbetalinger dialogs and workers: the week sheet, attendance import, the run worker, rates."""
