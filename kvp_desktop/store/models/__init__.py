"""SQLAlchemy models. Import from here; Alembic's ``env.py`` uses ``Base.metadata``."""

from kvp_desktop.store.models.audit import AuditChainHead, AuditEvent
from kvp_desktop.store.models.base import Base
from kvp_desktop.store.models.cases import Application, Certificate, Decision, Mapping, Screening
from kvp_desktop.store.models.office import Activity, OfficeSettings, ParameterOverride, User
from kvp_desktop.store.models.outreach import OutreachCheckout, OutreachConflict, OutreachRecord
from kvp_desktop.store.models.payout import PayoutClaim, PayoutCorrection, PayoutLine, PayoutRun, Recovery, RefundClaim
from kvp_desktop.store.models.people import Child, Person, PortfolioEvent, PortfolioReview, Task
from kvp_desktop.store.models.portfolio import PortfolioState, StopPointFlag
from kvp_desktop.store.models.programme import (
    Attendance,
    Evaluation,
    OtherBenefit,
    Phase,
    PlanBlock,
    PlanTemplate,
    Programme,
    ProgrammePeriod,
    SupplementaryBenefit,
)

__all__ = [
    "Activity",
    "Application",
    "Attendance",
    "AuditChainHead",
    "AuditEvent",
    "Base",
    "Certificate",
    "Child",
    "Decision",
    "Evaluation",
    "Mapping",
    "OfficeSettings",
    "OtherBenefit",
    "OutreachCheckout",
    "OutreachConflict",
    "OutreachRecord",
    "ParameterOverride",
    "PayoutClaim",
    "PayoutCorrection",
    "PayoutLine",
    "PayoutRun",
    "Person",
    "Phase",
    "PlanBlock",
    "PlanTemplate",
    "PortfolioEvent",
    "PortfolioReview",
    "PortfolioState",
    "Programme",
    "ProgrammePeriod",
    "Recovery",
    "RefundClaim",
    "Screening",
    "StopPointFlag",
    "SupplementaryBenefit",
    "Task",
    "User",
]
