"""Declarative base, naming convention (stable constraint names for Alembic) and mixins."""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from typing import Any

from sqlalchemy import DateTime, Integer, MetaData, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Timestamps:
    """Created/updated times in UTC (naive, as both SQLite and PostgreSQL store them here)."""

    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow, server_default=func.now()
    )


class Versioned:
    """Optimistic locking: every UPDATE checks and bumps ``version`` (two caseworkers, one record)."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


def new_uuid() -> str:
    return str(uuid_module.uuid4())


class GlobalId:
    """A stable identity across databases: an outreach copy and the office merge records by it.

    (The column is NOT NULL on PostgreSQL; on SQLite the migration adds it without rebuilding
    the table, so there only the unique index and this default guard it.)
    """

    uuid: Mapped[str] = mapped_column(String(36), nullable=False, unique=True, index=True, default=new_uuid)
