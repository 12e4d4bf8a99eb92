"""A realistic synthetic office for demonstrations, screenshots and tests (``kvp demo``).

Everything is drawn from one ``random.Random(seed)``, relative to ``today``: the same seed and
day give the same office. Identity numbers are synthetic (see ``synthetic_ids``).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kvp_desktop.demo.kostra import add_kostra_facts
from kvp_desktop.demo.screening import add_demo_screening
from kvp_desktop.i18n import _
from kvp_desktop.rules import calendar
from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.infrastructure.errors import ServiceError
from kvp_desktop.services.infrastructure.synthetic_ids import synthetic_fodselsnummer
from kvp_desktop.services.portfolio.portfolio import STOP_POINTS
from kvp_desktop.sort_key import person_sort_key
from kvp_desktop.store.models import (
    Activity,
    Application,
    Attendance,
    Child,
    Decision,
    Evaluation,
    Mapping,
    OfficeSettings,
    Person,
    Phase,
    PlanBlock,
    PortfolioEvent,
    PortfolioReview,
    Programme,
    ProgrammePeriod,
    SupplementaryBenefit,
    User,
)

FEMALE = ["Amina", "Ingrid", "Sara", "Nora", "Emma", "Hanne", "Åse", "Sofie", "Fatima", "Máret", "Linnea",
          "Kristin", "Marte", "Aisha", "Solveig", "Maja", "Ida", "Hiba", "Randi", "Tuva", "Agnieszka", "Elin"]
MALE = ["Ahmed", "Jonas", "Ole", "Mohammed", "Emil", "Kristian", "Øyvind", "Lars", "Ali", "Jon", "Mikkel",
        "Andreas", "Tor", "Yonas", "Piotr", "Sander", "Håkon", "Bjørn", "Aslak", "Even", "Omar", "Stian"]
LAST = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
        "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Dahl", "Lie", "Ødegård",
        "Ås", "Sæther", "Bråten", "Ali", "Hussein", "Mohamed", "Nowak", "Čuđe", "Somby", "Zahl", "Ærø",
        "Aasen", "Tveit", "Strøm", "Moen", "Abdi", "Løvås", "Gundersen", "Kaur", "Tesfay", "Eide"]
STREETS = ["Kirkeveien", "Storgata", "Teieveien", "Smidsrødveien", "Tjømeveien", "Bjønnesveien", "Vestskogen",
           "Rådhusveien", "Borgheimsveien", "Presterødveien", "Kjøpmannsgata", "Fjellveien"]
PLACES = [("3140", "Nøtterøy"), ("3145", "Tjøme"), ("3150", "Tolvsrød"), ("3133", "Duken"), ("3120", "Nøtterøy")]

USERS = [
    ("demo.veileder", "Sigrid Haugen", "veileder", "Veileder", "1001"),
    ("demo.saksbehandler", "Jonas Bergersen", "saksbehandler", "KVP-veileder", "1002"),
    ("demo.attestant", "Ingrid Solheim", "attestant", "Attestant", "1003"),
    ("demo.leder", "Per Aasland", "leder", "Avdelingsleder", "1004"),
    ("admin", "Systemadministrator", "admin", "Administrator", ""),
]

# Weekly patterns: (category, activity, provider) for the morning and afternoon of each weekday.
_PATTERNS: dict[str, list[tuple[str, str, str]]] = {
    "Oppstart og kartlegging": [
        ("motivation_mastery", "Motivasjonskurs", "NAV Færder"),
        ("health_treatment", "Samtaler hos DPS", "DPS Vestfold"),
        ("physical_training", "Trening med Frisklivssentralen", "Frisklivssentralen"),
        ("own_activity", "Egenaktivitet etter plan", ""),
        ("training_education", "Norskopplæring", "Voksenopplæringen"),
        ("rest", "Hvile og restitusjon", ""),
    ],
    "Arbeidstrening og enkeltfag": [
        ("work_directed_measure", "Arbeidstrening", "Nøtterøy Bygg AS"),
        ("training_education", "Enkeltfag videregående (norsk)", "Færder videregående skole"),
        ("work_directed_measure", "Praksisplass", "Rema 1000 Tolvsrød"),
        ("physical_training", "Trening", "Frisklivssentralen"),
        ("own_activity", "Lekser og egenaktivitet", ""),
    ],
    "Jobbsøking": [
        ("job_seeking", "Jobbklubb", "NAV Færder"),
        ("job_seeking", "Jobbsøking med veileder", "NAV Færder"),
        ("work_directed_measure", "Arbeidstrening", "Tjøme Kystbåtservice"),
        ("paid_work", "Lønnet deltidsarbeid", "Coop Extra Borgheim"),
    ],
}


@dataclass(frozen=True)
class DemoSummary:
    persons: int
    applications: int
    programmes: int
    payout_runs: int
    decisions: int


def office_exists(session: Session) -> bool:
    return (session.scalar(select(func.count(OfficeSettings.id))) or 0) > 0


def _birth_date(rng: random.Random, today: dt.date) -> dt.date:
    age = rng.choice([18, 19, 20, 21, 22, 23, 24, 24, 26, 28, 31, 34, 37, 41, 45, 50, 55, 60, 66])
    start = dt.date(today.year - age - 1, today.month, 1) + dt.timedelta(days=1)
    return start + dt.timedelta(days=rng.randint(0, 360))


def _month_start(day: dt.date, months_back: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months_back
    return dt.date(index // 12, index % 12 + 1, 1)


def _month_end(first: dt.date) -> dt.date:
    nxt = _month_start(first, -1)
    return nxt - dt.timedelta(days=1)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _week_blocks(rng: random.Random, phase_name: str) -> list[PlanBlock]:
    """Mon–Fri 08:30–12:00 and 12:30–16:30: 7.5 hours a day, 37.5 hours a week."""
    pattern = _PATTERNS[phase_name]
    blocks = []
    for weekday in range(5):
        for start, end in ((8 * 60 + 30, 12 * 60), (12 * 60 + 30, 16 * 60 + 30)):
            category, activity, provider = pattern[rng.randrange(len(pattern))]
            if category == "paid_work" and start < 12 * 60:
                category, activity, provider = pattern[0]
            blocks.append(PlanBlock(weekday=weekday, start_minute=start, end_minute=end, activity=activity,
                                    category=category, provider=provider))
    return blocks


def create_demo(
    ctx: AppContext,
    persons: int = 60,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Fill an empty database with a demo office. Refuses a database that already has an office."""
    if persons < 1 or persons > 200_000:
        raise ServiceError(_("Antall personer må være mellom 1 og 200 000."))
    today = today or dt.date.today()
    rng = random.Random(seed)
    with ctx.uow() as uow:
        session = uow.session
        if office_exists(session):
            raise ServiceError(
                _("Databasen har allerede et kontor. Demodata legges bare inn i en tom database.")
            )
        session.add(OfficeSettings(
            office_name="NAV Færder (demo)", department=_("Kvalifiseringsprogrammet"),
            municipality_number="3911", municipality_name="Færder", district_number="00",
            county="Vestfold og Telemark", address="Rådhusveien 1", postcode="3140", postplace="Nøtterøy",
            phone="55 55 33 33", email="kvp.faerder@example.no", org_number="999999999",
            written_standard="nb", demo=True,
        ))
        users = []
        for username, name, role, title, number in USERS:
            user = User(username=username, full_name=name, role=role, title=title, caseworker_number=number,
                        phone="55 55 33 33", email=f"{username}@example.no")
            session.add(user)
            users.append(user)
        for name, category, provider in [
            ("Arbeidstrening", "work_directed_measure", ""), ("Praksisplass", "work_directed_measure", ""),
            ("Arbeidsforberedende trening (AFT)", "work_directed_measure", "Vekstbedrift Færder"),
            ("Lønnstilskudd", "work_directed_measure", ""),
            ("Enkeltfag videregående", "training_education", "Færder videregående skole"),
            ("Norskopplæring", "training_education", "Voksenopplæringen"),
            ("Jobbklubb", "job_seeking", "NAV Færder"), ("Helsehjelp", "health_treatment", ""),
            ("Motivasjonskurs", "motivation_mastery", "NAV Færder"),
            ("Frisklivssentralen", "physical_training", "Færder kommune"),
        ]:
            session.add(Activity(name=name, category=category, provider=provider))
        session.flush()
        caseworkers = [u for u in users if u.role in ("veileder", "saksbehandler")]
        kvp_caseworker = next(u for u in users if u.role == "saksbehandler")

        used: set[str] = set()
        counts = {"applications": 0, "programmes": 0, "decisions": 0}
        for index in range(persons):
            sex = rng.choice("12")
            birth = _birth_date(rng, today)
            number = synthetic_fodselsnummer(rng, birth, sex)
            while number in used:
                number = synthetic_fodselsnummer(rng, birth, sex)
            used.add(number)
            first = rng.choice(MALE if sex == "1" else FEMALE)
            last = rng.choice(LAST)
            postcode, place = rng.choice(PLACES)
            person = Person(
                fodselsnummer=number, first_name=first, last_name=last, sort_key=person_sort_key(last, first),
                birth_date=birth, sex=sex, marital_status=rng.choice("1111123345"),
                address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}", postcode=postcode, postplace=place,
                municipality_number="3911", journal_number=f"{today.year % 100:02d}{index + 1:06d}",
                caseworker_id=rng.choice(caseworkers).id, phone=f"9{rng.randint(1000000, 9999999)}",
                work_experience=rng.choice(["none", "little", "some", "some"]),
            )
            age = (today - birth).days // 365
            if age >= 24 and rng.random() < 0.35:
                for _n in range(rng.randint(1, 3)):
                    child_birth = today - dt.timedelta(days=rng.randint(200, 17 * 365))
                    person.children.append(Child(first_name=rng.choice(FEMALE + MALE), birth_date=child_birth))
            session.add(person)
            session.flush()
            _add_stop_points(session, rng, person, today, age)
            if rng.random() < 0.25:
                reviewed = dt.datetime.combine(today - dt.timedelta(days=rng.randint(5, 200)), dt.time(10, 0))
                outcome = rng.choice(["vurder_kvp", "ikke_aktuelt", "annen_rettighet"])
                session.add(PortfolioReview(
                    person_id=person.id, reviewed_at=reviewed, outcome=outcome,
                    reason=_("Er i arbeidsrettet aktivitet gjennom annet tiltak.") if outcome == "ikke_aktuelt" else "",
                    other_right="AAP" if outcome == "annen_rettighet" else "", user_id=person.caseworker_id,
                ))
            # Only lawful cases: a programme (with its extension, up to 18 months) must end before the
            # month of the 67th birthday (stl. § 29), so the oldest applicants are at most 64.
            if 18 <= age <= 64 and rng.random() < 0.45:
                _add_case(session, rng, person, today, kvp_caseworker.id, counts)
            if progress is not None and index % 500 == 0:
                progress(index, persons)
        approver_id = next(u for u in users if u.role == "attestant").id
        from kvp_desktop.demo.payouts import add_demo_payouts  # benefits, recovery, refund

        add_demo_payouts(session, today)
        runs = _add_payout_runs(session, today, kvp_caseworker.id, approver_id)
        runs += add_kostra_facts(session, today, kvp_caseworker.id, approver_id)
        from kvp_desktop.demo.portfolio import add_demo_portfolio  # stop-point flags

        add_demo_portfolio(session, today, seed)
        ctx.audit(session, "create", "demo", None, None, f"{persons} personer, frø {seed}")
        uow.commit()
    from kvp_desktop.demo.documents import add_demo_documents  # decisions and letters
    add_demo_documents(ctx, today)
    return DemoSummary(persons, counts["applications"], counts["programmes"], runs, counts["decisions"])


def _add_payout_runs(session: Session, today: dt.date, creator_id: int, approver_id: int) -> int:
    """Approved runs for the two months before last, and a draft for last month (paid in arrears)."""
    from kvp_desktop.services.office.parameters import office_parameters
    from kvp_desktop.services.payouts.runs import month_period, save_run

    params = office_parameters(session)
    for months_back in (3, 2, 1):
        first = _month_start(today, months_back)
        label = f"{first.year}-{first.month:02d}"
        run = save_run(session, label, month_period(label), params, creator_id)
        if months_back > 1:
            run.state = "approved"
            run.approved_by_id = approver_id
            run.approved_at = dt.datetime.combine(_month_end(first) + dt.timedelta(days=5), dt.time(9, 0))
    session.flush()
    return 3


def _add_stop_points(session: Session, rng: random.Random, person: Person, today: dt.date, age: int) -> None:
    kinds = list(STOP_POINTS)
    if age >= 25:
        kinds = [k for k in kinds if k not in ("no_apprenticeship", "upper_secondary_dropout")]
    if age >= 30:
        kinds = [k for k in kinds if k != "conditions_20a"]
    for kind in rng.sample(kinds, k=rng.choice([0, 1, 1, 1, 2, 2, 3])):
        happened = today - dt.timedelta(days=rng.randint(3, 400))
        session.add(PortfolioEvent(person_id=person.id, kind=kind, event_date=happened))
        if kind == "first_social_assistance":
            person.first_social_assistance_application = happened
        elif kind == "long_term_social_assistance":
            person.social_assistance_only_income_months = rng.randint(6, 48)
        elif kind == "conditions_20a":
            person.planned_20a_conditions = True
        elif kind == "aap_ended":
            person.aap_end_date = happened
        elif kind == "intro_ended":
            person.intro_programme_end_date = happened
        elif kind == "no_apprenticeship":
            person.youth_without_apprenticeship = True
        elif kind == "upper_secondary_dropout":
            person.upper_secondary_dropout = True
        elif kind == "little_work_experience":
            person.work_experience = rng.choice(["none", "little"])


def _add_case(
    session: Session, rng: random.Random, person: Person, today: dt.date, kvp_caseworker_id: int,
    counts: dict[str, int],
) -> None:
    state = rng.choice(["registered", "screening", "screening", "refused", "withdrawn",
                        "granted", "granted", "granted", "granted", "granted"])
    months_ago = rng.randint(0, 2) if state in ("registered", "screening") else rng.randint(1, 26)
    registered = today - dt.timedelta(days=months_ago * 30 + rng.randint(0, 20))
    # The applicant has reached the lower age limit on the application date (stl. § 29: 18 years
    # from 2019), so every year the programme runs in, the participant is at least 18 (KOSTRA 11CF
    # refuses a participant under 18 in the reporting year).
    registered = max(registered, calendar.anniversary(person.birth_date, 18) + dt.timedelta(days=1))
    benefit = rng.choice(["2", "2", "3", ""])
    application = Application(
        person_id=person.id, registered_date=registered, channel=rng.choice(["recommended", "recommended", "direct"]),
        transfer_meeting_date=registered - dt.timedelta(days=rng.randint(3, 20)), kvp_caseworker_id=kvp_caseworker_id,
        transfer_note={"historikk": _("Har mottatt økonomisk sosialhjelp over tid."),
                       "utdanning": _("Grunnskole, avbrutt videregående."),
                       "interesser": _("Liker praktisk arbeid og å være ute.")},
        work_ability_assessment_date=registered - dt.timedelta(days=rng.randint(0, 30)),
        work_ability_outcome="spesielt_tilpasset_innsats",
        benefit_social_assistance=benefit, from_other_municipality=rng.random() < 0.05,
        status=state,
    )
    if application.from_other_municipality:
        application.other_municipality_number = rng.choice(["3907", "3905", "0301"])
    session.add(application)
    session.flush()
    counts["applications"] += 1
    session.add(Mapping(
        application_id=application.id,
        characteristics={"arbeid": True, "oppfolging": rng.random() < 0.7, "helse": rng.random() < 0.4,
                         "utdanning": rng.random() < 0.5, "okonomi": rng.random() < 0.3},
        education=_("Fullført grunnskole."), work_experience=_("Kortvarige sommerjobber."),
        interests=_("Bil og mekanikk, trening."), obstacles=_("Lite nettverk, uregelmessig døgnrytme."),
    ))
    if state == "registered":
        return
    concluded = state in ("granted", "refused")
    # Real rule reasons (demo/screening.py), drawing from rng as the hand-written version did.
    screening = add_demo_screening(session, rng, application, state, registered, kvp_caseworker_id)
    if not concluded:
        return
    decided = registered + dt.timedelta(days=rng.randint(10, 25))
    decision = Decision(person_id=person.id, application_id=application.id,
                        kind="innvilgelse" if state == "granted" else "avslag",
                        state="draft", written_standard="nb", decision_date=decided,
                        content={"utkast": True}, created_by_id=kvp_caseworker_id)
    session.add(decision)
    session.flush()
    screening.decision_id = decision.id
    counts["decisions"] += 1
    if state != "granted":
        return
    start = _monday(decided + dt.timedelta(days=rng.randint(7, 40)))
    planned_end = start + dt.timedelta(days=364)
    programme = Programme(person_id=person.id, application_id=application.id, caseworker_id=kvp_caseworker_id,
                          start_date=start, planned_end_date=planned_end,
                          goals=_("Komme i ordinært arbeid, gjerne innen lager eller butikk."))
    if start > today:
        programme.status = "planned"
    elif (today - start).days > 300 and rng.random() < 0.5:
        programme.status = "completed"
        programme.end_date = min(today - dt.timedelta(days=rng.randint(1, 30)), planned_end)
        programme.kostra_status = "3"
        programme.end_situations = [rng.choice(["01", "11", "04", "14"])]
        programme.main_income_after = programme.end_situations[0]
    elif rng.random() < 0.08:
        programme.status = "stopped"
        # Never before it started: a programme stopped in its first weeks ends on its first day at the earliest.
        programme.end_date = max(start, today - dt.timedelta(days=rng.randint(1, 60)))
        programme.kostra_status = "4"
    session.add(programme)
    session.flush()
    counts["programmes"] += 1
    decision.programme_id = programme.id
    session.add(ProgrammePeriod(programme_id=programme.id, kind="first", from_date=start, to_date=planned_end,
                                decision_id=None))
    if programme.status == "active" and planned_end < today:  # still running: extended (stl. § 32)
        extended_to = planned_end + dt.timedelta(days=182)
        session.add(ProgrammePeriod(programme_id=programme.id, kind="extension",
                                    from_date=planned_end + dt.timedelta(days=1), to_date=extended_to,
                                    reason=_("Deltakeren trenger mer tid i arbeidstrening før jobbsøking.")))
        programme.planned_end_date = extended_to
        if extended_to < today:  # ran its full course
            programme.status, programme.end_date, programme.kostra_status = "completed", extended_to, "3"
            programme.end_situations = [rng.choice(["01", "11", "04", "16"])]
            programme.main_income_after = programme.end_situations[0]
    third = (planned_end - start) // 3
    phase_dates = [(start, start + third), (start + third + dt.timedelta(days=1), start + 2 * third),
                   (start + 2 * third + dt.timedelta(days=1), planned_end)]
    for (name, (p_from, p_to)) in zip(_PATTERNS, phase_dates, strict=True):
        phase = Phase(programme_id=programme.id, name=name, from_date=p_from, to_date=p_to)
        phase.blocks = _week_blocks(rng, name)
        session.add(phase)
    for months in (3, 6, 9):
        session.add(Evaluation(programme_id=programme.id, scheduled_date=start + dt.timedelta(days=months * 30)))
    if rng.random() < 0.3:
        session.add(SupplementaryBenefit(programme_id=programme.id, year=today.year,
                                         kind=rng.choice(["husbank_bostotte", "sosialhjelp_supplement"])))
    _add_attendance(session, rng, programme, today)


def _add_attendance(session: Session, rng: random.Random, programme: Programme, today: dt.date) -> None:
    """Six weeks of registered attendance (weekdays) up to the end of last week."""
    last_day = min(programme.end_date or today, _monday(today) - dt.timedelta(days=1))
    first_day = max(programme.start_date, last_day - dt.timedelta(weeks=6) + dt.timedelta(days=1))
    day = first_day
    full = Decimal("7.5")
    while day <= last_day:
        if day.weekday() < 5:
            roll = rng.random()
            row = Attendance(programme_id=programme.id, day=day, planned_hours=full, attended_hours=full)
            if roll < 0.05:
                row.attended_hours, row.invalid_absence_hours = Decimal("0"), full
            elif roll < 0.10:
                row.attended_hours, row.valid_absence_hours = Decimal("0"), full
                row.valid_absence_type = rng.choice(["egenmelding", "sykt_barn", "legeerklaering"])
            elif roll < 0.13:
                row.attended_hours, row.invalid_absence_hours = Decimal("4.5"), Decimal("3")
            session.add(row)
        day += dt.timedelta(days=1)
