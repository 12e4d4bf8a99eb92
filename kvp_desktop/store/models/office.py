"""The office, its users, its local parameter values and its activity catalogue."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kvp_desktop.store.models.base import Base, Timestamps, Versioned


class OfficeSettings(Versioned, Timestamps, Base):
    """One row: the office's identity, letterhead, KOSTRA numbers and routines."""

    __tablename__ = "office_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_name: Mapped[str] = mapped_column(String(200))
    department: Mapped[str] = mapped_column(String(200), default="")
    municipality_number: Mapped[str] = mapped_column(String(4))  # KOSTRA KOMME_NR
    municipality_name: Mapped[str] = mapped_column(String(100))
    district_number: Mapped[str] = mapped_column(String(2), default="00")  # KOSTRA BYDELSNR
    county: Mapped[str] = mapped_column(String(100))  # "Statsforvalteren i <county>"
    address: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(4), default="")
    postplace: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    org_number: Mapped[str] = mapped_column(String(9), default="")
    written_standard: Mapped[str] = mapped_column(String(2), default="nb")  # målform: nb | nn
    payout_schedule: Mapped[str] = mapped_column(String(10), default="monthly")  # monthly | biweekly
    # rules.payout_period: the first Monday of the 14-day periods, and how a period's amount is computed
    payout_period_start: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    amount_policy: Mapped[str] = mapped_column(String(20), default="monthly_share",
                                               server_default="monthly_share")  # monthly_share | day_rate
    payday: Mapped[int] = mapped_column(Integer, default=12)  # day of month paid in arrears
    processing_warn_days: Mapped[int] = mapped_column(Integer, default=21)
    idle_lock_minutes: Mapped[int] = mapped_column(Integer, default=15)
    holiday_weeks_per_year: Mapped[int] = mapped_column(Integer, default=5)
    fvl_2025_in_force: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)


class User(Timestamps, Base):
    """A person who logs in: caseworker (veileder), KVP caseworker, approver, manager, admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # veileder|saksbehandler|attestant|leder|admin
    title: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    caseworker_number: Mapped[str] = mapped_column(String(10), default="")  # KOSTRA SAKSBEHANDLER
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ParameterOverride(Timestamps, Base):
    """A local value for a dated parameter (a new G after 1 May, local absence limits)."""

    __tablename__ = "parameter_overrides"
    __table_args__ = (UniqueConstraint("parameter", "effective_from"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    parameter: Mapped[str] = mapped_column(String(100))
    effective_from: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[str] = mapped_column(String(100))  # exact decimal text, parsed by the loader
    source: Mapped[str] = mapped_column(Text)
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class Activity(Timestamps, Base):
    """The office's catalogue of measures and providers."""

    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40))
    provider: Mapped[str] = mapped_column(String(200), default="")
    contact: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
