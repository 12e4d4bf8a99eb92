"""Frozen input DTOs for letters: what the services layer fills from the database.

Everything a letter shows comes from these objects (plus the templates in
``resources/letters/<nb|nn>/``). They carry no behaviour beyond small derived values,
so rendering the same object twice gives the same PDF.

Conventions:

* amounts are ``Decimal`` kroner with two decimals (``kvp_desktop.money``); the letter
  engine formats them, it never rounds them;
* dates are ``datetime.date``; periods are inclusive at both ends;
* texts that come from the case (facts, reasons, considerations, certificate texts) are
  already written in the letter's written standard (bokmål or nynorsk). Reasons from the
  rules engine are rendered with ``i18n.translate(reason.text, lang, **reason.params)``
  before they are put into a :class:`ReasonLine`;
* every letter has ``office``, ``recipient``, ``caseworker`` and ``case``; decision letters
  also have ``facts``, ``reasons`` and ``considerations`` (fvl 1967 § 25 / 2025 § 57).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar, Literal

WrittenStandard = Literal["nb", "nn"]
WRITTEN_STANDARDS: tuple[WrittenStandard, ...] = ("nb", "nn")

CertificateEnding = Literal["completed", "interrupted", "stopped"]


@dataclass(frozen=True, kw_only=True)
class OfficeInfo:
    """The NAV office that sends the letter (from Settings)."""

    name: str  # "NAV Fjordvik"
    department: str  # "Kvalifiseringsprogrammet" / "Oppfølgingsavdelinga"
    address_lines: tuple[str, ...]  # postal address lines, e.g. ("Postboks 123",)
    postal_code: str
    postal_place: str
    phone: str
    email: str
    org_number: str  # shown as "Org.nr. 974 000 000"
    municipality: str  # "Fjordvik kommune"
    # The region of the Statsforvalter that decides complaints («Vestland», «Vestfold og Telemark»),
    # from ``rules.statsforvalter`` (mapped from the kommunenummer, never free text); "" = unknown.
    county: str
    written_standard: WrittenStandard = "nb"
    letterhead_text: str = ""  # a line under the office name, e.g. "Fjordvik kommune og NAV"
    visiting_address: str = ""  # "Storgata 5, Fjordvik" (footer)

    @property
    def postal_line(self) -> str:
        return f"{self.postal_code} {self.postal_place}".strip()


@dataclass(frozen=True, kw_only=True)
class Recipient:
    """The person the letter is addressed to (the window-envelope block)."""

    name: str
    address_lines: tuple[str, ...]
    postal_code: str
    postal_place: str

    @property
    def postal_line(self) -> str:
        return f"{self.postal_code} {self.postal_place}".strip()


@dataclass(frozen=True, kw_only=True)
class Caseworker:
    """The case handler named in the letter (fvl 2025 § 59 requires the name)."""

    name: str
    title: str
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, kw_only=True)
class CaseRef:
    """The case the letter belongs to.

    ``decision_date`` is the letter date; it is also written into the PDF as its
    creation date, so a reprint of the same decision hashes the same.
    """

    journal_number: str  # "Vår referanse"
    case_number: str  # "Saksnummer"
    decision_date: dt.date
    your_reference: str = ""  # "Deres referanse", if the participant or a lawyer gave one


@dataclass(frozen=True, kw_only=True)
class ReasonLine:
    """One reason with its legal reference, text already in the letter's language.

    ``rests_on_14a`` marks a reason that rests on NAV's assessment under NAV-loven § 14 a;
    a complaint about that part goes to NAV klageinstans, not to Statsforvalteren.
    """

    text: str
    reference: str  # "sosialtjenesteloven § 29 første ledd bokstav a"
    rests_on_14a: bool = False


@dataclass(frozen=True, kw_only=True)
class CalculationLine:
    """A line of a calculation table: what, on what basis, how much."""

    text: str  # "Kvalifiseringsstønad per år"
    basis: str  # "2,041 × G (136 549 kr)"
    amount: Decimal


@dataclass(frozen=True, kw_only=True)
class PeriodLine:
    """A dated period with a short description (certificate, programme content)."""

    from_date: dt.date
    to_date: dt.date
    text: str


@dataclass(frozen=True, kw_only=True)
class _LetterBase:
    """Fields every letter has."""

    letter_type: ClassVar[str] = ""
    is_decision: ClassVar[bool] = True

    office: OfficeInfo
    recipient: Recipient
    caseworker: Caseworker
    case: CaseRef
    approver: Caseworker | None = None  # "the person responsible" when it is not the caseworker
    # In-force date of the new forvaltningsloven (LOV-2025-06-20-81); None = not in force.
    # The 2025 references are used when case.decision_date >= this date.
    new_fvl_in_force: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class _DecisionBase(_LetterBase):
    """Fields every decision (enkeltvedtak) has: the reasons fvl § 25 / § 57 asks for."""

    facts: tuple[str, ...] = ()  # the facts the decision rests on
    reasons: tuple[ReasonLine, ...] = ()  # the rules applied and how they apply here
    considerations: tuple[str, ...] = ()  # main considerations in any discretion


@dataclass(frozen=True, kw_only=True)
class GrantLetter(_DecisionBase):
    """Innvilgelse: programme and allowance granted in one decision (§§ 29–35)."""

    letter_type: ClassVar[str] = "innvilgelse"

    application_date: dt.date
    start_date: dt.date
    end_date: dt.date  # end of this decision period (inclusive)
    duration_months: int
    hours_per_week: Decimal = Decimal("37.5")
    annual_amount: Decimal
    monthly_amount: Decimal
    under_25_rate: bool = False  # 2/3 of the full rate
    children: int = 0
    child_supplement_per_day: Decimal = Decimal("0.00")  # per child per weekday
    child_supplement_monthly: Decimal = Decimal("0.00")  # for all children, average month
    calculation: tuple[CalculationLine, ...] = ()
    first_payout_period_from: dt.date
    first_payout_period_to: dt.date
    first_payout_date: dt.date
    payday: int  # day of the month the office pays (for the previous month)
    programme_summary: tuple[str, ...] = ()  # main content, for information (not a decision)


@dataclass(frozen=True, kw_only=True)
class RefusalLetter(_DecisionBase):
    """Avslag: each failed criterion is a ReasonLine (text + legal reference)."""

    letter_type: ClassVar[str] = "avslag"

    application_date: dt.date

    @property
    def appeal_route(self) -> str:
        """Who decides a complaint (``rules.appeal``: stl. § 48, NAV-loven § 14 a, fvl. § 28)."""
        from kvp_desktop.rules.appeal import appeal_route

        return appeal_route(reason.rests_on_14a for reason in self.reasons).value


@dataclass(frozen=True, kw_only=True)
class ExtensionLetter(_DecisionBase):
    """Forlengelse: a new decision period (forskrift § 2)."""

    letter_type: ClassVar[str] = "forlengelse"

    previous_end_date: dt.date
    new_end_date: dt.date
    annual_amount: Decimal | None = None  # the allowance continues; shown when given
    monthly_amount: Decimal | None = None


@dataclass(frozen=True, kw_only=True)
class ExceptionalExtensionLetter(ExtensionLetter):
    """Særskilt forlengelse: beyond two years, only when special reasons apply (§ 32)."""

    letter_type: ClassVar[str] = "saerskilt_forlengelse"


@dataclass(frozen=True, kw_only=True)
class StopNoticeLetter(_LetterBase):
    """Forhåndsvarsel om stans (fvl 1967 § 16 / 2025 § 42). A notice, not a decision."""

    letter_type: ClassVar[str] = "forhandsvarsel_stans"
    is_decision: ClassVar[bool] = False

    planned_stop_date: dt.date
    grounds: tuple[ReasonLine, ...]
    facts: tuple[str, ...] = ()
    comment_deadline: dt.date


NoticeMatter = Literal["tilbakebetaling", "refusjon", "trekk"]
NOTICE_MATTERS: tuple[NoticeMatter, ...] = ("tilbakebetaling", "refusjon", "trekk")


@dataclass(frozen=True, kw_only=True)
class AdvanceNoticeLetter(_LetterBase):
    """Forhåndsvarsel before a decision on tilbakebetaling (§ 40 andre ledd, § 23), refusjon (§ 38) or
    trekk (§ 40): fvl 1967 § 16 / 2025 § 42. A notice, not a decision."""

    letter_type: ClassVar[str] = "forhandsvarsel"
    is_decision: ClassVar[bool] = False

    matter: NoticeMatter
    amount: Decimal  # the amount the office considers claiming (per payout for a trekk)
    period_from: dt.date
    period_to: dt.date
    grounds: tuple[ReasonLine, ...]
    facts: tuple[str, ...] = ()
    comment_deadline: dt.date


@dataclass(frozen=True, kw_only=True)
class StopLetter(_DecisionBase):
    """Stans av kvalifiseringsprogrammet (§ 34), after advance notice (fvl. § 16) or a recorded exception.

    ``notice_date`` is the date of an issued forhåndsvarsel (never invented: ``None`` when there is
    none); without one, ``notice_exception`` says why advance notice was not given (fvl. 1967
    § 16 tredje ledd). The participant's statement is assessed in ``comments_assessment``
    (fvl. §§ 17 and 25).
    """

    letter_type: ClassVar[str] = "stans"

    stop_date: dt.date
    notice_date: dt.date | None = None  # the date of the issued forhåndsvarsel
    notice_exception: str = ""  # why no advance notice was given (fvl. § 16 tredje ledd); "" = notice given
    participant_comments: str = ""  # summary of what the participant said; empty = none received
    comments_assessment: str = ""  # how the office assessed the statement


@dataclass(frozen=True, kw_only=True)
class LeaveLetter(_DecisionBase):
    """Permisjon from the programme (§ 36, forskrift chapter 2)."""

    letter_type: ClassVar[str] = "permisjon"

    granted: bool = True
    leave_kind: str  # "velferdspermisjon", already in the letter's language
    leave_from: dt.date
    leave_to: dt.date
    with_allowance: bool = True
    new_end_date: dt.date | None = None  # approved leave is added to the programme time


@dataclass(frozen=True, kw_only=True)
class RefundLetter(_DecisionBase):
    """Refusjon: the office claims back allowance from a back payment of another benefit."""

    letter_type: ClassVar[str] = "refusjon"

    other_benefit: str  # "sykepenger", already in the letter's language
    paying_body: str  # "NAV Arbeid og ytelser"
    period_from: dt.date
    period_to: dt.date
    allowance_paid: Decimal  # KVP allowance paid for the period
    refund_amount: Decimal  # what the office claims
    calculation: tuple[CalculationLine, ...] = ()


@dataclass(frozen=True, kw_only=True)
class NoIndividualPlanLetter(_DecisionBase):
    """Avgjørelse om ikke å utarbeide individuell plan (§ 33, § 28)."""

    letter_type: ClassVar[str] = "ikke_individuell_plan"

    request_date: dt.date | None = None  # when the participant asked for a plan, if they did


@dataclass(frozen=True, kw_only=True)
class RepaymentLetter(_DecisionBase):
    """Tilbakebetaling when incorrect information was given (§ 40 second paragraph, § 23)."""

    letter_type: ClassVar[str] = "tilbakebetaling"

    period_from: dt.date
    period_to: dt.date
    overpaid_amount: Decimal
    repayment_amount: Decimal
    calculation: tuple[CalculationLine, ...] = ()
    payment_deadline: dt.date
    payment_account: str  # "1234.56.78901"
    payment_reference: str = ""  # KID or reference to quote


@dataclass(frozen=True, kw_only=True)
class CertificateLetter(_LetterBase):
    """Deltakerbevis, written together with the participant. Not a decision.

    The text fields (``goals_reached``, ``progress``, ``competence``,
    ``participant_statement``) are edited by caseworker and participant together.
    """

    letter_type: ClassVar[str] = "deltakerbevis"
    is_decision: ClassVar[bool] = False

    participant_name: str
    participant_birth_date: dt.date
    programme_from: dt.date
    programme_to: dt.date
    ending: CertificateEnding = "completed"
    periods: tuple[PeriodLine, ...] = ()  # decision periods / phases
    content: tuple[PeriodLine, ...] = ()  # measures and activities
    attendance_percent: Decimal
    goals_reached: tuple[str, ...] = ()
    progress: str = ""
    competence: tuple[str, ...] = ()
    participant_statement: str = ""


Letter = (
    GrantLetter
    | RefusalLetter
    | ExtensionLetter
    | ExceptionalExtensionLetter
    | StopNoticeLetter
    | AdvanceNoticeLetter
    | StopLetter
    | LeaveLetter
    | RefundLetter
    | NoIndividualPlanLetter
    | RepaymentLetter
    | CertificateLetter
)

LETTER_CLASSES: tuple[type[Letter], ...] = (
    GrantLetter,
    RefusalLetter,
    ExtensionLetter,
    ExceptionalExtensionLetter,
    StopNoticeLetter,
    StopLetter,
    LeaveLetter,
    RefundLetter,
    NoIndividualPlanLetter,
    RepaymentLetter,
    AdvanceNoticeLetter,
    CertificateLetter,
)

LETTER_TYPES: dict[str, type[Letter]] = {cls.letter_type: cls for cls in LETTER_CLASSES}

__all__ = [
    "LETTER_CLASSES",
    "LETTER_TYPES",
    "NOTICE_MATTERS",
    "WRITTEN_STANDARDS",
    "AdvanceNoticeLetter",
    "CalculationLine",
    "CaseRef",
    "Caseworker",
    "CertificateEnding",
    "CertificateLetter",
    "ExceptionalExtensionLetter",
    "ExtensionLetter",
    "GrantLetter",
    "LeaveLetter",
    "Letter",
    "NoIndividualPlanLetter",
    "NoticeMatter",
    "OfficeInfo",
    "PeriodLine",
    "ReasonLine",
    "Recipient",
    "RefundLetter",
    "RefusalLetter",
    "RepaymentLetter",
    "StopLetter",
    "StopNoticeLetter",
    "WrittenStandard",
]
