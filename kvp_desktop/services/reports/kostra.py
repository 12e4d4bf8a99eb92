# Kept whole (~600 lines): who is reported, the record per participant, SSB's checks and the export are one pipeline
# over the same records.
"""KOSTRA form 11CF from the database: one record per participant, SSB's checks, the export.

Who is reported for year *Y*: every person with a programme that overlaps *Y* (started on or before
31 December, not ended before 1 January, and not merely planned) or with allowance in *Y* in an
approved, exported or paid payout run. One record per person (SSB refuses duplicates, Rule005A);
with several programmes in the year the latest started one gives the programme facts.

Where each field comes from (see also ``docs/kostra11cf.md``):

- ``KOMMUNE_NR``/``BYDELSNR``: the office settings. ``BYDELSNR`` is written only for Oslo (0301);
  other municipalities leave it blank, as SSB's Rule003 wants (the settings' default ``00`` means
  "no district").
- person: birth date, journal number, fødselsnummer, sex, marital status; ``BU18``/``ANTBU18``
  count supported children living in the household who are under 18 on the reference day (the
  programme's end date when it ended in the year, else 31 December).
- application: registration date, benefits in the two months before, KVP from another
  municipality. ``VEDTAK_DATO`` is the date of the issued *innvilgelse* decision (a draft is not a
  decision made).
- programme: start date, status on 31 December, end date, situation and main income after ending,
  the caseworker's number (programme's caseworker, else the application's KVP caseworker, else the
  person's caseworker); supplementary benefits are the programme's ``SupplementaryBenefit`` rows for
  the year.
- ledger: ``STMND_n`` and ``KVP_STONAD`` from the lines of approved/exported/paid runs whose period
  lies in the year (the month the allowance is for; KVP is paid in arrears). Every line counts
  (allowance, child supplement, deductions), so the amount is what was actually paid. A month is
  ticked when its lines sum above zero. The year's total is rounded once to whole kroner, half up
  (``money.round_krone``), because SSB's field holds whole kroner; a total of zero or less is blank.

The export (:func:`export_file`) refuses while any FATAL or ERROR finding remains, needs
``Permission.EXPORT_PERSONAL_DATA`` and writes one audit row per reported person.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kvp_desktop.exports.kostra11cf import (
    Kostra11CFRecord,
    Layout,
    LayoutNotFoundError,
    RecordFormatError,
    Report,
    Severity,
    check_records,
    load_layout,
)
from kvp_desktop.exports.kostra11cf.layout import available_years as layout_years
from kvp_desktop.exports.kostra11cf.writer import write_file
from kvp_desktop.i18n import N_, _, translate
from kvp_desktop.money import ZERO, round_krone
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError, ValidationError
from kvp_desktop.services.infrastructure.roles import Permission, require
from kvp_desktop.services.infrastructure.validation import mask_identity_number
from kvp_desktop.store.models import (
    Application,
    Child,
    Decision,
    OfficeSettings,
    PayoutLine,
    PayoutRun,
    Person,
    Programme,
    ProgrammePeriod,
    SupplementaryBenefit,
    User,
)

PAID_RUN_STATES = ("approved", "exported", "paid")
OSLO = "0301"

# SupplementaryBenefit.kind → the 11CF field and its code.
SUPPLEMENTARY_FIELDS: dict[str, tuple[str, str]] = {
    "kommunal_bostotte": ("KVP_MED_KOMMBOS", "4"),
    "husbank_bostotte": ("KVP_MED_HUSBANKBOS", "5"),
    "sosialhjelp_engang": ("KVP_MED_SOSHJ_ENGANG", "9"),
    "sosialhjelp_program": ("KVP_MED_SOSHJ_PGM", "8"),
    "sosialhjelp_supplement": ("KVP_MED_SOSHJ_SUP", "7"),
}

# Programme.status → KOSTRA STATUS when the programme has ended and kostra_status says nothing more.
_ENDED_STATUS: dict[str, str] = {"completed": "3", "stopped": "4", "moved": "5", "interrupted": "7"}
ENDED_STATUSES = ("3", "4", "5", "6", "7")
STATUSES_WITH_SITUATION = ("3", "7")

# Where a finding's field is corrected in the app.
AREA_PERSON = "person"
AREA_APPLICATION = "application"
AREA_PROGRAMME = "programme"
AREA_PAYOUTS = "payouts"
AREA_SETTINGS = "settings"
AREA_FILE = "file"

# Area → the main window's tab key (``ui.main_window.TAB_KEYS``); settings and the file have none.
AREA_TABS: dict[str, str | None] = {
    AREA_PERSON: "portefolje",
    AREA_APPLICATION: "inngangsvilkar",
    AREA_PROGRAMME: "programbygger",
    AREA_PAYOUTS: "utbetalinger",
    AREA_SETTINGS: None,
    AREA_FILE: None,
}

AREA_LABELS: dict[str, str] = {
    AREA_PERSON: N_("Personopplysninger"),
    AREA_APPLICATION: N_("Søknaden"),
    AREA_PROGRAMME: N_("Programmet"),
    AREA_PAYOUTS: N_("Utbetalinger"),
    AREA_SETTINGS: N_("Innstillinger for kontoret"),
    AREA_FILE: N_("Filen"),
}

_FIELD_AREAS: dict[str, str] = {
    "KOMMUNE_NR": AREA_SETTINGS,
    "VERSION": AREA_SETTINGS,
    "BYDELSNR": AREA_SETTINGS,
    "FODSELSDATO": AREA_PERSON,
    "PERSON_JOURNALNR": AREA_PERSON,
    "PERSON_FODSELSNR": AREA_PERSON,
    "KJONN": AREA_PERSON,
    "EKTSTAT": AREA_PERSON,
    "BU18": AREA_PERSON,
    "ANTBU18": AREA_PERSON,
    "REG_DATO": AREA_APPLICATION,
    "VEDTAK_DATO": AREA_APPLICATION,
    "KVP_KOMM": AREA_APPLICATION,
    "KOMMNR_KVP_KOMM": AREA_APPLICATION,
    "BEGYNT_DATO": AREA_PROGRAMME,
    "KVP_STONAD": AREA_PAYOUTS,
    "SAKSBEHANDLER": AREA_PROGRAMME,
}

FIELD_LABELS: dict[str, str] = {
    "KOMMUNE_NR": N_("Kommunenummer"),
    "VERSION": N_("Rapporteringsår"),
    "BYDELSNR": N_("Bydelsnummer"),
    "FODSELSDATO": N_("Fødselsdato"),
    "PERSON_JOURNALNR": N_("Journalnummer"),
    "PERSON_FODSELSNR": N_("Fødselsnummer"),
    "KJONN": N_("Kjønn"),
    "EKTSTAT": N_("Sivilstand"),
    "BU18": N_("Barn under 18 år i husholdningen"),
    "ANTBU18": N_("Antall barn under 18 år"),
    "REG_DATO": N_("Søknaden registrert"),
    "VEDTAK_DATO": N_("Vedtaksdato (innvilget)"),
    "BEGYNT_DATO": N_("Startdato i program"),
    "KVP_KOMM": N_("Fra program i annen kommune"),
    "KOMMNR_KVP_KOMM": N_("Kommunenummer for tidligere program"),
    "YTELSE_SOSHJELP": N_("Ytelser før søknaden"),
    "YTELSE_TYPE_SOSHJ": N_("Type sosialhjelp før søknaden"),
    "KVP_MED_ASTONAD": N_("Sosialhjelp eller bostøtte under programmet"),
    "KVP_STONAD": N_("Utbetalt kvalifiseringsstønad"),
    "STATUS": N_("Status per 31.12."),
    "AVSL_DATO": N_("Avslutningsdato"),
    "AVSL_ORDINAERTARB": N_("Situasjon etter avslutning"),
    "AVSL_VIKTIGSTE_INNTEKT": N_("Viktigste inntektskilde etter avslutning"),
    "SAKSBEHANDLER": N_("Saksbehandlernummer"),
    "STMND_1": N_("Måneder med stønad"),
}


def field_area(field: str | None) -> str:
    """Where in the app the data behind an 11CF field is corrected."""
    if field is None:
        return AREA_FILE
    if field in _FIELD_AREAS:
        return _FIELD_AREAS[field]
    if field.startswith("YTELSE_"):
        return AREA_APPLICATION
    if field.startswith("STMND_"):
        return AREA_PAYOUTS
    return AREA_PROGRAMME  # KVP_MED_*, STATUS, AVSL_*


def field_label(field: str | None) -> str:
    if field is None:
        return ""
    if field in FIELD_LABELS:
        return translate(FIELD_LABELS[field])
    if field.startswith("STMND_"):
        return translate(FIELD_LABELS["STMND_1"])
    if field.startswith("AVSL_"):
        return translate(FIELD_LABELS["AVSL_ORDINAERTARB"])
    if field.startswith("KVP_MED_"):
        return translate(FIELD_LABELS["KVP_MED_ASTONAD"])
    if field.startswith("YTELSE_"):
        return translate(FIELD_LABELS["YTELSE_SOSHJELP"])
    return field


# --------------------------------------------------------------------------------------------
# DTOs


@dataclass(frozen=True)
class FixTarget:
    """Where a finding is put right: an area of the app, the person and the record behind it."""

    area: str  # person | application | programme | payouts | settings | file
    person_id: int | None
    entity_id: int | None  # the application or programme id, when there is one
    tab: str | None  # the main window's tab key, or None (settings, the file itself)

    @property
    def label(self) -> str:
        return translate(AREA_LABELS[self.area])


@dataclass(frozen=True)
class KostraFinding:
    rule_id: str
    title: str
    severity: str  # FATAL | ERROR | WARNING | INFO
    severity_label: str  # FATAL | FEIL | ADVARSEL | INFO
    blocks: bool
    line: int | None
    masked_person: str  # "dd.mm.åå *****" or ""
    person_name: str  # for the caseworker's own list; never logged or audited
    field: str | None
    field_label: str
    message: str
    target: FixTarget


@dataclass(frozen=True)
class KostraCheck:
    """What the dialog shows before export: the findings and whether they block the export."""

    year: int
    municipality: str
    record_count: int
    findings: tuple[KostraFinding, ...]
    counts: dict[str, int]  # severity name → number of findings

    @property
    def blocks_export(self) -> bool:
        return any(finding.blocks for finding in self.findings)


@dataclass(frozen=True)
class KostraExport:
    path: Path
    record_count: int
    check: KostraCheck


@dataclass(frozen=True)
class BuiltRecord:
    """One record and the rows it was filled from (for the jump to where data is fixed)."""

    person_id: int
    application_id: int | None
    programme_id: int | None
    masked_person: str
    person_name: str
    record: Kostra11CFRecord


# --------------------------------------------------------------------------------------------
# Building the records


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _office(session: Session) -> OfficeSettings:
    office = session.scalars(select(OfficeSettings).order_by(OfficeSettings.id)).first()
    if office is None:
        raise ServiceError(_("Kontoret er ikke satt opp ennå. Legg inn kommunenummer under Innstillinger først."))
    return office


def _layout(year: int) -> Layout:
    try:
        return load_layout(year)
    except LayoutNotFoundError as exc:
        raise ValidationError({"year": str(exc)}) from exc


def _status_on_31_december(programme: Programme, leave_periods: list[ProgrammePeriod], year: int) -> str:
    """KOSTRA STATUS per 31.12.: ended in the year (3–7), on leave (2) or still in programme (1)."""
    _first, last = _year_bounds(year)
    if programme.end_date is not None and programme.end_date <= last:
        if programme.kostra_status in ENDED_STATUSES:
            return programme.kostra_status
        return _ENDED_STATUS.get(programme.status, "3")
    on_leave = any(period.from_date <= last <= period.to_date for period in leave_periods)
    if on_leave or programme.status == "leave" or programme.kostra_status == "2":
        return "2"
    return "1"


def _children_under_18(children: Iterable[Child], on: dt.date) -> int:
    return sum(
        1
        for child in children
        if child.in_household and child.supported and child.birth_date <= on < _add_years(child.birth_date, 18)
    )


def build_year_records(session: Session, year: int) -> list[BuiltRecord]:
    """Every 11CF record for reporting ``year`` from the database, in journal-number order."""
    layout = _layout(year)
    office = _office(session)
    first, last = _year_bounds(year)

    programmes = session.scalars(
        select(Programme)
        .where(
            Programme.start_date <= last,
            or_(Programme.end_date.is_(None), Programme.end_date >= first),
            Programme.status != "planned",
        )
        .order_by(Programme.person_id, Programme.start_date, Programme.id)
    ).all()
    latest: dict[int, Programme] = {}
    for programme in programmes:
        latest[programme.person_id] = programme  # ordered by start: the last one wins

    lines = session.execute(
        select(PayoutLine.person_id, PayoutLine.programme_id, PayoutLine.period_from, PayoutLine.amount)
        .join(PayoutRun, PayoutRun.id == PayoutLine.run_id)
        .where(PayoutRun.state.in_(PAID_RUN_STATES), PayoutLine.period_from >= first, PayoutLine.period_from <= last)
    ).all()
    per_month: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    paid_programme: dict[int, int] = {}
    for line in lines:
        per_month[line.person_id][line.period_from.month] += line.amount
        paid_programme.setdefault(line.person_id, line.programme_id)
    missing = [pid for pid in per_month if pid not in latest]
    if missing:  # allowance in the year for a programme that does not overlap it (late corrections)
        for programme in session.scalars(select(Programme).where(Programme.id.in_(
            [paid_programme[pid] for pid in missing]
        ))):
            latest.setdefault(programme.person_id, programme)

    person_ids = list(latest)
    if not person_ids:
        return []
    persons = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(person_ids)))}
    children: dict[int, list[Child]] = defaultdict(list)
    for child in session.scalars(select(Child).where(Child.person_id.in_(person_ids))):
        children[child.person_id].append(child)
    programme_ids = [p.id for p in latest.values()]
    leaves: dict[int, list[ProgrammePeriod]] = defaultdict(list)
    for period in session.scalars(
        select(ProgrammePeriod).where(ProgrammePeriod.programme_id.in_(programme_ids), ProgrammePeriod.kind == "leave")
    ):
        leaves[period.programme_id].append(period)
    supplementary: dict[int, set[str]] = defaultdict(set)
    for benefit in session.scalars(
        select(SupplementaryBenefit).where(
            SupplementaryBenefit.programme_id.in_(programme_ids), SupplementaryBenefit.year == year
        )
    ):
        supplementary[benefit.programme_id].add(benefit.kind)
    application_ids = [p.application_id for p in latest.values() if p.application_id is not None]
    applications = {a.id: a for a in session.scalars(select(Application).where(Application.id.in_(application_ids)))}
    decided_by_application: dict[int, dt.date] = {}
    decided_by_programme: dict[int, dt.date] = {}
    for decision in session.scalars(
        select(Decision)
        .where(
            Decision.kind == "innvilgelse",
            Decision.state != "draft",
            Decision.decision_date.is_not(None),
            or_(Decision.application_id.in_(application_ids), Decision.programme_id.in_(programme_ids)),
        )
        .order_by(Decision.decision_date)
    ):
        assert decision.decision_date is not None
        # Oldest first: the first innvilgelse is the decision on the programme (later ones extend it).
        if decision.application_id is not None:
            decided_by_application.setdefault(decision.application_id, decision.decision_date)
        if decision.programme_id is not None:
            decided_by_programme.setdefault(decision.programme_id, decision.decision_date)
    numbers = dict(session.execute(select(User.id, User.caseworker_number)).tuples().all())

    benefit_field = "YTELSE_TILTAKSPENGER" if "YTELSE_TILTAKSPENGER" in layout else "YTELSE_INDIVIDSTONAD"
    situation_fields = {
        code.code: spec.name
        for spec in layout
        if spec.name.startswith("AVSL_") and spec.name not in ("AVSL_DATO", "AVSL_VIKTIGSTE_INNTEKT")
        for code in spec.codes
    }

    built: list[BuiltRecord] = []
    for person_id, programme in latest.items():
        person = persons[person_id]
        application = applications.get(programme.application_id or -1)
        status = _status_on_31_december(programme, leaves[programme.id], year)
        ended = status in ENDED_STATUSES
        reference_day = programme.end_date if ended and programme.end_date is not None else last
        child_count = _children_under_18(children[person_id], reference_day)
        record: dict[str, str | int | dt.date | None] = {
            "KOMMUNE_NR": office.municipality_number,
            "VERSION": f"{year % 100:02d}",
            "BYDELSNR": office.district_number if office.municipality_number == OSLO else None,
            "FODSELSDATO": person.birth_date,
            "PERSON_JOURNALNR": person.journal_number or None,
            "PERSON_FODSELSNR": person.fodselsnummer,
            "KJONN": person.sex,
            "EKTSTAT": person.marital_status,
            "BU18": "1" if child_count else "2",
            "ANTBU18": child_count or None,
            "BEGYNT_DATO": programme.start_date,
        }
        if application is not None:
            record["REG_DATO"] = application.registered_date
            record["KVP_KOMM"] = "1" if application.from_other_municipality else "2"
            if application.from_other_municipality:
                record["KOMMNR_KVP_KOMM"] = application.other_municipality_number or None
            if application.benefit_social_assistance:
                record["YTELSE_SOSHJELP"] = "1"
                record["YTELSE_TYPE_SOSHJ"] = application.benefit_social_assistance
            record["YTELSE_INTRO"] = "4" if application.benefit_introduction else None
            record[benefit_field] = "5" if application.benefit_tiltakspenger else None
            record["YTELSE_FOLKETRYGDL"] = "6" if application.benefit_folketrygd else None
        record["VEDTAK_DATO"] = decided_by_application.get(programme.application_id or -1) or (
            decided_by_programme.get(programme.id)
        )
        kinds = supplementary[programme.id]
        record["KVP_MED_ASTONAD"] = "1" if kinds else "2"
        for kind in kinds:
            if kind in SUPPLEMENTARY_FIELDS:
                name, code = SUPPLEMENTARY_FIELDS[kind]
                record[name] = code
        months = per_month.get(person_id, {})
        for month in range(1, 13):
            if months.get(month, ZERO) > 0:
                record[f"STMND_{month}"] = f"{month:02d}"
        total = round_krone(sum(months.values(), ZERO))
        record["KVP_STONAD"] = int(total) if total > 0 else None
        record["STATUS"] = status
        if ended:
            record["AVSL_DATO"] = programme.end_date
        if status in STATUSES_WITH_SITUATION:
            for code in programme.end_situations or []:
                if code in situation_fields:
                    record[situation_fields[code]] = code
            record["AVSL_VIKTIGSTE_INNTEKT"] = programme.main_income_after or None
        caseworker = programme.caseworker_id or (application.kvp_caseworker_id if application else None)
        caseworker = caseworker or person.caseworker_id
        record["SAKSBEHANDLER"] = (numbers.get(caseworker) or None) if caseworker else None
        built.append(
            BuiltRecord(
                person_id=person_id,
                application_id=application.id if application else None,
                programme_id=programme.id,
                masked_person=mask_identity_number(person.fodselsnummer),
                person_name=f"{person.last_name}, {person.first_name}",
                record={name: value for name, value in record.items() if value is not None},
            )
        )
    built.sort(key=lambda item: (str(item.record.get("PERSON_JOURNALNR", "")), item.person_id))
    return built


# --------------------------------------------------------------------------------------------
# Checking


def _target(item: BuiltRecord | None, field: str | None) -> FixTarget:
    area = field_area(field)
    if item is None or area in (AREA_SETTINGS, AREA_FILE):
        return FixTarget(area, None, None, None)
    entity = {AREA_APPLICATION: item.application_id, AREA_PROGRAMME: item.programme_id}.get(area, item.person_id)
    return FixTarget(area, item.person_id, entity, AREA_TABS[area])


def _findings(report: Report, built: list[BuiltRecord]) -> tuple[KostraFinding, ...]:
    result = []
    for finding in report.findings:
        # The records are written one per line with no empty lines, so line n is record n.
        item = built[finding.line - 1] if finding.line is not None and 0 < finding.line <= len(built) else None
        result.append(
            KostraFinding(
                rule_id=finding.rule_id,
                title=finding.title,
                severity=finding.severity.name,
                severity_label=finding.severity.label,
                blocks=finding.severity.blocks_submission,
                line=finding.line,
                masked_person=item.masked_person if item else "",
                person_name=item.person_name if item else "",
                field=finding.field,
                field_label=field_label(finding.field),
                message=finding.message,
                target=_target(item, finding.field),
            )
        )
    return tuple(result)


def _format_problem(error: RecordFormatError, built: list[BuiltRecord]) -> KostraFinding:
    """A value the file cannot hold (too long, outside ISO-8859-1) as a blocking finding."""
    number = error.record_number
    item = built[number - 1] if number is not None and 0 < number <= len(built) else None
    return KostraFinding(
        rule_id="Format",
        title=_("Verdien kan ikke skrives i filen"),
        severity=Severity.FATAL.name,
        severity_label=Severity.FATAL.label,
        blocks=True,
        line=number,
        masked_person=item.masked_person if item else "",
        person_name=item.person_name if item else "",
        field=error.field,
        field_label=field_label(error.field),
        message=str(error),
        target=_target(item, error.field),
    )


def _check_built(built: list[BuiltRecord], year: int, municipality: str) -> KostraCheck:
    records = [item.record for item in built]
    try:
        report = check_records(records, year, municipality)
        findings = _findings(report, built)
    except RecordFormatError as error:
        findings = (_format_problem(error, built),)
    counts = dict.fromkeys((s.name for s in Severity), 0)
    for finding in findings:
        counts[finding.severity] += 1
    return KostraCheck(year, municipality, len(built), findings, counts)


def _check_year(year: int) -> int:
    if not isinstance(year, int) or isinstance(year, bool):
        raise ValidationError({"year": _("Rapporteringsåret må være et årstall.")})
    _layout(year)
    return year


def _require_export(ctx: AppContext) -> None:
    require(ctx, Permission.EXPORT_PERSONAL_DATA)


def check_year(ctx: AppContext, year: int) -> KostraCheck:
    """Build the year's records from the database and run SSB's checks on them (nothing is written)."""
    _require_export(ctx)
    _check_year(year)
    with ctx.uow() as uow:
        municipality = _office(uow.session).municipality_number
        built = build_year_records(uow.session, year)
    return _check_built(built, year, municipality)


def export_file(ctx: AppContext, year: int, path: str | os.PathLike[str]) -> KostraExport:
    """Write the 11CF file for ``year`` to ``path`` when SSB's checks find nothing that blocks it.

    Refused (``ServiceError``, nothing written) while a FATAL or ERROR finding remains. One audit row
    per reported person (action ``export``, entity ``kostra11cf``) commits with the export.
    """
    _require_export(ctx)
    _check_year(year)
    target = Path(path)
    if not str(path).strip() or target.is_dir():
        raise ValidationError({"path": _("Velg en fil å lagre KOSTRA-filen i.")})
    with ctx.uow() as uow:
        session = uow.session
        office = _office(session)
        built = build_year_records(session, year)
        check = _check_built(built, year, office.municipality_number)
        if check.blocks_export:
            raise ServiceError(
                _(
                    "KOSTRA-filen for {aar} er ikke lagret: kontrollen fant {antall} feil som SSB vil avvise. "
                    "Rett dem først.",
                    aar=year,
                    antall=check.counts["FATAL"] + check.counts["ERROR"],
                )
            )
        try:
            written = write_file([item.record for item in built], year, target)
        except OSError as exc:
            raise ServiceError(_("Kunne ikke lagre filen {fil}: {feil}", fil=str(target), feil=exc.strerror)) from exc
        for item in built:
            ctx.audit(session, "export", "kostra11cf", None, item.person_id, f"KOSTRA 11CF {year}")
        ctx.audit(session, "export", "kostra11cf", None, None, f"KOSTRA 11CF {year}: {len(built)} poster")
        uow.commit()
    return KostraExport(written, len(built), check)



def available_years() -> tuple[int, ...]:
    """The reporting years KOSTRA 11CF can be made for (those with SSB's record layout), oldest first."""
    return layout_years()
