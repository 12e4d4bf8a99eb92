"""The parameter set an office computes with: shipped values with the office's own laid over.

Settings → «Satser» lists every parameter with the shipped and the office value, the sources
and the unconfirmed marks, and registers a local value (for example a new G from 1 May,
registered in June). Registering is audited, needs a source and the CHANGE_RATES permission;
a value for a date already paid makes the next payout run propose back-pay.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kvp_desktop.i18n import N_, _
from kvp_desktop.parameters import Override, ParameterError, ParameterSet, ParameterValue, load_parameters
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ValidationError
from kvp_desktop.services.infrastructure.roles import Permission, require
from kvp_desktop.store.models import ParameterOverride

UNCONFIRMED_MARK = N_("kontroller mot gjeldende regelverk")


@cache
def shipped_parameters() -> ParameterSet:
    """The YAML files shipped with this release (read once)."""
    return load_parameters()

#: Where the office's rates are kept on the context for the views (``view_cache``).
PARAMETERS_KEY = "parameters"


def _overrides(rows: list[ParameterOverride]) -> list[Override]:
    return [Override(r.parameter, r.effective_from, r.value, r.source) for r in rows]


def office_parameters(session: Session, up_to_version: int | None = None) -> ParameterSet:
    """Shipped values, with every local value registered in Settings merged over them.

    ``up_to_version`` leaves out local values registered after that one (ids above it): the set
    a run was computed with.
    """
    query = select(ParameterOverride).order_by(ParameterOverride.id)
    if up_to_version is not None:
        query = query.where(ParameterOverride.id <= up_to_version)
    rows = list(session.scalars(query))
    if not rows:
        return shipped_parameters()
    return shipped_parameters().with_overrides(_overrides(rows))


def parameter_version(session: Session) -> int:
    """The newest local value's id (0 with none): what a run records it was computed with."""
    return int(session.scalar(select(func.max(ParameterOverride.id))) or 0)


@dataclass(frozen=True)
class ValueView:
    effective_from: dt.date
    value: str
    source: str
    origin: str  # shipped | office
    unconfirmed: bool
    note: str


@dataclass(frozen=True)
class ParameterView:
    """One parameter as Settings shows it: in force on a date, shipped vs office value."""

    name: str
    description: str
    unit: str
    references: tuple[str, ...]
    current: ValueView
    shipped: ValueView | None  # the shipped value in force on the date
    office: ValueView | None  # the office value in force on the date (None: shipped applies)
    history: tuple[ValueView, ...]

    @property
    def mark(self) -> str:
        """"kontroller mot gjeldende regelverk" for an unconfirmed value in force."""
        return _(UNCONFIRMED_MARK) if self.current.unconfirmed else ""


def _view(value: ParameterValue) -> ValueView:
    return ValueView(value.effective_from, _text(value.value), value.source, value.origin, value.unconfirmed,
                     value.note or "")


def _text(value: object) -> str:
    if isinstance(value, bool):
        return _("ja") if value else _("nei")
    return str(value)


def list_parameters(ctx: AppContext, on: dt.date) -> list[ParameterView]:
    """Every parameter in force on ``on``, with its shipped and office values and sources."""
    with ctx.uow() as uow:
        params = office_parameters(uow.session)
    shipped = shipped_parameters()
    result = []
    for name in params.names():
        parameter = params.parameter(name)
        try:
            current = parameter.value_on(on)
        except ParameterError:
            continue  # no value yet on that date
        try:
            shipped_value: ParameterValue | None = shipped.parameter(name).value_on(on)
        except ParameterError:
            shipped_value = None
        result.append(ParameterView(
            name=name, description=parameter.description, unit=parameter.unit, references=parameter.references,
            current=_view(current), shipped=_view(shipped_value) if shipped_value else None,
            office=_view(current) if current.origin == "office" else None,
            history=tuple(_view(v) for v in parameter.values),
        ))
    return result


def register_local_value(ctx: AppContext, name: str, effective_from: dt.date, value: str, source: str) -> int:
    """Register the office's value of ``name`` from ``effective_from`` (audited; source required).

    A value for a date already paid is picked up by the next payout run as back-pay.
    """
    require(ctx, Permission.CHANGE_RATES)
    problems: dict[str, str] = {}
    value, source = value.strip(), source.strip()
    if not source:
        problems["source"] = _("Oppgi kilden for verdien (for eksempel forskriften og datoen den ble vedtatt).")
    if not value:
        problems["value"] = _("Skriv inn verdien.")
    if name not in shipped_parameters().names():
        problems["name"] = _("Ukjent sats «{navn}».", navn=name)
    if problems:
        raise ValidationError(problems)
    with ctx.uow() as uow:
        session = uow.session
        existing = session.scalars(select(ParameterOverride).order_by(ParameterOverride.id)).all()
        try:
            office_overrides = [o for o in _overrides(list(existing))
                                if not (o.name == name and o.effective_from == effective_from)]
            shipped_parameters().with_overrides([*office_overrides, Override(name, effective_from, value, source)])
        except ParameterError as exc:
            raise ValidationError({"value": str(exc)}) from exc
        # A new row (never an update): the id orders values, and runs remember which they saw.
        for row in existing:
            if row.parameter == name and row.effective_from == effective_from:
                session.delete(row)
        session.flush()
        row = ParameterOverride(parameter=name, effective_from=effective_from, value=value, source=source,
                                registered_by_id=ctx.user.id)
        session.add(row)
        session.flush()
        ctx.audit(session, "register_rate", "parameter_override", row.id, None,
                  f"{name} fra {effective_from.isoformat()} = {value}")
        uow.commit()
        ctx.forget(PARAMETERS_KEY)  # the views (view_cache) compute with the new value at once
        return row.id
