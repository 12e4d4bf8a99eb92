"""The ``kvp`` catch-all: any error ends as a Norwegian message and an exit code; the traceback goes
to the masked log only, and no fødselsnummer or name reaches the terminal."""

from __future__ import annotations

import argparse
import logging
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import exc as sa_exc

from kvp_desktop.cli import main as cli_main
from kvp_desktop.cli.main import explain

FNR = "15108695088"


def _db_error(kind: type[sa_exc.DBAPIError], text: str) -> sa_exc.DBAPIError:
    return kind("INSERT INTO persons ...", {"fodselsnummer": FNR, "first_name": "Kari"}, sqlite3.Error(text))


@pytest.mark.parametrize(("error", "expected", "code"), [
    (_db_error(sa_exc.IntegrityError, f"UNIQUE constraint failed: persons.fodselsnummer ({FNR}, Kari Nordmann)"),
     "Databasen avviste endringen", 1),
    (_db_error(sa_exc.OperationalError, "database is locked"), "Databasen er opptatt", 3),
    (_db_error(sa_exc.OperationalError, 'connection to server at "10.0.0.1", port 5432 failed: timeout expired'),
     "Får ikke kontakt med databasen", 3),
    (_db_error(sa_exc.OperationalError, "unable to open database file"), "kan ikke åpnes eller skrives", 3),
    (_db_error(sa_exc.DatabaseError, "database disk image is malformed"), "Databasen avviste forespørselen", 3),
    (IsADirectoryError(21, "Is a directory", "/tmp/mappe"), "det er en mappe, ikke en fil", 2),
    (PermissionError(13, "Permission denied", "/root/x"), "du har ikke tilgang", 2),
    (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), "ikke tekst i UTF-8", 2),
    (RecursionError(), "nestet for dypt", 2),
    (ZeroDivisionError(), "uventet feil (ZeroDivisionError)", 70),
])
def test_errors_are_explained_in_norwegian_without_their_own_text(error: BaseException, expected: str,
                                                                   code: int) -> None:
    message, exit_code = explain(error)
    assert expected in message and exit_code == code
    assert FNR not in message and "Kari" not in message


def test_a_database_error_in_a_command_never_reaches_the_terminal(monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str],
                                                                    tmp_path: Path) -> None:
    def failing(_args: argparse.Namespace) -> int:
        raise _db_error(sa_exc.IntegrityError, f"duplicate key value violates unique constraint ({FNR}, Kari)")

    from kvp_desktop.cli import rates

    monkeypatch.setattr(rates, "run", failing)  # `kvp rates` fails as a database write could
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logging.getLogger("kvp_desktop.cli").addHandler(handler)
    try:
        assert cli_main.main(["rates", "--date", "2026-01-01"]) == 1
    finally:
        logging.getLogger("kvp_desktop.cli").removeHandler(handler)
    captured = capsys.readouterr()
    assert captured.err.startswith("Feil: Databasen avviste endringen")
    assert "Traceback" not in captured.err and FNR not in captured.err + captured.out and "Kari" not in captured.err
    assert records and records[0].exc_info is not None  # the traceback went to the (masked) log
