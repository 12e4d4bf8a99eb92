"""A caseworker's day in a loop, for the crash trials (run as a subprocess, then SIGKILLed).

    python -m tests.support.crash_worker DATABASE_URL SEED

Each job is one transaction through the real services: import a file of 15 persons, save a change
to a programme, compute a payout draft. After each commit a journal line goes to stdout (flushed),
so the parent knows what was committed before the kill.
"""

from __future__ import annotations

import datetime as dt
import random
import sys

from kvp_desktop.services.infrastructure.context import open_context
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.services.payouts import runs as payout_runs
from kvp_desktop.services.portfolio import person_import
from kvp_desktop.services.programmes import programmes

TODAY = dt.date(2026, 11, 23)
BATCH = 15


def _csv(rng: random.Random, batch: str) -> bytes:
    lines = ["fødselsnummer;fornavn;etternavn;adresse;postnummer;poststed"]
    for row in range(BATCH):
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20_000))
        number = synthetic_fodselsnummer(rng, born, "12"[row % 2])
        lines.append(f"{number};Kari;{batch}x{row:02d};Storgata {row};3140;Nøtterøy")
    return "\n".join(lines).encode("utf-8")


def main(url: str, seed: int) -> int:
    rng = random.Random(seed)
    ctx = open_context(url).as_user("demo.saksbehandler")
    programme_id = programmes.programmes_for_person(ctx, 1)[0].id if programmes.programmes_for_person(ctx, 1) \
        else None
    counter = 0
    while True:
        counter += 1
        job = rng.choice(["import", "plan", "run"])
        if job == "import":
            batch = f"B{seed}n{counter}"
            table = person_import.read_table(_csv(rng, batch), f"{batch}.csv")
            result = person_import.import_persons(ctx, table, only_valid=True, today=TODAY)
            print(f"import {batch} {result.imported}", flush=True)
        elif job == "plan" and programme_id is not None:
            view = programmes.get_programme(ctx, programme_id)
            programmes.update_programme(ctx, programme_id, goals=f"mål {seed}-{counter}",
                                        individual_plan=view.individual_plan, expected_version=view.version)
            print(f"plan {programme_id} {seed}-{counter}", flush=True)
        else:
            run_id = payout_runs.create_draft_run(ctx, "2026-10")
            print(f"run {run_id}", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
