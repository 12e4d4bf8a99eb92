"""``kvp payout simulate SCENARIO.json [--json]``: compute a payout from a scenario file.

``payout`` has its own sub-commands so ``payout run`` (a real payout batch against the
database) can be added next to ``simulate``. The scenario format is in docs/scenario-format.md.
"""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from kvp_desktop.cli.common import CliError, print_json
from kvp_desktop.i18n import format_money
from kvp_desktop.parameters import ParameterError, load_parameters
from kvp_desktop.rules.allowance import compute_allowance
from kvp_desktop.rules.errors import RulesInputError
from kvp_desktop.rules.scenario import parse_scenario


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("payout", help="utbetaling av kvalifiseringsstønad")
    payout_commands = parser.add_subparsers(dest="payout_command", metavar="UNDERKOMMANDO")
    parser.set_defaults(func=_missing_subcommand(parser))
    simulate = payout_commands.add_parser(
        "simulate",
        help="beregn en utbetaling fra en scenariofil (JSON), uten å lagre noe",
        description="Beregner kvalifiseringsstønad for perioden i scenariofilen og viser hver linje "
        "med grunnlag og lovhenvisning. Formatet er beskrevet i docs/scenario-format.md.",
    )
    simulate.add_argument("scenario", metavar="SCENARIO.json", help="scenariofil i JSON")
    simulate.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    simulate.set_defaults(func=simulate_command)


def _missing_subcommand(parser: argparse.ArgumentParser) -> Any:
    def run(args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    return run


def _read(path: str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CliError(f"Finner ikke filen {path}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"Kan ikke lese {path}: {exc}") from None
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise CliError(f"{path} er ikke gyldig JSON (linje {exc.lineno}, kolonne {exc.colno}).") from None


def simulate_command(args: argparse.Namespace) -> int:
    data = _read(args.scenario)
    try:
        scenario = parse_scenario(data)
        result = compute_allowance(scenario.facts, scenario.period, load_parameters())
    except (RulesInputError, ParameterError) as exc:
        raise CliError(f"{args.scenario}: {exc}") from None
    if args.json:
        print_json(
            {
                "period": {"from": result.period.start, "to": result.period.end},
                "lines": [
                    {
                        "code": line.code,
                        "text": line.text,
                        "reference": line.reference,
                        "basis": line.basis,
                        "amount": line.amount,
                    }
                    for line in result.lines
                ],
                "total": result.total,
            }
        )
        return 0
    print(f"Kvalifiseringsstønad {result.period.label()}")
    for line in result.lines:
        print(f"  {line.render_text():<45} {format_money(line.amount, 'nb'):>16}  ({line.reference})")
        print(f"      {line.basis}")
    print(f"  {'Til utbetaling':<45} {format_money(result.total, 'nb'):>16}")
    return 0
