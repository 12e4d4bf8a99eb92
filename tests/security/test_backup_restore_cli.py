"""``kvp backup`` and ``kvp restore`` as subprocesses: a doctored copy is refused in Norwegian and nothing
is replaced. (The ``kvp`` command works as the system identity, which holds the administrator's rights.)"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.e2e.test_cli_database import run_kvp


def test_kvp_restore_refuses_a_doctored_copy_and_restores_a_clean_one(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kontor.db'}"
    assert run_kvp("--database", url, "demo", "--persons", "5").returncode == 0
    made = run_kvp("--database", url, "backup", str(tmp_path / "kopi.db"))
    assert made.returncode == 0, made.stderr
    doctored = tmp_path / "doktorert.db"
    doctored.write_bytes((tmp_path / "kopi.db").read_bytes())
    with sqlite3.connect(doctored) as connection:
        connection.execute("DROP TRIGGER audit_no_delete")
        connection.execute("DELETE FROM audit_events WHERE id > 1")
        connection.execute("UPDATE users SET role = 'admin'")
    refused = run_kvp("--database", url, "restore", str(doctored), "--yes")
    assert refused.returncode == 1
    assert refused.stderr.startswith("Feil: doktorert.db er endret utenfor KVP Desktop")
    assert "mangler trigger audit_no_delete" in refused.stderr and "Traceback" not in refused.stderr
    restored = run_kvp("--database", url, "restore", str(tmp_path / "kopi.db"), "--yes")
    assert restored.returncode == 0, restored.stderr
    verified = run_kvp("--database", url, "audit", "verify")
    assert verified.returncode == 0, verified.stderr
