"""Sample data for previews and tests: a fictional office and one case per letter type.

Nothing here is a real person, office, account or case. The amounts use the 2026 figures
(G 136 549 kr from 1 May 2026, FOR-2026-05-22-869; 2.041 G = 278 697 kr; barnetillegg
38 kr per child per weekday; the hour rate 278 697 kr ÷ 1 950 = 142,92 kr).
Case texts (facts, reasons, considerations) stand in for what
caseworkers and the rules engine write, so they are given in bokmål and nynorsk.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypedDict

from kvp_desktop.documents.model import (
    LETTER_TYPES,
    AdvanceNoticeLetter,
    CalculationLine,
    CaseRef,
    Caseworker,
    CertificateLetter,
    ExceptionalExtensionLetter,
    ExtensionLetter,
    GrantLetter,
    LeaveLetter,
    Letter,
    NoIndividualPlanLetter,
    OfficeInfo,
    PeriodLine,
    ReasonLine,
    Recipient,
    RefundLetter,
    RefusalLetter,
    RepaymentLetter,
    StopLetter,
    StopNoticeLetter,
    WrittenStandard,
)

SAMPLE_NAME = "Máret Čuđe Ŋuolja"
DECISION_DATE = dt.date(2026, 12, 1)



def _ref(lang: WrittenStandard, section: str) -> str:
    """A reference to the Social Services Act in the letter's written standard."""
    law = "sosialtjenesteloven" if lang == "nb" else "sosialtenestelova"
    return f"{law} {section}"

# Case texts per written standard: {key: {"nb": ..., "nn": ...}}
_T: dict[str, dict[str, str]] = {
    "department": {"nb": "Kvalifiseringsprogrammet", "nn": "Kvalifiseringsprogrammet"},
    "letterhead": {"nb": "Fjordvik kommune og NAV", "nn": "Fjordvik kommune og NAV"},
    "adviser": {"nb": "veileder", "nn": "rettleiar"},
    "leader": {"nb": "leder for oppfølging", "nn": "leiar for oppfølging"},
    "g_line": {"nb": "Grunnbeløpet (G) fra 1. mai 2026", "nn": "Grunnbeløpet (G) frå 1. mai 2026"},
    "g_basis": {"nb": "fastsatt i forskrift (folketrygdloven § 1-4)",
                "nn": "fastsett i forskrift (folketrygdlova § 1-4)"},
    "annual": {"nb": "Kvalifiseringsstønad per år", "nn": "Kvalifiseringsstønad per år"},
    "annual_basis": {"nb": "2,041 × G, avrundet til hele kroner", "nn": "2,041 × G, avrunda til heile kroner"},
    "monthly": {"nb": "Stønad for en hel måned", "nn": "Stønad for ein heil månad"},
    "child_year": {"nb": "Barnetillegg per år", "nn": "Barnetillegg per år"},
    "child_basis": {"nb": "38 kr × 2 barn × 260 dager", "nn": "38 kr × 2 born × 260 dagar"},
    "child_month": {"nb": "Barnetillegg per måned i gjennomsnitt", "nn": "Barnetillegg per månad i gjennomsnitt"},
    "r_age": {"nb": "Du er 34 år.", "nn": "Du er 34 år."},
    "r_residence": {
        "nb": "Du har lovlig opphold og fast bopel i Norge.",
        "nn": "Du har lovleg opphald og fast bustad i Noreg.",
    },
    "r_capacity": {
        "nb": "Arbeidsevnevurderingen viser at arbeids- og inntektsevnen din er vesentlig nedsatt.",
        "nn": "Arbeidsevnevurderinga viser at arbeids- og inntektsevna di er vesentleg nedsett.",
    },
    "r_benefits": {
        "nb": "Du har ingen ytelser til livsopphold etter folketrygdloven eller arbeidsmarkedsloven.",
        "nn": "Du har ingen ytingar til livsopphald etter folketrygdlova eller arbeidsmarknadslova.",
    },
    "r_need": {
        "nb": "Tett og koordinert bistand gjennom programmet er hensiktsmessig og nødvendig for at du skal "
              "komme i arbeid.",
        "nn": "Tett og samordna hjelp gjennom programmet er tenleg og naudsynt for at du skal kome i arbeid.",
    },
    "r_offer": {
        "nb": "NAV-kontoret kan tilby deg et program som passer for deg.",
        "nn": "NAV-kontoret kan tilby deg eit program som passar for deg.",
    },
    "f_application": {
        "nb": "Søknaden din og samtalen med deg 12. november 2026.",
        "nn": "Søknaden din og samtalen med deg 12. november 2026.",
    },
    "f_aev": {
        "nb": "Arbeidsevnevurdering og § 14 a-vedtak av 20. oktober 2026: «Trenger veiledning, nedsatt "
              "arbeidsevne».",
        "nn": "Arbeidsevnevurdering og § 14 a-vedtak av 20. oktober 2026: «Treng rettleiing, nedsett "
              "arbeidsevne».",
    },
    "f_children": {
        "nb": "Du forsørger to barn under 18 år.",
        "nn": "Du forsørgjer to born under 18 år.",
    },
    "c_grant": {
        "nb": "Du ønsker arbeid innen butikk og lager og trenger oppfølging over tid fra flere tjenester. Vi "
              "har satt varigheten til tolv måneder ut fra behovene i arbeidsevnevurderingen.",
        "nn": "Du ønskjer arbeid innan butikk og lager og treng oppfølging over tid frå fleire tenester. Vi "
              "har sett varigheita til tolv månader ut frå behova i arbeidsevnevurderinga.",
    },
    "p_practice": {
        "nb": "arbeidspraksis i butikk med tett oppfølging",
        "nn": "arbeidspraksis i butikk med tett oppfølging",
    },
    "p_course": {
        "nb": "kurs i norsk og digitale ferdigheter",
        "nn": "kurs i norsk og digitale ferdigheiter",
    },
    "p_health": {
        "nb": "tid til behandling og fysisk trening",
        "nn": "tid til behandling og fysisk trening",
    },
    "p_jobs": {
        "nb": "jobbsøking i den siste delen av programmet",
        "nn": "jobbsøking i den siste delen av programmet",
    },
    "x_14a": {
        "nb": "Arbeidsevnevurderingen viser at du har gode muligheter til å komme i arbeid og ikke trenger "
              "spesielt tilpasset innsats.",
        "nn": "Arbeidsevnevurderinga viser at du har gode moglegheiter til å kome i arbeid og ikkje treng "
              "spesielt tilpassa innsats.",
    },
    "x_aap": {
        "nb": "Du har rett til arbeidsavklaringspenger (AAP), som er en ytelse til livsopphold etter "
              "folketrygdloven.",
        "nn": "Du har rett til arbeidsavklaringspengar (AAP), som er ei yting til livsopphald etter "
              "folketrygdlova.",
    },
    "xf_aap": {
        "nb": "Vedtak om arbeidsavklaringspenger fra NAV Arbeid og ytelser av 2. november 2026.",
        "nn": "Vedtak om arbeidsavklaringspengar frå NAV Arbeid og ytingar av 2. november 2026.",
    },
    "xc": {
        "nb": "Arbeidsavklaringspenger går foran kvalifiseringsprogrammet. Oppfølgingen du trenger, kan du få "
              "gjennom AAP.",
        "nn": "Arbeidsavklaringspengar går føre kvalifiseringsprogrammet. Oppfølginga du treng, kan du få "
              "gjennom AAP.",
    },
    "e_progress": {
        "nb": "Du har hatt god framgang i arbeidspraksisen, men trenger mer tid for å nå målet om fast arbeid.",
        "nn": "Du har hatt god framgang i arbeidspraksisen, men treng meir tid for å nå målet om fast arbeid.",
    },
    "e_conditions": {
        "nb": "Du oppfyller fortsatt vilkårene i sosialtjenesteloven § 29.",
        "nn": "Du oppfyller framleis vilkåra i sosialtenestelova § 29.",
    },
    "e_fact": {
        "nb": "Evalueringsmøtet 10. november 2026 med deg og arbeidsgiveren i praksisplassen.",
        "nn": "Evalueringsmøtet 10. november 2026 med deg og arbeidsgivaren i praksisplassen.",
    },
    "e_consider": {
        "nb": "Vi har lagt vekt på motivasjonen din, framgangen så langt og at arbeidsgiveren vurderer å "
              "ansette deg.",
        "nn": "Vi har lagt vekt på motivasjonen din, framgangen så langt og at arbeidsgivaren vurderer å "
              "tilsetje deg.",
    },
    "se_special": {
        "nb": "Du har fått tilbud om lærekontrakt, og en forlengelse gjør det sannsynlig at du kommer i "
              "arbeid når programmet slutter.",
        "nn": "Du har fått tilbod om lærekontrakt, og ei forlenging gjer det sannsynleg at du kjem i arbeid "
              "når programmet sluttar.",
    },
    "s_absence": {
        "nb": "Du har hatt omfattende ugyldig fravær: 96 av 150 planlagte timer i oktober og november 2026.",
        "nn": "Du har hatt omfattande ugyldig fråvær: 96 av 150 planlagde timar i oktober og november 2026.",
    },
    "s_fact": {
        "nb": "Fraværsregistreringen for oktober og november 2026, og tre innkallinger til samtale som du "
              "ikke møtte til.",
        "nn": "Fråværsregistreringa for oktober og november 2026, og tre innkallingar til samtale som du "
              "ikkje møtte til.",
    },
    "s_consider": {
        "nb": "Vi har vurdert om programmet kunne endres slik at du kunne fortsette, men du har ikke tatt "
              "kontakt for å lage en ny plan.",
        "nn": "Vi har vurdert om programmet kunne endrast slik at du kunne halde fram, men du har ikkje teke "
              "kontakt for å lage ein ny plan.",
    },
    "s_comment": {
        "nb": "Jeg har vært syk, men har ikke hatt lege.",
        "nn": "Eg har vore sjuk, men har ikkje hatt lege.",
    },
    "s_assess": {
        "nb": "Sykdom er gyldig fravær når du melder fra. Du meldte ikke fra de dagene du var borte, og du har "
              "ikke tatt kontakt etter varselet. Fraværet er derfor ugyldig.",
        "nn": "Sjukdom er gyldig fråvær når du melder frå. Du melde ikkje frå dei dagane du var borte, og du har "
              "ikkje teke kontakt etter varselet. Fråværet er difor ugyldig.",
    },
    "l_kind": {"nb": "velferdspermisjon", "nn": "velferdspermisjon"},
    "l_reason": {
        "nb": "Du skal følge et nært familiemedlem til behandling i utlandet, og det er en viktig "
              "velferdsgrunn.",
        "nn": "Du skal følgje eit nært familiemedlem til behandling i utlandet, og det er ein viktig "
              "velferdsgrunn.",
    },
    "l_fact": {
        "nb": "Søknaden din om permisjon av 20. november 2026 med innkalling fra sykehuset.",
        "nn": "Søknaden din om permisjon av 20. november 2026 med innkalling frå sjukehuset.",
    },
    "rf_benefit": {"nb": "sykepenger", "nn": "sjukepengar"},
    "rf_body": {"nb": "NAV Arbeid og ytelser", "nn": "NAV Arbeid og ytingar"},
    "rf_reason": {
        "nb": "Sykepenger skal samordnes krone for krone med kvalifiseringsstønaden, og du har fått begge "
              "ytelsene for de samme dagene.",
        "nn": "Sjukepengar skal samordnast krone for krone med kvalifiseringsstønaden, og du har fått begge "
              "ytingane for dei same dagane.",
    },
    "rf_fact": {
        "nb": "Vedtak om sykepenger av 10. november 2026 med etterbetaling for august og september 2026.",
        "nn": "Vedtak om sjukepengar av 10. november 2026 med etterbetaling for august og september 2026.",
    },
    "rf_line1": {"nb": "Utbetalt kvalifiseringsstønad for de samme dagene",
                 "nn": "Utbetalt kvalifiseringsstønad for dei same dagane"},
    "rf_line1_basis": {"nb": "2 hele måneder, uten barnetillegg", "nn": "2 heile månader, utan barnetillegg"},
    "rf_consider": {
        "nb": "Du har fått sykepenger og kvalifiseringsstønad for de samme dagene. Vi krever hele beløpet fordi "
              "du ikke har hatt ekstra utgifter i perioden.",
        "nn": "Du har fått sjukepengar og kvalifiseringsstønad for dei same dagane. Vi krev heile beløpet fordi "
              "du ikkje har hatt ekstra utgifter i perioden.",
    },
    "rf_line2": {"nb": "Etterbetalte sykepenger for samme dager", "nn": "Etterbetalte sjukepengar for dei same dagane"},
    "rf_line2_basis": {"nb": "42 dager × 914,29 kr", "nn": "42 dagar × 914,29 kr"},
    "rf_line3": {"nb": "Krav om refusjon", "nn": "Krav om refusjon"},
    "rf_line3_basis": {"nb": "det minste av beløpene", "nn": "det minste av beløpa"},
    "ip_reason": {
        "nb": "Du får i dag bare hjelp fra NAV-kontoret, og programmet dekker behovet ditt for samordning.",
        "nn": "Du får i dag berre hjelp frå NAV-kontoret, og programmet dekkjer behovet ditt for samordning.",
    },
    "ip_consider": {
        "nb": "Vi har vurdert ønsket ditt opp mot at du ikke har langvarige behov for tjenester fra flere "
              "instanser.",
        "nn": "Vi har vurdert ønsket ditt opp mot at du ikkje har langvarige behov for tenester frå fleire "
              "instansar.",
    },
    "tb_reason": {
        "nb": "Du opplyste ikke om at du hadde lønnet arbeid i juni–august 2026, selv om du visste at du "
              "skulle gjøre det.",
        "nn": "Du opplyste ikkje om at du hadde løna arbeid i juni–august 2026, sjølv om du visste at du "
              "skulle gjere det.",
    },
    "tb_fact": {
        "nb": "Opplysninger fra a-ordningen om lønn fra Fjordvik Lager AS for juni–august 2026.",
        "nn": "Opplysningar frå a-ordninga om løn frå Fjordvik Lager AS for juni–august 2026.",
    },
    "tb_consider": {
        "nb": "Vi har vurdert situasjonen din, men beløpet er stort og opplysningene var kjent for deg.",
        "nn": "Vi har vurdert situasjonen din, men beløpet er stort og opplysningane var kjende for deg.",
    },
    "tb_line1": {"nb": "Timer i lønnet arbeid", "nn": "Timar i løna arbeid"},
    "tb_line1_basis": {"nb": "128 timer × 142,92 kr (278 697 kr ÷ 1 950 timer)",
                       "nn": "128 timar × 142,92 kr (278 697 kr ÷ 1 950 timar)"},
    "cert_p1": {"nb": "Første programperiode", "nn": "Første programperiode"},
    "cert_p2": {"nb": "Forlengelse", "nn": "Forlenging"},
    "cert_c1": {"nb": "Kartlegging, motivasjon og mestring", "nn": "Kartlegging, motivasjon og meistring"},
    "cert_c2": {"nb": "Arbeidspraksis i Fjordvik Lager AS", "nn": "Arbeidspraksis i Fjordvik Lager AS"},
    "cert_c3": {"nb": "Truckførerkurs (T1 og T4)", "nn": "Truckførarkurs (T1 og T4)"},
    "cert_c4": {"nb": "Jobbsøking med oppfølging", "nn": "Jobbsøking med oppfølging"},
    "cert_g1": {
        "nb": "Fast deltidsstilling på 60 % fra januar 2027",
        "nn": "Fast deltidsstilling på 60 % frå januar 2027",
    },
    "cert_g2": {"nb": "Truckførerbevis", "nn": "Truckførarbevis"},
    "cert_progress": {
        "nb": "Máret har gått fra å trenge tett oppfølging hver dag til å ta ansvar for egne arbeidsoppgaver "
              "og egen plan.",
        "nn": "Máret har gått frå å trenge tett oppfølging kvar dag til å ta ansvar for eigne "
              "arbeidsoppgåver og eigen plan.",
    },
    "cert_k1": {"nb": "Varemottak og lagerstyring", "nn": "Varemottak og lagerstyring"},
    "cert_k2": {"nb": "Kundebehandling og kassearbeid", "nn": "Kundehandsaming og kassearbeid"},
    "cert_statement": {
        "nb": "Programmet ga meg faste rutiner og troen på at jeg kan jobbe. Jeg er glad for praksisplassen.",
        "nn": "Programmet gav meg faste rutinar og trua på at eg kan jobbe. Eg er glad for praksisplassen.",
    },
}


class _Base(TypedDict):
    office: OfficeInfo
    recipient: Recipient
    caseworker: Caseworker
    case: CaseRef
    approver: Caseworker | None


def _t(key: str, lang: WrittenStandard) -> str:
    return _T[key][lang]


def sample_office(lang: WrittenStandard = "nb") -> OfficeInfo:
    return OfficeInfo(
        name="NAV Fjordvik",
        department=_t("department", lang),
        address_lines=("Postboks 123",),
        postal_code="5999",
        postal_place="Fjordvik",
        phone="55 00 00 00",
        email="nav.fjordvik@fjordvik.kommune.example",
        org_number="999 999 999",
        municipality="Fjordvik kommune",
        county="Vestland",  # the Statsforvalter region (rules.statsforvalter: Fjordvik is in Vestland)
        written_standard=lang,
        letterhead_text=_t("letterhead", lang),
        visiting_address="Storgata 5, Fjordvik",
    )


def sample_recipient(name: str | None = None) -> Recipient:
    return Recipient(
        name=name or SAMPLE_NAME,
        address_lines=("c/o Åse Løvås", "Kjærlighetsstien 7 B"),
        postal_code="5999",
        postal_place="Fjordvik",
    )


def sample_caseworker(lang: WrittenStandard = "nb") -> Caseworker:
    return Caseworker(
        name="Ingrid Ødegård Haugen",
        title=_t("adviser", lang),
        phone="55 00 00 17",
        email="ingrid.haugen@fjordvik.kommune.example",
    )


def sample_case(decision_date: dt.date = DECISION_DATE) -> CaseRef:
    return CaseRef(journal_number="2026/1234-7", case_number="KVP-2026-0042", decision_date=decision_date)


def _grant_reasons(lang: WrittenStandard) -> tuple[ReasonLine, ...]:
    return (
        ReasonLine(text=_t("r_age", lang), reference=_ref(lang, "§ 29 første ledd")),
        ReasonLine(text=_t("r_residence", lang), reference=_ref(lang, "§ 2") + ", forskrift 16.12.2011 nr. 1251"),
        ReasonLine(text=_t("r_capacity", lang), reference=_ref(lang, "§ 29 første ledd")),
        ReasonLine(text=_t("r_benefits", lang), reference=_ref(lang, "§ 29 første ledd")),
        ReasonLine(text=_t("r_need", lang), reference=_ref(lang, "§ 29 andre ledd bokstav b")),
        ReasonLine(text=_t("r_offer", lang), reference=_ref(lang, "§ 29 andre ledd bokstav c")),
    )


def sample_letter(letter_type: str, lang: WrittenStandard = "nb", name: str | None = None) -> Letter:
    """A complete sample letter of ``letter_type`` for ``lang``, addressed to ``name``."""
    if letter_type not in LETTER_TYPES:
        raise ValueError(f"Ukjent brevtype: {letter_type}")
    base: _Base = {
        "office": sample_office(lang),
        "recipient": sample_recipient(name),
        "caseworker": sample_caseworker(lang),
        "case": sample_case(),
        "approver": Caseworker(name="Per Åsheim", title=_t("leader", lang)),
    }
    d = dt.date
    if letter_type == "innvilgelse":
        return GrantLetter(
            **base,
            facts=(_t("f_application", lang), _t("f_aev", lang), _t("f_children", lang)),
            reasons=_grant_reasons(lang),
            considerations=(_t("c_grant", lang),),
            application_date=d(2026, 11, 3),
            start_date=d(2027, 1, 4),
            end_date=d(2028, 1, 3),
            duration_months=12,
            annual_amount=Decimal("278697.00"),
            monthly_amount=Decimal("23224.75"),
            children=2,
            child_supplement_per_day=Decimal("38.00"),
            child_supplement_monthly=Decimal("1646.67"),
            calculation=(
                CalculationLine(text=_t("g_line", lang), basis=_t("g_basis", lang), amount=Decimal("136549.00")),
                CalculationLine(text=_t("annual", lang), basis=_t("annual_basis", lang),
                                amount=Decimal("278697.00")),
                CalculationLine(text=_t("monthly", lang), basis="278 697 kr ÷ 12", amount=Decimal("23224.75")),
                CalculationLine(text=_t("child_year", lang), basis=_t("child_basis", lang),
                                amount=Decimal("19760.00")),
                CalculationLine(text=_t("child_month", lang), basis="19 760 kr ÷ 12", amount=Decimal("1646.67")),
            ),
            first_payout_period_from=d(2027, 1, 4),
            first_payout_period_to=d(2027, 1, 31),
            first_payout_date=d(2027, 2, 12),
            payday=12,
            programme_summary=(_t("p_practice", lang), _t("p_course", lang), _t("p_health", lang),
                               _t("p_jobs", lang)),
        )
    if letter_type == "avslag":
        nav_14a = ", jf. NAV-loven § 14 a" if lang == "nb" else ", jf. NAV-lova § 14 a"
        return RefusalLetter(
            **base,
            facts=(_t("f_application", lang), _t("xf_aap", lang)),
            reasons=(
                ReasonLine(text=_t("x_14a", lang), reference=_ref(lang, "§ 29 andre ledd bokstav a") + nav_14a,
                           rests_on_14a=True),
                ReasonLine(text=_t("x_aap", lang), reference=_ref(lang, "§ 29 første ledd")),
            ),
            considerations=(_t("xc", lang),),
            application_date=d(2026, 11, 3),
        )
    if letter_type in ("forlengelse", "saerskilt_forlengelse"):
        special = letter_type == "saerskilt_forlengelse"
        reasons = [ReasonLine(text=_t("e_progress", lang), reference=_ref(lang, "§ 32")),
                   ReasonLine(text=_t("e_conditions", lang), reference=_ref(lang, "§ 29"))]
        if special:
            reasons.insert(0, ReasonLine(text=_t("se_special", lang), reference=_ref(lang, "§ 32")))
        cls = ExceptionalExtensionLetter if special else ExtensionLetter
        return cls(
            **base,
            facts=(_t("e_fact", lang),),
            reasons=tuple(reasons),
            considerations=(_t("e_consider", lang),),
            previous_end_date=d(2027, 1, 3) if special else d(2027, 1, 4),
            new_end_date=d(2027, 7, 3) if special else d(2028, 1, 3),
            annual_amount=Decimal("278697.00"),
            monthly_amount=Decimal("23224.75"),
        )
    if letter_type == "forhandsvarsel_stans":
        return StopNoticeLetter(
            **base,
            planned_stop_date=d(2027, 1, 4),
            grounds=(ReasonLine(text=_t("s_absence", lang), reference=_ref(lang, "§ 34")),),
            facts=(_t("s_fact", lang),),
            comment_deadline=d(2026, 12, 15),
        )
    if letter_type == "forhandsvarsel":
        return AdvanceNoticeLetter(
            **base,
            matter="tilbakebetaling",
            amount=Decimal("18293.76"),
            period_from=d(2026, 6, 1),
            period_to=d(2026, 8, 31),
            grounds=(ReasonLine(text=_t("tb_reason", lang), reference=_ref(lang, "§ 40 andre ledd, jf. § 23")),),
            facts=(_t("tb_fact", lang),),
            comment_deadline=d(2026, 12, 15),
        )
    if letter_type == "stans":
        return StopLetter(
            **base,
            facts=(_t("s_fact", lang),),
            reasons=(ReasonLine(text=_t("s_absence", lang), reference=_ref(lang, "§ 34")),),
            considerations=(_t("s_consider", lang),),
            stop_date=d(2026, 12, 14),
            notice_date=d(2026, 11, 10),
            participant_comments=_t("s_comment", lang),
            comments_assessment=_t("s_assess", lang),
        )
    if letter_type == "permisjon":
        return LeaveLetter(
            **base,
            facts=(_t("l_fact", lang),),
            reasons=(ReasonLine(text=_t("l_reason", lang),
                                reference=_ref(lang, "§ 36") + ", jf. forskrift 21. desember 2011 nr. 1471"),),
            leave_kind=_t("l_kind", lang),
            leave_from=d(2026, 12, 14),
            leave_to=d(2026, 12, 18),
            with_allowance=True,
            new_end_date=d(2027, 6, 11),
        )
    if letter_type == "refusjon":
        return RefundLetter(
            **base,
            facts=(_t("rf_fact", lang),),
            reasons=(ReasonLine(text=_t("rf_reason", lang), reference=_ref(lang, "§ 38")),),
            considerations=(_t("rf_consider", lang),),
            other_benefit=_t("rf_benefit", lang),
            paying_body=_t("rf_body", lang),
            period_from=d(2026, 8, 1),
            period_to=d(2026, 9, 30),
            allowance_paid=Decimal("46449.50"),
            refund_amount=Decimal("38400.18"),
            calculation=(
                CalculationLine(text=_t("rf_line1", lang), basis=_t("rf_line1_basis", lang),
                                amount=Decimal("46449.50")),
                CalculationLine(text=_t("rf_line2", lang), basis=_t("rf_line2_basis", lang),
                                amount=Decimal("38400.18")),
                CalculationLine(text=_t("rf_line3", lang), basis=_t("rf_line3_basis", lang),
                                amount=Decimal("38400.18")),
            ),
        )
    if letter_type == "ikke_individuell_plan":
        return NoIndividualPlanLetter(
            **base,
            facts=(_t("f_application", lang),),
            reasons=(ReasonLine(text=_t("ip_reason", lang), reference=_ref(lang, "§ 33")),),
            considerations=(_t("ip_consider", lang),),
            request_date=d(2026, 11, 15),
        )
    if letter_type == "tilbakebetaling":
        return RepaymentLetter(
            **base,
            facts=(_t("tb_fact", lang),),
            reasons=(ReasonLine(text=_t("tb_reason", lang),
                                reference=_ref(lang, "§ 40 andre ledd, jf. § 23")),),
            considerations=(_t("tb_consider", lang),),
            period_from=d(2026, 6, 1),
            period_to=d(2026, 8, 31),
            overpaid_amount=Decimal("18293.76"),
            repayment_amount=Decimal("18293.76"),
            calculation=(CalculationLine(text=_t("tb_line1", lang), basis=_t("tb_line1_basis", lang),
                                         amount=Decimal("18293.76")),),
            payment_deadline=d(2027, 1, 4),
            payment_account="1234.56.78903",
            payment_reference="2026/1234-7",
        )
    # deltakerbevis
    return CertificateLetter(
        **base,
        participant_name=name or SAMPLE_NAME,
        participant_birth_date=d(1992, 3, 14),
        programme_from=d(2025, 1, 6),
        programme_to=d(2026, 11, 27),
        ending="completed",
        periods=(
            PeriodLine(from_date=d(2025, 1, 6), to_date=d(2026, 1, 5), text=_t("cert_p1", lang)),
            PeriodLine(from_date=d(2026, 1, 6), to_date=d(2026, 11, 27), text=_t("cert_p2", lang)),
        ),
        content=(
            PeriodLine(from_date=d(2025, 1, 6), to_date=d(2025, 3, 28), text=_t("cert_c1", lang)),
            PeriodLine(from_date=d(2025, 3, 31), to_date=d(2026, 9, 30), text=_t("cert_c2", lang)),
            PeriodLine(from_date=d(2025, 10, 6), to_date=d(2025, 10, 17), text=_t("cert_c3", lang)),
            PeriodLine(from_date=d(2026, 8, 3), to_date=d(2026, 11, 27), text=_t("cert_c4", lang)),
        ),
        attendance_percent=Decimal("92.5"),
        goals_reached=(_t("cert_g1", lang), _t("cert_g2", lang)),
        progress=_t("cert_progress", lang),
        competence=(_t("cert_k1", lang), _t("cert_k2", lang)),
        participant_statement=_t("cert_statement", lang),
    )


def sample_letters(lang: WrittenStandard = "nb", name: str | None = None) -> dict[str, Letter]:
    """One sample of every letter type."""
    return {letter_type: sample_letter(letter_type, lang, name) for letter_type in LETTER_TYPES}


__all__ = [
    "DECISION_DATE",
    "SAMPLE_NAME",
    "sample_case",
    "sample_caseworker",
    "sample_letter",
    "sample_letters",
    "sample_office",
    "sample_recipient",
]
