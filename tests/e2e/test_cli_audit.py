"""``kvp audit verify`` as a subprocess: exit 0 on a whole trail, 1 naming the first broken link."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kvp_desktop.services.infrastructure.context import open_context
from tests.e2e.test_cli_database import run_kvp


def test_audit_verify_names_the_first_broken_link(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'k.db'}"
    assert run_kvp("--database", url, "demo", "--persons", "5").returncode == 0
    ctx = open_context(url)
    with ctx.uow() as uow:  # a few more links in the chain, written the one way audit rows are written
        for n in range(3):
            ctx.audit(uow.session, "view", "person", entity_id=n + 1, person_id=n + 1)
        uow.commit()
    ctx.close()
    whole = run_kvp("--database", url, "audit", "verify")
    assert whole.returncode == 0, whole.stderr
    assert whole.stdout.startswith("Revisjonsloggen er hel:")
    assert len(whole.stdout.splitlines()[1].rsplit(" ", 1)[1]) == 64  # the head's hash, to note down
    with sqlite3.connect(tmp_path / "k.db") as connection:
        connection.execute("DROP TRIGGER audit_no_delete")
        connection.execute("DELETE FROM audit_events WHERE id = 2")
    broken = run_kvp("--database", url, "audit", "verify")
    assert broken.returncode == 1
    assert broken.stderr.startswith("Feil: Revisjonsloggen er brutt ved rad 3 (")
    assert "Traceback" not in broken.stderr
