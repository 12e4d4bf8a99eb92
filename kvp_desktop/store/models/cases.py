"""Applications, mapping, screenings (§ 29), decisions (vedtak) and certificates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kvp_desktop.store.models.base import Base, GlobalId, Timestamps, Versioned


class Application(GlobalId, Versioned, Timestamps, Base):
    """A KVP application (søknad) with the facts KOSTRA 11CF asks about it."""

    __tablename__ = "applications"
    __table_args__ = (Index("ix_applications_status", "status", "registered_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"), index=True)
    registered_date: Mapped[dt.date] = mapped_column(Date)  # KOSTRA REG_DATO
    channel: Mapped[str] = mapped_column(String(20), default="recommended")  # recommended | direct
    transfer_meeting_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    kvp_caseworker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    transfer_note: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    work_ability_assessment_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    work_ability_outcome: Mapped[str] = mapped_column(String(40), default="")  # innsatsgruppe
    # Benefits in the two months before the application (KOSTRA YTELSE_*)
    benefit_social_assistance: Mapped[str] = mapped_column(String(1), default="")  # "" | 2 main | 3 supplementary
    benefit_introduction: Mapped[bool] = mapped_column(Boolean, default=False)
    benefit_tiltakspenger: Mapped[bool] = mapped_column(Boolean, default=False)
    benefit_folketrygd: Mapped[bool] = mapped_column(Boolean, default=False)
    from_other_municipality: Mapped[bool] = mapped_column(Boolean, default=False)  # KOSTRA KVP_KOMM
    other_municipality_number: Mapped[str] = mapped_column(String(4), default="")
    needs_social_assistance_while_waiting: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="registered")
    # registered | screening | granted | refused | withdrawn


class Mapping(GlobalId, Versioned, Timestamps, Base):
    """Kartlegging: target-group characteristics, education, work, interests, obstacles."""

    __tablename__ = "mappings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), unique=True)
    characteristics: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    education: Mapped[str] = mapped_column(Text, default="")
    work_experience: Mapped[str] = mapped_column(Text, default="")
    interests: Mapped[str] = mapped_column(Text, default="")
    obstacles: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class Screening(GlobalId, Versioned, Timestamps, Base):
    """One version of the § 29 screening. A concluded screening is revised by a new version."""

    __tablename__ = "screenings"
    __table_args__ = (Index("ix_screenings_application", "application_id", "revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    assessments: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # criterion code -> {"state": met|not_met|needs_assessment, "reasoning": text}
    conclusion: Mapped[str | None] = mapped_column(String(10), nullable=True)  # grant | refuse
    concluded_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    concluded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), nullable=True)  # its draft


class Decision(Timestamps, Base):
    """A vedtak (or notice). Issued decisions are frozen: PDF bytes and SHA-256 stored."""

    __tablename__ = "decisions"
    __table_args__ = (Index("ix_decisions_person", "person_id", "decision_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), nullable=True)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(40))  # innvilgelse | avslag | forlengelse | stans | …
    state: Mapped[str] = mapped_column(String(10), default="draft")  # draft | issued | sent
    written_standard: Mapped[str] = mapped_column(String(2), default="nb")
    decision_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)  # KOSTRA VEDTAK_DATO
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    issued_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class Certificate(Timestamps, Base):
    """Deltakerbevis, drafted from the data and edited with the participant before issuing."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="RESTRICT"), index=True)
    state: Mapped[str] = mapped_column(String(10), default="draft")
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    issued_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
