"""Decision drafts made when a § 29 screening is concluded (the contract with the screening work).

The screening service calls one of these when the caseworker concludes a screening:

* :func:`create_grant_draft` — an *innvilgelse* draft: programme start, first decision period,
  annual and monthly amounts and the child supplement from the rules engine;
* :func:`create_refusal_draft` — an *avslag* draft with each failed criterion as a reason with
  its legal reference (a criterion that rests on the NAV-loven § 14 a assessment sends that part
  of a complaint to NAV klageinstans).

Both return the id of a new ``decisions`` row in state ``draft``. The draft is then edited,
previewed and issued through :mod:`kvp_desktop.services.letters.decisions`. Texts are given in bokmål
(the UI language); a reason text that is a message id of the catalogs is translated when the
letter is written in nynorsk, other texts the caseworker adjusts in the draft.

These names and signatures are stable; new fields are only added with defaults.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kvp_desktop.services.infrastructure.context import AppContext


@dataclass(frozen=True)
class GrantDraftInput:
    """What the screening knows when it concludes «innvilges»."""

    person_id: int
    application_id: int
    proposed_start: dt.date  # programme start (first day of the decision period)
    first_period_to: dt.date  # last day of the first decision period (inclusive)
    considerations: str = ""  # main considerations / reasons in the caseworker's words
    facts: tuple[str, ...] = ()  # facts the decision rests on (application, assessments …)
    reasons: tuple[tuple[str, str], ...] = ()  # optional (text, legal reference) per met criterion
    today: dt.date | None = None  # letter date of the draft; default: today's date


@dataclass(frozen=True)
class RefusalDraftInput:
    """What the screening knows when it concludes «avslås»."""

    person_id: int
    application_id: int
    # (criterion label, reason text, legal reference, rests_on_14a) per failed criterion
    failed_criteria: tuple[tuple[str, str, str, bool], ...]
    considerations: str = ""
    facts: tuple[str, ...] = ()
    today: dt.date | None = None


def create_grant_draft(ctx: AppContext, data: GrantDraftInput) -> int:
    """Create an *innvilgelse* draft for ``data.person_id``; returns the decision id.

    Needs ``Permission.ISSUE_DECISION`` or ``Permission.CONCLUDE_SCREENING``. Raises
    ``ValidationError`` (Norwegian) for bad dates or an application of another person.
    """
    from kvp_desktop.services.letters import decisions

    return decisions.create_grant_draft(ctx, data)


def create_refusal_draft(ctx: AppContext, data: RefusalDraftInput) -> int:
    """Create an *avslag* draft for ``data.person_id``; returns the decision id.

    Needs ``Permission.ISSUE_DECISION`` or ``Permission.CONCLUDE_SCREENING``. At least one failed
    criterion is required.
    """
    from kvp_desktop.services.letters import decisions

    return decisions.create_refusal_draft(ctx, data)


__all__ = ["GrantDraftInput", "RefusalDraftInput", "create_grant_draft", "create_refusal_draft"]
