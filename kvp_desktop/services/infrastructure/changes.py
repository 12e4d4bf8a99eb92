"""What a piece of work changed, so that the views showing it know to load again.

A job the window runs in the background returns (or is started with) a :class:`Changes`: which
kinds of data changed and, when it is about some persons only, which. The main window hands it to
the tabs; a tab that shows one of the kinds (for one of the persons) reloads, the others do not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    PERSONS = "persons"  # person records, stop points, portfolio reviews
    SCREENING = "screening"  # applications, the § 29 screening and its conclusion
    PROGRAMME = "programme"  # programmes, phases, plans, periods, evaluations
    PAYOUTS = "payouts"  # attendance, payout runs and their lines, recoveries
    LETTERS = "letters"  # decisions and letters
    OFFICE = "office"  # the office's settings, rates, users and activity catalogue


@dataclass(frozen=True)
class Changes:
    kinds: frozenset[Kind] = frozenset()
    #: The persons the change is about; empty means "any person" (or none in particular).
    person_ids: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def of(cls, *kinds: Kind, person_id: int | None = None, person_ids: Iterable[int] = ()) -> Changes:
        ids = set(person_ids)
        if person_id is not None:
            ids.add(person_id)
        return cls(frozenset(kinds), frozenset(ids))

    @classmethod
    def everything(cls) -> Changes:
        """For work that may touch any record (an outreach copy checked in, another database)."""
        return cls(frozenset(Kind))

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def __or__(self, other: Changes) -> Changes:
        # A change about any person joined with one about some persons is about any person.
        ids = frozenset() if not self.person_ids or not other.person_ids else self.person_ids | other.person_ids
        if not self.kinds:
            ids = other.person_ids
        elif not other.kinds:
            ids = self.person_ids
        return Changes(self.kinds | other.kinds, ids)

    def concerns(self, kinds: Iterable[Kind], person_id: int | None = None) -> bool:
        """Whether a view showing ``kinds`` (about ``person_id``, if it follows one) must load again."""
        if not self.kinds.intersection(kinds):
            return False
        return not self.person_ids or person_id is None or person_id in self.person_ids


NOTHING = Changes()
