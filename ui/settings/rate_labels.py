"""Plain Norwegian names for the dated parameters, and their public sources (name and address).

The rates screen shows these instead of the parameter keys and the notes the parameter files keep
for developers (where a value was checked, which open question it answers). A value with no public
source is said to be the program's chosen default, which the office may change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kvp_desktop.i18n import N_, _

LABELS: dict[str, str] = {
    "allowance_factor": N_("Kvalifiseringsstønad per år (antall G)"),
    "birth_leave_days_father": N_("Permisjon ved fødsel, far (dager med stønad)"),
    "birth_leave_days_mother": N_("Permisjon ved fødsel, mor (dager med stønad)"),
    "care_leave_max_months": N_("Omsorgspermisjon uten stønad (høyst måneder)"),
    "child_supplement_rate": N_("Barnetillegg per barn per dag"),
    "days_per_year": N_("Ukedager i et år"),
    "deadline_warn_weeks": N_("Varsel før frister (uker)"),
    "decision_period_max_months": N_("Lengste vedtaksperiode (måneder)"),
    "eea_abode_exception": N_("EØS-borgere unntatt fra kravet om fast bopel"),
    "exceptional_extension_max_months": N_("Særskilt forlengelse (høyst måneder)"),
    "full_rate_age": N_("Alder for full sats"),
    "full_rate_start": N_("Full sats fra (fødselsdagen eller dagen etter)"),
    "g": N_("Grunnbeløpet i folketrygden (G)"),
    "hours_per_day": N_("Timer per programdag"),
    "hours_per_year": N_("Timer i et år"),
    "job_seeking_final_part_percent": N_("Avsluttende del med arbeidssøking (prosent av programtiden)"),
    "long_illness_leave_max_months": N_("Permisjon ved langvarig sykdom (høyst måneder)"),
    "max_age": N_("Øvre aldersgrense"),
    "min_age": N_("Nedre aldersgrense"),
    "min_age_counting": N_("Nedre aldersgrense regnes fra"),
    "months_per_year": N_("Måneder i et år"),
    "ordinary_education_allowed": N_("Ordinær utdanning kan inngå i programmet"),
    "paid_work_max_percent": N_("Lønnet arbeid ved siden av programmet (høyst prosent)"),
    "pregnancy_leave_days": N_("Permisjon ved svangerskap (dager med stønad)"),
    "programme_max_months": N_("Lengste ordinære programtid (måneder)"),
    "public_administration_act": N_("Forvaltningsloven som gjelder"),
    "recovery_deduction_max_percent": N_("Trekk i stønaden etter § 40: høyst prosent av en måneds stønad"),
    "required_innsatsgruppe": N_("Innsatsgruppe som kreves (§ 14 a-vedtak)"),
    "self_certification_max_days": N_("Egenmelding: høyst dager per gang"),
    "self_certification_max_per_12_months": N_("Egenmelding: høyst antall per 12 måneder"),
    "self_certification_qualifying_weeks": N_("Egenmelding: uker i programmet før den kan brukes"),
    "self_certification_same_illness_days": N_("Samme sykefravær når ny sykdom kommer innen (dager)"),
    "sick_child_days": N_("Barns sykdom: dager per 12 måneder"),
    "sick_child_days_alone": N_("Barns sykdom, alene om omsorgen: dager per 12 måneder"),
    "sick_child_days_alone_more_than_two_children": N_("Barns sykdom, alene med mer enn to barn: dager"),
    "sick_child_days_more_than_two_children": N_("Barns sykdom, mer enn to barn: dager per 12 måneder"),
    "start_deadline_months": N_("Oppstart innen (måneder fra søknaden)"),
    "stop_point_20a_age_limit": N_("Stoppunkt: aktivitetsplikt under alder"),
    "stop_point_first_application_days": N_("Stoppunkt: dager etter første søknad om sosialhjelp"),
    "stop_point_long_term_months": N_("Stoppunkt: måneder med sosialhjelp som eneste inntekt"),
    "stop_point_recently_ended_days": N_("Stoppunkt: dager etter avsluttet AAP eller introduksjonsprogram"),
    "stop_point_young_age_limit": N_("Stoppunkt: ungdom under alder"),
    "under_25_share": N_("Andel av full sats under 25 år"),
    "unlimited_readmission": N_("Nye program og gjeninntak uten begrensning"),
    "weekly_hours": N_("Timer per uke i programmet"),
    "welfare_leave_days_per_year": N_("Velferdspermisjon: dager per kalenderår"),
}

# The coded values of the choice parameters, as a caseworker says them.
VALUE_LABELS: dict[str, str] = {
    "birthday": N_("fødselsdagen"),
    "day_after": N_("dagen etter fødselsdagen"),
    "calendar_year": N_("året deltakeren fyller årene"),
    "spesielt_tilpasset": N_("spesielt tilpasset innsats"),
    "varig_tilpasset": N_("varig tilpasset innsats"),
    "situasjonsbestemt": N_("situasjonsbestemt innsats"),
    "standard": N_("standardinnsats"),
}

# Public law texts on Lovdata, by how the parameter files name them.
LAWS: tuple[tuple[str, str, str], ...] = (
    ("forskrift om kvalifiseringsprogram og kvalifiseringsstønad", N_("Forskrift om kvalifiseringsprogram og "
     "kvalifiseringsstønad"), "https://lovdata.no/dokument/SF/forskrift/2011-12-21-1471"),
    ("forskrift 16.12.2011 nr. 1251", N_("Forskrift om sosiale tjenester for personer uten fast bopel i Norge"),
     "https://lovdata.no/dokument/SF/forskrift/2011-12-16-1251"),
    ("sosialtjenesteloven", N_("Sosialtjenesteloven"), "https://lovdata.no/dokument/NL/lov/2009-12-18-131"),
    ("folketrygdloven", N_("Folketrygdloven"), "https://lovdata.no/dokument/NL/lov/1997-02-28-19"),
    ("forvaltningsloven", N_("Forvaltningsloven"), "https://lovdata.no/dokument/NL/lov/1967-02-10"),
    ("nav-loven", N_("NAV-loven"), "https://lovdata.no/dokument/NL/lov/2006-06-16-20"),
    ("integreringsloven", N_("Integreringsloven"), "https://lovdata.no/dokument/NL/lov/2020-11-06-127"),
)
_REGULATION = re.compile(r"FOR-(\d{4}-\d{2}-\d{2}-\d+)")
_PARAGRAPH = re.compile(r"(§§?\s*[\d\s a-zæøå–-]+?)(?=\s*[(,;]|$| første| andre| tredje| fjerde| kap)")


@dataclass(frozen=True)
class PublicSource:
    text: str
    url: str  # "" when there is no public address


def label(name: str) -> str:
    return _(LABELS[name]) if name in LABELS else name


_DECIMAL = re.compile(r"-?\d+\.\d+")


def value_label(value: str) -> str:
    """A stored value as a caseworker reads it: named choices in words, decimals with a comma (2,041)."""
    if value in VALUE_LABELS:
        return _(VALUE_LABELS[value])
    return value.replace(".", ",") if _DECIMAL.fullmatch(value) else value


def public_source(source: str, references: tuple[str, ...], origin: str) -> PublicSource:
    """The public source of a value: a regulation on Lovdata, else the law paragraph it rests on, else
    the plain statement that it is the program's (or the office's) chosen value."""
    if origin == "office":
        return PublicSource(_("Kontorets verdi: {kilde}", kilde=source), "")
    found = _REGULATION.search(source)
    if found:
        return PublicSource(_("Forskrift {nummer} (Lovdata)", nummer=found.group(0)),
                            f"https://lovdata.no/dokument/LTI/forskrift/{found.group(1)}")
    for reference in references:
        lowered = reference.casefold()
        for key, name, url in LAWS:
            if lowered.startswith(key):
                paragraph = _PARAGRAPH.search(reference)
                text = _(name) + (f" {paragraph.group(1).strip()}" if paragraph else "")
                return PublicSource(text, url)
    return PublicSource(_("Standardverdi valgt i KVP Desktop (ingen fast regel i loven); kontoret kan registrere "
                          "sin egen verdi."), "")
