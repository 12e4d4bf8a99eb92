"""Deadlines («Frister») for an application and a programme, each with its reason and source.

* Processing time: the office warns when an application has waited ``warn_days`` since it was
  registered (an office setting, 21 days by default; forvaltningsloven § 11 a: «uten ugrunnet
  opphold»).
* Start: the programme starts within ``start_deadline_months`` (6) of the application date
  (stl. § 31); the warning shows ``deadline_warn_weeks`` (4) before.
* Age: the programme ends at the latest in the month before the 67th birthday (stl. § 29,
  rundskriv 2012); a warning when a programme of full length no longer fits, or a planned end
  goes past the limit.
* Rate: the full rate from the 25th birthday (stl. § 35, policy ``full_rate_start``).
* Evaluations: the dates the plan sets (forskrift § 1 fjerde ledd).

Pure: no database and no clock; ``today`` is passed in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from kvp_desktop.i18n import N_
from kvp_desktop.parameters import ParameterSet
from kvp_desktop.rules import calendar
from kvp_desktop.rules.rates import full_rate_from
from kvp_desktop.rules.reasons import Reason


class DeadlineState(StrEnum):
    OK = "ok"  # nothing to do yet
    WARNING = "warning"  # inside the warning time: act now
    OVERDUE = "overdue"  # the deadline has passed, or a plan breaks it
    DONE = "done"  # met


#: Worst first: the person bar shows the worst state.
SEVERITY = {DeadlineState.OVERDUE: 3, DeadlineState.WARNING: 2, DeadlineState.OK: 1, DeadlineState.DONE: 0}


class DeadlineKind(StrEnum):
    PROCESSING = "processing"
    START = "start"
    AGE_LIMIT = "age_limit"
    FULL_RATE = "full_rate"
    EVALUATION = "evaluation"


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    due: dt.date
    state: DeadlineState
    reason: Reason
    warn_from: dt.date | None = None


@dataclass(frozen=True)
class DeadlineFacts:
    """What the deadlines depend on. ``application_date`` only for an application that is open
    or granted (a refused or withdrawn one has no deadlines); ``decided_on`` when it was
    decided; ``programme_*`` once a programme exists; ``evaluations`` as (scheduled, held)."""

    birth_date: dt.date
    application_date: dt.date | None = None
    decided_on: dt.date | None = None
    programme_start: dt.date | None = None
    programme_end: dt.date | None = None
    evaluations: tuple[tuple[dt.date, dt.date | None], ...] = ()


def _warn_days(today: dt.date, params: ParameterSet) -> dt.timedelta:
    return dt.timedelta(weeks=params.integer("deadline_warn_weeks", today))


def processing_time(registered: dt.date, decided: dt.date | None, today: dt.date, warn_days: int) -> Deadline:
    """Processing time since registration; warn after ``warn_days`` (office setting).
    forvaltningsloven § 11 a."""
    ref = "forvaltningsloven § 11 a"
    due = registered + dt.timedelta(days=warn_days)
    if decided is not None:
        return Deadline(
            DeadlineKind.PROCESSING, due, DeadlineState.DONE,
            Reason("processing.done", N_("Søknaden ble avgjort {dato}, {dager} dager etter at den ble registrert."),
                   ref, {"dato": decided, "dager": (decided - registered).days}),
            due,
        )  # fmt: skip
    waited = (today - registered).days
    params = {"dato": registered, "dager": waited, "grense": warn_days, "frist": due}
    if today >= due:
        return Deadline(
            DeadlineKind.PROCESSING, due, DeadlineState.WARNING,
            Reason("processing.warning",
                   N_("Søknaden har ventet i {dager} dager siden {dato}. Kontoret varsler etter {grense} dager."),
                   ref, params),
            due,
        )  # fmt: skip
    return Deadline(
        DeadlineKind.PROCESSING, due, DeadlineState.OK,
        Reason("processing.ok",
               N_("Søknaden ble registrert {dato} og har ventet i {dager} dager. Varsel fra {frist}."), ref, params),
        due,
    )  # fmt: skip


def start_deadline(
    application_date: dt.date, started: dt.date | None, today: dt.date, params: ParameterSet
) -> Deadline:
    """The programme starts within 6 months of the application date. stl. § 31."""
    months = params.integer("start_deadline_months", application_date)
    due = calendar.add_months(application_date, months)
    warn_from = due - _warn_days(today, params)
    values = {"maaneder": months, "soknad": application_date, "frist": due}
    if started is not None:
        if started <= due:
            return Deadline(
                DeadlineKind.START, due, DeadlineState.DONE,
                Reason("start.done", N_("Programmet startet {start}, innenfor fristen {frist}."), "stl. § 31",
                       {**values, "start": started}),
                warn_from,
            )  # fmt: skip
        return Deadline(
            DeadlineKind.START, due, DeadlineState.OVERDUE,
            Reason("start.late", N_("Programmet startet {start}, etter fristen {frist} ({maaneder} måneder fra "
                                    "søknadsdatoen {soknad})."), "stl. § 31", {**values, "start": started}),
            warn_from,
        )  # fmt: skip
    if today > due:
        state, code = DeadlineState.OVERDUE, "start.overdue"
        text = N_("Fristen for oppstart var {frist} ({maaneder} måneder fra søknadsdatoen {soknad}).")
    elif today >= warn_from:
        state, code = DeadlineState.WARNING, "start.warning"
        text = N_("Programmet må starte senest {frist} ({maaneder} måneder fra søknadsdatoen {soknad}).")
    else:
        state, code = DeadlineState.OK, "start.ok"
        text = N_("Programmet skal starte senest {frist} ({maaneder} måneder fra søknadsdatoen {soknad}).")
    return Deadline(DeadlineKind.START, due, state, Reason(code, text, "stl. § 31", values), warn_from)


def latest_programme_end(birth_date: dt.date, on: dt.date, params: ParameterSet) -> dt.date:
    """The last day of the month before the 67th birthday. stl. § 29 første ledd (rundskriv 2012)."""
    birthday = calendar.anniversary(birth_date, params.integer("max_age", on))
    return calendar.first_of_month(birthday) - calendar.ONE_DAY


def age_limit(
    birth_date: dt.date, today: dt.date, params: ParameterSet, planned_end: dt.date | None = None
) -> Deadline:
    """The programme ends at the latest the month before the 67th birthday. stl. § 29 første ledd.

    WARNING when a programme of full length (``programme_max_months``) from today no longer
    fits; OVERDUE when the limit has passed or ``planned_end`` goes past it."""
    ref = "stl. § 29 første ledd"
    latest = latest_programme_end(birth_date, today, params)
    full_length = calendar.add_months(today, params.integer("programme_max_months", today)) - calendar.ONE_DAY
    values = {"dato": latest}
    if planned_end is not None and planned_end > latest:
        return Deadline(
            DeadlineKind.AGE_LIMIT, latest, DeadlineState.OVERDUE,
            Reason("age_limit.planned_end", N_("Planlagt slutt {slutt} er etter aldersgrensen: programmet må "
                                               "avsluttes senest {dato}, måneden før 67-årsdagen."),
                   ref, {**values, "slutt": planned_end}),
        )  # fmt: skip
    if today > latest:
        return Deadline(
            DeadlineKind.AGE_LIMIT, latest, DeadlineState.OVERDUE,
            Reason("age_limit.passed", N_("Aldersgrensen er passert: et program måtte avsluttes senest {dato}."),
                   ref, values),
        )  # fmt: skip
    if latest < full_length:
        return Deadline(
            DeadlineKind.AGE_LIMIT, latest, DeadlineState.WARNING,
            Reason("age_limit.soon", N_("Programmet må avsluttes senest {dato}, måneden før 67-årsdagen. Et program "
                                        "av full lengde får ikke plass."), ref, values),
        )  # fmt: skip
    return Deadline(
        DeadlineKind.AGE_LIMIT, latest, DeadlineState.OK,
        Reason("age_limit.ok", N_("Programmet må avsluttes senest {dato}, måneden før 67-årsdagen."), ref, values),
    )  # fmt: skip


def full_rate(birth_date: dt.date, today: dt.date, params: ParameterSet) -> Deadline:
    """The under-25 rate changes to the full rate from the 25th birthday. stl. § 35."""
    ref = "stl. § 35 første ledd"
    starts = full_rate_from(birth_date, params, today)
    warn_from = starts - _warn_days(today, params)
    values = {"dato": starts, "alder": params.integer("full_rate_age", today)}
    if today >= starts:
        return Deadline(
            DeadlineKind.FULL_RATE, starts, DeadlineState.DONE,
            Reason("full_rate.done", N_("Full sats gjelder fra {dato}."), ref, values), warn_from,
        )  # fmt: skip
    state = DeadlineState.WARNING if today >= warn_from else DeadlineState.OK
    return Deadline(
        DeadlineKind.FULL_RATE, starts, state,
        Reason("full_rate.coming", N_("Satsen for under {alder} år gjelder til deltakeren får full sats fra {dato}. "
                                      "Stønaden endres da."), ref, values),
        warn_from,
    )  # fmt: skip


def evaluation(scheduled: dt.date, held: dt.date | None, today: dt.date, params: ParameterSet) -> Deadline:
    """A scheduled evaluation of the programme. forskrift § 1 fjerde ledd."""
    ref = "forskrift § 1 fjerde ledd"
    warn_from = scheduled - _warn_days(today, params)
    if held is not None:
        return Deadline(
            DeadlineKind.EVALUATION, scheduled, DeadlineState.DONE,
            Reason("evaluation.held", N_("Evaluering holdt {holdt} (planlagt {dato})."), ref,
                   {"dato": scheduled, "holdt": held}),
            warn_from,
        )  # fmt: skip
    if today > scheduled:
        state, code, text = DeadlineState.OVERDUE, "evaluation.overdue", N_("Evaluering var planlagt {dato} og er "
                                                                            "ikke registrert som holdt.")
    elif today >= warn_from:
        state, code, text = DeadlineState.WARNING, "evaluation.soon", N_("Evaluering planlagt {dato}.")
    else:
        state, code, text = DeadlineState.OK, "evaluation.planned", N_("Evaluering planlagt {dato}.")
    return Deadline(DeadlineKind.EVALUATION, scheduled, state, Reason(code, text, ref, {"dato": scheduled}), warn_from)


def deadlines_for(
    facts: DeadlineFacts, today: dt.date, params: ParameterSet, processing_warn_days: int
) -> tuple[Deadline, ...]:
    """The deadlines that matter for the person now, by due date. Nothing for someone with
    neither an open or granted application nor a programme."""
    found: list[Deadline] = []
    if facts.application_date is not None:
        if facts.decided_on is None:
            found.append(processing_time(facts.application_date, None, today, processing_warn_days))
        if facts.programme_start is None:
            found.append(start_deadline(facts.application_date, None, today, params))
    if facts.application_date is None and facts.programme_start is None:
        return ()
    running = facts.programme_end is None or today <= facts.programme_end
    if running:
        limit = age_limit(facts.birth_date, today, params, facts.programme_end)
        if limit.state is not DeadlineState.OK:
            found.append(limit)
        rate = full_rate(facts.birth_date, today, params)
        if rate.state is not DeadlineState.DONE and (facts.programme_end is None or rate.due <= facts.programme_end):
            found.append(rate)
        pending = [
            evaluation(scheduled, held, today, params) for scheduled, held in facts.evaluations if held is None
        ]
        overdue = [item for item in pending if item.state is DeadlineState.OVERDUE]
        upcoming = [item for item in pending if item.state is not DeadlineState.OVERDUE]
        found.extend(overdue)
        found.extend(sorted(upcoming, key=lambda item: item.due)[:1])
    return tuple(sorted(found, key=lambda item: (item.due, item.kind)))


def worst(deadlines: tuple[Deadline, ...]) -> DeadlineState | None:
    """The most urgent state among ``deadlines`` (``None`` for none)."""
    if not deadlines:
        return None
    return max((item.state for item in deadlines), key=SEVERITY.__getitem__)
