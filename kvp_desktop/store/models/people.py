"""Persons in the office's register, their children, stop-point events, reviews and tasks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kvp_desktop.store.models.base import Base, GlobalId, Timestamps, Versioned, utcnow


class Person(GlobalId, Versioned, Timestamps, Base):
    """A client of the office: identity, household and the facts the stop points need."""

    __tablename__ = "persons"
    __table_args__ = (
        Index("ix_persons_sort_name", "last_name", "first_name"),
        Index("ix_persons_birth_date", "birth_date"),
        Index("ix_persons_caseworker", "caseworker_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fodselsnummer: Mapped[str] = mapped_column(String(11), unique=True)  # or D-nummer
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    sort_key: Mapped[str] = mapped_column(String(220), index=True)  # Norwegian collation key
    birth_date: Mapped[dt.date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(1))  # KOSTRA KJONN: 1 mann, 2 kvinne
    marital_status: Mapped[str] = mapped_column(String(1), default="1")  # KOSTRA EKTSTAT 1–5
    address: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(4), default="")
    postplace: Mapped[str] = mapped_column(String(100), default="")
    municipality_number: Mapped[str] = mapped_column(String(4), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    bank_account: Mapped[str] = mapped_column(String(11), default="")
    journal_number: Mapped[str] = mapped_column(String(8), default="")  # KOSTRA PERSON_JOURNALNR
    written_standard: Mapped[str | None] = mapped_column(String(2), nullable=True)  # letters: nb|nn
    preferred_language: Mapped[str] = mapped_column(String(40), default="", server_default="")  # e.g. arabisk
    caseworker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    # Facts for the stop points (docs/case-flow.md step 1)
    first_social_assistance_application: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    social_assistance_only_income_months: Mapped[int] = mapped_column(Integer, default=0)
    planned_20a_conditions: Mapped[bool] = mapped_column(Boolean, default=False)
    aap_end_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    intro_programme_end_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    youth_without_apprenticeship: Mapped[bool] = mapped_column(Boolean, default=False)
    upper_secondary_dropout: Mapped[bool] = mapped_column(Boolean, default=False)
    work_experience: Mapped[str] = mapped_column(String(10), default="some")  # none|little|some
    needs_help_to_work: Mapped[bool] = mapped_column(Boolean, default=False)  # the rule of thumb
    other_nav_rights: Mapped[str] = mapped_column(String(100), default="")  # e.g. dagpenger; "" none known
    facts_recorded_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)  # stop-point facts as of
    notes: Mapped[str] = mapped_column(Text, default="")
    checked_out_by: Mapped[str | None] = mapped_column(String(100), nullable=True)  # outreach copy

    children: Mapped[list[Child]] = relationship(
        back_populates="parent", cascade="all, delete-orphan", order_by="Child.birth_date"
    )


class Child(GlobalId, Base):
    """A child the participant must support (barnetillegg, KOSTRA BU18/ANTBU18)."""

    __tablename__ = "children"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    first_name: Mapped[str] = mapped_column(String(100), default="")
    birth_date: Mapped[dt.date] = mapped_column(Date)
    in_household: Mapped[bool] = mapped_column(Boolean, default=True)
    supported: Mapped[bool] = mapped_column(Boolean, default=True)

    parent: Mapped[Person] = relationship(back_populates="children")


class PortfolioEvent(GlobalId, Timestamps, Base):
    """A registered stop point (e.g. first application for social assistance) with its date."""

    __tablename__ = "portfolio_events"
    __table_args__ = (Index("ix_portfolio_events_kind_date", "kind", "event_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    event_date: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class PortfolioReview(GlobalId, Base):
    """One outcome of a portfolio review for one person (history is kept, never overwritten)."""

    __tablename__ = "portfolio_reviews"
    __table_args__ = (Index("ix_portfolio_reviews_person_at", "person_id", "reviewed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    reviewed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    outcome: Mapped[str] = mapped_column(String(30))  # vurder_kvp|ikke_aktuelt|annen_rettighet|i_kvp
    reason: Mapped[str] = mapped_column(Text, default="")
    other_right: Mapped[str] = mapped_column(String(100), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class Task(GlobalId, Timestamps, Base):
    """A follow-up task, e.g. book the transfer meeting with the KVP veileder."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
