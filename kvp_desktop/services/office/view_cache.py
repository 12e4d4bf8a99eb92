"""Office settings and the office's rates kept on the context for the views (``AppContext.cached``).

Every view needs a setting or two (the processing-time warning, the holiday weeks) and the rates with
the office's own values; reading them on every click costs a round trip each on a shared office's
server. They are read once per context and kept for ``context.CACHE_SECONDS``; saving the office
(``office.update_office``, which reads the settings back) and registering a rate
(``parameters.register_local_value``) refresh them at once. Jobs that write and rest on these values
(a conclusion, a payout run) read them in their own transaction instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from kvp_desktop.services.infrastructure.context import AppContext
from kvp_desktop.services.office.parameters import PARAMETERS_KEY, office_parameters
from kvp_desktop.services.office.settings import OFFICE_KEY, OfficeView, read_office

if TYPE_CHECKING:
    from kvp_desktop.parameters import ParameterSet

__all__ = ["OFFICE_KEY", "PARAMETERS_KEY", "office", "parameters", "read_office"]


def office(ctx: AppContext, session: Session | None = None) -> OfficeView | None:
    """The office settings kept on ``ctx`` (read through ``session``, or a read unit of work, when not kept)."""
    def load() -> OfficeView | None:
        if session is not None:
            return read_office(session)
        with ctx.read() as uow:
            return read_office(uow.session)

    return ctx.cached(OFFICE_KEY, load)


def parameters(ctx: AppContext, session: Session | None = None) -> ParameterSet:
    """The shipped rates with the office's own values over them, kept on ``ctx``."""
    def load() -> ParameterSet:
        if session is not None:
            return office_parameters(session)
        with ctx.read() as uow:
            return office_parameters(uow.session)

    return ctx.cached(PARAMETERS_KEY, load)
