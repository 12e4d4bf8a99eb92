"""Outreach copies ("Ta med ut" / "Lever inn"): the checkout, what was sent, and open conflicts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kvp_desktop.store.models.base import Base, Timestamps, new_uuid


class OutreachCheckout(Timestamps, Base):
    """One outreach copy taken out of the office (and, inside the copy, the copy's own description)."""

    __tablename__ = "outreach_checkouts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    username: Mapped[str] = mapped_column(String(50))  # who took it out
    machine: Mapped[str] = mapped_column(String(100), default="")
    office_name: Mapped[str] = mapped_column(String(200), default="")
    person_count: Mapped[int] = mapped_column(Integer, default=0)
    attendance_from: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    fingerprint: Mapped[str] = mapped_column(String(64), default="")  # SHA-256 of the encrypted file
    state: Mapped[str] = mapped_column(String(10), default="out")  # out | returned
    returned_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    returned_by: Mapped[str | None] = mapped_column(String(50), nullable=True)
    returned_fingerprint: Mapped[str | None] = mapped_column(String(64), nullable=True)
    summary: Mapped[str] = mapped_column(Text, default="")  # counts only, never personal data


class OutreachRecord(Base):
    """A record as it was sent out: the base of the three-way merge at check-in."""

    __tablename__ = "outreach_records"
    __table_args__ = (UniqueConstraint("checkout_id", "table_name", "record_uuid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checkout_id: Mapped[int] = mapped_column(ForeignKey("outreach_checkouts.id", ondelete="CASCADE"))
    table_name: Mapped[str] = mapped_column(String(40))
    record_uuid: Mapped[str] = mapped_column(String(36))
    version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class OutreachConflict(Timestamps, Base):
    """A record the check-in could not merge by itself. Both versions are kept, also after resolution."""

    __tablename__ = "outreach_conflicts"
    __table_args__ = (Index("ix_outreach_conflicts_state", "state", "checkout_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checkout_id: Mapped[int] = mapped_column(ForeignKey("outreach_checkouts.id", ondelete="RESTRICT"))
    table_name: Mapped[str] = mapped_column(String(40))
    record_uuid: Mapped[str] = mapped_column(String(36))  # the laptop's record
    office_uuid: Mapped[str | None] = mapped_column(String(36), nullable=True)  # the office's record
    person_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # office person, for lists
    kind: Mapped[str] = mapped_column(String(20))
    # changed_both | duplicate | deleted_office | deleted_laptop | orphan
    base_data: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    office_data: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    laptop_data: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    dependents: Mapped[list[Any]] = mapped_column(JSON, default=list)  # new laptop rows that hang on this one
    state: Mapped[str] = mapped_column(String(10), default="open")  # open | resolved
    resolution: Mapped[str | None] = mapped_column(String(10), nullable=True)  # office | laptop | merge
    resolved_by: Mapped[str | None] = mapped_column(String(50), nullable=True)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    resolved_data: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
