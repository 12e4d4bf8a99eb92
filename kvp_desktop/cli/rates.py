"""``kvp rates --date ÅÅÅÅ-MM-DD [--json]``: the rates in force on a date, with their sources."""

from __future__ import annotations

import argparse
import datetime as dt
from decimal import Decimal
from typing import Any

from kvp_desktop.cli.common import CliError, print_json
from kvp_desktop.i18n import format_date_short, format_number
from kvp_desktop.parameters import ParameterError, ParameterValue, load_parameters
from kvp_desktop.rules.rates import rates_on


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "rates",
        help="vis G, stønadssatser og barnetillegg på en dato",
        description="Viser grunnbeløpet, faktoren, full sats, sats under 25 år og barnetillegget "
        "som gjelder på datoen, med kilden for hver verdi.",
    )
    parser.add_argument("--date", required=True, metavar="ÅÅÅÅ-MM-DD", help="datoen satsene skal gjelde for")
    parser.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    parser.set_defaults(func=run)


def _number(value: Decimal) -> int | str:
    """Whole numbers as int, others as a decimal string (never float)."""
    return int(value) if value == value.to_integral_value() else str(value.normalize())


def _source(value: ParameterValue) -> dict[str, Any]:
    return {
        "effective_from": value.effective_from.isoformat(),
        "source": value.source,
        "origin": value.origin,
        "unconfirmed": value.unconfirmed,
    }


def run(args: argparse.Namespace) -> int:
    try:
        on = dt.date.fromisoformat(args.date)
    except ValueError:
        raise CliError(f"«{args.date}» er ikke en dato på formen ÅÅÅÅ-MM-DD.") from None
    try:
        rates = rates_on(on, load_parameters())
    except ParameterError as exc:
        raise CliError(str(exc)) from None
    g, factor = Decimal(str(rates.g.value)), Decimal(str(rates.factor.value))
    if args.json:
        print_json(
            {
                "date": on.isoformat(),
                "g": _number(g),
                "factor": _number(factor),
                "full_rate": _number(rates.full_rate),
                "under_25_rate": _number(rates.under_25_rate),
                "child_supplement_rate": _number(rates.child_supplement_rate),
                "sources": {
                    "g": _source(rates.g),
                    "factor": _source(rates.factor),
                    "under_25_share": _source(rates.under_25_share),
                    "child_supplement_rate": _source(rates.child_supplement),
                },
            }
        )
        return 0
    full = f"{format_number(rates.full_rate, 'nb', decimals=0)} kr"
    under_25 = f"{format_number(rates.under_25_rate, 'nb', decimals=0)} kr"
    print(f"Satser {format_date_short(on)}")
    _row("Grunnbeløp (G)", f"{format_number(g, 'nb')} kr", rates.g)
    _row("Faktor (antall G)", format_number(factor, "nb"), rates.factor)
    print(f"  Full sats per år: {full}\n    beregnet: G × faktor, avrundet til hele kroner (stl. § 35)")
    print(
        f"  Sats under 25 år per år: {under_25}\n    beregnet: {rates.under_25_share.value} av G × faktor "
        "(uavrundet), avrundet til hele kroner (stl. § 35)"
    )
    _row("Barnetillegg per barn per ukedag", f"{format_number(rates.child_supplement_rate, 'nb')} kr",
         rates.child_supplement)  # fmt: skip
    return 0


def _row(label: str, shown: str, value: ParameterValue) -> None:
    mark = " (ikke bekreftet – kontroller mot gjeldende regelverk)" if value.unconfirmed else ""
    print(f"  {label}: {shown}")
    print(f"    kilde: {value.source}, fra {format_date_short(value.effective_from)}{mark}")
