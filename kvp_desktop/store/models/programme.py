"""Programmes, their periods and phases, plan blocks, evaluations and attendance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kvp_desktop.store.models.base import Base, GlobalId, Timestamps, Versioned
from kvp_desktop.store.types import Hours, Money


class Programme(GlobalId, Versioned, Timestamps, Base):
    """One KVP programme for one person, from start to end, with the KOSTRA end facts."""

    __tablename__ = "programmes"
    __table_args__ = (Index("ix_programmes_status", "status", "start_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), nullable=True)
    caseworker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    start_date: Mapped[dt.date] = mapped_column(Date)  # KOSTRA BEGYNT_DATO
    planned_end_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)  # KOSTRA AVSL_DATO
    status: Mapped[str] = mapped_column(String(20), default="active")
    # planned | active | leave | completed | stopped | interrupted | moved
    kostra_status: Mapped[str] = mapped_column(String(1), default="1")  # KOSTRA STATUS 1–7
    end_situations: Mapped[list[str]] = mapped_column(JSON, default=list)  # KOSTRA AVSL_* codes
    main_income_after: Mapped[str] = mapped_column(String(2), default="")  # AVSL_VIKTIGSTE_INNTEKT
    individual_plan: Mapped[str] = mapped_column(String(20), default="offered")
    # offered | in_progress | made | declined | decided_not_to_make
    goals: Mapped[str] = mapped_column(Text, default="")

    periods: Mapped[list[ProgrammePeriod]] = relationship(
        cascade="all, delete-orphan", order_by="ProgrammePeriod.from_date"
    )
    phases: Mapped[list[Phase]] = relationship(cascade="all, delete-orphan", order_by="Phase.from_date")


class ProgrammePeriod(GlobalId, Base):
    """A decision period: first period, extension, exceptional extension, or approved leave."""

    __tablename__ = "programme_periods"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # first | extension | exceptional_extension | leave
    from_date: Mapped[dt.date] = mapped_column(Date)
    to_date: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), nullable=True)
    # Approved leave with or without kvalifiseringsstønad (a payout run leaves out the days of
    # leave without it: rules.allowance.paid_weekdays).
    with_allowance: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_true())


class Phase(GlobalId, Versioned, Base):
    """A phase of the programme (a date range with its weekly pattern)."""

    __tablename__ = "phases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    from_date: Mapped[dt.date] = mapped_column(Date)
    to_date: Mapped[dt.date] = mapped_column(Date)
    # The phase this one was split from when a running plan changed (the old one keeps the past weeks).
    derived_from_id: Mapped[int | None] = mapped_column(Integer, nullable=True)

    blocks: Mapped[list[PlanBlock]] = relationship(
        cascade="all, delete-orphan", order_by="(PlanBlock.weekday, PlanBlock.start_minute)"
    )


class PlanBlock(GlobalId, Base):
    """One activity block in a phase's weekly pattern (weekday 0 = Monday)."""

    __tablename__ = "plan_blocks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)
    start_minute: Mapped[int] = mapped_column(Integer)  # minutes after midnight
    end_minute: Mapped[int] = mapped_column(Integer)
    activity: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40))
    provider: Mapped[str] = mapped_column(String(200), default="")
    contact: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class PlanTemplate(Timestamps, Base):
    """A programme pattern the office saved (phases with their length in weeks and weekly blocks)."""

    __tablename__ = "plan_templates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    pattern: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class Evaluation(GlobalId, Timestamps, Base):
    """A scheduled evaluation and, once held, its record (forskrift § 1 fourth paragraph)."""

    __tablename__ = "evaluations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    scheduled_date: Mapped[dt.date] = mapped_column(Date)
    held_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    progress: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[str] = mapped_column(Text, default="")
    next_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class Attendance(GlobalId, Versioned, Base):
    """What happened on one day against the plan (registered in arrears, § 39)."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("programme_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    planned_hours: Mapped[Decimal] = mapped_column(Hours, default=Decimal("0"))
    attended_hours: Mapped[Decimal] = mapped_column(Hours, default=Decimal("0"))
    valid_absence_hours: Mapped[Decimal] = mapped_column(Hours, default=Decimal("0"))
    valid_absence_type: Mapped[str] = mapped_column(String(30), default="")
    invalid_absence_hours: Mapped[Decimal] = mapped_column(Hours, default=Decimal("0"))
    paid_work_hours: Mapped[Decimal] = mapped_column(Hours, default=Decimal("0"))
    note: Mapped[str] = mapped_column(Text, default="")


class OtherBenefit(Timestamps, Base):
    """Dagpenger, sykepenger or foreldrepenger received in a period (§ 38 krone-for-krone)."""

    __tablename__ = "other_benefits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    from_date: Mapped[dt.date] = mapped_column(Date)
    to_date: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money)


class SupplementaryBenefit(Base):
    """Social assistance or housing allowance received during the programme (KOSTRA KVP_MED_*)."""

    __tablename__ = "supplementary_benefits"
    __table_args__ = (UniqueConstraint("programme_id", "year", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    # kommunal_bostotte | husbank_bostotte | sosialhjelp_engang | sosialhjelp_program | sosialhjelp_supplement
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
