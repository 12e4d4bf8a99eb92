"""Opening an up-to-date database reads its revision with one query and never imports Alembic (start-up
time); anything else goes through Alembic as before."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kvp_desktop.services.infrastructure.context import open_context
from kvp_desktop.store import migrate

ROOT = Path(__file__).resolve().parents[3]


def test_the_head_read_from_the_version_files_is_alembics_head() -> None:
    assert migrate.quick_head() == migrate.head_revision()


def _modules_after_opening(url: str) -> set[str]:
    code = ("import sys; from kvp_desktop.services.infrastructure.context import open_context; "
            "open_context(sys.argv[1]).close(); "
            "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako'))))")
    done = subprocess.run([sys.executable, "-c", code, url], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_an_up_to_date_database_opens_without_importing_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kvp.db'}"
    assert _modules_after_opening(url)  # a new database is created by Alembic's migrations
    assert _modules_after_opening(url) == set()  # then it is at head: one query, no Alembic


def test_a_database_at_an_older_revision_is_still_upgraded(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kvp.db'}"
    ctx = open_context(url, prepare=False)
    migrate.upgrade(ctx.db, "0005")
    ctx.close()
    ctx = open_context(url, backup_dir=tmp_path / "kopier")
    try:
        assert migrate.current_revision(ctx.db) == migrate.head_revision()
        assert ctx.backup_made is not None and ctx.backup_made.is_file()
    finally:
        ctx.close()
