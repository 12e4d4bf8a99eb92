# Kept whole (~720 lines): one function per criterion of stl. § 29, read side by side with the law; `evaluate` runs
# them in the law's order.
"""Entry conditions for kvalifiseringsprogram: stl. § 29 (with § 2 and the bopel forskrift).

Each criterion comes out MET, NOT_MET or NEEDS_ASSESSMENT with reasons and its legal
reference. Deterministic facts (age, residence, other benefits, the § 14 a outcome) are checked
here; the discretionary criteria (substantially reduced ability to work and earn, need for
close and coordinated help, whether the office can offer a suitable programme, whether other
benefits are "very limited") are **never** decided here: they take the caseworker's judgement
as ``Optional[bool]``, and ``None`` gives NEEDS_ASSESSMENT with the missing field named.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from kvp_desktop.i18n import N_
from kvp_desktop.parameters import ParameterSet
from kvp_desktop.rules import calendar
from kvp_desktop.rules.reasons import Reason


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NEEDS_ASSESSMENT = "needs_assessment"


class Criterion(StrEnum):
    AGE = "age"
    LAWFUL_RESIDENCE = "lawful_residence"
    FIXED_ABODE = "fixed_abode"
    OTHER_BENEFITS = "other_benefits"
    WORK_ABILITY_ASSESSMENT = "work_ability_assessment"
    REDUCED_CAPACITY = "reduced_capacity"
    CLOSE_COORDINATED_HELP = "close_coordinated_help"
    SUITABLE_PROGRAMME = "suitable_programme"
    PREVIOUS_PARTICIPATION = "previous_participation"


class Benefit(StrEnum):
    """Benefits for living costs the applicant has a right to or receives."""

    AAP = "aap"
    UFORETRYGD = "uforetrygd"
    OVERGANGSSTONAD = "overgangsstonad"
    INTRODUKSJONSPROGRAM = "introduksjonsprogram"
    UNGDOMSPROGRAM = "ungdomsprogram"
    DAGPENGER = "dagpenger"
    SYKEPENGER = "sykepenger"
    FORELDREPENGER = "foreldrepenger"
    ALDERSPENSJON = "alderspensjon"
    ETTERLATTEPENSJON = "etterlattepensjon"
    OTHER = "other"


class Innsatsgruppe(StrEnum):
    """Outcome of the NAV-loven § 14 a decision (navikt/veilarbvedtaksstotte)."""

    STANDARD = "standard"
    SITUASJONSBESTEMT = "situasjonsbestemt"
    SPESIELT_TILPASSET = "spesielt_tilpasset"
    GRADERT_VARIG = "gradert_varig"
    VARIG = "varig"


INNSATSGRUPPE_NAMES: dict[Innsatsgruppe, str] = {
    Innsatsgruppe.STANDARD: N_("Gode muligheter"),
    Innsatsgruppe.SITUASJONSBESTEMT: N_("Trenger veiledning"),
    Innsatsgruppe.SPESIELT_TILPASSET: N_("Trenger veiledning, nedsatt arbeidsevne"),
    Innsatsgruppe.GRADERT_VARIG: N_("Jobbe delvis"),
    Innsatsgruppe.VARIG: N_("Liten mulighet til å jobbe"),
}

REFERENCES: dict[Criterion, str] = {
    Criterion.AGE: "stl. § 29 første ledd",
    Criterion.LAWFUL_RESIDENCE: "stl. § 2, forskrift 16.12.2011 nr. 1251",
    Criterion.FIXED_ABODE: "stl. § 2, forskrift 16.12.2011 nr. 1251",
    Criterion.OTHER_BENEFITS: "stl. § 29 første ledd",
    Criterion.WORK_ABILITY_ASSESSMENT: "stl. § 29 andre ledd bokstav a, NAV-loven § 14 a",
    Criterion.REDUCED_CAPACITY: "stl. § 29 første ledd",
    Criterion.CLOSE_COORDINATED_HELP: "stl. § 29 andre ledd bokstav b",
    Criterion.SUITABLE_PROGRAMME: "stl. § 29 andre ledd bokstav c",
    Criterion.PREVIOUS_PARTICIPATION: "stl. § 32, forskrift § 2",
}

# Benefits that exclude the right to KVP (rundskriv 2012 til § 29).
_EXCLUDING: dict[Benefit, Reason] = {
    Benefit.AAP: Reason(
        "benefits.aap",
        N_(
            "Personer med rett til arbeidsavklaringspenger har ikke rett til kvalifiseringsprogram. "
            "Kvalifiseringsprogrammet skal ikke brukes til avklaring av helseproblemer."
        ),
        "stl. § 29 første ledd, folketrygdloven kap. 11",
    ),
    Benefit.OVERGANGSSTONAD: Reason(
        "benefits.overgangsstonad",
        N_(
            "Personer med rett til overgangsstønad har ikke rett til kvalifiseringsprogram. "
            "Overgangsstønaden kan eventuelt forlenges i påvente av oppstart i programmet."
        ),
        "stl. § 29 første ledd, folketrygdloven kap. 15",
    ),
    Benefit.INTRODUKSJONSPROGRAM: Reason(
        "benefits.introduksjonsprogram",
        N_("Personer med rett til introduksjonsprogram har ikke rett til kvalifiseringsprogram."),
        "stl. § 29 første ledd, integreringsloven",
    ),
}


@dataclass(frozen=True)
class EntryFacts:
    """What is known about the applicant. Judgements are ``None`` until the caseworker has
    made them; they are never guessed."""

    birth_date: dt.date
    lawful_residence: bool | None = None
    residence_only_utl_111: bool = False
    eea_citizen_or_family: bool = False
    fixed_abode: bool | None = None
    benefits: frozenset[Benefit] = frozenset()
    work_ability_assessment_date: dt.date | None = None
    innsatsgruppe: Innsatsgruppe | None = None
    language_only_obstacle: bool | None = None
    serving_sentence: bool = False
    in_ordinary_education: bool = False
    previous_programme_months: int = 0
    # The caseworker's judgements (discretionary, stl. § 29):
    reduced_capacity: bool | None = None
    needs_close_coordinated_help: bool | None = None
    can_offer_suitable_programme: bool | None = None
    benefits_very_limited: bool | None = None
    # «Jobbe delvis» (gradert varig tilpasset innsats) needs the caseworker's assessment:
    work_ability_suits_programme: bool | None = None


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    status: Status
    reference: str
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class EntryAssessment:
    """All criteria on ``on``, and prompts for special cases the caseworker must consider."""

    on: dt.date
    criteria: tuple[CriterionResult, ...]
    prompts: tuple[Reason, ...]

    @property
    def overall(self) -> Status:
        statuses = {result.status for result in self.criteria}
        if Status.NOT_MET in statuses:
            return Status.NOT_MET
        if Status.NEEDS_ASSESSMENT in statuses:
            return Status.NEEDS_ASSESSMENT
        return Status.MET

    def result(self, criterion: Criterion) -> CriterionResult:
        return next(result for result in self.criteria if result.criterion == criterion)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(field for result in self.criteria for field in result.missing)


def _result(criterion: Criterion, status: Status, *reasons: Reason, missing: tuple[str, ...] = ()) -> CriterionResult:
    return CriterionResult(criterion, status, REFERENCES[criterion], reasons, missing)


def _judgement_missing(criterion: Criterion, field: str, text: str) -> CriterionResult:
    return _result(
        criterion,
        Status.NEEDS_ASSESSMENT,
        Reason(f"{criterion}.needs_assessment", text, REFERENCES[criterion]),
        missing=(field,),
    )


def check_age(facts: EntryFacts, on: dt.date, params: ParameterSet) -> CriterionResult:
    """Working age (yrkesaktiv alder): stl. § 29 første ledd. Lower limit 19 (the calendar year,
    before 2019) or 18 (from 2019); the programme must end at the latest in the month before
    the 67th birthday (rundskriv 2012)."""
    ref = REFERENCES[Criterion.AGE]
    minimum = params.integer("min_age", on)
    if params.text("min_age_counting", on) == "calendar_year":
        reached = dt.date(facts.birth_date.year + minimum, 1, 1)
    else:
        reached = calendar.anniversary(facts.birth_date, minimum)
    if on < reached:
        return _result(
            Criterion.AGE,
            Status.NOT_MET,
            Reason(
                "age.too_young",
                N_("Søkeren har ikke nådd den nedre aldersgrensen på {alder} år (nås {dato})."),
                ref,
                {"alder": minimum, "dato": reached},
            ),
        )
    limit_month = calendar.first_of_month(calendar.anniversary(facts.birth_date, params.integer("max_age", on)))
    latest_end = limit_month - calendar.ONE_DAY
    if on >= limit_month:
        return _result(
            Criterion.AGE,
            Status.NOT_MET,
            Reason(
                "age.too_old",
                N_("Programmet må avsluttes senest måneden før søkeren fyller 67 år ({dato})."),
                ref,
                {"dato": latest_end},
            ),
        )
    return _result(
        Criterion.AGE,
        Status.MET,
        Reason(
            "age.met",
            N_("Søkeren er i yrkesaktiv alder. Programmet må avsluttes senest {dato}."),
            ref,
            {"dato": latest_end},
        ),
    )


def check_lawful_residence(facts: EntryFacts) -> CriterionResult:
    """Lawful residence: stl. § 2 and forskrift om sosiale tjenester for personer uten fast
    bopel i Norge."""
    ref = REFERENCES[Criterion.LAWFUL_RESIDENCE]
    if facts.lawful_residence is None:
        return _result(
            Criterion.LAWFUL_RESIDENCE,
            Status.NEEDS_ASSESSMENT,
            Reason("residence.unknown", N_("Det er ikke registrert om søkeren har lovlig opphold i Norge."), ref),
            missing=("lawful_residence",),
        )
    if not facts.lawful_residence:
        return _result(
            Criterion.LAWFUL_RESIDENCE,
            Status.NOT_MET,
            Reason("residence.not_lawful", N_("Søkeren har ikke lovlig opphold i Norge."), ref),
        )
    return _result(
        Criterion.LAWFUL_RESIDENCE,
        Status.MET,
        Reason("residence.met", N_("Søkeren har lovlig opphold i Norge."), ref),
    )


def check_fixed_abode(facts: EntryFacts, on: dt.date, params: ParameterSet) -> CriterionResult:
    """Fixed abode (fast bopel): stl. § 2, forskrift 16.12.2011 nr. 1251; from 7 March 2025 not
    required for EEA citizens with lawful residence under the EEA agreement (§ 1a,
    FOR-2025-03-07-381), but people whose right rests only on utlendingsloven § 111 get no
    individual services."""
    ref = REFERENCES[Criterion.FIXED_ABODE]
    if facts.fixed_abode is None:
        return _result(
            Criterion.FIXED_ABODE,
            Status.NEEDS_ASSESSMENT,
            Reason("abode.unknown", N_("Det er ikke registrert om søkeren har fast bopel i Norge."), ref),
            missing=("fixed_abode",),
        )
    if facts.fixed_abode:
        return _result(
            Criterion.FIXED_ABODE, Status.MET, Reason("abode.met", N_("Søkeren har fast bopel i Norge."), ref)
        )
    if facts.residence_only_utl_111:
        return _result(
            Criterion.FIXED_ABODE,
            Status.NOT_MET,
            Reason(
                "abode.utl_111",
                N_(
                    "Søkeren har oppholdsrett bare etter utlendingsloven § 111 og ingen fast bopel, og har "
                    "da bare rett til opplysning, råd og veiledning og nødhjelp, ikke individuelle tjenester."
                ),
                "forskrift 16.12.2011 nr. 1251 § 1a, FOR-2025-03-07-381",
            ),
        )
    if facts.eea_citizen_or_family and params.flag("eea_abode_exception", on):
        return _result(
            Criterion.FIXED_ABODE,
            Status.MET,
            Reason(
                "abode.eea_exception",
                N_(
                    "Kravet om fast bopel gjelder ikke for EØS-borgere og deres familiemedlemmer med "
                    "lovlig opphold etter EØS-avtalen."
                ),
                "forskrift 16.12.2011 nr. 1251 § 1a, FOR-2025-03-07-381",
            ),
        )
    return _result(
        Criterion.FIXED_ABODE,
        Status.NOT_MET,
        Reason("abode.none", N_("Søkeren har ikke fast bopel i Norge."), ref),
    )


def check_other_benefits(facts: EntryFacts) -> CriterionResult:
    """No or only very limited benefits for living costs under folketrygdloven or
    arbeidsmarkedsloven: stl. § 29 første ledd. AAP, uføretrygd, overgangsstønad and the
    introduction programme exclude the right (rundskriv 2012); the ungdomsprogramytelse cannot
    run together with the stønad (FOR-2025-06-20-1182 § 12). Whether other benefits are "very
    limited" is the caseworker's judgement."""
    ref = REFERENCES[Criterion.OTHER_BENEFITS]
    excluding = [_EXCLUDING[b] for b in Benefit if b in facts.benefits and b in _EXCLUDING]
    if excluding:
        return _result(Criterion.OTHER_BENEFITS, Status.NOT_MET, *excluding)
    if not facts.benefits:
        return _result(
            Criterion.OTHER_BENEFITS,
            Status.MET,
            Reason("benefits.none", N_("Søkeren har ingen registrerte ytelser til livsopphold."), ref),
        )
    notes: list[Reason] = []
    if Benefit.UFORETRYGD in facts.benefits:
        # Graded uføretrygd can be «svært begrensede ytelser»; it is assessed, never refused outright.
        notes.append(
            Reason(
                "benefits.uforetrygd",
                N_(
                    "Søkeren har uføretrygd. Gradert uføretrygd kan være svært begrensede ytelser til livsopphold; "
                    "vurder graden og hva søkeren har å leve av."
                ),
                "stl. § 29 første ledd, folketrygdloven kap. 12",
            )
        )
    if Benefit.UNGDOMSPROGRAM in facts.benefits:
        notes.append(
            Reason(
                "benefits.ungdomsprogram",
                N_(
                    "Ungdomsprogramytelse kan ikke gis samtidig med kvalifiseringsstønad. Ungdomsprogrammet "
                    "må avsluttes før stønaden kan begynne."
                ),
                "FOR-2025-06-20-1182 § 12",
            )
        )
    if facts.benefits & {Benefit.DAGPENGER, Benefit.SYKEPENGER, Benefit.FORELDREPENGER}:
        notes.append(
            Reason(
                "benefits.offset",
                N_("Dagpenger, sykepenger og foreldrepenger samordnes krone for krone med stønaden."),
                "stl. § 38",
            )
        )
    if facts.benefits_very_limited is None:
        return _result(
            Criterion.OTHER_BENEFITS,
            Status.NEEDS_ASSESSMENT,
            Reason(
                "benefits.needs_assessment",
                N_("Søkeren har andre ytelser. Vurder om de er ingen eller svært begrensede ytelser til livsopphold."),
                ref,
            ),
            *notes,
            missing=("benefits_very_limited",),
        )
    if facts.benefits_very_limited:
        return _result(
            Criterion.OTHER_BENEFITS,
            Status.MET,
            Reason(
                "benefits.very_limited",
                N_("Saksbehandleren har vurdert at ytelsene til livsopphold er svært begrensede."),
                ref,
            ),
            *notes,
        )
    return _result(
        Criterion.OTHER_BENEFITS,
        Status.NOT_MET,
        Reason(
            "benefits.not_limited",
            N_("Saksbehandleren har vurdert at ytelsene til livsopphold ikke er svært begrensede."),
            ref,
        ),
        *notes,
    )


def check_work_ability_assessment(facts: EntryFacts, on: dt.date, params: ParameterSet) -> CriterionResult:
    """An arbeidsevnevurdering with the outcome "spesielt tilpasset innsats" ("Trenger
    veiledning, nedsatt arbeidsevne"): stl. § 29 andre ledd bokstav a, NAV-loven § 14 a."""
    ref = REFERENCES[Criterion.WORK_ABILITY_ASSESSMENT]
    assessed = facts.work_ability_assessment_date
    if assessed is None or assessed > on:
        return _result(
            Criterion.WORK_ABILITY_ASSESSMENT,
            Status.NEEDS_ASSESSMENT,
            Reason(
                "work_ability.missing",
                N_("Arbeidsevnevurdering etter NAV-loven § 14 a er ikke gjennomført."),
                ref,
            ),
            missing=("work_ability_assessment_date",),
        )
    if facts.innsatsgruppe is None:
        return _result(
            Criterion.WORK_ABILITY_ASSESSMENT,
            Status.NEEDS_ASSESSMENT,
            Reason("work_ability.no_outcome", N_("Utfallet (innsatsgruppen) av arbeidsevnevurderingen mangler."), ref),
            missing=("innsatsgruppe",),
        )
    required = Innsatsgruppe(params.text("required_innsatsgruppe", on))
    if facts.innsatsgruppe == Innsatsgruppe.GRADERT_VARIG and required == Innsatsgruppe.SPESIELT_TILPASSET:
        # «Jobbe delvis»: reduced work ability for good, but able to work part-time; whether the
        # programme's close and coordinated help is suitable is assessed in the case.
        gruppe = {"gruppe": INNSATSGRUPPE_NAMES[facts.innsatsgruppe]}
        if facts.work_ability_suits_programme is None:
            return _result(
                Criterion.WORK_ABILITY_ASSESSMENT,
                Status.NEEDS_ASSESSMENT,
                Reason("work_ability.graded", N_(
                    "Arbeidsevnevurderingen ga innsatsgruppen «{gruppe}». Vurder om søkeren likevel trenger "
                    "tett og koordinert bistand gjennom programmet."), ref, gruppe),
                missing=("work_ability_suits_programme",),
            )
        status = Status.MET if facts.work_ability_suits_programme else Status.NOT_MET
        text = (N_("Innsatsgruppen «{gruppe}»: saksbehandleren har vurdert at programmet passer.")
                if facts.work_ability_suits_programme else
                N_("Innsatsgruppen «{gruppe}»: saksbehandleren har vurdert at programmet ikke passer."))
        return _result(Criterion.WORK_ABILITY_ASSESSMENT, status,
                       Reason("work_ability.graded_assessed", text, ref, gruppe))
    if facts.innsatsgruppe != required:
        return _result(
            Criterion.WORK_ABILITY_ASSESSMENT,
            Status.NOT_MET,
            Reason(
                "work_ability.wrong_group",
                N_("Arbeidsevnevurderingen ga innsatsgruppen «{gruppe}», ikke «{kreves}»."),
                ref,
                {"gruppe": INNSATSGRUPPE_NAMES[facts.innsatsgruppe], "kreves": INNSATSGRUPPE_NAMES[required]},
            ),
        )
    return _result(
        Criterion.WORK_ABILITY_ASSESSMENT,
        Status.MET,
        Reason(
            "work_ability.met",
            N_("Arbeidsevnevurdering er gjennomført {dato} med innsatsgruppen «{gruppe}»."),
            ref,
            {"dato": assessed, "gruppe": INNSATSGRUPPE_NAMES[facts.innsatsgruppe]},
        ),
    )


_LANGUAGE_ALONE = Reason(
    "reduced_capacity.language_alone",
    N_(
        "Språkproblemer alene er ikke nok til å fylle kravet om vesentlig nedsatt arbeids- og inntektsevne. "
        "Personer med språkproblemer kan være i målgruppen hvis de samtidig har utfordringer som gjør det "
        "vanskelig å følge ordinær norskopplæring, som analfabetisme, sosiale problemer eller psykiske eller "
        "fysiske plager."
    ),
    "stl. § 29 første ledd, rundskriv Hovednr. 35 kap. 4.29.2.5",
)


def check_reduced_capacity(facts: EntryFacts) -> CriterionResult:
    """Substantially reduced ability to work and earn (vesentlig nedsatt arbeids- og
    inntektsevne): stl. § 29 første ledd. Discretionary; language problems alone are not enough
    (rundskriv 4.29.2.5)."""
    ref = REFERENCES[Criterion.REDUCED_CAPACITY]
    if facts.language_only_obstacle:
        if facts.reduced_capacity:
            return _result(
                Criterion.REDUCED_CAPACITY,
                Status.NEEDS_ASSESSMENT,
                _LANGUAGE_ALONE,
                Reason(
                    "reduced_capacity.conflict",
                    N_(
                        "Vurderingen sier både at arbeidsevnen er vesentlig nedsatt og at språk er det eneste "
                        "hinderet. Kontroller og begrunn vurderingen."
                    ),
                    ref,
                ),
                missing=("language_only_obstacle",),
            )
        return _result(Criterion.REDUCED_CAPACITY, Status.NOT_MET, _LANGUAGE_ALONE)
    if facts.reduced_capacity is None:
        return _judgement_missing(
            Criterion.REDUCED_CAPACITY,
            "reduced_capacity",
            N_("Saksbehandleren må vurdere om søkeren har vesentlig nedsatt arbeids- og inntektsevne."),
        )
    if facts.reduced_capacity:
        return _result(
            Criterion.REDUCED_CAPACITY,
            Status.MET,
            Reason(
                "reduced_capacity.met",
                N_("Saksbehandleren har vurdert at søkeren har vesentlig nedsatt arbeids- og inntektsevne."),
                ref,
            ),
        )
    return _result(
        Criterion.REDUCED_CAPACITY,
        Status.NOT_MET,
        Reason(
            "reduced_capacity.not_met",
            N_("Saksbehandleren har vurdert at søkeren ikke har vesentlig nedsatt arbeids- og inntektsevne."),
            ref,
        ),
    )


def check_close_coordinated_help(facts: EntryFacts) -> CriterionResult:
    """Close, coordinated help through the programme is suitable and necessary: stl. § 29
    andre ledd bokstav b. Discretionary (typically follow-up over time from two or more
    services)."""
    ref = REFERENCES[Criterion.CLOSE_COORDINATED_HELP]
    if facts.needs_close_coordinated_help is None:
        return _judgement_missing(
            Criterion.CLOSE_COORDINATED_HELP,
            "needs_close_coordinated_help",
            N_(
                "Saksbehandleren må vurdere om tett og koordinert bistand gjennom programmet er hensiktsmessig "
                "og nødvendig, typisk oppfølging over tid fra to eller flere tjenester."
            ),
        )
    if facts.needs_close_coordinated_help:
        return _result(
            Criterion.CLOSE_COORDINATED_HELP,
            Status.MET,
            Reason(
                "close_help.met",
                N_("Saksbehandleren har vurdert at tett og koordinert bistand er hensiktsmessig og nødvendig."),
                ref,
            ),
        )
    return _result(
        Criterion.CLOSE_COORDINATED_HELP,
        Status.NOT_MET,
        Reason(
            "close_help.not_met",
            N_("Saksbehandleren har vurdert at tett og koordinert bistand ikke er nødvendig."),
            ref,
        ),
    )


_SENTENCE = Reason(
    "prompt.sentence",
    N_(
        "Søkeren soner en straff. Personer i hjemmesoning, overgangsbolig eller fengsel med frigang kan ha rett "
        "til kvalifiseringsprogram hvis NAV-kontoret i oppholdskommunen kan tilby program. Samfunnsstraff kan "
        "ikke være et tiltak i programmet."
    ),
    "stl. §§ 29 og 30, rundskriv Hovednr. 35 til § 29",
)


def check_suitable_programme(facts: EntryFacts) -> CriterionResult:
    """NAV can offer a suitable programme: stl. § 29 andre ledd bokstav c. Discretionary; a
    refusal on this ground only in exceptional cases (2019 change)."""
    ref = REFERENCES[Criterion.SUITABLE_PROGRAMME]
    extra = (_SENTENCE,) if facts.serving_sentence else ()
    if facts.can_offer_suitable_programme is None:
        return _result(
            Criterion.SUITABLE_PROGRAMME,
            Status.NEEDS_ASSESSMENT,
            Reason(
                "suitable_programme.needs_assessment",
                N_("Saksbehandleren må vurdere om NAV-kontoret kan tilby et tilpasset program."),
                ref,
            ),
            *extra,
            missing=("can_offer_suitable_programme",),
        )
    if facts.can_offer_suitable_programme:
        return _result(
            Criterion.SUITABLE_PROGRAMME,
            Status.MET,
            Reason("suitable_programme.met", N_("NAV-kontoret kan tilby et tilpasset program."), ref),
            *extra,
        )
    return _result(
        Criterion.SUITABLE_PROGRAMME,
        Status.NOT_MET,
        Reason(
            "suitable_programme.not_met",
            N_(
                "Saksbehandleren har vurdert at NAV-kontoret ikke kan tilby et tilpasset program. Dette kan bare "
                "skje unntaksvis, og ikke fordi kontoret mangler ressurser."
            ),
            ref,
        ),
        *extra,
    )


def check_previous_participation(facts: EntryFacts, on: dt.date, params: ParameterSet) -> CriterionResult:
    """Earlier programmes: stl. § 32, forskrift § 2. Before 2019 a one-time right within a
    two-year frame (re-admission once); from 1 January 2019 no limit on the number of
    programmes."""
    ref = REFERENCES[Criterion.PREVIOUS_PARTICIPATION]
    months = facts.previous_programme_months
    if months == 0:
        return _result(
            Criterion.PREVIOUS_PARTICIPATION,
            Status.MET,
            Reason("previous.none", N_("Søkeren har ikke deltatt i kvalifiseringsprogram før."), ref),
        )
    if params.flag("unlimited_readmission", on):
        return _result(
            Criterion.PREVIOUS_PARTICIPATION,
            Status.MET,
            Reason(
                "previous.unlimited",
                N_(
                    "Søkeren har deltatt i {maaneder} måneder tidligere. Siden 1. januar 2019 er det ingen grense "
                    "for hvor mange ganger en person kan delta."
                ),
                ref,
                {"maaneder": months},
            ),
        )
    frame = params.integer("programme_max_months", on)
    if months >= frame:
        return _result(
            Criterion.PREVIOUS_PARTICIPATION,
            Status.NOT_MET,
            Reason(
                "previous.used_up",
                N_("Tidsrammen på {ramme} måneder er brukt opp ({maaneder} måneder tidligere)."),
                ref,
                {"ramme": frame, "maaneder": months},
            ),
        )
    return _result(
        Criterion.PREVIOUS_PARTICIPATION,
        Status.NEEDS_ASSESSMENT,
        Reason(
            "previous.readmission",
            N_(
                "Søkeren kan tas inn igjen én gang innenfor rammen på {ramme} måneder ({gjenstaar} måneder "
                "gjenstår). Vurder om målet kan nås i den tiden som er igjen."
            ),
            ref,
            {"ramme": frame, "gjenstaar": frame - months},
        ),
        missing=("readmission_assessment",),
    )


def _prompts(facts: EntryFacts, on: dt.date, params: ParameterSet) -> tuple[Reason, ...]:
    """Special cases the caseworker must think about (rundskriv 2012 «Særlig om ulike tilfeller»)."""
    prompts: list[Reason] = []
    if facts.language_only_obstacle:
        prompts.append(_LANGUAGE_ALONE)
    if facts.in_ordinary_education:
        if params.flag("ordinary_education_allowed", on):
            prompts.append(
                Reason(
                    "prompt.ordinary_education",
                    N_(
                        "Søkeren er i ordinær utdanning. Siden 2019 kan utdanning og opplæring inngå i "
                        "programmet, men grensene er ikke bekreftet. Vurder om utdanningen skal være en del av "
                        "et arbeidsrettet program, eller om den bør fortsette utenfor programmet."
                    ),
                    "stl. § 30, Prop. 12 L (2018–2019)",
                )
            )
        else:
            prompts.append(
                Reason(
                    "prompt.ordinary_education_excluded",
                    N_(
                        "Søkeren er i ordinær utdanning. Kvalifiseringsprogrammet skal ikke brukes til ordinær "
                        "utdanning; enkeltfag kan inngå."
                    ),
                    "stl. § 30, rundskriv Hovednr. 35 (2012)",
                )
            )
    if facts.serving_sentence:
        prompts.append(_SENTENCE)
    if facts.eea_citizen_or_family and facts.fixed_abode is False:
        prompts.append(
            Reason(
                "prompt.eea",
                N_(
                    "Søkeren er EØS-borger eller familiemedlem uten fast bopel. Kontroller at oppholdet følger av "
                    "EØS-avtalen og ikke bare av utlendingsloven § 111."
                ),
                "forskrift 16.12.2011 nr. 1251 § 1a, FOR-2025-03-07-381",
            )
        )
    return tuple(prompts)


def assess_entry(facts: EntryFacts, today: dt.date, params: ParameterSet) -> EntryAssessment:
    """All § 29 criteria on ``today`` (the screening or decision date). stl. §§ 2, 29 and 32."""
    return EntryAssessment(
        on=today,
        criteria=(
            check_age(facts, today, params),
            check_lawful_residence(facts),
            check_fixed_abode(facts, today, params),
            check_other_benefits(facts),
            check_work_ability_assessment(facts, today, params),
            check_reduced_capacity(facts),
            check_close_coordinated_help(facts),
            check_suitable_programme(facts),
            check_previous_participation(facts, today, params),
        ),
        prompts=_prompts(facts, today, params),
    )
