"""bench_network end to end in a small run: the real window against SQLite and PostgreSQL behind the delaying proxy."""

from __future__ import annotations

import pytest

from tests.support import postgres

pytestmark = pytest.mark.skipif(not postgres.available(), reason="PostgreSQL er ikke installert")


def test_a_small_network_run_counts_statements_units_and_round_trips_per_action() -> None:
    from bench import bench_network

    result = bench_network.measure(persons=40, delays=(0, 10), runs=1, progress=lambda _message: None)

    assert list(result.results) == ["SQLite", "PG 0 ms", "PG 10 ms"]
    names = [row.name for row in result.results["SQLite"]]
    assert names[:5] == ["åpne appen → Portefølje", "stoppunktfilter", "velg person", "fanen Inngangsvilkår",
                         "fanen Programbygger"]
    assert "lag brevutkast" in names
    for label, rows in result.results.items():
        assert [row.name for row in rows] == names, label
        for row in rows:
            assert row.statements > 0 and row.units > 0, (label, row)
            assert (row.requests is None) == (label != "PG 10 ms")
    delayed = {row.name: row for row in result.results["PG 10 ms"]}
    # Every round trip through the proxy costs at least 2 × 10 ms (half of it, to allow for pipelined requests).
    for row in delayed.values():
        assert row.requests is not None and row.requests >= 1
        assert row.median_ms >= 20 * row.requests * 0.5, row
    # In make bench's report: per action at the longest delay its time (≤ 500 ms) and, for an action that
    # only reads, its round trips (≤ 8); the section's fixed text around the figures.
    import run as bench_run

    rows = [cells for cells, _met in bench_run.summary_rows(bench_run.REGISTRY["network"], result)]
    assert all(cells[0] == "Delt kontor" for cells in rows)
    assert any(cells[1] == "velg person, 10 ms hver vei" and cells[5] == "≤ 500 ms" for cells in rows)
    assert any(cells[1] == "stoppunktfilter, 10 ms hver vei: rundturer" and cells[5] == "≤ 8 rundturer"
               for cells in rows)
    assert not any(cells[1].startswith("velg person, 10 ms hver vei: rundturer") for cells in rows)  # it writes
    section = "\n".join(bench_run._section(bench_run.Outcome(bench_run.REGISTRY["network"], result),
                                           bench_run.QUICK))
    assert "## Delt kontor over nettverk (sak 20)" in section
    assert "Demokontoret har 60 personer" in " ".join(section.split())
    markdown = result.markdown()
    assert "| **velg person** (skriver) | tid |" in markdown
    assert "| **stoppunktfilter** (bare lesing) | tid |" in markdown
    assert "| SQLite | PG 0 ms | PG 10 ms |" in markdown
