"""The append-only audit trail: who opened, changed, printed or exported which person's data."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kvp_desktop.store.models.base import Base, utcnow


class AuditEvent(Base):
    """One audit row. Triggers in the first migration refuse UPDATE and DELETE."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_at", "at"),
        Index("ix_audit_events_person", "person_id", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    username: Mapped[str] = mapped_column(String(50))
    machine: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(20))  # open | create | change | print | export | …
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    person_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # no FK: survives deletes
    detail: Mapped[str] = mapped_column(Text, default="")  # never personal data
    # SHA-256 over the previous row's chain_hash and this row (store/audit_chain.py); set by
    # services/infrastructure/audit.py when the row is written; a trigger refuses a row without it.
    chain_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


class AuditChainHead(Base):
    """The chain's head (one row, id 1): how many audit rows there are and the newest row's hash.

    Every writer of audit rows locks this row first (``UPDATE`` in its transaction), which puts the
    writers of the chain in one order on SQLite and PostgreSQL alike; a cut-off tail shows as a
    count or hash that differs from the rows.
    """

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
