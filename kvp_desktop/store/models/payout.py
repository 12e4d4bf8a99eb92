"""Payout runs and their ledger lines, recoveries (§ 40) and refund claims (§ 38)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kvp_desktop.store.models.base import Base, Timestamps
from kvp_desktop.store.types import Money


class PayoutRun(Timestamps, Base):
    """A payout run for a period: draft → approved (four eyes) → exported → paid.

    Approved runs are immutable; database triggers refuse changes (see the first migration).
    """

    __tablename__ = "payout_runs"
    __table_args__ = (Index("ix_payout_runs_period", "period_from", "period_to"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(20))  # e.g. "2026-05"
    period_from: Mapped[dt.date] = mapped_column(Date)
    period_to: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(10), default="draft")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    exported_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    paid_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    total: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))
    # Highest ParameterOverride.id the run was computed with: later local rates mean back-pay.
    parameter_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # rules.payout_period.AmountPolicy the run was computed with (back-pay recomputes with it)
    amount_policy: Mapped[str] = mapped_column(String(20), default="monthly_share", server_default="monthly_share")

    lines: Mapped[list[PayoutLine]] = relationship(back_populates="run", order_by="PayoutLine.id")


class PayoutLine(Base):
    """One component of one participant's payout, with its explanation."""

    __tablename__ = "payout_lines"
    __table_args__ = (Index("ix_payout_lines_person", "person_id", "run_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("payout_runs.id", ondelete="RESTRICT"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="RESTRICT"))
    period_from: Mapped[dt.date] = mapped_column(Date)
    period_to: Mapped[dt.date] = mapped_column(Date)
    code: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    reference: Mapped[str] = mapped_column(String(200))
    basis: Mapped[str] = mapped_column(Text, default="")
    amount: Mapped[Decimal] = mapped_column(Money)
    corrects_line_id: Mapped[int | None] = mapped_column(ForeignKey("payout_lines.id"), nullable=True)
    correction_reason: Mapped[str] = mapped_column(Text, default="")

    run: Mapped[PayoutRun] = relationship(back_populates="lines")


class PayoutClaim(Base):
    """A participant's period as paid by one run: the unique key allows at most one live run per
    participant and period, whatever the client (two starters at once: the second fails here).

    A draft's claims go with the draft when it is replaced or thrown away; an approved run keeps
    them for good (docs/rules.md, «Payout runs»).
    """

    __tablename__ = "payout_claims"
    __table_args__ = (UniqueConstraint("person_id", "period_from", "period_to"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    period_from: Mapped[dt.date] = mapped_column(Date)
    period_to: Mapped[dt.date] = mapped_column(Date)
    run_id: Mapped[int] = mapped_column(ForeignKey("payout_runs.id", ondelete="RESTRICT"), index=True)


class Recovery(Timestamps, Base):
    """An overpayment to recover (§ 40), or a § 23 repayment case when information was wrong."""

    __tablename__ = "recoveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    cause: Mapped[str] = mapped_column(Text)
    incorrect_information: Mapped[bool] = mapped_column(Boolean, default=False)  # § 23 case
    deduction_per_payout: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))
    registered_date: Mapped[dt.date] = mapped_column(Date)
    # § 40 trekk: what it rests on («agreement» with the participant or a «decision»), its date, and
    # when the participant was notified of the deduction (migration 0011).
    deduction_basis: Mapped[str] = mapped_column(String(20), default="", server_default="")
    deduction_basis_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    deduction_notified_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class RefundClaim(Timestamps, Base):
    """The office's claim on a back-payment of another benefit for periods it paid KVP."""

    __tablename__ = "refund_claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"), index=True)
    benefit: Mapped[str] = mapped_column(String(20))  # dagpenger | sykepenger | foreldrepenger | uføretrygd
    period_from: Mapped[dt.date] = mapped_column(Date)
    period_to: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money)
    note: Mapped[str] = mapped_column(Text, default="")
    kvp_paid: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"), server_default="0")
    state: Mapped[str] = mapped_column(String(20), default="registered", server_default="registered")
    registered_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class PayoutCorrection(Timestamps, Base):
    """A correction of an approved line, waiting for the next run (which records it as a new line)."""

    __tablename__ = "payout_corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("payout_lines.id", ondelete="RESTRICT"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)  # the difference to pay (+) or take back (−)
    reason: Mapped[str] = mapped_column(Text)
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
