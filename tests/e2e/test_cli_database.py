"""The real ``kvp`` command: demo, check, migrate — as a subprocess, like an office script would."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

from kvp_desktop.cli.main import main


def run_kvp(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kvp_desktop.cli.main", *args],
        capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})},
    )


def test_demo_then_check_then_second_demo_refuses(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    demo = run_kvp("--database", url, "demo", "--today", "2026-11-23")
    assert demo.returncode == 0, demo.stderr
    assert "Demokontoret er opprettet: 60 personer" in demo.stdout
    check = run_kvp("--database", url, "check")
    assert check.returncode == 0, check.stdout
    assert "Integritetskontroll: ok" in check.stdout
    assert "Personer: 60" in check.stdout
    again = run_kvp("--database", url, "demo")
    assert again.returncode == 1
    assert "allerede et kontor" in again.stderr
    assert "Personer: 60" in run_kvp("--database", url, "check").stdout  # nothing duplicated


def test_database_url_from_environment(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    result = run_kvp("demo", "--persons", "5", env={"KVP_DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "env.db").exists()


def test_demo_is_deterministic_for_a_seed(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from kvp_desktop.services.infrastructure.context import open_context
    from kvp_desktop.services.portfolio.portfolio import portfolio_ids, portfolio_rows

    names = []
    for name in ("a", "b"):
        url = f"sqlite:///{tmp_path / name}.db"
        assert main(["--database", url, "demo", "--persons", "20", "--seed", "7", "--today", "2026-11-23"]) == 0
        ctx = open_context(url)
        names.append([(r.name, r.masked_id, r.stop_points) for r in portfolio_rows(ctx, portfolio_ids(ctx))])
        ctx.close()
    assert names[0] == names[1]


def test_check_on_empty_and_on_newer_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    result = run_kvp("--database", url, "check")
    assert result.returncode == 1
    assert "Databasen er tom" in result.stdout
    assert run_kvp("--database", url, "migrate", "upgrade").returncode == 0
    assert "nyeste" in run_kvp("--database", url, "migrate", "status").stdout


def test_help_without_command(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main([]) == 2
    assert "KOMMANDO" in capsys.readouterr().out


def test_an_error_with_no_log_file_gives_only_the_norwegian_message(tmp_path: Path) -> None:
    """Where the log file cannot be made (here its folder is a file; it happened when two programs
    started at once and both made the folder), the traceback goes nowhere: not to the terminal."""
    blocked = tmp_path / "logg"
    blocked.write_text("ikke en mappe", encoding="utf-8")
    result = run_kvp("--database", "mysql://kvp:pw@localhost/kvp", "check",
                     env={"KVP_LOG_DIR": str(blocked)})
    assert result.returncode != 0
    assert result.stderr.strip().startswith("Feil:"), result.stderr
    assert "Traceback" not in result.stderr + result.stdout and "stoppet med" not in result.stderr


def test_two_programs_making_the_log_folder_at_once_both_log(tmp_path: Path) -> None:
    """The first start on a machine: the window and a kvp command both find no log folder and make it."""
    import threading

    from kvp_desktop.logging_setup import configure_logging

    folder = tmp_path / "ny" / "logg"
    real_mkdir = Path.mkdir
    barrier = threading.Barrier(2)

    def racing_mkdir(self: Path, *args: object, **kwargs: object) -> None:
        if self == folder:
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=5)  # both have decided to make it
        real_mkdir(self, *args, **kwargs)  # type: ignore[arg-type]

    errors: list[BaseException] = []

    def start() -> None:
        try:
            configure_logging(folder)
        except BaseException as error:
            errors.append(error)

    Path.mkdir = racing_mkdir  # type: ignore[method-assign]
    try:
        threads = [threading.Thread(target=start) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
    finally:
        Path.mkdir = real_mkdir  # type: ignore[method-assign]
        import logging

        for handler in [h for h in logging.getLogger().handlers if getattr(h, "kvp_handler", False)]:
            logging.getLogger().removeHandler(handler)
            handler.close()
    assert errors == [] and (folder / "kvp.log").exists()
