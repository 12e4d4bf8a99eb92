"""Prove that the virtual environment holds exactly the locked packages (requirements/lock.txt).

    .venv/bin/python tools/check_lock.py [--show]

Every package whose environment marker applies to this machine must be installed at its locked
version, and nothing else may be installed but the project itself. ``--show`` prints the installed
set as ``pip freeze`` would, so a CI log shows what the tests ran against. Exit 1 on any difference.
"""

from __future__ import annotations

import argparse
import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name

LOCK = Path(__file__).resolve().parent.parent / "requirements" / "lock.txt"
PROJECT = "kvp-desktop"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def locked(lock: Path = LOCK) -> dict[str, str]:
    """The packages the lock pins for this interpreter and platform: name → version."""
    pins: dict[str, str] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line.strip())
        if not match:
            continue
        name, version, marker = match.groups()
        if marker and not Marker(marker).evaluate():
            continue
        pins[canonicalize_name(name)] = version
    return pins


def installed() -> dict[str, str]:
    """What this interpreter's environment holds: name → version (the project itself left out)."""
    found: dict[str, str] = {}
    for dist in metadata.distributions():
        name = canonicalize_name(dist.metadata["Name"] or "")
        if name and name != PROJECT:
            found[name] = dist.version
    return found


def differences(pins: dict[str, str], have: dict[str, str]) -> list[str]:
    problems = []
    for name, version in sorted(pins.items()):
        if name not in have:
            problems.append(f"mangler: {name}=={version}")
        elif have[name] != version:
            problems.append(f"feil versjon: {name}=={have[name]} (låst: {version})")
    problems.extend(f"ikke låst: {name}=={have[name]}" for name in sorted(set(have) - set(pins)))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="skriv ut de installerte pakkene (som pip freeze)")
    args = parser.parse_args(argv)
    pins, have = locked(), installed()
    if args.show:
        for name, version in sorted(have.items()):
            print(f"{name}=={version}")
    problems = differences(pins, have)
    if problems:
        print(f"Miljøet er ikke det låste ({LOCK.name}):", *problems, sep="\n  ", file=sys.stderr)
        return 1
    where = LOCK.relative_to(LOCK.parents[1])
    print(f"Miljøet er nøyaktig det låste: {len(pins)} pakker, samme versjoner som {where}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
