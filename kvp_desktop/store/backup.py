"""Backups of SQLite databases with SQLite's online backup API (never a file copy of a live db)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine


def backup_sqlite(engine: Engine, target: Path) -> Path:
    """Write a consistent copy of the live database behind ``engine`` to ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        raw.close()
    return target
