"""The office's own settings: name and address for letters, KOSTRA numbers, routines."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from kvp_desktop.services.context import AppContext
from kvp_desktop.store.models import OfficeSettings


@dataclass(frozen=True)
class OfficeView:
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
    demo: bool
    version: int


def get_office(ctx: AppContext) -> OfficeView | None:
    """The office settings, or ``None`` for a database where no office is set up yet."""
    with ctx.uow() as uow:
        row = uow.session.scalars(select(OfficeSettings).order_by(OfficeSettings.id)).first()
        if row is None:
            return None
        return OfficeView(
            row.office_name, row.department, row.municipality_number, row.municipality_name, row.district_number,
            row.county, row.address, row.postcode, row.postplace, row.phone, row.email, row.org_number,
            row.written_standard, row.payout_schedule, row.payday, row.processing_warn_days, row.idle_lock_minutes,
            row.holiday_weeks_per_year, row.demo, row.version,
        )
