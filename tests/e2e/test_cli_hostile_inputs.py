"""The real ``kvp`` command on malformed input: never a traceback, always Norwegian, never exit 0,
and the database is left exactly as it was.

Over 300 inputs are generated below (bad database addresses and files, bad numbers, dates and
periods, unknown commands and options, broken scenario, import and KOSTRA files, a hostile user
name). The default run tries every twelfth of them; the ``slow`` variant tries them all.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

BIG = "9" * 5000
FLOAT_BOMB = "1e999999999"
SCENARIO: dict[str, Any] = {
    "participant": {"birth_date": "1999-03-14", "children": [{"birth_date": "2019-05-02"}]},
    "programme": {"start": "2026-01-05", "end": "2026-12-31"},
    "period": {"from": "2026-05-01", "to": "2026-05-31"},
    "invalid_absence": [{"date": "2026-05-12", "hours": "7.5"}],
    "paid_work": [{"date": "2026-05-20", "hours": "4"}],
    "other_benefits": [{"type": "sykepenger", "from": "2026-05-18", "to": "2026-05-22", "amount": "3000.00"}],
    "unpaid_leave": [{"from": "2026-05-26", "to": "2026-05-27"}],
    "recovery_deduction": "500.00",
}
# Where a bad value goes in the scenario (a path of keys and list indexes).
SCENARIO_FIELDS: list[tuple[Any, ...]] = [
    ("participant", "birth_date"), ("participant", "children", 0, "birth_date"), ("programme", "start"),
    ("programme", "end"), ("period", "from"), ("period", "to"), ("invalid_absence", 0, "date"),
    ("invalid_absence", 0, "hours"), ("paid_work", 0, "hours"), ("other_benefits", 0, "amount"),
    ("other_benefits", 0, "type"), ("unpaid_leave", 0, "from"), ("recovery_deduction",),
]
BAD_VALUES: list[Any] = [None, True, [], {}, "", " ", "abc", "2026-02-30", "0000-01-01", "10000-01-01", "-1",
                         "2100-01-01", "7,123", "1e999999999", "NaN", "Infinity", "x" * 5000, -5, 0,
                         "١٢٣", "2026-05-12T00:00", "=HYPERLINK(\"http://x\")"]
# The raw JSON text of the bad numbers (json.dumps cannot write them).
RAW_NUMBERS = [BIG, FLOAT_BOMB, "-" + FLOAT_BOMB, "1e-999999999", "NaN", "Infinity", "-Infinity", "0.1234567890123"]

ENGLISH = re.compile(r"\b(error|invalid|errno|codec|directory|no such|permission denied|expected|required|"
                     r"unrecognized|traceback|exception|usage|argument|not allowed|ambiguous|can't|cannot)\b",
                     re.IGNORECASE)


def _set(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    result = copy.deepcopy(data)
    target: Any = result
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return result


def _files(folder: Path) -> dict[str, Path]:
    """Malformed files of every kind the command reads."""
    folder.mkdir()
    files: dict[str, bytes] = {
        "tom": b"",
        "binaer": bytes(range(256)) * 40,
        "latin1": '{"participant": "Åse Bø"}'.encode("latin-1"),
        "utf16": json.dumps(SCENARIO).encode("utf-16"),
        "dyp": b"[" * 200_000 + b"]" * 200_000,
        "dyp-objekt": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        "stort-heltall": f'{{"participant": {BIG}}}'.encode(),
        "null": b"null",
        "liste": b"[1, 2, 3]",
        "tekst": b'"bare tekst"',
        "ufullstendig": b'{"participant": {"birth_date": "1999-03-14"',
        "bom-ugyldig": b"\xef\xbb\xbf{ikke json",
        "tekstfil": b"Dette er et brev.\n" * 300,
        "lange-linjer": b"x" * 2_000_000,
        "csv-uten-kolonner": b"a;b;c\n1;2;3\n",
        "csv-formel": "Fødselsnummer;Fornavn;Etternavn\n=1+1;=HYPERLINK(\"x\");@SUM(1)\n".encode(),
        "csv-ugyldig-fnr": "Fødselsnummer;Fornavn;Etternavn\n12345678901;Kari;Berg\n".encode(),
        "xlsx-falsk": b"PK\x03\x04" + b"\0" * 500,
        "kostra-kort": b"1234\r\n",
        "kostra-tall": (BIG + "\r\n").encode(),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    (folder / "mappe").mkdir()
    paths["mappe"] = folder / "mappe"
    return paths


DB = "@DATABASE@"  # replaced by a fresh copy of the office database for each input


def hostile_inputs(tmp: Path, db: str = DB) -> list[tuple[str, list[str]]]:
    """(name, argv) for every malformed input; argv without the leading ``kvp``."""
    files = _files(tmp / "filer")
    d = ["--database", db]
    cases: list[tuple[str, list[str]]] = []

    def add(name: str, *argv: str) -> None:
        cases.append((name, list(argv)))

    # The database address.
    bad_urls = {
        "mysql": "mysql://kvp:pw@localhost/kvp", "oracle": "oracle://x@y/z", "ukjent-skjema": "foo://bar",
        "pg-utilgjengelig": "postgresql+psycopg://kvp:pw@127.0.0.1:1/kvp", "pg-tom-vert": "postgresql+psycopg://",
        "pg-ugyldig-port": "postgresql+psycopg://u@localhost:99999/x", "url-ugyldig": "postgresql://u@[::1",
        "mappe": str(files["mappe"]), "sqlite-mappe": f"sqlite:///{files['mappe']}", "tom-fil": str(files["tom"]),
        "tekstfil": str(files["tekstfil"]), "binaer": str(files["binaer"]), "tom-streng": "", "mellomrom": " ",
        "lang-sti": "/" + "a" * 5000, "lang-navn": str(tmp / ("b" * 300)), "under-fil": str(files["tom"] / "x.db"),
    }
    for name, url in bad_urls.items():
        add(f"db-{name}-check", "--database", url, "check")
        add(f"db-{name}-payout", "--database", url, "payout", "run", "--period", "2026-10", "--dry-run")
        if name != "under-fil":  # status of a file that does not exist (yet) is information, not an error
            add(f"db-{name}-migrate", "--database", url, "migrate", "status")
    # Commands, options and numbers argparse sees.
    for argv in (["finnes-ikke"], ["--finnes-ikke"], ["payout", "finnes-ikke"], ["letter", "finnes-ikke"],
                 ["import", "finnes-ikke", "x"], ["migrate", "nedgrader"], ["rates"], ["kostra11cf"],
                 ["payout", "run"], ["letter", "preview"], ["restore"], ["check", "ekstra"], ["--database"],
                 ["rates", "--date"], ["payout", "simulate"], ["import", "persons"]):
        add("argparse-" + "-".join(argv), *argv)
    for value in ("abc", "", "-5", "0", "99999999999999", BIG, FLOAT_BOMB, "1.5", "١٢", "0x10", "10_000", " 7 "):
        add(f"demo-persons-{value[:12]}", *d, "demo", "--persons", value)
        add(f"demo-seed-{value[:12]}", *d, "demo", "--seed", value) if value not in ("0", " 7 ") else None
        add(f"kostra-year-{value[:12]}", "kostra11cf", "--check", str(files["kostra-kort"]), "--year", value)
    for value in ("abc", "", "2026-13-01", "2026-02-30", "0000-01-01", "99999-01-01", BIG, FLOAT_BOMB, "2026/05/01",
                  "01.05.2026", "1800-01-01", "2026-5-1"):
        add(f"rates-date-{value[:12]}", "rates", "--date", value)
        add(f"demo-today-{value[:12]}", *d, "demo", "--today", value)
    for value in ("2026-13", "2026-00", "2026", "abc", "", "99999-01", BIG, "2026-001", "-2026-01", "2026-01-01",
                  FLOAT_BOMB, "2026-05 "):
        add(f"payout-period-{value[:12]}", *d, "payout", "run", "--period", value, "--dry-run")
    for value in ("abcd", "12", "99999", BIG, "", "-301"):
        add(f"kostra-kommune-{value[:12]}", "kostra11cf", "--check", str(files["kostra-kort"]), "--year", "2026",
            "--municipality", value)
    # Users and passwords.
    for user in ("finnes.ikke", "", "'; DROP TABLE persons; --", "x" * 5000, "demo.saksbehandler\n"):
        add(f"user-{user[:10]}", *d, "payout", "run", "--period", "2026-10", "--user", user)
    add("passordfil-mappe", *d, "payout", "run", "--period", "2026-10", "--user", "demo.saksbehandler",
        "--password-file", str(files["mappe"]))
    add("passordfil-mangler", *d, "import", "persons", str(files["csv-formel"]), "--user", "demo.saksbehandler",
        "--password-file", str(tmp / "finnes-ikke"))
    # Files: scenario, import, KOSTRA, restore, letters, backup.
    for name, path in files.items():
        add(f"simulate-{name}", "payout", "simulate", str(path))
        if not name.startswith("csv-formel"):
            add(f"import-{name}", *d, "import", "persons", str(path), "--dry-run")
        add(f"kostra-{name}", "kostra11cf", "--check", str(path), "--year", "2026") if name in (
            "mappe", "binaer", "latin1", "utf16", "lange-linjer", "kostra-kort", "kostra-tall", "tom-dir") else None
        add(f"restore-{name}", *d, "restore", str(path), "--yes") if name in (
            "tom", "binaer", "tekstfil", "mappe", "xlsx-falsk") else None
    add("simulate-mangler", "payout", "simulate", str(tmp / "finnes-ikke.json"))
    add("import-mangler", *d, "import", "persons", str(tmp / "finnes-ikke.csv"), "--dry-run")
    add("kostra-mangler", "kostra11cf", "--check", str(tmp / "finnes-ikke.dat"), "--year", "2026")
    add("letter-ukjent", "letter", "preview", "finnes-ikke", "--out", str(tmp / "b.pdf"))
    add("letter-mappe", "letter", "preview", "innvilgelse", "--out", str(files["mappe"]))
    add("letter-under-fil", "letter", "preview", "innvilgelse", "--out", str(files["tom"] / "b.pdf"))
    add("letter-lang", "letter", "preview", "innvilgelse", "--lang", "sv", "--out", str(tmp / "b.pdf"))
    add("backup-under-fil", *d, "backup", str(files["tom"] / "kopi.db"))
    add("backup-mappe", *d, "backup", str(files["mappe"]))
    add("kostra-out-mappe", *d, "kostra11cf", "--year", "2026", "--out", str(files["mappe"]))
    # Scenario documents: every field with every bad value, and raw numbers JSON cannot write.
    scenarios = tmp / "scenarier"
    scenarios.mkdir()
    for path in SCENARIO_FIELDS:
        for index, value in enumerate(BAD_VALUES):
            if path[-1] in ("amount", "recovery_deduction") and value in (None, 0):
                continue  # no deduction, or a benefit of 0 kr, is allowed
            if value == "2100-01-01" and path in (("participant", "children", 0, "birth_date"), ("programme", "end")):
                continue  # a child born after the period, a programme ending late: not wrong for this period
            target = scenarios / f"{'.'.join(map(str, path))}-{index}.json"
            target.write_text(json.dumps(_set(SCENARIO, path, value)), encoding="utf-8")
            add(f"scenario-{target.stem}", "payout", "simulate", str(target))
    for index, raw in enumerate(RAW_NUMBERS):
        for field in ("hours", "amount"):
            text = json.dumps(SCENARIO).replace('"7.5"' if field == "hours" else '"3000.00"', raw)
            target = scenarios / f"raw-{field}-{index}.json"
            target.write_text(text, encoding="utf-8")
            add(f"scenario-{target.stem}", "payout", "simulate", str(target))
    twice = _set(SCENARIO, ("invalid_absence",), [{"date": "2026-05-12", "hours": "7.5"}] * 2)
    (scenarios / "to-ganger.json").write_text(json.dumps(twice), encoding="utf-8")
    add("scenario-samme-dag-to-ganger", "payout", "simulate", str(scenarios / "to-ganger.json"))
    return [case for case in cases if case is not None]


def _run(name: str, argv: list[str], home: Path, office: Path) -> list[str]:
    """Run one input on its own copy of the office database; the problems found (empty: all good)."""
    database = home / "kopier" / f"{abs(hash(name))}.db"
    if DB in argv:
        database.parent.mkdir(exist_ok=True)
        shutil.copyfile(office, database)
        argv = [database.as_posix() if arg == DB else arg for arg in argv]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "KVP_LOG_DIR": str(home / "logg"), "HOME": str(home)}
    env.pop("KVP_PASSWORD", None)
    env.pop("KVP_DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-m", "kvp_desktop", *argv], capture_output=True, text=True,
                            input="", timeout=180, env=env, check=False)
    problems = _problems(name, result)
    if database.exists():
        if _digest(database) != _digest(office):
            problems.append(f"{name}: the database changed")
        database.unlink()
    return problems


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _problems(name: str, result: subprocess.CompletedProcess[str]) -> list[str]:
    problems = []
    output = result.stdout + result.stderr
    if "Traceback" in output or 'File "' in output:
        problems.append(f"{name}: traceback")
    if result.returncode == 0:
        problems.append(f"{name}: exit 0")
    err = result.stderr.strip()
    if not err and not result.stdout.strip():
        problems.append(f"{name}: no message")
    elif err and not (err.startswith("Feil:") or err.startswith("bruk:")):
        problems.append(f"{name}: message not in the house format: {err[:200]!r}")
    # A report on stdout (kvp check, kostra11cf --check, an import's rows) with a non-zero exit is the
    # message; it must be Norwegian too.
    english = ENGLISH.search((err or result.stdout).replace("[-h]", ""))
    if english:
        problems.append(f"{name}: English «{english.group(0)}» in {err[:300]!r}")
    return problems


def _check_all(tmp_path: Path, demo_template: Path, every: int) -> tuple[int, list[str]]:
    office = tmp_path / "kontor.db"
    shutil.copyfile(demo_template, office)
    before = _digest(office)
    cases = hostile_inputs(tmp_path)
    assert len(cases) >= 300, len(cases)
    chosen = cases[::every]
    with ThreadPoolExecutor(max_workers=2) as pool:
        problems = [p for found in pool.map(lambda case: _run(case[0], case[1], tmp_path, office), chosen)
                    for p in found]
    assert _digest(office) == before
    return len(chosen), problems


def test_hostile_inputs_sample(tmp_path: Path, demo_template: Path) -> None:
    tried, problems = _check_all(tmp_path, demo_template, every=12)
    assert tried >= 40
    assert problems == [], "\n".join(problems)


@pytest.mark.slow
def test_hostile_inputs_all(tmp_path: Path, demo_template: Path) -> None:
    tried, problems = _check_all(tmp_path, demo_template, every=1)
    print(f"Ondsinnede inndata prøvd: {tried}, problemer: {len(problems)}")
    assert problems == [], "\n".join(problems)
