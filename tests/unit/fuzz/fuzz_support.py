"""Shared pieces of the fuzz tests: example counts, the Norwegian-message check, a report of counts.

``KVP_FUZZ_EXAMPLES`` sets the examples per property (default 300); the properties that write to a
database use ``KVP_FUZZ_DB_EXAMPLES`` (default 100, at most ``KVP_FUZZ_EXAMPLES``). The nightly
variants (marked ``slow``) run each module again in a fresh process with both at 2 000 (the
outreach property that merges damaged databases stops at 1 000: each example is a whole check-in).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, settings
from sqlalchemy import text

from kvp_desktop.services.infrastructure.context import AppContext, open_context

EXAMPLES = int(os.environ.get("KVP_FUZZ_EXAMPLES", "300"))
DB_EXAMPLES = int(os.environ.get("KVP_FUZZ_DB_EXAMPLES", str(min(EXAMPLES, 100))))
NIGHTLY_EXAMPLES = 2000

FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ_DB = settings(max_examples=DB_EXAMPLES, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                          HealthCheck.large_base_example])

# Words one of which every Norwegian message here holds; and traces of a technical (English) text.
NORWEGIAN_HINTS = ("må", "ikke", "mangler", "gyldig", "kan ", "kunne", "skal", " er ", "Filen", "filen", "Rad ",
                   "Velg", "Regnearket", "høyst", "ingen", "Utekopien", "utekopi", "Finner", "timer", "dato",
                   "Fødsels", "fylles ut", "tegn")
TECHNICAL = re.compile(
    r"Traceback|Error\b|Exception|invalid literal|codec|can't|cannot|object|NoneType|sqlite|SQL|"
    r"line contains|field larger|unquoted|out of range|not a zip|File is not|zlib|\bNone\b"
)


def norwegian(message: str) -> bool:
    """A message fit for a caseworker: not empty, Norwegian words, no technical English."""
    text = message.strip()
    own_words = re.sub(r"«[^»]*»", "«»", text)  # what the user wrote, quoted back, may be anything
    return bool(text) and any(hint in text for hint in NORWEGIAN_HINTS) and not TECHNICAL.search(own_words)


def report(tried: Counter[str], title: str) -> None:
    print(f"\n{title}:", dict(tried), "sum", sum(tried.values()))


def run_nightly(test_file: str) -> str:
    """Run ``test_file`` again in a fresh process with 2 000 examples per property; its output."""
    env = {**os.environ, "KVP_FUZZ_EXAMPLES": str(NIGHTLY_EXAMPLES), "KVP_FUZZ_DB_EXAMPLES": str(NIGHTLY_EXAMPLES)}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-s", test_file,
                             "-m", "not slow"], env=env, capture_output=True, text=True, timeout=3600)
    report = "\n".join(line for line in result.stdout.splitlines() if not line.startswith(("INFO", "DEBUG")))
    assert result.returncode == 0, report[-6000:]
    print("\n".join(line for line in report.splitlines() if "Fuzz-inndata prøvd" in line))  # the counts, with -s
    return result.stdout


def row_counts(ctx: AppContext, tables: tuple[str, ...]) -> dict[str, int]:
    """Rows per table, read in a fresh session (what a refused input must leave unchanged)."""
    with ctx.uow() as uow:
        return {name: int(uow.session.execute(text(f"SELECT count(*) FROM {name}")).scalar_one()) for name in tables}


def office_copy(template: Path, folder: Path, username: str) -> AppContext:
    """A private copy of the demo database (one per test module: hypothesis reuses it for every example)."""
    target = folder / "kvp.db"
    shutil.copyfile(template, target)
    return open_context(f"sqlite:///{target}").as_user(username)
