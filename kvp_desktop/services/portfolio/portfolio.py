# Not split yet (~730 lines: the list and its stop-point facts share one filter SQL); the seams are stop-point facts
# (StopPointInput … update_stop_point_facts) and the export view.
"""Portfolio review (porteføljegjennomgang): the office's clients with their stop points.

The stop-point rule (``rules/stop_points.py``) decides each person's flags. Its answer is kept in
``stop_point_flags`` and ``portfolio_states`` so the table can be filtered, searched and counted
in SQL over 100 000 persons without loading them into Python:

* every job that changes a person's facts (register, update, import) rewrites that person's
  flags in the same transaction;
* each state row says for which day the flags were computed and until when they hold (the first
  day a date-dependent threshold can change them); :func:`refresh_stale_flags` recomputes the
  persons whose flags are stale (or missing) in bulk, in chunks, and the UI runs it off the GUI
  thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Select, and_, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from kvp_desktop.i18n import N_, _
from kvp_desktop.parameters import ParameterSet, load_parameters
from kvp_desktop.rules.stop_points import Flag, StopPointFacts, StopPointResult, evaluate
from kvp_desktop.services.infrastructure import roles
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ConflictError, NotFoundError, ServiceError, ValidationError
from kvp_desktop.services.infrastructure.roles import Permission
from kvp_desktop.services.infrastructure.validation import (
    Problems,
    check_date,
    check_identity_number,
    mask_identity_number,
)
from kvp_desktop.services.portfolio.persons import PersonInput, validate_person
from kvp_desktop.sort_key import norwegian_sort_key
from kvp_desktop.store.models import Person, PortfolioState, StopPointFlag, User

# The eight stop points (docs/case-flow.md step 1), in the order caseworkers list them.
STOP_POINTS: dict[str, str] = {
    "first_social_assistance": N_("Første søknad om økonomisk sosialhjelp"),
    "conditions_20a": N_("Før vilkår etter § 20a settes"),
    "long_term_social_assistance": N_("Sosialhjelp som eneste inntekt over tid"),
    "aap_ended": N_("AAP er avsluttet"),
    "intro_ended": N_("Introduksjonsprogram er avsluttet"),
    "no_apprenticeship": N_("Ung uten læreplass"),
    "upper_secondary_dropout": N_("Ung som har avbrutt videregående"),
    "little_work_experience": N_("Lite eller ingen arbeidserfaring"),
}
#: The stop points and the rule of thumb: every flag the table can show and filter on.
FLAGS: dict[str, str] = {**STOP_POINTS, "rule_of_thumb": N_("Tommelfingerregelen: trenger hjelp til arbeid")}
#: Short labels for the table column.
FLAG_SHORT: dict[str, str] = {
    "first_social_assistance": N_("Første søknad"),
    "conditions_20a": N_("§ 20a"),
    "long_term_social_assistance": N_("Sosialhjelp over tid"),
    "aap_ended": N_("AAP slutt"),
    "intro_ended": N_("Intro slutt"),
    "no_apprenticeship": N_("Uten læreplass"),
    "upper_secondary_dropout": N_("Avbrutt vgs."),
    "little_work_experience": N_("Lite arbeidserfaring"),
    "rule_of_thumb": N_("Tommelfingerregel"),
}
assert set(FLAGS) == {str(f) for f in Flag}

REVIEW_OUTCOMES: dict[str, str] = {
    "vurder_kvp": N_("Vurder KVP"),
    "ikke_aktuelt": N_("Ikke aktuelt nå"),
    "annen_rettighet": N_("Har annen rettighet"),
    "i_kvp": N_("Allerede i KVP"),
}
NOT_REVIEWED = "none"  # outcome filter: never reviewed

AGE_GROUPS: dict[str, str] = {"all": N_("Alle aldre"), "under_25": N_("Under 25 år"), "under_30": N_("Under 30 år")}
_AGE_LIMITS = {"under_25": 25, "under_30": 30}
ANY_FLAG = "any"  # stop-point filter: any flag at all

_TOP = "\U0010ffff"  # sorts after every character: ``key <= x < key + _TOP`` is a prefix match
_CHUNK = 500  # persons per statement when refreshing flags (keeps IN lists and memory small)


@dataclass(frozen=True)
class PortfolioFilter:
    """What the table shows. ``None``/``"all"`` means no restriction."""

    stop_point: str | None = None  # a flag code, or ANY_FLAG
    outcome: str | None = None  # a REVIEW_OUTCOMES key, or NOT_REVIEWED
    caseworker_id: int | None = None
    age_group: str = "all"
    not_reviewed_since: dt.date | None = None
    search: str = ""


@dataclass(frozen=True)
class PortfolioRow:
    id: int
    name: str
    sort_key: str
    masked_id: str
    birth_date: dt.date
    stop_points: tuple[str, ...]  # flag codes, in the order of FLAGS
    last_outcome: str | None
    last_reviewed: dt.datetime | None
    fired: tuple[tuple[str, dt.date], ...] = ()  # (flag code, fired on)
    caseworker: str = ""


@dataclass(frozen=True)
class FlagExplanation:
    code: str
    label: str
    fired_on: dt.date
    reason: str
    reference: str


@dataclass(frozen=True)
class Caseworker:
    id: int
    name: str


# --- the rule over database rows ---------------------------------------------------------------

_FACT_COLUMNS = (
    Person.id,
    Person.birth_date,
    Person.facts_recorded_on,
    Person.created_at,
    Person.first_social_assistance_application,
    Person.social_assistance_only_income_months,
    Person.planned_20a_conditions,
    Person.aap_end_date,
    Person.intro_programme_end_date,
    Person.youth_without_apprenticeship,
    Person.upper_secondary_dropout,
    Person.work_experience,
    Person.needs_help_to_work,
    Person.other_nav_rights,
)


def facts_of(row: Any) -> StopPointFacts:
    """The rule's facts from a ``Person`` (or a row with the same attribute names)."""
    recorded = row.facts_recorded_on or (row.created_at.date() if row.created_at else row.birth_date)
    return StopPointFacts(
        birth_date=row.birth_date,
        facts_recorded_on=recorded,
        first_social_assistance_application=row.first_social_assistance_application,
        social_assistance_only_income_months=row.social_assistance_only_income_months or 0,
        planned_20a_conditions=bool(row.planned_20a_conditions),
        aap_end_date=row.aap_end_date,
        intro_programme_end_date=row.intro_programme_end_date,
        youth_without_apprenticeship=bool(row.youth_without_apprenticeship),
        upper_secondary_dropout=bool(row.upper_secondary_dropout),
        work_experience=row.work_experience or "some",
        needs_help_to_work=bool(row.needs_help_to_work),
        other_nav_rights=row.other_nav_rights or "",
    )


def _store_results(session: Session, results: dict[int, StopPointResult], today: dt.date) -> None:
    """Replace the flags of these persons with the rule's answer, and stamp their state rows."""
    if not results:
        return
    ids = list(results)
    session.execute(delete(StopPointFlag).where(StopPointFlag.person_id.in_(ids)))
    flag_rows = [
        {"person_id": pid, "kind": str(f.flag), "fired_on": f.fired_on, "reason_code": f.reason.code,
         "reference": f.reason.reference[:120]}
        for pid, result in results.items()
        for f in result.flags
    ]
    if flag_rows:
        session.execute(insert(StopPointFlag), flag_rows)
    existing = set(session.scalars(select(PortfolioState.person_id).where(PortfolioState.person_id.in_(ids))))
    stamps = [
        {"person_id": pid, "flags_computed_on": today, "flags_valid_until": result.valid_until}
        for pid, result in results.items()
    ]
    updates = [s for s in stamps if s["person_id"] in existing]
    inserts = [s for s in stamps if s["person_id"] not in existing]
    if updates:
        session.execute(update(PortfolioState), updates)
    if inserts:
        session.execute(insert(PortfolioState), inserts)


def recompute_flags(session: Session, person_ids: Sequence[int], today: dt.date,
                    params: ParameterSet | None = None) -> None:
    """Evaluate the rule for ``person_ids`` and store the answer (in the caller's transaction)."""
    params = params or load_parameters()
    session.flush()
    for start in range(0, len(person_ids), _CHUNK):
        chunk = list(person_ids[start:start + _CHUNK])
        rows = session.execute(select(*_FACT_COLUMNS).where(Person.id.in_(chunk))).all()
        _store_results(session, {row.id: evaluate(facts_of(row), today, params) for row in rows}, today)


def _stale_query(today: dt.date) -> Select[Any]:
    return (
        select(Person.id)
        .outerjoin(PortfolioState, PortfolioState.person_id == Person.id)
        .where(or_(
            PortfolioState.person_id.is_(None),
            PortfolioState.flags_valid_until <= today,
            PortfolioState.flags_computed_on > today,
        ))
    )


def stale_count(ctx: AppContext, today: dt.date) -> int:
    """How many persons' flags must be recomputed for ``today`` (counted in SQL)."""
    with ctx.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(_stale_query(today).subquery())) or 0)


def refresh_stale_flags(
    ctx: AppContext,
    today: dt.date,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Recompute the flags that are missing or stale on ``today``; returns how many persons.

    Works in chunks, each committed on its own (a cancelled refresh keeps what it finished; the
    rest stays stale and is picked up next time). Safe to run off the GUI thread: it opens its
    own sessions.
    """
    params = load_parameters()
    with ctx.uow() as uow:
        ids = list(uow.session.scalars(_stale_query(today)))
    done = 0
    for start in range(0, len(ids), _CHUNK):
        if cancelled is not None and cancelled():
            break
        chunk = ids[start:start + _CHUNK]
        with ctx.uow() as uow:
            recompute_flags(uow.session, chunk, today, params)
            uow.commit()
        done += len(chunk)
        if progress is not None:
            progress(done, len(ids))
    return done


# --- the table -----------------------------------------------------------------------------------


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return dt.date(day.year - years, 2, 28)


def _search_condition(text: str) -> Any:
    """Name (any word, prefix, Norwegian letters), fødselsnummer digits or a birth date."""
    text = text.strip()
    compact = text.replace(" ", "")
    if compact.isdigit():
        return and_(Person.fodselsnummer >= compact, Person.fodselsnummer < compact + _TOP)
    for pattern in ("%d.%m.%y", "%d.%m.%Y"):
        try:
            born = dt.datetime.strptime(compact, pattern).date()
        except ValueError:
            continue
        if born.year > dt.date.today().year:
            born = born.replace(year=born.year - 100)
        return Person.birth_date == born
    if "," in text:  # "Etternavn, Fornavn" as the list shows it
        last, first = (part.strip() for part in text.split(",", 1))
        key = norwegian_sort_key(last) + (" " + norwegian_sort_key(first) if first else "")
        return and_(Person.sort_key >= key, Person.sort_key < key + _TOP)
    conditions = []
    for word in text.split():
        key = norwegian_sort_key(word)
        conditions.append(or_(
            and_(Person.sort_key >= key, Person.sort_key < key + _TOP),
            Person.sort_key.contains(" " + key, autoescape=True),
        ))
    return and_(*conditions)


def _filtered(query: Select[Any], filters: PortfolioFilter, today: dt.date) -> Select[Any]:
    if filters.stop_point == ANY_FLAG:
        query = query.where(Person.id.in_(select(StopPointFlag.person_id)))
    elif filters.stop_point:
        query = query.where(
            Person.id.in_(select(StopPointFlag.person_id).where(StopPointFlag.kind == filters.stop_point))
        )
    if filters.outcome or filters.not_reviewed_since:
        query = query.outerjoin(PortfolioState, PortfolioState.person_id == Person.id)
        if filters.outcome == NOT_REVIEWED:
            query = query.where(PortfolioState.last_outcome.is_(None))
        elif filters.outcome:
            query = query.where(PortfolioState.last_outcome == filters.outcome)
        if filters.not_reviewed_since:
            since = dt.datetime.combine(filters.not_reviewed_since, dt.time())
            query = query.where(or_(PortfolioState.last_reviewed_at.is_(None), PortfolioState.last_reviewed_at < since))
    if filters.caseworker_id is not None:
        query = query.where(Person.caseworker_id == filters.caseworker_id)
    if filters.age_group in _AGE_LIMITS:
        query = query.where(Person.birth_date > _years_before(today, _AGE_LIMITS[filters.age_group]))
    if filters.search.strip():
        query = query.where(_search_condition(filters.search))
    return query


def portfolio_ids(
    ctx: AppContext,
    stop_point: str | None = None,
    *,
    filters: PortfolioFilter | None = None,
    today: dt.date | None = None,
) -> list[int]:
    """Ordered person ids (Norwegian name order) that pass the filter; one integer per person."""
    filters = filters or PortfolioFilter(stop_point=stop_point)
    query = _filtered(select(Person.id), filters, today or dt.date.today()).order_by(Person.sort_key, Person.id)
    with ctx.uow() as uow:
        # Read the integers straight from the DBAPI cursor: building 100 000 SQLAlchemy row
        # objects costs several times the query itself (bench/bench_portfolio.py).
        result = uow.session.connection().execute(query)
        try:
            return [row[0] for row in result.cursor.fetchall()]
        finally:
            result.close()


def filter_sql(filters: PortfolioFilter, today: dt.date, dialect: str = "sqlite") -> str:
    """The SQL :func:`portfolio_ids` runs (for EXPLAIN QUERY PLAN in tests and the benchmark)."""
    from sqlalchemy.dialects import postgresql, sqlite

    query = _filtered(select(Person.id), filters, today).order_by(Person.sort_key, Person.id)
    chosen = sqlite.dialect() if dialect == "sqlite" else postgresql.dialect()
    return str(query.compile(dialect=chosen, compile_kwargs={"literal_binds": True}))


def portfolio_rows(ctx: AppContext, ids: Sequence[int]) -> list[PortfolioRow]:
    """Row data for a batch of ids (the table model asks for one screenful at a time): one read, one
    statement (:func:`_rows`)."""
    if not ids:
        return []
    with ctx.read() as uow:
        return _rows(uow.session, ids)


def stop_point_counts(ctx: AppContext) -> dict[str, int]:
    """How many persons have each flag, and ``"any"``: how many have at least one (counted in SQL)."""
    with ctx.uow() as uow:
        session = uow.session
        counts = dict.fromkeys(FLAGS, 0)
        for kind, n in session.execute(
            select(StopPointFlag.kind, func.count()).group_by(StopPointFlag.kind)
        ):
            counts[kind] = int(n)
        counts[ANY_FLAG] = int(session.scalar(
            select(func.count()).select_from(select(StopPointFlag.person_id).distinct().subquery())
        ) or 0)
        return counts


def caseworkers(ctx: AppContext) -> list[Caseworker]:
    """Users who can have a caseload (for the caseworker filter)."""
    with ctx.uow() as uow:
        rows = uow.session.execute(
            select(User.id, User.full_name).where(User.role.in_(("veileder", "saksbehandler", "leder")))
        ).all()
    return sorted((Caseworker(r.id, r.full_name) for r in rows), key=lambda c: norwegian_sort_key(c.name))


def explain_flags(ctx: AppContext, person_id: int, today: dt.date, lang: str | None = None) -> list[FlagExplanation]:
    """Why the person is flagged today: the rule's reasons with their legal references."""
    with ctx.uow() as uow:
        row = uow.session.execute(select(*_FACT_COLUMNS).where(Person.id == person_id)).first()
        if row is None:
            raise NotFoundError(_("Personen finnes ikke (lenger) i registeret."))
    result = evaluate(facts_of(row), today, load_parameters())
    return [
        FlagExplanation(str(f.flag), _(FLAGS[str(f.flag)]), f.fired_on, f.reason.render(lang or "nb"),
                        f.reason.reference)
        for f in result.flags
    ]


# --- registering and changing persons -----------------------------------------------------------


@dataclass(frozen=True)
class StopPointInput:
    """The stop-point facts as a form or an import row gives them."""

    first_social_assistance_application: dt.date | str | None = None
    social_assistance_only_income_months: int = 0
    planned_20a_conditions: bool = False
    aap_end_date: dt.date | str | None = None
    intro_programme_end_date: dt.date | str | None = None
    youth_without_apprenticeship: bool = False
    upper_secondary_dropout: bool = False
    work_experience: str = "some"
    needs_help_to_work: bool = False
    other_nav_rights: str = ""
    notes: str = ""


def duplicate_of(ctx: AppContext, fodselsnummer: str) -> str | None:
    """``"Hansen, Ole (12.03.99 *****)"`` if the number is already registered, else ``None``."""
    number = "".join(ch for ch in fodselsnummer if ch.isdigit())
    if len(number) != 11:
        return None
    with ctx.uow() as uow:
        row = uow.session.execute(
            select(Person.first_name, Person.last_name, Person.fodselsnummer).where(Person.fodselsnummer == number)
        ).first()
    if row is None:
        return None
    return f"{row.last_name}, {row.first_name} ({mask_identity_number(row.fodselsnummer)})"


def register_person(
    ctx: AppContext,
    data: PersonInput,
    *,
    needs_help_to_work: bool = False,
    other_nav_rights: str = "",
    today: dt.date | None = None,
) -> int:
    """Register a person from the quick form, with the stop-point facts; flags computed at once."""
    roles.require(ctx, Permission.REGISTER_PERSONS)
    today = today or dt.date.today()
    person, children = validate_person(data, today)
    if len(other_nav_rights.strip()) > 100:
        raise ValidationError({"other_nav_rights": _("Andre rettigheter kan ha høyst 100 tegn.")})
    with ctx.uow() as uow:
        session = uow.session
        if session.scalar(select(Person.id).where(Person.fodselsnummer == person.fodselsnummer)) is not None:
            raise ValidationError({"fodselsnummer": _("Det finnes allerede en person med dette fødselsnummeret.")})
        person.children = children
        person.needs_help_to_work = needs_help_to_work
        person.other_nav_rights = other_nav_rights.strip()
        person.facts_recorded_on = today
        session.add(person)
        session.flush()
        recompute_flags(session, [person.id], today)
        ctx.audit(session, "create", "person", person.id, person.id)
        person_id = person.id
        uow.commit()
    return person_id


def check_stop_point_input(data: StopPointInput, problems: Problems) -> dict[str, Any]:
    """Validate the stop-point facts; returns the column values (problems collected, not raised)."""
    values: dict[str, Any] = {}
    for name, label in (
        ("first_social_assistance_application", _("Første søknad om sosialhjelp")),
        ("aap_end_date", _("AAP avsluttet")),
        ("intro_programme_end_date", _("Introduksjonsprogram avsluttet")),
    ):
        values[name] = problems.check(name, check_date, getattr(data, name), label, required=False)
    if not 0 <= data.social_assistance_only_income_months <= 600:
        problems.add("social_assistance_only_income_months", _("Antall måneder må være mellom 0 og 600."))
    if data.work_experience not in ("none", "little", "some"):
        problems.add("work_experience", _("Ukjent verdi for arbeidserfaring."))
    if len(data.other_nav_rights.strip()) > 100:
        problems.add("other_nav_rights", _("Andre rettigheter kan ha høyst 100 tegn."))
    if len(data.notes) > 4000:
        problems.add("notes", _("Notater kan ha høyst 4000 tegn."))
    values.update(
        social_assistance_only_income_months=data.social_assistance_only_income_months,
        planned_20a_conditions=data.planned_20a_conditions,
        youth_without_apprenticeship=data.youth_without_apprenticeship,
        upper_secondary_dropout=data.upper_secondary_dropout,
        work_experience=data.work_experience,
        needs_help_to_work=data.needs_help_to_work,
        other_nav_rights=data.other_nav_rights.strip(),
        notes=data.notes.strip(),
    )
    return values


@dataclass(frozen=True)
class StopPointFactsDTO:
    person_id: int
    version: int
    facts: StopPointInput
    recorded_on: dt.date | None


def get_stop_point_facts(ctx: AppContext, person_id: int) -> StopPointFactsDTO:
    with ctx.uow() as uow:
        p = uow.session.get(Person, person_id)
        if p is None:
            raise NotFoundError(_("Personen finnes ikke (lenger) i registeret."))
        return StopPointFactsDTO(person_id, p.version, StopPointInput(
            p.first_social_assistance_application, p.social_assistance_only_income_months, p.planned_20a_conditions,
            p.aap_end_date, p.intro_programme_end_date, p.youth_without_apprenticeship, p.upper_secondary_dropout,
            p.work_experience, p.needs_help_to_work, p.other_nav_rights, p.notes,
        ), p.facts_recorded_on)


def update_stop_point_facts(
    ctx: AppContext, person_id: int, data: StopPointInput, version: int, today: dt.date | None = None
) -> None:
    """Change a person's stop-point facts (optimistic locking on ``version``); flags follow at once."""
    roles.require(ctx, Permission.REGISTER_PERSONS)
    today = today or dt.date.today()
    problems = Problems()
    values = check_stop_point_input(data, problems)
    problems.raise_if_any()
    with ctx.uow() as uow:
        session = uow.session
        person = session.get(Person, person_id)
        if person is None:
            raise NotFoundError(_("Personen finnes ikke (lenger) i registeret."))
        if person.version != version:
            raise ConflictError(_("Noen andre har endret personen i mellomtiden. Lukk og åpne personen igjen."))
        for name, value in values.items():
            setattr(person, name, value)
        person.facts_recorded_on = today
        session.flush()
        recompute_flags(session, [person_id], today)
        ctx.audit(session, "update", "person", person_id, person_id, "stoppunktopplysninger")
        uow.commit()


def identity_problem(text: str, today: dt.date) -> str | None:
    """The Norwegian message for a fødselsnummer that is not valid, or ``None`` (for live form checks)."""
    try:
        check_identity_number(text, today)
    except ValueError as exc:
        return str(exc)
    return None


# --- export ---------------------------------------------------------------------------------------


def export_view(
    ctx: AppContext,
    filters: PortfolioFilter,
    today: dt.date,
    path: Path,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """The current view (same filters and order as the table) to an .xlsx file; returns the count.

    Rows are read in batches, so a view of 100 000 persons is written without holding it in
    memory. Audited as an export of personal data (without names in the audit row).
    """
    from kvp_desktop.exports.portfolio_xlsx import write_portfolio_xlsx
    from kvp_desktop.rules import calendar

    roles.require(ctx, Permission.EXPORT_PERSONAL_DATA)
    ids = portfolio_ids(ctx, filters=filters, today=today)
    headers = (_("Navn"), _("Fødselsnr."), _("Alder"), _("Veileder"), _("Stoppunkter (dato)"),
               _("Siste gjennomgang"), _("Siste utfall"))
    stopped = False

    def rows() -> Any:
        nonlocal stopped
        for start in range(0, len(ids), 1000):
            if cancelled is not None and cancelled():
                stopped = True
                return
            for row in portfolio_rows(ctx, ids[start:start + 1000]):
                yield (
                    row.name, row.masked_id, calendar.age_on(row.birth_date, today), row.caseworker,
                    "; ".join(f"{_(FLAGS[code])} ({day:%d.%m.%Y})" for code, day in row.fired),
                    row.last_reviewed.date() if row.last_reviewed else None,
                    _(REVIEW_OUTCOMES[row.last_outcome]) if row.last_outcome in REVIEW_OUTCOMES else "",
                )
            if progress is not None:
                progress(min(start + 1000, len(ids)), len(ids))

    title = _("Portefølje per {dato}", dato=today.strftime("%d.%m.%Y"))
    try:
        count = write_portfolio_xlsx(path, title, headers, rows())
    except OSError as exc:
        raise ServiceError(_("Filen {fil} kunne ikke skrives.", fil=path.name)) from exc
    if stopped:
        path.unlink(missing_ok=True)
        raise ServiceError(_("Eksporten ble avbrutt. Ingen fil er lagret."))
    with ctx.uow() as uow:
        ctx.audit(uow.session, "export", "portfolio", None, None, f"{count} personer til xlsx")
        uow.commit()
    return count


# --- the tab in one read ----------------------------------------------------------------------------
# A shared office's server is across a network: the tab asks for what it shows in one call and one
# read unit of work (no transaction round trips on a server), a statement per kind of data.

STALE_KEY = "_stale"  # in the counts statement: how many persons' flags are stale


@dataclass(frozen=True)
class PortfolioView:
    """What the Portefølje tab shows after a (re)load."""

    ids: list[int]  # every person passing the filter, in Norwegian name order
    rows: list[PortfolioRow]  # the first rows of ``ids`` (the first screenful)
    counts: dict[str, int] | None  # per flag and ANY_FLAG; None when not asked for (a filter change)
    stale: int | None  # persons whose flags must be recomputed for the day; None when not asked for
    caseworkers: list[Caseworker] | None  # None when not asked for


def _ids(session: Session, filters: PortfolioFilter, today: dt.date) -> list[int]:
    query = _filtered(select(Person.id), filters, today).order_by(Person.sort_key, Person.id)
    result = session.connection().execute(query)  # the integers straight from the cursor (see portfolio_ids)
    try:
        return [row[0] for row in result.cursor.fetchall()]
    finally:
        result.close()


def _counts(session: Session, today: dt.date) -> tuple[dict[str, int], int]:
    """The count per flag, of persons with any flag, and of stale persons: one statement."""
    from sqlalchemy import String, literal, union_all

    counted = union_all(
        select(literal(STALE_KEY, String).label("kind"), func.count().label("n"))
        .select_from(_stale_query(today).subquery()),
        select(StopPointFlag.kind, func.count()).group_by(StopPointFlag.kind),
        select(literal(ANY_FLAG, String), func.count(StopPointFlag.person_id.distinct())),
    )
    counts = dict.fromkeys(FLAGS, 0)
    stale = 0
    for kind, n in session.execute(counted):
        if kind == STALE_KEY:
            stale = int(n)
        else:
            counts[kind] = int(n)
    counts.setdefault(ANY_FLAG, 0)
    return counts, stale


def _caseworkers(session: Session) -> list[Caseworker]:
    rows = session.execute(
        select(User.id, User.full_name).where(User.role.in_(("veileder", "saksbehandler", "leder")))).all()
    return sorted((Caseworker(r.id, r.full_name) for r in rows), key=lambda c: norwegian_sort_key(c.name))


def portfolio_view(ctx: AppContext, filters: PortfolioFilter, today: dt.date, *, counts: bool = True,
                   caseworkers: bool = False, first_rows: int = 200) -> PortfolioView:
    """The tab's data in one read: the ids passing ``filters`` and the first ``first_rows`` rows, and
    (``counts``) the count per flag and of stale persons, (``caseworkers``) the caseworker filter's list.

    A filter change asks without ``counts``: they do not depend on the filter.
    """
    with ctx.read() as uow:
        session = uow.session
        workers = _caseworkers(session) if caseworkers else None
        counted, stale = _counts(session, today) if counts else (None, None)
        ids = _ids(session, filters, today)
        rows = _rows(session, ids[:first_rows])
    return PortfolioView(ids, rows, counted, stale, workers)


def _rows(session: Session, ids: Sequence[int]) -> list[PortfolioRow]:
    """Row data for ``ids`` in their order: one statement (the persons with their flags outer-joined: a
    row per flag, at most nine per person)."""
    if not ids:
        return []
    ids = list(ids)
    people: dict[int, Any] = {}
    fired: dict[int, dict[str, dt.date]] = {}
    for row in session.execute(
        select(Person.id, Person.first_name, Person.last_name, Person.sort_key, Person.fodselsnummer,
               Person.birth_date, PortfolioState.last_outcome, PortfolioState.last_reviewed_at,
               User.full_name.label("caseworker"), StopPointFlag.kind, StopPointFlag.fired_on)
        .outerjoin(PortfolioState, PortfolioState.person_id == Person.id)
        .outerjoin(User, User.id == Person.caseworker_id)
        .outerjoin(StopPointFlag, StopPointFlag.person_id == Person.id)
        .where(Person.id.in_(ids))
    ):
        people.setdefault(row.id, row)
        if row.kind is not None:
            fired.setdefault(row.id, {})[row.kind] = row.fired_on
    rows = []
    for person_id in ids:
        person = people.get(person_id)
        if person is None:
            continue
        row = person
        flags = fired.get(person_id, {})
        ordered = tuple((code, flags[code]) for code in FLAGS if code in flags)
        rows.append(PortfolioRow(
            id=row.id, name=f"{row.last_name}, {row.first_name}", sort_key=row.sort_key,
            masked_id=mask_identity_number(row.fodselsnummer), birth_date=row.birth_date,
            stop_points=tuple(code for code, _day in ordered), last_outcome=row.last_outcome,
            last_reviewed=row.last_reviewed_at, fired=ordered, caseworker=row.caseworker or "",
        ))
    return rows


def fact_columns() -> tuple[Any, ...]:
    """The columns the stop-point rule reads (for a caller that joins more to them)."""
    return _FACT_COLUMNS


def flag_explanations(session: Session, person_id: int, today: dt.date, lang: str | None = None,
                      params: ParameterSet | None = None) -> list[FlagExplanation]:
    """:func:`explain_flags` in the caller's session (one statement)."""
    row = session.execute(select(*_FACT_COLUMNS).where(Person.id == person_id)).first()
    if row is None:
        raise NotFoundError(_("Personen finnes ikke (lenger) i registeret."))
    return explanations_from(row, today, lang, params)


def explanations_from(row: Any, today: dt.date, lang: str | None = None,
                      params: ParameterSet | None = None) -> list[FlagExplanation]:
    """:func:`explain_flags` for a row with the fact columns (:func:`fact_columns`)."""
    result = evaluate(facts_of(row), today, params or load_parameters())
    return [
        FlagExplanation(str(f.flag), _(FLAGS[str(f.flag)]), f.fired_on, f.reason.render(lang or "nb"),
                        f.reason.reference)
        for f in result.flags
    ]
