"""The fixed text of docs/performance.md: per benchmark, what is measured and how the program reaches
its figures. ``bench/run.py`` puts the measured figures between ``intro`` and ``notes``.

Written for people reading the report (bokmål). ``{persons}``, ``{participants}``, ``{letters}``,
``{startup_persons}``, ``{memory_persons}`` and ``{network_persons}`` are replaced by the sizes of the run; no
other braces belong here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SectionText:
    heading: str
    intro: str  # before the figures: what is measured, against what, the target, the command
    notes: str = ""  # after the figures: how the program gets there, caveats


PORTFOLIO = SectionText(
    heading="Portefølje (sak 4)",
    intro="""
Målt gjennom appens egen tabellmodell (`PortfolioModel` i `ui/portfolio/tab.py`) og tjenester, ved
siden av den tilsvarende rå SQL-en kjørt med `sqlite3` på samme fil. Databasen har {persons} syntetiske
personer (gyldige syntetiske fødselsnumre, tilfeldige opplysninger for stoppunktene), lagt inn med en
rask masseinnsetting; stoppunktene er beregnet med tjenesten (`portfolio.refresh_stale_flags`). Hver
måling er medianen av flere kjøringer med varm cache, etter én kjøring som ikke teller.

Mål (sak 4): åpne fanen ≤ 300 ms, filter ≤ 150 ms og søk ≤ 150 ms med 100 000 personer, og hver av dem
innen 3× den rå SQL-en på de samme dataene. Mål bare denne:
`QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_portfolio.py --persons 100000`.
""",
    notes="""
Hvordan:

- Stoppunktene ligger materialisert i `stop_point_flags` (én rad per flagg, indeks `(kind,
  person_id)`) og `portfolio_states` (beregnet for dato, gyldig til, siste utfall og gjennomgang),
  skrevet av tjenesten fra regelen i `rules/stop_points.py` når opplysningene endres eller
  importeres. Filtrering, søk, sortering (`sort_key`) og telling skjer i SQL; Python ser bare id-ene
  og én bolk rader om gangen.
- Tabellen henter alle id-ene (ett heltall per person) og leser radene i bolker når de vises. Id-ene
  leses rett fra DBAPI-markøren: å lage 100 000 SQLAlchemy-radobjekter kostet 250–340 ms (6,8× rå SQL)
  da det ble målt før denne endringen.
- Datoavhengige terskler: regelen sier hvor lenge svaret gjelder (`flags_valid_until`). Ved åpning
  regnes bare de utgåtte på nytt — i en bakgrunnstråd med framdrift og avbryt når det er flere enn
  300. Den første beregningen for alle personene (rett etter oppgradering eller en stor import) står
  over tabellen; deretter er det vanligvis noen titalls personer per dag.
- Spørringsplanene over testes også i `tests/integration/services/portfolio/test_portfolio.py`: alle og søk går
  på den dekkende indeksen `ix_persons_sort_key`; stoppunkt på `ix_stop_point_flags_kind_person`;
  utfall på `ix_portfolio_states_outcome`; veileder på `ix_persons_caseworker`; tellingen på den
  dekkende indeksen `ix_stop_point_flags_kind_person`. Navnesøk på ord inne i navnet (`LIKE '% ord%'`)
  kan ikke bruke indeksen og skanner `sort_key`-indeksen.

Merk om forholdet app/rå: appens spørring har bundne parametere, den rå har verdiene skrevet inn, og
appen lager i tillegg radobjektene tabellen viser. Ved tider rundt 20 ms er forskjellen noen få
millisekunder, og støy fra andre prosesser flytter forholdet mer enn tidene. Med små datamengder
(røykprøve) dominerer de faste kostnadene, og forholdet sier ingenting om målet.
""",
)

PAYOUT = SectionText(
    heading="Utbetalinger (sak 7)",
    intro="""
En utbetalingskjøring for {participants} deltakere × oktober 2026 (SQLite-fil; hver deltaker har et
aktivt program og oppmøte hver ukedag, noen med ugyldig fravær, lønnet arbeid eller barn; lagt inn med
`demo/payouts.add_volume`), ved siden av en rå SQL-lesing av de samme oppmøteradene.
`preview_run` beregner alle linjer for alle deltakere med regelmotoren uten å lagre;
`create_draft_run` beregner og lagrer utkastet i én transaksjon, slik knappen i fanen gjør.

Mål (sak 7): en kjøring for 5 000 deltakere × én måned beregnes på godt under 10 s og blokkerer aldri
brukergrensesnittet. Mål bare denne:
`.venv/bin/python bench/bench_payout.py --participants 5000 [--database URL]`.
""",
    notes="""
Kjøringen leser bare oppmøtedager med ugyldig fravær eller lønnet arbeid (de andre påvirker ikke
beløpet), og linjene skrives med én samlet `INSERT`. Det meste av tiden går til regelmotoren (eksakt
brøkregning per ukedag og deltaker); derfor er forholdet til den rå lesingen stort, og målet gjelder
den absolutte tiden. Kjøringen går i en bakgrunnstråd med framdrift og avbryt; avbrudd og krasj
etterlater ingen halv kjøring (se `tests/integration/services/payouts/test_payout_crash.py`).
""",
)

LETTERS = SectionText(
    heading="Brev (sak 8)",
    intro="""
{letters} innvilgelsesbrev på bokmål, hvert til sin egen mottaker, målt tre veier side om side:
brevmotoren alene (`render_letter`), hele veien gjennom tjenestelaget (utkast med
`create_grant_draft`, fattet med `issue_batch`: sette sammen, tegne, SHA-256, lagre PDF-en i
databasen, revisjonslogg), og — der LibreOffice er installert — like mange tekstbehandlerbrev (.odt og
.docx) konvertert til PDF med `soffice --headless --convert-to pdf` på samme maskin.

Mål (sak 8): å lage 1 000 brev tar en brøkdel av tiden LibreOffice bruker på å konvertere like mange
tekstbehandlerbrev. Mål bare denne: `.venv/bin/python bench/bench_letters.py --count 1000`.
""",
    notes="""
Tekstbehandlerbrevene har samme tekst som motorens brev (lest ut av PDF-en), en A4-mal med topptekst,
bunntekst med sidetall og overskriftsstiler; LibreOffice-profilen varmes opp før tidtakingen.
LibreOffice konverterer enkle dokumenter raskt når én prosess får mange filer. Én
`soffice`-kommandolinje med 1 000 filer laget en gang bare 247 PDF-er uten feilmelding; skriptet deler
derfor filene på flere prosesser og kontrollerer antallet. Uten LibreOffice sier skriptet det og måler
bare motoren og tjenestelaget.
""",
)

STARTUP = SectionText(
    heading="Oppstart (sak 11)",
    intro="""
Hver start er en ny prosess, slik en bruker starter programmet (importene teller med): `bench/startup_probe.py`
går gjennom det ekte inngangspunktet `kvp-desktop` med et demokontor på {startup_persons} personer
(`create_demo`). Referansen er et bart PySide6-hovedvindu med fire tomme faner, også i en ny prosess, på
samme maskin i samme kjøring.

Mål (sak 11): hovedvinduet med 10 000 personer vises på høyst 2× tiden det bare vinduet bruker. Mål (sak 15):
Portefølje viser de første radene innen 1,0 s fra prosessen startes. Mål bare denne:
`.venv/bin/python bench/bench_startup.py --persons 10000`. Tider i sekunder er veggur-tid og blåses opp når
maskinen er travel (belastningen står under); prosessortiden til de første radene står derfor også, og den
påvirkes lite av andre prosesser.

Hvordan:

- Hovedvinduet (menyene, de fire fanene, statuslinjen med «Åpner databasen …») vises før SQLAlchemy,
  Alembic og tjenestene er importert; `ui/main_window.py` og `ui/app.py` importerer bare PySide6 og
  oversettelsene på toppen. Resten importeres der det brukes.
- Databasen åpnes i en arbeidstråd (`ui/app.py`, `open_now`): migreringssjekk og eventuell
  sikkerhetskopi, import av modulene fanene bygges av (med tjenestene de kaller) og SQLAlchemys mappere.
  Så kommer innloggingen (når kontoret har brukere) og fanene på GUI-tråden; bare fanen som vises, laster
  data. De leverte satsene, årets helligdager og Babels tall- og datoformater leses i en bakgrunnstråd
  etter at de første radene vises; tjenestene bak menyene importeres første gang de brukes.
- Hvor tiden gikk (py-spy og sjekkpunkter med prosessortid på de 10 000 personene, før endringene):
  PySide6 og vinduet 0,14 s; SQLAlchemy 0,25 s; Alembic med Mako og alle dialektenes DDL 0,12 s (bare for å
  se at databasen er på nyeste revisjon); ReportLab og Pillow 0,15 s (importert av Portefølje-tjenesten og
  Utbetalinger-fanen for utskrift); de andre tjenestene 0,31 s (letters, eksport, rapporter);
  helligdagstabellene 0,09 s; og PySide6 leste kildeteksten til hver modul som ble importert etter den
  (se Minne). Nå: én spørring mot `alembic_version` når databasen er på nyeste revisjon (Alembic importeres
  bare ved oppgradering), ReportLab og openpyxl importeres når noe skrives ut eller lagres, og resten er
  flyttet til etter de første radene. Det som står igjen på veien, er SQLAlchemy og modellene (omtrent
  0,3 s prosessortid) og modulene de fire fanene bygges av (0,2 s).
- Oversettelsene leses fra ferdig kompilerte `kvp.mo` (skrevet av `make i18n`, en test kontrollerer at
  de stemmer med `kvp.po`); å lese `.po`-filen tok en tidel av et sekund ved hver start.
- Den siste raden i tabellen er tiden til alt er klart: den teller med å åpne databasen, importere
  resten av programmet og laste Portefølje, mens vinduet allerede vises og svarer.
""",
)

MEMORY = SectionText(
    heading="Minne (sak 15)",
    intro="""
Høyeste minnebruk (RSS, `VmHWM` målt fra prosessens start) for programmet med Portefølje-benchmarkens database på
{memory_persons} personer åpen: det ekte inngangspunktet `kvp-desktop` i en ny prosess
(`bench/memory_probe.py`), tabellen rullet fra toppen til bunnen og tilbake, bakgrunnsoppvarmingen ferdig.
Referansen er et bart PySide6-hovedvindu med fire faner, også i en ny prosess. Mål (sak 15): høyst 3× det
bare vinduet. Mål bare denne: `.venv/bin/python bench/bench_memory.py --persons 100000`.

Hvor minnet gikk (sjekkpunkter med RSS, før endringene: 223–230 MiB): PySide6 ser på hver modul som
importeres etter den, for å finne ut om den bruker PySide6, med `inspect.getsource` — hele kildeteksten
ble lest og ble liggende i `linecache` resten av økten (22 MiB Python-objekter for SQLAlchemy, ReportLab og
resten); `ui/__init__.py` svarer nå på det samme spørsmålet fra filens bytes uten å beholde dem (−50 MiB
RSS). Portefølje holdt en ordbok fra person-id til rad for alle 100 000 (10 MiB); raden finnes nå ved å søke
i id-listen (om lag et millisekund). Oppvarmingen importerte alle tjenestene, også de bak menyene (16 MiB);
de importeres nå første gang de brukes. Radene selv var allerede ikke Python-objekter for alle: tabellen
holder id-ene (ett heltall per person) og høyst 20 bolker på 200 rader.
""",
)

BUNDLE = SectionText(
    heading="Bygget (sak 15)",
    intro="""
Størrelsen på PyInstaller-bygget av `build.spec` (én mappe med `kvp-desktop` og `kvp` og `_internal`),
ved siden av et bygg av et bart PySide6-vindu med fire faner laget på samme måte (`--onedir`, strippet på
Linux). Mål (sak 15): ≤ 150 MB. Mål bare denne: `.venv/bin/python bench/bench_bundle.py` (bygger
`build.spec` på nytt, omtrent ett minutt; `--dist MAPPE` måler et ferdig bygg).

Hva som er tatt ut (før: 294 MB): Babels lokaldata for andre språk enn nb, nn og en med foreldre (35 MB),
Qt-oversettelsene (programmet installerer ingen `QTranslator`, 7 MB), QtNetwork med TLS- og
nettverkstilleggene, Qt-tillegg programmet ikke laster (GTK 3-temaet tok med seg GTK-stakkens cairo, pango
m.fl.; EGL/evdev/VNC/linuxfb; bildeformater utenom SVG og ICO), Pillows AVIF-, WebP-, fargestyrings- og
Tk-moduler (libavif alene 5 MB), CUPS-biblioteket med GnuTLS og Kerberos (systemets eget brukes; 8 MB),
setuptools, readline, alle biblioteker som ingen gjenværende modul eller tillegg lenker mot,
feilsøkingssymbolene i Linux-bibliotekene (libpython alene 17 MB), og den andre kopien av de kompilerte
modulene (hvert av de to programmene hadde sitt eget 14 MB-arkiv; nå ligger de én gang i `_internal`).

Det som står igjen på Linux, er for det meste Qt selv: ICU-dataene Qt lenker mot (38 MB, brukes også til
norsk sortering med `QCollator`) og Qt-bibliotekene (32 MB); et bart PySide6-vindu bygd på samme måte er
alene nær målet. På Windows bruker Qt systemets ICU, og Windows har egne kjøretidsbiblioteker; bygget der
måles av `.github/workflows/windows.yml` (se `docs/windows.md`).
""",
)

NETWORK = SectionText(
    heading="Delt kontor over nettverk (sak 20)",
    intro="""
Kontorer deler én PostgreSQL-server, ofte i kommunens datasenter eller over VPN fra et utekontor, der hver
rundtur til serveren koster tid. Målt gjennom det ekte hovedvinduet (offscreen), med de handlingene en
saksbehandler gjentar hele dagen: åpne appen på Portefølje, stoppunktfilter, velg person, fanen
Inngangsvilkår, fanen Programbygger, lagre ukeplan, åpne Dokumenter og lag brevutkast («Nytt utkast»).
Hver handling kjøres mot SQLite (en fil), mot PostgreSQL direkte og mot PostgreSQL bak en TCP-proxy på
maskinen (`bench/delay_proxy.py`) som forsinker hver retning med 5 og 20 ms. Demokontoret har
{network_persons} personer.

Mål (sak 20): ved 20 ms hver vei er hver handling ≤ 500 ms, og en handling som bare leser bruker ≤ 8
rundturer. Mål bare denne:
`QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_network.py --persons 1600`
(`KVP_BENCH_TRACE=1` skriver setningene per handling til stderr).
""",
    notes="""
Hvordan:

- Hver fane leser det den viser i ett kall og én lesende arbeidsenhet (`ctx.read()`: på PostgreSQL i
  autocommit, uten BEGIN og ROLLBACK), én setning per tabell og ikke per rad: `portfolio.portfolio_view`
  (id-er, første skjermfull, tellingene og antall personer med utdaterte stoppunkter i én UNION ALL;
  et filterbytte leser ikke tellingene på nytt), `screening.screening_view` (søknader med siste
  vurdering, gjeldende vurdering og historikk, tilbudet om program), `programmes.programme_view`
  (perioder, faser og blokker lastet med `selectinload`, evalueringer i én spørring).
- Velg person er én transaksjon: personen, fristene (to setninger i stedet for én per søknad) og
  revisjonsraden (`persons.choose_person`); fanen Inngangsvilkår viser de samme fristene i stedet for å
  lese dem på nytt. Revisjonskjedens hode låses og leses i én `UPDATE … RETURNING`; på PostgreSQL skrives
  revisjonsraden og kjedens nye hode i én setning (`WITH … INSERT … UPDATE`), så hver skriving med
  revisjonsrad koster én rundtur mindre og holder hodet låst kortere (SQLite: to setninger, filen er lokal;
  samme rad, samme sjekksum og samme hode).
- Kontorets innstillinger og satser holdes på konteksten (`services/office/view_cache.py`, fornyes når kontoret
  lagres eller en sats registreres, og ellers etter fem minutter); jobber som skriver, leser dem selv.
- Lagre ukeplan sletter de gamle blokkene med én `DELETE` og returnerer fasene slik de ble lagret fra sin
  egen transaksjon, så fanen ikke leser programmet på nytt.
- Nytt utkast (`drafting.create_draft_shown`) lager utkastet og leser brevlisten og skjemaet i samme
  transaksjon; Dokumenter-vinduet leser ikke på nytt. Personen, kontorets målform og programmet med
  periodene leses i én setning, og søknaden leses bare for innvilgelse og avslag. Forhåndsvisningen lages
  i bakgrunnen (en egen jobb, som skrives i revisjonsloggen); benchmarken venter til forhåndsvisningen
  av det første brevet i Dokumenter er ferdig før den klikker «Nytt utkast», slik en saksbehandler leser
  listen først — forhåndsvisningen av det nye utkastet starter innenfor handlingen, og de første
  forespørslene dens er talt med blant rundturene.
- Ingen ping ved hvert uttak fra tilkoblingspoolen: bare en tilkobling som har ligget ubrukt i 30 s
  pinges, og en død tilkobling byttes ut; poolen gir ut den sist brukte tilkoblingen (LIFO), så én er i
  jevn bruk.
- Budsjettene (setninger, arbeidsenheter, transaksjoner og – på PostgreSQL gjennom proxyen – rundturer)
  for hver handling holdes av `tests/integration/test_query_budget.py` på SQLite og PostgreSQL.

Nærmest grensen ved 20 ms hver vei (se tabellen; *velg person* ligger på grensen og kan gå over også på en
rolig maskin — tiden utover rundturene er vinduets eget arbeid og proxyens):

- *Velg person* skriver en rad i revisjonsloggen (å åpne en person registreres), så det er én transaksjon:
  BEGIN, personen, søknadene med vurderingene, programmet med evalueringene, revisjonsraden (hodet låses
  og leses; raden med det nye hodet) og COMMIT — sju rundturer — og Portefølje-fanen viser personens
  stoppunkter og gjennomganger (én til) og eventuelt bolken med personens rad (én til).
- *Lagre ukeplan*: BEGIN, fasen med programmet, DELETE, UPDATE, INSERT, fasene slik de ble lagret,
  revisjonsraden (to) og COMMIT — ni rundturer.
- *Lag brevutkast*: BEGIN, personen med kontorets målform og programmet med periodene (én setning),
  satsene, utkastet, brevlisten (vedtak og deltakerbevis), revisjonsraden (to) og COMMIT — ni rundturer.
  Satsene leses i transaksjonen og ikke fra konteksten: utkastet lagrer beløpene, og jobber som skriver
  og bygger på satsene, leser dem selv.

Maskinen deles med andre prosesser (se belastningen over); ved 20 ms hver vei er det rundturene som
bestemmer tiden (hver koster minst 40 ms), og resten er prosessortid som blir større når maskinen er
travel.
""",
)

SECTIONS = {"portfolio": PORTFOLIO, "payout": PAYOUT, "letters": LETTERS, "startup": STARTUP, "memory": MEMORY,
            "network": NETWORK, "bundle": BUNDLE}
