# Not split yet (~1 130 lines: the screening's reads, versions and conclusion share private loaders); the seams are
# the pure evaluation (evaluate, facts/judgements JSON) and the stored versions (start, save, conclude).
"""The § 29 screening (vurdering av inngangsvilkår), version by version, to a decision draft.

A screening version holds the facts the caseworker entered on the screening page, the facts
gathered from the register (birth date, the application's § 14 a outcome, earlier programmes in
this database), the automatic evaluation of every criterion by ``rules.entry_conditions`` and
the caseworker's assessment and written reasoning for every judgement. A concluded version is
never changed: a revision is a new version that starts from it (the history is kept).

Judgements. The discretionary criteria (substantially reduced capacity, close and coordinated
help, a suitable programme — and "very limited" other benefits or a re-admission when the rule
asks for it) are never decided by the rules: the caseworker's assessment is fed to the rule as
the judgement, and a written reasoning is required. The deterministic criteria are decided by
the rule from the facts; the caseworker may add a note.

Concluding. Refused (Norwegian message, nothing saved) while any criterion needs assessment, a
judgement is missing or lacks reasoning. The outcome follows from the criteria: all met → grant
(with proposed start, first decision period and an allowance preview from ``rules.allowance``),
otherwise refusal (failed criteria with reasons and the appeal route).

Transactions. Concluding is one transaction: the decision draft (``letters.drafting.add_*_draft``
in the caller's session), the conclusion, the application's status and the link
``screenings.decision_id`` are saved together or not at all; everything is validated first.
Concluding a version that is already concluded returns the same result without a second draft
(idempotent).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvp_desktop.i18n import N_, _, format_date, format_date_short, translate
from kvp_desktop.money import round_ore
from kvp_desktop.parameters import ParameterSet
from kvp_desktop.rules import appeal as appeal_rules
from kvp_desktop.rules import calendar, rates
from kvp_desktop.rules.allowance import AllowanceFacts, Child, compute_allowance
from kvp_desktop.rules.deadlines import latest_programme_end
from kvp_desktop.rules.entry_conditions import (
    INNSATSGRUPPE_NAMES,
    Benefit,
    Criterion,
    CriterionResult,
    EntryFacts,
    Status,
    assess_entry,
)
from kvp_desktop.rules.period import Period
from kvp_desktop.services.infrastructure import roles
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ConflictError, NotFoundError, ValidationError
from kvp_desktop.services.infrastructure.roles import Permission
from kvp_desktop.services.office.parameters import office_parameters
from kvp_desktop.services.screening.applications import (
    MAPPING_GROUPS,
    SOCIAL_ASSISTANCE,
    innsatsgruppe,
    latest_screening,
    municipality_name,
)
from kvp_desktop.store.models import Application, Mapping, Person, Programme, Screening, User

if TYPE_CHECKING:
    from kvp_desktop.services.programmes.programmes import ProgrammeOffer
    from kvp_desktop.services.screening.applications import ApplicationView
    from kvp_desktop.services.screening.deadlines import PersonDeadlines

LABELS: dict[Criterion, str] = {
    Criterion.AGE: N_("Yrkesaktiv alder (18–67 år)"),
    Criterion.LAWFUL_RESIDENCE: N_("Lovlig opphold i Norge"),
    Criterion.FIXED_ABODE: N_("Fast bopel i Norge"),
    Criterion.OTHER_BENEFITS: N_("Ingen eller svært begrensede ytelser til livsopphold"),
    Criterion.WORK_ABILITY_ASSESSMENT: N_("Arbeidsevnevurdering: spesielt tilpasset innsats"),
    Criterion.REDUCED_CAPACITY: N_("Vesentlig nedsatt arbeids- og inntektsevne"),
    Criterion.CLOSE_COORDINATED_HELP: N_("Tett og koordinert bistand er hensiktsmessig og nødvendig"),
    Criterion.SUITABLE_PROGRAMME: N_("NAV-kontoret kan tilby et tilpasset program"),
    Criterion.PREVIOUS_PARTICIPATION: N_("Tidligere deltakelse i kvalifiseringsprogram"),
}

# The caseworker's judgement fed to the rule (EntryFacts field) for each discretionary criterion.
JUDGEMENT_FIELDS: dict[Criterion, str] = {
    Criterion.REDUCED_CAPACITY: "reduced_capacity",
    Criterion.CLOSE_COORDINATED_HELP: "needs_close_coordinated_help",
    Criterion.SUITABLE_PROGRAMME: "can_offer_suitable_programme",
    Criterion.OTHER_BENEFITS: "benefits_very_limited",
    Criterion.WORK_ABILITY_ASSESSMENT: "work_ability_suits_programme",  # «Jobbe delvis» (rules)
}
ALWAYS_JUDGED = frozenset({Criterion.REDUCED_CAPACITY, Criterion.CLOSE_COORDINATED_HELP, Criterion.SUITABLE_PROGRAMME})
_READMISSION = "readmission_assessment"  # pre-2019 re-admission: the caseworker decides the state

# Rights or benefits the applicant has (the special cases the screening asks about first).
BENEFIT_LABELS: dict[str, str] = {
    Benefit.AAP: N_("Arbeidsavklaringspenger (AAP)"),
    Benefit.UFORETRYGD: N_("Uføretrygd"),
    Benefit.OVERGANGSSTONAD: N_("Overgangsstønad"),
    Benefit.INTRODUKSJONSPROGRAM: N_("Introduksjonsprogram"),
    Benefit.UNGDOMSPROGRAM: N_("Ungdomsprogram"),
    Benefit.DAGPENGER: N_("Dagpenger"),
    Benefit.SYKEPENGER: N_("Sykepenger"),
    Benefit.FORELDREPENGER: N_("Foreldrepenger"),
    Benefit.ALDERSPENSJON: N_("Alderspensjon"),
    Benefit.ETTERLATTEPENSJON: N_("Etterlattepensjon"),
    Benefit.OTHER: N_("Annen ytelse til livsopphold"),
}

APPEAL_ROUTES: dict[str, str] = appeal_rules.LABELS  # the dialog's text per route (rules.appeal)


# --- inputs and views ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ScreeningFacts:
    """What the caseworker records on the screening page (with the applicant)."""

    lawful_residence: bool | None = None
    fixed_abode: bool | None = None
    eea_citizen_or_family: bool = False
    residence_only_utl_111: bool = False
    benefits: frozenset[str] = frozenset()  # Benefit values: rights the applicant has or receives
    language_only_obstacle: bool | None = None
    serving_sentence: bool = False
    in_ordinary_education: bool = False


@dataclass(frozen=True)
class Judgement:
    """The caseworker's assessment of one criterion: ``met`` / ``not_met`` / ``None``, and why."""

    criterion: str
    assessment: str | None = None
    reasoning: str = ""


@dataclass(frozen=True)
class Gathered:
    """Facts from the register, not typed on the screening page."""

    person_id: int
    application_id: int
    birth_date: dt.date
    application_date: dt.date
    work_ability_assessment_date: dt.date | None
    work_ability_outcome: str
    previous_programmes: tuple[tuple[dt.date, dt.date, int], ...]  # (from, to, months) of earlier programmes
    kostra_lines: tuple[str, ...]  # benefits before the application (KOSTRA), other municipality
    mapping_groups: tuple[str, ...]  # mapped target-group characteristics (group labels)
    obstacles: str
    children: tuple[dt.date, ...]

    @property
    def previous_months(self) -> int:
        return sum(months for _start, _end, months in self.previous_programmes)


@dataclass(frozen=True)
class ReasonLine:
    code: str
    text: str  # rendered bokmål
    reference: str


@dataclass(frozen=True)
class CriterionState:
    code: str
    label: str
    reference: str
    state: str  # met | not_met | needs_assessment (the rule's result with the judgement fed in)
    reasons: tuple[ReasonLine, ...]  # the rule's «Hvorfor?»
    facts_used: tuple[str, ...]
    needs_judgement: bool  # a discretionary criterion: assessment and reasoning required
    assessment: str | None
    reasoning: str
    rests_on_14a: bool
    missing: tuple[str, ...]

    @property
    def rule_text(self) -> str:
        return " ".join(reason.text for reason in self.reasons)


@dataclass(frozen=True)
class Evaluation:
    on: dt.date
    criteria: tuple[CriterionState, ...]
    prompts: tuple[ReasonLine, ...]
    overall: str
    problems: tuple[tuple[str, str], ...]  # (criterion code, Norwegian message): why it cannot be concluded

    def criterion(self, code: str) -> CriterionState:
        return next(item for item in self.criteria if item.code == code)

    @property
    def outcome(self) -> str | None:
        """``grant`` / ``refuse`` once it can be concluded, else ``None``."""
        if self.problems:
            return None
        return "grant" if self.overall == Status.MET else "refuse"

    @property
    def appeal_route(self) -> str:
        return appeal_route(item.code for item in self.criteria if item.state == Status.NOT_MET)


@dataclass(frozen=True)
class ScreeningView:
    id: int
    application_id: int
    person_id: int
    revision: int
    version: int
    facts: ScreeningFacts
    gathered: Gathered
    evaluation: Evaluation
    conclusion: str | None
    concluded_at: dt.datetime | None
    concluded_by: str
    decision_id: int | None
    proposed_start: dt.date | None
    first_period_to: dt.date | None
    plan_warnings: str = ""  # the warnings the caseworker answered when concluding (one a line)
    plan_warnings_answer: str = ""

    @property
    def concluded(self) -> bool:
        return self.concluded_at is not None


@dataclass(frozen=True)
class ScreeningSummary:
    id: int
    revision: int
    created_at: dt.datetime
    conclusion: str | None
    concluded_at: dt.datetime | None
    concluded_by: str
    decision_id: int | None
    counts: tuple[int, int, int]  # met, not met, needs assessment


@dataclass(frozen=True)
class ConclusionInput:
    proposed_start: dt.date | None = None  # grant: programme start
    first_period_to: dt.date | None = None  # grant: end of the first decision period (default: a year)
    considerations: str = ""  # the caseworker's main considerations for the letter
    # grant: why the caseworker concludes despite the plan warnings (a start more than six months
    # after the application, stl. § 31; a first period over 12 months, forskrift § 2)
    warnings_answer: str = ""


@dataclass(frozen=True)
class PreviewLine:
    text: str
    basis: str
    amount: Decimal


@dataclass(frozen=True)
class AllowancePreview:
    start: dt.date
    annual_rate: Decimal
    monthly: Decimal
    under_25: bool
    full_rate_from: dt.date | None
    children: int
    child_supplement_per_day: Decimal
    first_month: Period
    lines: tuple[PreviewLine, ...]  # the first (part) month from rules.allowance, with its arithmetic
    total: Decimal


@dataclass(frozen=True)
class ConclusionResult:
    screening_id: int
    conclusion: str  # grant | refuse
    decision_id: int
    appeal_route: str | None
    preview: AllowancePreview | None


# --- pure parts ----------------------------------------------------------------------------------
def appeal_route(failed_codes: Iterable[str]) -> str:
    """Who decides a complaint about a refusal on these criteria: asks ``rules.appeal``."""
    return appeal_rules.appeal_route_for_criteria(failed_codes).value


def _yes_no(value: bool | None) -> str:
    return _("ikke registrert") if value is None else (_("ja") if value else _("nei"))


def _facts_used(criterion: Criterion, g: Gathered, f: ScreeningFacts, on: dt.date,
                for_letter: bool = False) -> tuple[str, ...]:
    """The facts a criterion rests on; ``for_letter`` gives them in words for the applicant and
    leaves out what only the caseworker needs (answers that decided nothing, what the register lacks)."""
    if for_letter:
        return _letter_facts(criterion, g, f)
    if criterion is Criterion.AGE:
        return (_("Født {dato}, {alder} år på vurderingsdagen", dato=format_date_short(g.birth_date),
                  alder=calendar.age_on(g.birth_date, on)),)
    if criterion is Criterion.LAWFUL_RESIDENCE:
        lines = [_("Lovlig opphold: {svar}", svar=_yes_no(f.lawful_residence))]
        if f.eea_citizen_or_family:
            lines.append(_("EØS-borger eller familiemedlem"))
        return tuple(lines)
    if criterion is Criterion.FIXED_ABODE:
        lines = [_("Fast bopel: {svar}", svar=_yes_no(f.fixed_abode))]
        if f.eea_citizen_or_family:
            lines.append(_("EØS-borger eller familiemedlem"))
        if f.residence_only_utl_111:
            lines.append(_("Oppholdsrett bare etter utlendingsloven § 111"))
        return tuple(lines)
    if criterion is Criterion.OTHER_BENEFITS:
        names = [_(BENEFIT_LABELS[b]) for b in BENEFIT_LABELS if b in f.benefits]
        lines = [_("Rett til eller mottar: {ytelser}", ytelser=", ".join(names)) if names
                 else _("Ingen rett til andre ytelser til livsopphold registrert")]
        return (*lines, *g.kostra_lines)
    if criterion is Criterion.WORK_ABILITY_ASSESSMENT:
        group = innsatsgruppe(g.work_ability_outcome)
        if g.work_ability_assessment_date is None:
            return (_("Ingen arbeidsevnevurdering registrert på søknaden"),)
        return (_("Arbeidsevnevurdering {dato}: {gruppe}", dato=format_date_short(g.work_ability_assessment_date),
                  gruppe=_(INNSATSGRUPPE_NAMES[group]) if group else _("utfall ikke registrert")),)
    if criterion is Criterion.REDUCED_CAPACITY:
        lines = [_("Språk er eneste hinder: {svar}", svar=_yes_no(f.language_only_obstacle))]
        if f.in_ordinary_education:
            lines.append(_("Er i ordinær utdanning"))
        if g.obstacles:
            lines.append(_("Hindringer (kartlegging): {tekst}", tekst=g.obstacles))
        return tuple(lines)
    if criterion is Criterion.CLOSE_COORDINATED_HELP:
        if g.mapping_groups:
            return (_("Kartlagte behov: {behov}", behov=", ".join(g.mapping_groups)),)
        return (_("Ingen kartlagte behov registrert"),)
    if criterion is Criterion.SUITABLE_PROGRAMME:
        return (_("Soner straff: {svar}", svar=_yes_no(f.serving_sentence)),)
    if not g.previous_programmes:
        return (_("Ingen tidligere kvalifiseringsprogram registrert"),)
    return tuple(
        _("Tidligere program {fra}–{til} ({maaneder} måneder)", fra=format_date_short(start),
          til=format_date_short(end), maaneder=months)
        for start, end, months in g.previous_programmes
    )


def _letter_facts(criterion: Criterion, g: Gathered, f: ScreeningFacts) -> tuple[str, ...]:
    """The facts of a failed criterion as the refusal letter states them (fvl. § 25)."""
    if criterion is Criterion.AGE:
        return (_("Du er født {dato}.", dato=format_date(g.birth_date)),)
    if criterion is Criterion.LAWFUL_RESIDENCE:
        if f.lawful_residence is False:
            return (_("Du har ikke lovlig opphold i Norge."),)
        return ()
    if criterion is Criterion.FIXED_ABODE:
        lines = [_("Du har ikke fast bopel i Norge.")] if f.fixed_abode is False else []
        if f.residence_only_utl_111:
            lines.append(_("Du har oppholdsrett bare etter utlendingsloven § 111."))
        return tuple(lines)
    if criterion is Criterion.OTHER_BENEFITS:
        names = [_(BENEFIT_LABELS[b]).lower() if b != Benefit.AAP else _(BENEFIT_LABELS[b])
                 for b in BENEFIT_LABELS if b in f.benefits]
        return (_("Du har rett til eller mottar: {ytelser}.", ytelser=", ".join(names)),) if names else ()
    if criterion is Criterion.WORK_ABILITY_ASSESSMENT:
        group = innsatsgruppe(g.work_ability_outcome)
        if g.work_ability_assessment_date is None or group is None:
            return (_("Det er ikke gjort noen arbeidsevnevurdering med innsatsgruppe."),)
        return (_("Arbeidsevnevurderingen av {dato} ga innsatsgruppen «{gruppe}».",
                  dato=format_date(g.work_ability_assessment_date), gruppe=_(INNSATSGRUPPE_NAMES[group])),)
    if criterion is Criterion.REDUCED_CAPACITY:
        lines = [_("Språk er det eneste hinderet ditt for å komme i arbeid.")] if f.language_only_obstacle else []
        if f.in_ordinary_education:
            lines.append(_("Du går i ordinær utdanning."))
        return tuple(lines)
    if criterion is Criterion.CLOSE_COORDINATED_HELP:
        return (_("Behov vi har kartlagt sammen med deg: {behov}.", behov=", ".join(g.mapping_groups)),) \
            if g.mapping_groups else ()
    if criterion is Criterion.SUITABLE_PROGRAMME:
        return (_("Du soner en straff."),) if f.serving_sentence else ()
    return tuple(
        _("Du deltok i kvalifiseringsprogram fra {fra} til {til} ({maaneder} måneder).",
          fra=format_date(start), til=format_date(end), maaneder=months)
        for start, end, months in g.previous_programmes
    )


def _judgement_value(judgement: Judgement | None) -> bool | None:
    if judgement is None or judgement.assessment not in ("met", "not_met"):
        return None
    return judgement.assessment == "met"


def _reasons(result: CriterionResult) -> tuple[ReasonLine, ...]:
    return tuple(ReasonLine(r.code, r.render(), r.reference) for r in result.reasons)


def evaluate(
    gathered: Gathered,
    facts: ScreeningFacts,
    judgements: Iterable[Judgement],
    on: dt.date,
    params: ParameterSet,
) -> Evaluation:
    """Run ``rules.entry_conditions`` on the facts with the caseworker's judgements; say what is
    missing before the screening can be concluded. stl. §§ 2, 29 and 32."""
    by_code = {j.criterion: j for j in judgements}
    entry = EntryFacts(
        birth_date=gathered.birth_date,
        lawful_residence=facts.lawful_residence,
        residence_only_utl_111=facts.residence_only_utl_111,
        eea_citizen_or_family=facts.eea_citizen_or_family,
        fixed_abode=facts.fixed_abode,
        benefits=frozenset(Benefit(b) for b in facts.benefits if b in Benefit._value2member_map_),
        work_ability_assessment_date=gathered.work_ability_assessment_date,
        innsatsgruppe=innsatsgruppe(gathered.work_ability_outcome),
        language_only_obstacle=facts.language_only_obstacle,
        serving_sentence=facts.serving_sentence,
        in_ordinary_education=facts.in_ordinary_education,
        previous_programme_months=gathered.previous_months,
    )
    plain = assess_entry(entry, on, params)  # without judgements: which criteria ask for one
    judged = replace(
        entry,
        reduced_capacity=_judgement_value(by_code.get(Criterion.REDUCED_CAPACITY.value)),
        needs_close_coordinated_help=_judgement_value(by_code.get(Criterion.CLOSE_COORDINATED_HELP.value)),
        can_offer_suitable_programme=_judgement_value(by_code.get(Criterion.SUITABLE_PROGRAMME.value)),
        benefits_very_limited=_judgement_value(by_code.get(Criterion.OTHER_BENEFITS.value)),
        work_ability_suits_programme=_judgement_value(by_code.get(Criterion.WORK_ABILITY_ASSESSMENT.value)),
    )
    assessment = assess_entry(judged, on, params)
    criteria = []
    problems: list[tuple[str, str]] = []
    for result in assessment.criteria:
        criterion = result.criterion
        judgement = by_code.get(criterion.value)
        before = plain.result(criterion)
        asks = criterion in ALWAYS_JUDGED or any(
            m in (JUDGEMENT_FIELDS.get(criterion), _READMISSION) for m in before.missing)
        state = Status(result.status)
        missing = result.missing
        if _READMISSION in result.missing and judgement and judgement.assessment in ("met", "not_met"):
            state, missing = Status(judgement.assessment), ()
        label = LABELS[criterion]
        item = CriterionState(
            code=criterion.value, label=label, reference=result.reference, state=state.value,
            reasons=_reasons(result), facts_used=_facts_used(criterion, gathered, facts, on), needs_judgement=asks,
            assessment=judgement.assessment if judgement and judgement.assessment in ("met", "not_met") else None,
            reasoning=(judgement.reasoning.strip() if judgement else ""),
            rests_on_14a=appeal_rules.rests_on_14a(criterion), missing=missing,
        )  # fmt: skip
        criteria.append(item)
        name = _(label)
        if asks and item.assessment is None:
            problems.append((item.code, _("«{vilkaar}» mangler saksbehandlerens vurdering.", vilkaar=name)))
        elif state is Status.NEEDS_ASSESSMENT:
            problems.append((item.code, _("«{vilkaar}» må vurderes: {grunn}", vilkaar=name, grunn=item.rule_text)))
        elif asks and not item.reasoning:
            problems.append((item.code, _("«{vilkaar}» mangler skriftlig begrunnelse.", vilkaar=name)))
    failed = {item.code for item in criteria if item.state == Status.NOT_MET}
    if failed:
        # A criterion found not met is enough for a refusal (stl. § 29): the others need not be
        # assessed first (no arbeidsevnevurdering has to be made for an applicant who is refused
        # on another criterion). The failed criteria must still carry their reasoning.
        problems = [(code, message) for code, message in problems if code in failed]
    overall = Status.MET
    states = {item.state for item in criteria}
    if Status.NOT_MET in states:
        overall = Status.NOT_MET
    elif Status.NEEDS_ASSESSMENT in states:
        overall = Status.NEEDS_ASSESSMENT
    prompts = tuple(ReasonLine(r.code, r.render(), r.reference) for r in assessment.prompts)
    extra = _benefit_prompts(facts)
    return Evaluation(on, tuple(criteria), prompts + extra, overall.value, tuple(problems))


def _benefit_prompts(facts: ScreeningFacts) -> tuple[ReasonLine, ...]:
    """The special cases the rules handle as criteria, asked about as prompts as well."""
    lines = []
    if Benefit.UNGDOMSPROGRAM in facts.benefits:
        lines.append(ReasonLine("prompt.ungdomsprogram", _(
            "Søkeren er i ungdomsprogrammet. Ungdomsprogramytelse og kvalifiseringsstønad kan ikke gis samtidig."),
            "FOR-2025-06-20-1182 § 12"))
    return tuple(lines)


# --- storage ------------------------------------------------------------------------------------
def facts_to_json(facts: ScreeningFacts) -> dict[str, Any]:
    return {
        "lawful_residence": facts.lawful_residence, "fixed_abode": facts.fixed_abode,
        "eea_citizen_or_family": facts.eea_citizen_or_family, "residence_only_utl_111": facts.residence_only_utl_111,
        "benefits": sorted(facts.benefits), "language_only_obstacle": facts.language_only_obstacle,
        "serving_sentence": facts.serving_sentence, "in_ordinary_education": facts.in_ordinary_education,
    }  # fmt: skip


def _opt_bool(value: object) -> bool | None:
    return None if value is None else bool(value)


def facts_from_json(raw: dict[str, Any] | None) -> ScreeningFacts:
    data = raw or {}
    return ScreeningFacts(
        lawful_residence=_opt_bool(data.get("lawful_residence")),
        fixed_abode=_opt_bool(data.get("fixed_abode")),
        eea_citizen_or_family=bool(data.get("eea_citizen_or_family", False)),
        residence_only_utl_111=bool(data.get("residence_only_utl_111", False)),
        benefits=frozenset(str(b) for b in data.get("benefits", []) if str(b) in BENEFIT_LABELS),
        language_only_obstacle=_opt_bool(data.get("language_only_obstacle")),
        serving_sentence=bool(data.get("serving_sentence", False)),
        in_ordinary_education=bool(data.get("in_ordinary_education", False)),
    )


def assessments_to_json(evaluation: Evaluation) -> dict[str, Any]:
    """criterion code → what the tab, the print and the decision draft read back."""
    return {
        item.code: {
            "label": item.label, "state": item.state, "reasoning": item.reasoning, "reference": item.reference,
            "assessment": item.assessment, "needs_judgement": item.needs_judgement,
            "rule": [[r.code, r.text, r.reference] for r in item.reasons], "facts": list(item.facts_used),
            "rests_on_14a": item.rests_on_14a,
        }
        for item in evaluation.criteria
    }  # fmt: skip


def judgements_from_json(raw: dict[str, Any] | None) -> tuple[Judgement, ...]:
    return tuple(
        Judgement(str(code), item.get("assessment") if item.get("assessment") in ("met", "not_met") else None,
                  str(item.get("reasoning", "")))
        for code, item in (raw or {}).items() if isinstance(item, dict)
    )


def _months(start: dt.date, end: dt.date) -> int:
    return max(1, round(((end - start).days + 1) / 30.4375))


def gather(session: Session, application: Application, on: dt.date) -> Gathered:
    """The register's facts for the screening of ``application``."""
    person = session.get(Person, application.person_id)
    assert person is not None  # applications.person_id is a RESTRICT foreign key
    earlier = session.scalars(
        select(Programme).where(Programme.person_id == person.id, Programme.start_date <= on)
        .order_by(Programme.start_date)
    ).all()
    previous = []
    for programme in earlier:
        if programme.application_id == application.id:
            continue
        end = programme.end_date or min(programme.planned_end_date, on)
        previous.append((programme.start_date, end, _months(programme.start_date, end)))
    kostra = []
    if application.benefit_social_assistance:
        kostra.append(_("Før søknaden: {ytelse}", ytelse=_(SOCIAL_ASSISTANCE[application.benefit_social_assistance])))
    for flag, text in ((application.benefit_introduction, N_("Før søknaden: introduksjonsstønad")),
                       (application.benefit_tiltakspenger, N_("Før søknaden: individstønad (tiltakspenger)")),
                       (application.benefit_folketrygd, N_("Før søknaden: ytelse til livsopphold etter "
                                                           "folketrygdloven"))):
        if flag:
            kostra.append(_(text))
    if application.from_other_municipality:
        kostra.append(_("Kommer fra KVP i {kommune}", kommune=municipality_name(application.other_municipality_number)))
    mapping = session.scalar(select(Mapping).where(Mapping.application_id == application.id))
    groups: tuple[str, ...] = ()
    obstacles = ""
    if mapping is not None:
        raw = mapping.characteristics or {}
        items = set(raw.get("items", []))
        groups = tuple(_(label) for key, (label, entries) in MAPPING_GROUPS.items()
                       if raw.get(key) is True or any(k in items for k, _t in entries))
        obstacles = mapping.obstacles
    return Gathered(
        person_id=person.id, application_id=application.id, birth_date=person.birth_date,
        application_date=application.registered_date,
        work_ability_assessment_date=application.work_ability_assessment_date,
        work_ability_outcome=application.work_ability_outcome, previous_programmes=tuple(previous),
        kostra_lines=tuple(kostra), mapping_groups=groups, obstacles=obstacles,
        children=tuple(c.birth_date for c in person.children if c.in_household),
    )  # fmt: skip


def _user_name(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id else None
    return user.full_name if user else ""


def _evaluation_day(row: Screening, today: dt.date) -> dt.date:
    return row.concluded_at.date() if row.concluded_at else today


def _view(session: Session, row: Screening, today: dt.date, params: ParameterSet | None = None) -> ScreeningView:
    application = session.get(Application, row.application_id)
    assert application is not None
    on = _evaluation_day(row, today)
    gathered = gather(session, application, on)
    facts = facts_from_json(row.facts)
    evaluation = evaluate(gathered, facts, judgements_from_json(row.assessments), on,
                          params or office_parameters(session))
    extra = row.facts or {}
    start = extra.get("proposed_start")
    period_to = extra.get("first_period_to")
    return ScreeningView(
        id=row.id, application_id=row.application_id, person_id=application.person_id, revision=row.revision,
        version=row.version, facts=facts, gathered=gathered, evaluation=evaluation, conclusion=row.conclusion,
        concluded_at=row.concluded_at, concluded_by=_user_name(session, row.concluded_by_id),
        decision_id=row.decision_id, proposed_start=dt.date.fromisoformat(start) if start else None,
        first_period_to=dt.date.fromisoformat(period_to) if period_to else None,
        plan_warnings=str(extra.get("plan_warnings", "")),
        plan_warnings_answer=str(extra.get("plan_warnings_answer", "")),
    )  # fmt: skip


def _load(session: Session, screening_id: int) -> Screening:
    row = session.get(Screening, screening_id)
    if row is None:
        raise NotFoundError(_("Vurderingen finnes ikke (lenger)."))
    return row


# --- jobs ---------------------------------------------------------------------------------------
def get_screening(ctx: AppContext, screening_id: int, today: dt.date | None = None) -> ScreeningView:
    with ctx.uow() as uow:
        return _view(uow.session, _load(uow.session, screening_id), today or dt.date.today())


def current_screening(ctx: AppContext, application_id: int, today: dt.date | None = None) -> ScreeningView | None:
    """The newest version for the application (``None`` before the screening is started)."""
    with ctx.uow() as uow:
        row = latest_screening(uow.session, application_id)
        return _view(uow.session, row, today or dt.date.today()) if row else None


def history(ctx: AppContext, application_id: int) -> list[ScreeningSummary]:
    """Every version of the screening, newest first."""
    with ctx.uow() as uow:
        rows = uow.session.scalars(
            select(Screening).where(Screening.application_id == application_id).order_by(Screening.revision.desc())
        ).all()
        out = []
        for row in rows:
            states = [str(item.get("state")) for item in (row.assessments or {}).values() if isinstance(item, dict)]
            out.append(ScreeningSummary(
                row.id, row.revision, row.created_at, row.conclusion, row.concluded_at,
                _user_name(uow.session, row.concluded_by_id), row.decision_id,
                (states.count("met"), states.count("not_met"), states.count("needs_assessment")),
            ))
        return out


def new_screening_row(session: Session, application: Application, on: dt.date, revision: int,
                      facts: ScreeningFacts, judgements: tuple[Judgement, ...]) -> Screening:
    """A screening version evaluated on ``on`` (added to the session, not committed)."""
    evaluation = evaluate(gather(session, application, on), facts, judgements, on, office_parameters(session))
    row = Screening(application_id=application.id, revision=revision, facts=facts_to_json(facts),
                    assessments=assessments_to_json(evaluation))
    session.add(row)
    return row


def start_screening(ctx: AppContext, application_id: int, today: dt.date | None = None) -> ScreeningView:
    """Start the screening of an application (version 1), or a new version after a concluded one
    (a revision: it starts from the newest version's facts and assessments)."""
    roles.require(ctx, Permission.HANDLE_APPLICATIONS)
    today = today or dt.date.today()
    with ctx.uow() as uow:
        session = uow.session
        application = session.get(Application, application_id)
        if application is None:
            raise NotFoundError(_("Søknaden finnes ikke (lenger)."))
        if application.status == "withdrawn":
            raise ValidationError({"status": _("Søknaden er trukket.")})
        newest = latest_screening(session, application_id)
        if newest is not None and newest.concluded_at is None:
            raise ValidationError({"screening": _("Det finnes allerede en vurdering som ikke er konkludert.")})
        facts = facts_from_json(newest.facts) if newest else ScreeningFacts()
        judgements = judgements_from_json(newest.assessments) if newest else ()
        revision = newest.revision + 1 if newest else 1
        row = new_screening_row(session, application, today, revision, facts, judgements)
        if newest is not None and application.status in ("granted", "refused"):
            # A revision re-opens the case; the earlier draft stays as it is (its own history).
            application.status = "screening"
        elif application.status == "registered":
            application.status = "screening"
        session.flush()
        ctx.audit(session, "create", "screening", row.id, application.person_id, f"versjon {revision}")
        view = _view(session, row, today)
        uow.commit()
    return view


def _check_text(judgements: tuple[Judgement, ...]) -> None:
    problems = {}
    for j in judgements:
        if j.criterion not in Criterion._value2member_map_:
            problems[f"criteria.{j.criterion}"] = _("Ukjent vilkår.")
        elif len(j.reasoning) > 4000:
            problems[f"criteria.{j.criterion}"] = _("Begrunnelsen kan ha høyst 4000 tegn.")
        elif j.assessment not in (None, "met", "not_met"):
            problems[f"criteria.{j.criterion}"] = _("Ukjent vurdering.")
    if problems:
        raise ValidationError(problems)


def _open_row(session: Session, screening_id: int, version: int) -> Screening:
    row = _load(session, screening_id)
    if row.concluded_at is not None:
        raise ValidationError({"screening": _(
            "Vurderingen er konkludert og kan ikke endres. Lag en ny versjon for å revidere den.")})
    if row.version != version:
        raise ConflictError(_("Vurderingen er endret av en annen etter at du åpnet den. Åpne den på nytt."))
    return row


def preview(ctx: AppContext, screening_id: int, facts: ScreeningFacts, judgements: tuple[Judgement, ...],
            today: dt.date | None = None) -> Evaluation:
    """Evaluate unsaved facts and judgements (what the page shows while the caseworker types)."""
    today = today or dt.date.today()
    with ctx.uow() as uow:
        session = uow.session
        row = _load(session, screening_id)
        application = session.get(Application, row.application_id)
        assert application is not None
        on = _evaluation_day(row, today)
        return evaluate(gather(session, application, on), facts, judgements, on, office_parameters(session))


def save_screening(ctx: AppContext, screening_id: int, version: int, facts: ScreeningFacts,
                   judgements: tuple[Judgement, ...], today: dt.date | None = None) -> ScreeningView:
    """Save the facts and assessments of an open version (a draft: nothing is concluded)."""
    roles.require(ctx, Permission.HANDLE_APPLICATIONS)
    _check_text(judgements)
    today = today or dt.date.today()
    with ctx.uow() as uow:
        session = uow.session
        row = _open_row(session, screening_id, version)
        application = session.get(Application, row.application_id)
        assert application is not None
        evaluation = evaluate(gather(session, application, today), facts, judgements, today,
                              office_parameters(session))
        row.facts = {**facts_to_json(facts)}
        row.assessments = assessments_to_json(evaluation)
        session.flush()
        ctx.audit(session, "update", "screening", row.id, application.person_id, f"versjon {row.revision}")
        view = _view(session, row, today)
        uow.commit()
    return view


# --- conclusion ------------------------------------------------------------------------------------
def default_first_period_to(birth_date: dt.date, start: dt.date, params: ParameterSet) -> dt.date:
    """A first decision period of ``decision_period_max_months`` (forskrift § 2), ending no later
    than the month before the 67th birthday (stl. § 29)."""
    months = params.integer("decision_period_max_months", start)
    return min(calendar.add_months(start, months) - calendar.ONE_DAY, latest_programme_end(birth_date, start, params))


def allowance_preview(gathered: Gathered, start: dt.date, period_to: dt.date, params: ParameterSet) -> AllowancePreview:
    """What the participant will get: the annual rate on the start day and the first (part) month
    computed by ``rules.allowance`` with its arithmetic. stl. § 35, forskrift §§ 3–4."""
    annual = rates.annual_rate(gathered.birth_date, start, params)
    months = params.integer("months_per_year", start)
    full = rates.is_full_rate(gathered.birth_date, start, params)
    first_month = Period(start, min(period_to, calendar.month_end(start.year, start.month)))
    facts = AllowanceFacts(birth_date=gathered.birth_date, programme=Period(start, period_to),
                           children=tuple(Child(born) for born in gathered.children))
    result = compute_allowance(facts, first_month, params)
    children = sum(1 for born in gathered.children if born <= start < calendar.anniversary(born, 18))
    return AllowancePreview(
        start=start, annual_rate=annual, monthly=round_ore(annual / months), under_25=not full,
        full_rate_from=None if full else rates.full_rate_from(gathered.birth_date, params, start), children=children,
        child_supplement_per_day=round_ore(rates.child_supplement_rate(start, params)), first_month=first_month,
        lines=tuple(PreviewLine(translate(line.text, "nb"), line.basis, line.amount) for line in result.lines),
        total=result.total,
    )  # fmt: skip


@dataclass(frozen=True)
class _Plan:
    """Everything concluding will write, worked out (and validated) before anything is written."""

    screening_id: int
    version: int
    person_id: int
    application_id: int
    evaluation: Evaluation
    facts_json: dict[str, Any]
    outcome: str
    draft: Any  # GrantDraftInput | RefusalDraftInput
    preview: AllowancePreview | None = None
    extra: dict[str, str] = field(default_factory=dict)


def _plan(ctx: AppContext, screening_id: int, version: int, facts: ScreeningFacts,
          judgements: tuple[Judgement, ...], data: ConclusionInput, today: dt.date) -> _Plan:
    from kvp_desktop.services.letters.drafting import GrantDraftInput, RefusalDraftInput

    with ctx.uow() as uow:
        session = uow.session
        row = _open_row(session, screening_id, version)
        application = session.get(Application, row.application_id)
        assert application is not None
        params = office_parameters(session)
        gathered = gather(session, application, today)
        registered = application.registered_date
    evaluation = evaluate(gathered, facts, judgements, today, params)
    if evaluation.problems:
        lead = _("Vurderingen kan ikke konkluderes før alle vilkår er vurdert og begrunnet.")
        raise ValidationError({"conclusion": lead, **{f"criteria.{code}": msg for code, msg in evaluation.problems}})
    considerations = data.considerations.strip()
    if len(considerations) > 8000:
        raise ValidationError({"considerations": _("Vurderingene kan ha høyst 8000 tegn.")})
    # The facts a letter lists are those the decision rests on (fvl. § 25): for a refusal the facts
    # of the failed criteria, in words for the applicant; a grant letter lists the application, the
    # § 14 a assessment and the children (``decisions``). The full list stays in the caseworker's view.
    facts_lines = tuple(line for item in evaluation.criteria if item.state == Status.NOT_MET
                        for line in _facts_used(Criterion(item.code), gathered, facts, today, for_letter=True))
    if evaluation.overall == Status.MET:
        start, period_to = data.proposed_start, data.first_period_to
        problems = {}
        warnings: list[str] = []  # docs/rules.md: warnings the caseworker answers, not blocks
        deadline = calendar.add_months(registered, params.integer("start_deadline_months", registered))
        latest = latest_programme_end(gathered.birth_date, today, params)
        if start is None:
            problems["proposed_start"] = _("Skriv foreslått startdato for programmet.")
        elif start < registered:
            problems["proposed_start"] = _("Programmet kan ikke starte før søknadsdatoen.")
        elif start > latest:
            problems["proposed_start"] = _("Programmet må avsluttes senest {dato} (måneden før 67-årsdagen).",
                                           dato=format_date_short(latest))
        if start is not None and not problems:
            if start > deadline:  # rules.programme.check_start: the six-month rule is unconfirmed
                warnings.append(_("Programmet starter {start}, mer enn {maaneder} måneder etter søknadsdatoen "
                                  "(senest {frist}, stl. § 31).", start=format_date_short(start),
                                  maaneder=params.integer("start_deadline_months", registered),
                                  frist=format_date_short(deadline)))
            period_to = period_to or default_first_period_to(gathered.birth_date, start, params)
            longest = calendar.add_months(start, params.integer("decision_period_max_months", start))
            if period_to < start:
                problems["first_period_to"] = _("Første vedtaksperiode må slutte etter at den begynner.")
            elif period_to > latest:
                problems["first_period_to"] = _("Programmet må avsluttes senest {dato} (måneden før 67-årsdagen).",
                                                dato=format_date_short(latest))
            elif period_to >= longest:  # rules.programme.check_decision_periods
                warnings.append(_("Første vedtaksperiode er lengre enn {maaneder} måneder (forskrift § 2).",
                                  maaneder=params.integer("decision_period_max_months", start)))
        answer = data.warnings_answer.strip()
        if not problems and warnings and not answer:
            problems["warnings_answer"] = " ".join(
                [*warnings, _("Skriv i «Begrunnelse for avviket» hvorfor du likevel konkluderer slik.")])
        elif len(answer) > 4000:
            problems["warnings_answer"] = _("Begrunnelsen for avviket kan ha høyst 4000 tegn.")
        if problems:
            raise ValidationError(problems)
        assert start is not None and period_to is not None
        draft: Any = GrantDraftInput(
            person_id=gathered.person_id, application_id=gathered.application_id, proposed_start=start,
            first_period_to=period_to, considerations=considerations, facts=facts_lines,
            reasons=tuple((f"{_(item.label)}: {item.reasoning or item.rule_text}", item.reference)
                          for item in evaluation.criteria),
            today=today,
        )  # fmt: skip
        return _Plan(screening_id, version, gathered.person_id, gathered.application_id, evaluation,
                     facts_to_json(facts),
                     "grant", draft, allowance_preview(gathered, start, period_to, params),
                     {"proposed_start": start.isoformat(), "first_period_to": period_to.isoformat(),
                      **({"plan_warnings": "\n".join(warnings), "plan_warnings_answer": answer} if warnings else {})})
    failed = tuple(
        (_(item.label), item.reasoning or item.rule_text, item.reference, item.rests_on_14a)
        for item in evaluation.criteria if item.state == Status.NOT_MET
    )
    refusal = RefusalDraftInput(person_id=gathered.person_id, application_id=gathered.application_id,
                                failed_criteria=failed, considerations=considerations, facts=facts_lines, today=today)
    return _Plan(screening_id, version, gathered.person_id, gathered.application_id, evaluation, facts_to_json(facts),
                 "refuse", refusal, None, {"appeal_route": evaluation.appeal_route})


def conclude_screening(
    ctx: AppContext,
    screening_id: int,
    version: int,
    facts: ScreeningFacts,
    judgements: tuple[Judgement, ...],
    data: ConclusionInput,
    now: dt.datetime | None = None,
) -> ConclusionResult:
    """Conclude an open screening version: save it with user and time, set the application to
    granted/refused and make the decision draft. Refused with a Norwegian message (and nothing
    saved) while a criterion is unassessed or a judgement lacks reasoning."""
    roles.require(ctx, Permission.CONCLUDE_SCREENING)
    roles.require(ctx, Permission.HANDLE_APPLICATIONS)
    _check_text(judgements)
    now = now or dt.datetime.now()
    today = now.date()
    with ctx.uow() as uow:  # concluding again returns what the first conclusion made
        row = _load(uow.session, screening_id)
        if row.concluded_at is not None and row.decision_id is not None and row.version == version + 1:
            return _result_of(uow.session, row, today)
    plan = _plan(ctx, screening_id, version, facts, judgements, data, today)

    from kvp_desktop.services.letters import drafting

    # One transaction: the conclusion, the application's status and the decision draft are
    # saved together or not at all.
    with ctx.uow() as uow:
        session = uow.session
        row = _open_row(session, screening_id, version)
        application = session.get(Application, row.application_id)
        assert application is not None
        if plan.outcome == "grant":
            draft = drafting.add_grant_draft(ctx, session, plan.draft)
        else:
            draft = drafting.add_refusal_draft(ctx, session, plan.draft)
        session.flush()
        decision_id = draft.id
        row.facts = {**plan.facts_json, **plan.extra}
        row.assessments = assessments_to_json(plan.evaluation)
        row.conclusion = plan.outcome
        row.concluded_at = now.replace(microsecond=0)
        row.concluded_by_id = ctx.user.id
        row.decision_id = decision_id
        application.status = "granted" if plan.outcome == "grant" else "refused"
        session.flush()
        ctx.audit(session, "conclude", "screening", row.id, application.person_id,
                  f"versjon {row.revision}: {plan.outcome}, utkast {decision_id}")
        uow.commit()
    return ConclusionResult(screening_id, plan.outcome, decision_id,
                            plan.extra.get("appeal_route"), plan.preview)


def _result_of(session: Session, row: Screening, today: dt.date) -> ConclusionResult:
    view = _view(session, row, today)
    preview_ = None
    if row.conclusion == "grant" and view.proposed_start and view.first_period_to:
        preview_ = allowance_preview(view.gathered, view.proposed_start, view.first_period_to,
                                     office_parameters(session))
    route = view.evaluation.appeal_route if row.conclusion == "refuse" else None
    assert row.conclusion is not None and row.decision_id is not None
    return ConclusionResult(row.id, row.conclusion, row.decision_id, route, preview_)


def conclusion_of(ctx: AppContext, screening_id: int, today: dt.date | None = None) -> ConclusionResult | None:
    """The result of a concluded version (``None`` while it is open)."""
    with ctx.uow() as uow:
        row = _load(uow.session, screening_id)
        if row.concluded_at is None or row.decision_id is None:
            return None
        return _result_of(uow.session, row, today or dt.date.today())


# --- «Utskrift til samtale» ---------------------------------------------------------------------------
def _bool_text(value: bool | None) -> str:
    return _yes_no(value).capitalize()


def print_for_conversation(ctx: AppContext, screening_id: int, today: dt.date | None = None) -> bytes:
    """The screening as a PDF working paper with the applicant's facts (printing is audited)."""
    from kvp_desktop.documents.screening_print import PrintCriterion, ScreeningPrint, render_screening_print
    from kvp_desktop.services.infrastructure.validation import mask_identity_number
    from kvp_desktop.services.screening.applications import ASSESSMENT_STATES, CHANNELS, innsatsgruppe_label
    from kvp_desktop.store.models import OfficeSettings

    roles.require(ctx, Permission.HANDLE_APPLICATIONS)
    today = today or dt.date.today()
    with ctx.uow() as uow:
        session = uow.session
        row = _load(session, screening_id)
        view = _view(session, row, today)
        application = session.get(Application, row.application_id)
        person = session.get(Person, view.person_id)
        assert application is not None and person is not None
        office = session.scalar(select(OfficeSettings.office_name).limit(1)) or ""
        name = f"{person.first_name} {person.last_name}"
        masked = mask_identity_number(person.fodselsnummer)
        caseworker = _user_name(session, application.kvp_caseworker_id)
        channel = application.channel
        ctx.audit(session, "print", "screening", row.id, person.id, f"versjon {row.revision}")
        uow.commit()
    g, f, ev = view.gathered, view.facts, view.evaluation
    state = _("Konkludert {dato} av {navn}", dato=format_date_short(view.concluded_at.date()),
              navn=view.concluded_by) if view.concluded_at else _("Pågår (ikke konkludert)")
    header = (
        (_("Søker"), f"{name} ({masked})"),
        (_("Søknad registrert"), format_date_short(g.application_date)),
        (_("Kanal"), _(CHANNELS.get(channel, channel))),
        (_("KVP-veileder"), caseworker or "–"),
        (_("Vurdering"), _("Versjon {versjon}, {tilstand}", versjon=view.revision, tilstand=state)),
    )
    rights = ", ".join(_(BENEFIT_LABELS[b]) for b in BENEFIT_LABELS if b in f.benefits) or _("Ingen registrert")
    applicant = [
        (_("Fødselsdato og alder"), _("{dato} ({alder} år)", dato=format_date_short(g.birth_date),
                                      alder=calendar.age_on(g.birth_date, ev.on))),
        (_("Lovlig opphold"), _bool_text(f.lawful_residence)),
        (_("Fast bopel"), _bool_text(f.fixed_abode)),
        (_("EØS-borger eller familiemedlem"), _bool_text(f.eea_citizen_or_family)),
        (_("Rett til eller mottar ytelser"), rights),
        (_("Arbeidsevnevurdering"), _("{dato}: {gruppe}", dato=format_date_short(g.work_ability_assessment_date),
                                      gruppe=innsatsgruppe_label(g.work_ability_outcome) or "–")
         if g.work_ability_assessment_date else _("Ikke registrert")),
        (_("Språk er eneste hinder"), _bool_text(f.language_only_obstacle)),
        (_("I ordinær utdanning"), _bool_text(f.in_ordinary_education)),
        (_("Soner straff"), _bool_text(f.serving_sentence)),
        (_("Barn i husstanden"), str(len(g.children))),
    ]
    applicant += [(_("Ytelser før søknaden"), line) for line in g.kostra_lines]
    if g.mapping_groups:
        applicant.append((_("Kartlagte behov"), ", ".join(g.mapping_groups)))
    criteria = tuple(
        PrintCriterion(
            label=_(item.label), state_label=_(ASSESSMENT_STATES[item.state]), state=item.state,
            reference=item.reference, facts=item.facts_used, rule_text=item.rule_text,
            assessment_label=_(ASSESSMENT_STATES[item.assessment]) if item.assessment else (
                "" if item.needs_judgement else _("Avgjøres av regelen ut fra opplysningene")),
            reasoning=item.reasoning,
        )
        for item in ev.criteria
    )  # fmt: skip
    counts = [sum(1 for c in ev.criteria if c.state == s) for s in ("met", "not_met", "needs_assessment")]
    summary = _("{oppfylt} oppfylt, {ikke} ikke oppfylt, {vurderes} må vurderes.", oppfylt=counts[0], ikke=counts[1],
                vurderes=counts[2])
    if ev.outcome == "grant":
        summary += " " + _("Alle vilkår er oppfylt: vurderingen peker mot innvilgelse.")
    elif ev.outcome == "refuse":
        summary += " " + _("Ett eller flere vilkår er ikke oppfylt: vurderingen peker mot avslag.")
    labels = {
        "facts": _("Opplysninger om søkeren"), "criteria": _("Vilkårene i sosialtjenesteloven § 29"),
        "facts_used": _("Opplysninger"), "why": _("Regelen sier"), "assessment": _("Saksbehandlers vurdering"),
        "blank": _("Ikke vurdert ennå"), "prompts": _("Særlige forhold å ta opp"), "summary": _("Oppsummering"),
        "notes": _("Notater fra samtalen"), "page": _("Side {side}", side="{side}"),
    }  # fmt: skip
    return render_screening_print(ScreeningPrint(
        title=_("Vurdering av inngangsvilkår – utskrift til samtale"), office=office, printed=today,
        header_rows=header, applicant_facts=tuple(applicant), criteria=criteria,
        prompts=tuple((p.text, p.reference) for p in ev.prompts), summary=summary, labels=labels,
        footer=_("{kontor} · skrevet ut {dato} · arbeidsdokument, ikke et vedtak", kontor=office,
                 dato=format_date_short(today)),
    ))


def innsatsgruppe_choices() -> list[tuple[str, str]]:
    """``(value, bokmål name msgid)`` of the NAV-loven § 14 a outcomes, in the rule's order."""
    from kvp_desktop.rules.entry_conditions import INNSATSGRUPPE_NAMES, Innsatsgruppe

    return [(group.value, INNSATSGRUPPE_NAMES[group]) for group in Innsatsgruppe]


# --- the tab in one read ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ScreeningTabView:
    """What the Inngangsvilkår tab shows for a person, read at once (:func:`screening_view`)."""

    person_id: int
    applications: list[ApplicationView]  # newest first, each with its latest screening version
    current: ScreeningView | None  # the newest application's current screening (None: not started)
    history: list[ScreeningSummary]  # every version of the newest application's screening, newest first
    deadlines: PersonDeadlines | None  # None when not asked for (the person bar has them)
    offer: ProgrammeOffer | None  # «Opprett program»: an issued grant without a programme


def screening_view(ctx: AppContext, person_id: int, today: dt.date | None = None, *,
                   deadlines: bool = True) -> ScreeningTabView:
    """The person's applications with their latest screening, the newest application's current screening
    and its history, the deadlines (``deadlines``) and the programme offer: one read unit of work, a
    statement per table instead of one per application (a shared office's server is across a network)."""
    from sqlalchemy.orm import joinedload

    from kvp_desktop.services.office import view_cache
    from kvp_desktop.services.programmes.programmes import offers_for
    from kvp_desktop.services.screening.applications import ApplicationView, _criteria_of
    from kvp_desktop.services.screening.deadlines import deadlines_in
    from kvp_desktop.store.models import Decision

    today = today or dt.date.today()
    with ctx.read() as uow:
        session = uow.session
        person = session.scalars(select(Person).options(joinedload(Person.children))
                                 .where(Person.id == person_id)).unique().first()
        if person is None:
            raise NotFoundError(_("Personen finnes ikke (lenger) i registeret."))
        apps = session.scalars(
            select(Application).where(Application.person_id == person_id)
            .order_by(Application.registered_date.desc(), Application.id.desc())
        ).all()
        by_application: dict[int, list[Screening]] = {}
        states: dict[int, str] = {}
        if apps:
            # With the decision's state and the concluding user (kept in the session for _user_name).
            for row, state, _user in session.execute(
                select(Screening, Decision.state, User).outerjoin(Decision, Decision.id == Screening.decision_id)
                .outerjoin(User, User.id == Screening.concluded_by_id)
                .where(Screening.application_id.in_([a.id for a in apps]))
                .order_by(Screening.application_id, Screening.revision.desc())
            ).tuples():
                by_application.setdefault(row.application_id, []).append(row)
                if row.decision_id is not None and state is not None:
                    states[row.decision_id] = state
        views = []
        for app in apps:
            latest = by_application.get(app.id, [None])[0]
            views.append(ApplicationView(
                id=app.id, registered_date=app.registered_date, channel=app.channel, status=app.status,
                work_ability_outcome=app.work_ability_outcome,
                screening_revision=latest.revision if latest else None,
                concluded=bool(latest and latest.concluded_at), conclusion=latest.conclusion if latest else None,
                criteria=_criteria_of(latest), decision_id=latest.decision_id if latest else None,
                decision_state=states.get(latest.decision_id) if latest and latest.decision_id else None,
            ))
        current = None
        history: list[ScreeningSummary] = []
        if apps and by_application.get(apps[0].id):
            rows = by_application[apps[0].id]
            current = _view(session, rows[0], today, view_cache.parameters(ctx, session))
            for row in rows:
                counted = [str(item.get("state")) for item in (row.assessments or {}).values()
                           if isinstance(item, dict)]
                history.append(ScreeningSummary(
                    row.id, row.revision, row.created_at, row.conclusion, row.concluded_at,
                    _user_name(session, row.concluded_by_id), row.decision_id,
                    (counted.count("met"), counted.count("not_met"), counted.count("needs_assessment")),
                ))
        found = deadlines_in(ctx, session, person_id, person.birth_date, today) if deadlines else None
        offer = None
        if views and views[0].status == "granted" and views[0].decision_id is not None \
                and not views[0].decision_pending:
            offers = offers_for(session, [person_id])
            offer = offers[0] if offers else None
    return ScreeningTabView(person_id, views, current, history, found, offer)
