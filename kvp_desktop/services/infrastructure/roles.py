"""Who may do what: role checks in the service layer (buttons are hidden too, but this decides).

Roles (docs/case-flow.md): veileder (caseworker with client contact), saksbehandler (KVP
caseworker), attestant (approves payout runs), leder (manager), admin (users and settings).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from kvp_desktop.i18n import N_, _
from kvp_desktop.services.infrastructure.errors import PermissionDeniedError

if TYPE_CHECKING:
    from kvp_desktop.services.infrastructure.context import AppContext


class Permission(StrEnum):
    REGISTER_PERSONS = "register_persons"
    REVIEW_PORTFOLIO = "review_portfolio"
    HANDLE_APPLICATIONS = "handle_applications"
    CONCLUDE_SCREENING = "conclude_screening"
    EDIT_PROGRAMME = "edit_programme"
    REGISTER_ATTENDANCE = "register_attendance"
    CREATE_PAYOUT_RUN = "create_payout_run"
    APPROVE_PAYOUT_RUN = "approve_payout_run"
    ISSUE_DECISION = "issue_decision"
    CHANGE_SETTINGS = "change_settings"
    CHANGE_RATES = "change_rates"
    EXPORT_PERSONAL_DATA = "export_personal_data"
    VIEW_AUDIT = "view_audit"
    MANAGE_USERS = "manage_users"
    BACKUP_RESTORE = "backup_restore"  # a copy of the whole database to a chosen file, or a restore
    SET_UP_OFFICE = "set_up_office"


ROLE_LABELS: dict[str, str] = {
    "veileder": N_("Veileder"),
    "saksbehandler": N_("KVP-saksbehandler"),
    "attestant": N_("Attestant"),
    "leder": N_("Leder"),
    "admin": N_("Administrator"),
}

P = Permission
GRANTS: dict[str, frozenset[Permission]] = {
    "veileder": frozenset({P.REGISTER_PERSONS, P.REVIEW_PORTFOLIO, P.REGISTER_ATTENDANCE}),
    "saksbehandler": frozenset({
        P.REGISTER_PERSONS, P.REVIEW_PORTFOLIO, P.HANDLE_APPLICATIONS, P.CONCLUDE_SCREENING, P.EDIT_PROGRAMME,
        P.REGISTER_ATTENDANCE, P.CREATE_PAYOUT_RUN, P.ISSUE_DECISION, P.EXPORT_PERSONAL_DATA,
    }),
    "attestant": frozenset({P.CREATE_PAYOUT_RUN, P.APPROVE_PAYOUT_RUN, P.EXPORT_PERSONAL_DATA}),
    "leder": frozenset({
        P.REGISTER_PERSONS, P.REVIEW_PORTFOLIO, P.HANDLE_APPLICATIONS, P.CONCLUDE_SCREENING, P.EDIT_PROGRAMME,
        P.REGISTER_ATTENDANCE, P.CREATE_PAYOUT_RUN, P.APPROVE_PAYOUT_RUN, P.ISSUE_DECISION, P.CHANGE_SETTINGS,
        P.CHANGE_RATES, P.EXPORT_PERSONAL_DATA, P.VIEW_AUDIT,
    }),
    "admin": frozenset({P.CHANGE_SETTINGS, P.CHANGE_RATES, P.VIEW_AUDIT, P.MANAGE_USERS, P.BACKUP_RESTORE,
                        P.SET_UP_OFFICE}),
    "system": frozenset(Permission),  # the kvp command and scripts (services.infrastructure.context.SYSTEM_USER)
}

_DENIED: dict[Permission, str] = {
    P.REGISTER_PERSONS: N_("Du har ikke tilgang til å registrere personer."),
    P.REVIEW_PORTFOLIO: N_("Du har ikke tilgang til porteføljegjennomgang."),
    P.HANDLE_APPLICATIONS: N_("Bare KVP-saksbehandler eller leder kan behandle søknader."),
    P.CONCLUDE_SCREENING: N_("Bare KVP-saksbehandler eller leder kan konkludere vurderingen av inngangsvilkårene."),
    P.EDIT_PROGRAMME: N_("Bare KVP-saksbehandler eller leder kan endre programmet."),
    P.REGISTER_ATTENDANCE: N_("Du har ikke tilgang til å registrere oppmøte."),
    P.CREATE_PAYOUT_RUN: N_("Du har ikke tilgang til å lage utbetalingskjøringer."),
    P.APPROVE_PAYOUT_RUN: N_("Bare en attestant eller leder kan godkjenne en utbetalingskjøring."),
    P.ISSUE_DECISION: N_("Bare KVP-saksbehandler eller leder kan fatte vedtak."),
    P.CHANGE_SETTINGS: N_("Bare leder eller administrator kan endre innstillingene."),
    P.CHANGE_RATES: N_("Bare leder eller administrator kan registrere satser."),
    P.EXPORT_PERSONAL_DATA: N_("Du har ikke tilgang til å eksportere personopplysninger."),
    P.VIEW_AUDIT: N_("Bare leder eller administrator kan se revisjonsloggen."),
    P.MANAGE_USERS: N_("Bare administrator kan administrere brukere."),
    P.BACKUP_RESTORE: N_("Bare administrator kan ta sikkerhetskopi av hele databasen eller gjenopprette den."),
    P.SET_UP_OFFICE: N_("Bare administrator kan sette opp kontoret. Logg inn som administrator."),
}


def allowed(ctx: AppContext, permission: Permission) -> bool:
    return permission in GRANTS.get(ctx.user.role, frozenset())


def require(ctx: AppContext, permission: Permission) -> None:
    """Raise ``PermissionDeniedError`` (Norwegian) unless the user's role grants ``permission``.

    Call it first in a service function, before anything is read or written.
    """
    if not allowed(ctx, permission):
        raise PermissionDeniedError(_(_DENIED[permission]))
    if permission in OFFICE_ONLY:
        require_office(ctx)


# Jobs that are done at the office only, never in an outreach copy on a laptop (docs/outreach.md).
OFFICE_ONLY = frozenset({P.ISSUE_DECISION, P.APPROVE_PAYOUT_RUN, P.CREATE_PAYOUT_RUN, P.CHANGE_SETTINGS,
                         P.CHANGE_RATES, P.MANAGE_USERS, P.VIEW_AUDIT, P.BACKUP_RESTORE, P.SET_UP_OFFICE})


def require_office(ctx: AppContext) -> None:
    """Raise ``PermissionDeniedError`` in an outreach copy (``ctx.outreach``): decisions, payout
    approval and the office's settings are done at the office, on the office database."""
    if ctx.outreach:
        raise PermissionDeniedError(
            _("Dette gjøres bare på kontoret, ikke i en utekopi. Lever inn utekopien og gjør det der.")
        )
