"""Materialised portfolio state: each person's stop-point flags and latest review outcome.

The rule in ``rules/stop_points.py`` decides the flags; these tables hold its answer so the
portfolio can be filtered and counted in SQL over 100 000 persons. ``services/portfolio/portfolio.py``
rewrites a person's rows whenever the facts change, and again from ``flags_valid_until`` (the
first day a date-dependent threshold can change the answer).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from kvp_desktop.store.models.base import Base


class StopPointFlag(Base):
    """One flag (stop point or the rule of thumb) a person has, with the day it fired and why."""

    __tablename__ = "stop_point_flags"
    __table_args__ = (Index("ix_stop_point_flags_kind_person", "kind", "person_id"),)

    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    fired_on: Mapped[dt.date] = mapped_column(Date)
    reason_code: Mapped[str] = mapped_column(String(60))
    reference: Mapped[str] = mapped_column(String(120), default="")


class PortfolioState(Base):
    """Per person: for which day the flags were computed, until when they hold, the last review."""

    __tablename__ = "portfolio_states"
    __table_args__ = (
        Index("ix_portfolio_states_valid_until", "flags_valid_until"),
        Index("ix_portfolio_states_outcome", "last_outcome", "person_id"),
        Index("ix_portfolio_states_reviewed", "last_reviewed_at", "person_id"),
    )

    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True)
    flags_computed_on: Mapped[dt.date] = mapped_column(Date)
    flags_valid_until: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    last_outcome: Mapped[str | None] = mapped_column(String(30), nullable=True)
    last_reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
