"""The parameter set an office computes with: shipped values with the office's own laid over."""

from __future__ import annotations

from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvp_desktop.parameters import Override, ParameterSet, load_parameters
from kvp_desktop.store.models import ParameterOverride


@cache
def shipped_parameters() -> ParameterSet:
    """The YAML files shipped with this release (read once)."""
    return load_parameters()


def office_parameters(session: Session) -> ParameterSet:
    """Shipped values, with every local value registered in Settings merged over them."""
    rows = session.scalars(select(ParameterOverride).order_by(ParameterOverride.effective_from)).all()
    if not rows:
        return shipped_parameters()
    return shipped_parameters().with_overrides(
        Override(r.parameter, r.effective_from, r.value, r.source) for r in rows
    )
