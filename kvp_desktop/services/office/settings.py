"""The office's own settings: name and address for letters, KOSTRA numbers, routines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum.no import orgnr

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import NotFoundError, ValidationError
from kvp_desktop.services.infrastructure.locking import check_version
from kvp_desktop.services.infrastructure.roles import Permission, require
from kvp_desktop.store.models import OfficeSettings


@dataclass(frozen=True)
class OfficeInput:
    office_name: str
    department: str
    municipality_number: str
    municipality_name: str
    district_number: str
    county: str
    address: str
    postcode: str
    postplace: str
    phone: str
    email: str
    org_number: str
    written_standard: str
    payout_schedule: str
    payday: int
    processing_warn_days: int
    idle_lock_minutes: int
    holiday_weeks_per_year: int
    payout_period_start: dt.date | None  # first Monday of the 14-day periods (rules.payout_period)
    amount_policy: str  # monthly_share | day_rate (rules.payout_period.AmountPolicy)


@dataclass(frozen=True)
class OfficeView(OfficeInput):
    """The stored settings: what the form edits, plus whether it is a demo office and its version."""

    demo: bool
    version: int


#: Where the office settings are kept on the context for the views (``view_cache``).
OFFICE_KEY = "office"


def read_office(session: Session) -> OfficeView | None:
    """The office settings as stored (``None`` where no office is set up yet)."""
    row = session.scalars(select(OfficeSettings).order_by(OfficeSettings.id)).first()
    if row is None:
        return None
    return OfficeView(**{name: getattr(row, name) for name in OfficeView.__dataclass_fields__})


def get_office(ctx: AppContext) -> OfficeView | None:
    """The office settings, or ``None`` for a database where no office is set up yet."""
    with ctx.uow() as uow:
        view = read_office(uow.session)
    ctx.remember(OFFICE_KEY, view)  # what the views keep is refreshed with every read (and save)
    return view


def input_from(view: OfficeView, **changes: object) -> OfficeInput:
    """The form's input from the stored settings, with ``changes``."""
    values = {f: getattr(view, f) for f in OfficeInput.__dataclass_fields__}
    values.update(changes)
    return OfficeInput(**values)


def _validate(data: OfficeInput) -> None:
    problems: dict[str, str] = {}
    if not data.office_name.strip():
        problems["office_name"] = _("Kontorets navn må fylles ut.")
    if not data.municipality_name.strip():
        problems["municipality_name"] = _("Kommunen må fylles ut (den står i brevene og i KOSTRA).")
    if not (len(data.municipality_number) == 4 and data.municipality_number.isdigit()):
        problems["municipality_number"] = _("Kommunenummeret må ha fire siffer (brukes i KOSTRA og brev).")
    if not (len(data.district_number) == 2 and data.district_number.isdigit()):
        problems["district_number"] = _("Bydelsnummeret må ha to siffer (00 når kommunen ikke har bydeler).")
    if not data.county.strip():
        problems["county"] = _("Fylket må fylles ut (klager går til Statsforvalteren i fylket).")
    if data.postcode and not (len(data.postcode) == 4 and data.postcode.isdigit()):
        problems["postcode"] = _("Postnummeret må ha fire siffer.")
    if data.org_number and not (len(data.org_number) == 9 and data.org_number.isdigit()):
        problems["org_number"] = _("Organisasjonsnummeret må ha ni siffer.")
    elif data.org_number and not orgnr.is_valid(data.org_number):
        problems["org_number"] = _("Organisasjonsnummeret har feil kontrollsiffer. Sjekk det i Enhetsregisteret.")
    if data.email and ("@" not in data.email or data.email.startswith("@") or data.email.endswith("@")):
        problems["email"] = _("E-postadressen ser ikke riktig ut (den må ha @ og et domene).")
    if data.written_standard not in ("nb", "nn"):
        problems["written_standard"] = _("Målformen må være bokmål eller nynorsk.")
    if data.payout_schedule not in ("monthly", "biweekly"):
        problems["payout_schedule"] = _("Utbetalingen går månedlig eller hver fjortende dag.")
    elif data.payout_schedule == "biweekly":
        if data.payout_period_start is None:
            problems["payout_period_start"] = _("Velg datoen den første 14-dagersperioden begynner (en mandag).")
        elif data.payout_period_start.weekday() != 0:
            problems["payout_period_start"] = _("14-dagersperiodene må begynne på en mandag.")
    if data.amount_policy not in ("monthly_share", "day_rate"):
        problems["amount_policy"] = _("Velg hvordan stønaden for en periode beregnes.")
    for field, low, high, label in (("payday", 1, 28, _("Utbetalingsdagen")),
                                    ("processing_warn_days", 1, 90, _("Varsel om saksbehandlingstid")),
                                    ("idle_lock_minutes", 1, 240, _("Låsing etter inaktivitet")),
                                    ("holiday_weeks_per_year", 0, 10, _("Ferieuker per år"))):
        if not low <= int(getattr(data, field)) <= high:
            problems[field] = _("{felt} må være mellom {fra} og {til}.", felt=label, fra=low, til=high)
    if problems:
        raise ValidationError(problems)


def new_office_input(**values: object) -> OfficeInput:
    """The set-up form's input: what it asks for, with the routines' usual defaults for the rest."""
    defaults: dict[str, object] = {
        "office_name": "", "department": _("Kvalifiseringsprogrammet"), "municipality_number": "",
        "municipality_name": "", "district_number": "00", "county": "", "address": "", "postcode": "",
        "postplace": "", "phone": "", "email": "", "org_number": "", "written_standard": "nb",
        "payout_schedule": "monthly", "payday": 12, "processing_warn_days": 21, "idle_lock_minutes": 15,
        "holiday_weeks_per_year": 5, "payout_period_start": None, "amount_policy": "monthly_share",
    }
    unknown = set(values) - set(defaults)
    if unknown:
        raise TypeError(f"unknown office fields: {sorted(unknown)}")
    defaults.update(values)
    return OfficeInput(**defaults)  # type: ignore[arg-type]


def _normalised(data: OfficeInput) -> OfficeInput:
    """Spaces taken out of numbers people type in groups (org.nr. «974 760 673»)."""
    values = {f: getattr(data, f) for f in OfficeInput.__dataclass_fields__}
    values = {f: v.strip() if isinstance(v, str) else v for f, v in values.items()}
    for field in ("org_number", "municipality_number", "postcode", "district_number"):
        values[field] = str(values[field]).replace(" ", "")
    return OfficeInput(**values)


def create_office(ctx: AppContext, data: OfficeInput) -> OfficeView:
    """Set up the office on a new database (administrator only; once; audited).

    A real office completes this right after the first administrator is created: letters, KOSTRA
    and the payout calendar all need the office's name, kommunenummer and routines.
    """
    require(ctx, Permission.SET_UP_OFFICE)
    data = _normalised(data)
    _validate(data)
    with ctx.uow() as uow:
        session = uow.session
        if session.scalars(select(OfficeSettings.id)).first() is not None:
            raise ValidationError({"office_name": _("Kontoret er allerede satt opp. Endre det under "
                                                    "Innstillinger → Kontor.")})
        row = OfficeSettings(**{f: getattr(data, f) for f in OfficeInput.__dataclass_fields__}, demo=False)
        session.add(row)
        session.flush()
        ctx.audit(session, "create", "office_settings", row.id)
        uow.commit()
    view = get_office(ctx)
    assert view is not None
    return view


def update_office(ctx: AppContext, data: OfficeInput, expected_version: int) -> OfficeView:
    """Save the office settings (leader or administrator; audited; never over someone else's save)."""
    require(ctx, Permission.CHANGE_SETTINGS)
    data = _normalised(data)
    _validate(data)
    with ctx.uow() as uow:
        row = uow.session.scalars(select(OfficeSettings).order_by(OfficeSettings.id)).first()
        if row is None:
            raise NotFoundError(_("Kontoret er ikke satt opp i denne databasen."))
        check_version(row, expected_version, _("Kontorets innstillinger"))
        for field in OfficeInput.__dataclass_fields__:
            value = getattr(data, field)
            setattr(row, field, value.strip() if isinstance(value, str) else value)
        ctx.audit(uow.session, "change", "office_settings", row.id)
        uow.commit()
    view = get_office(ctx)
    assert view is not None
    return view
