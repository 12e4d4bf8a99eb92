"""``kvp payout simulate`` (a scenario file) and ``kvp payout run`` (a payout run in the database).

* ``kvp payout simulate SCENARIO.json [--json] [--office-rates]``: compute a payout from a
  scenario file (format in docs/scenario-format.md). ``--office-rates`` uses the rates of the
  database given with ``kvp --database`` (shipped values with the office's local values).
* ``kvp payout run --period YYYY-MM [--dry-run] [--json] [--user USERNAME]``: compute the run
  for that month (``YYYY-MM-DD``, the first day, for an office paying 14-day periods); without
  ``--dry-run`` it is saved as a draft (as USERNAME, who needs the
  right to make payout runs) in one transaction. Only for a month that has ended (paid in
  arrears, stl. § 39). Exit codes: 0 saved, 1 refused (message on stderr), 4 another run for the
  same month was saved at the same moment (nothing of this one is saved), 5 the month has not ended.
"""

from __future__ import annotations

import argparse
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from kvp_desktop.cli.auth import add_user_arguments, authenticate
from kvp_desktop.cli.common import CliError, print_json, read_text_file
from kvp_desktop.i18n import _, format_money
from kvp_desktop.parameters import ParameterError, ParameterSet, load_parameters
from kvp_desktop.rules.allowance import compute_allowance
from kvp_desktop.rules.errors import RulesInputError
from kvp_desktop.rules.scenario import parse_scenario

CONFLICT_EXIT_CODE = 4  # another run for the same month won the race; nothing of this one is saved
NOT_ENDED_EXIT_CODE = 5  # the month has not ended (stl. § 39: paid in arrears)


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
    simulate.add_argument("--office-rates", action="store_true",
                          help="bruk kontorets satser fra databasen (kvp --database) i stedet for de leverte")
    simulate.set_defaults(func=simulate_command)
    run = payout_commands.add_parser(
        "run",
        help="beregn utbetalingskjøringen for en måned og lagre den som utkast",
        description="Beregner kvalifiseringsstønad for alle deltakere i måneden (med etterbetalinger og "
        "rettinger fra tidligere perioder) og lagrer kjøringen som utkast til godkjenning. Med --dry-run "
        "lagres ingenting.",
    )
    run.add_argument("--period", required=True, metavar="ÅÅÅÅ-MM", type=_month,
                     help="måneden kjøringen gjelder (ÅÅÅÅ-MM-DD: første dag i kontorets 14-dagersperiode)")
    run.add_argument("--dry-run", action="store_true", help="bare beregn, lagre ingenting")
    run.add_argument("--json", action="store_true", help="skriv linjene og summene som JSON")
    add_user_arguments(run, _("brukeren som lager kjøringen (kreves for å lagre; passordet kontrolleres)"))
    run.set_defaults(func=run_command)


def _month(text: str) -> str:
    """``ÅÅÅÅ-MM`` exactly (a month between 2000 and 2100), or ``ÅÅÅÅ-MM-DD`` (the first day of one of
    the office's 14-day periods, checked by the service), for argparse."""
    if re.fullmatch(r"(20\d\d|2100)-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?", text) is None:
        raise argparse.ArgumentTypeError(_("«{verdi}» er ikke en måned på formen ÅÅÅÅ-MM (for eksempel 2026-11).",
                                           verdi=text[:40]))
    return text


_month.__name__ = "måned"


def _missing_subcommand(parser: argparse.ArgumentParser) -> Any:
    def run(args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    return run


MAX_SCENARIO_BYTES = 5_000_000


def _read(path: str) -> Any:
    """The scenario file as JSON: UTF-8 (a byte-order mark, as Notepad writes it, is fine), numbers with
    decimals as ``Decimal``; anything else is a Norwegian ``CliError``."""
    try:
        size = Path(path).stat().st_size
    except OSError:
        size = 0
    if size > MAX_SCENARIO_BYTES:
        raise CliError(_("{fil} er for stor til å være en scenariofil (over {n} MB).", fil=path,
                         n=MAX_SCENARIO_BYTES // 1_000_000))
    text = read_text_file(path, exit_code=1)
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise CliError(_("{fil} er ikke gyldig JSON (linje {linje}, kolonne {kolonne}).", fil=path,
                         linje=exc.lineno, kolonne=exc.colno)) from None
    except RecursionError:
        raise CliError(_("{fil}: JSON-dokumentet er nestet for dypt.", fil=path)) from None
    except ValueError:  # an integer with thousands of digits (Python's int_max_str_digits)
        raise CliError(_("{fil}: et tall i filen har for mange sifre.", fil=path)) from None


def _office_rates(args: argparse.Namespace) -> ParameterSet:
    from kvp_desktop.cli.database import _open
    from kvp_desktop.services.office.parameters import office_parameters

    ctx = _open(args)
    try:
        with ctx.uow() as uow:
            return office_parameters(uow.session)
    finally:
        ctx.close()


def simulate_command(args: argparse.Namespace) -> int:
    data = _read(args.scenario)
    try:
        scenario = parse_scenario(data)
        params = _office_rates(args) if getattr(args, "office_rates", False) else load_parameters()
        result = compute_allowance(scenario.facts, scenario.period, params, scenario.policy)
    except (RulesInputError, ParameterError) as exc:
        raise CliError(f"{args.scenario}: {exc}") from None
    if args.json:
        print_json(
            {
                "period": {"from": result.period.start, "to": result.period.end},
                "payout": {"schedule": scenario.calendar.schedule.value if scenario.calendar else None,
                           "policy": scenario.policy.value},
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
    if scenario.policy != "monthly_share":
        print("  Beregning: dagsats (årlig stønad / 260, avrundet til hele kroner) per ukedag")
    for line in result.lines:
        print(f"  {line.render_text():<45} {format_money(line.amount, 'nb'):>16}  ({line.reference})")
        print(f"      {line.basis}")
    print(f"  {'Til utbetaling':<45} {format_money(result.total, 'nb'):>16}")
    return 0


def run_command(args: argparse.Namespace) -> int:
    from kvp_desktop.cli.database import _open
    from kvp_desktop.services.infrastructure.errors import ServiceError
    from kvp_desktop.services.payouts import runs as payout_runs
    from kvp_desktop.services.payouts import views as payouts

    if not args.dry_run and not args.user:
        raise CliError("Oppgi --user BRUKERNAVN for å lagre kjøringen (eller bruk --dry-run).")
    ctx = _open(args)
    try:
        if args.user:
            ctx = authenticate(ctx, args)
        if args.dry_run:
            computation = payout_runs.preview_run(ctx, args.period)
            run_id = None
            participants: list[dict[str, Any]] = [
                {"person_id": p.person_id, "name": p.name, "identity": p.masked_id,
                 "lines": [{"code": x.code, "text": x.text, "reference": x.reference, "basis": x.basis,
                            "amount": x.amount, "period": {"from": computation.period.start,
                                                           "to": computation.period.end}} for x in p.lines]
                 + [{"code": e.line.code, "text": e.line.text, "reference": e.line.reference,
                     "basis": e.line.basis, "amount": e.line.amount,
                     "period": {"from": e.period.start, "to": e.period.end},
                     "corrects_line_id": e.corrects_line_id, "reason": e.reason} for e in p.extra],
                 "total": p.total}
                for p in computation.participants
            ]
            total = computation.total
        else:
            run_id = payout_runs.create_draft_run(ctx, args.period)
            lines = payouts.run_lines(ctx, run_id)
            grouped: dict[int, dict[str, Any]] = {}
            for line in lines:
                entry = grouped.setdefault(line.person_id, {"person_id": line.person_id, "name": line.person_name,
                                                            "identity": line.masked_id, "lines": [],
                                                            "total": Decimal("0.00")})
                entry["lines"].append({"code": line.code, "text": line.text, "reference": line.reference,
                                       "basis": line.basis, "amount": line.amount,
                                       "period": {"from": line.period_from, "to": line.period_to},
                                       "corrects_line_id": line.corrects_line_id, "reason": line.correction_reason})
                entry["total"] += line.amount
            participants = list(grouped.values())
            total = sum((Decimal(p["total"]) for p in participants), Decimal("0.00"))
    except payout_runs.RunConflictError as exc:
        raise CliError(str(exc), exit_code=CONFLICT_EXIT_CODE) from None
    except payout_runs.PeriodNotEndedError as exc:
        raise CliError(str(exc), exit_code=NOT_ENDED_EXIT_CODE) from None
    except ServiceError as exc:
        raise CliError(str(exc)) from None
    finally:
        ctx.close()
    if args.json:
        print_json({"period": args.period, "run_id": run_id, "saved": run_id is not None,
                    "participants": participants, "total": total})
        return 0
    for participant in participants:
        print(f"{participant['name']} ({participant['identity']}): {format_money(participant['total'], 'nb')}")
    what = "Ikke lagret (--dry-run)." if run_id is None else f"Lagret som utkast (kjøring {run_id})."
    print(f"Sum for {args.period}: {format_money(total, 'nb')} – {len(participants)} deltakere. {what}")
    return 0
