"""The outcome of classifying a change: material, editorial or needs a legal decision, reason by reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from ..redline import Change


class Verdict(StrEnum):
    MATERIAL = "material"
    EDITORIAL = "editorial"
    DECISION = "needs a legal decision"


@dataclass(frozen=True)
class Reason:
    """One change and what it means for materiality, in words a reader of the notice understands."""

    rule: str
    outcome: Verdict
    message: str
    change: Change
    note: str | None = None
    """What else legal should know, e.g. that a new use may need consent for information collected earlier."""
    decide: str | None = None
    """For a legal decision: what to decide, and why the tool cannot."""

    @property
    def material(self) -> bool:
        return self.outcome is Verdict.MATERIAL


@dataclass(frozen=True)
class Classification:
    """The tool's reading of a change, and the lawyer's decision when one is recorded."""

    reasons: tuple[Reason, ...]
    declared: bool | None
    decided_by: str | None = None
    decided_on: dt.date | None = None

    @property
    def derived_outcome(self) -> Verdict:
        if any(reason.material for reason in self.reasons):
            return Verdict.MATERIAL
        if any(reason.outcome is Verdict.DECISION for reason in self.reasons):
            return Verdict.DECISION
        return Verdict.EDITORIAL

    @property
    def derived(self) -> bool:
        """Whether the data alone shows a material change."""
        return self.derived_outcome is Verdict.MATERIAL

    @property
    def outcome(self) -> Verdict:
        """A lawyer's explicit `material:` wins over the derived outcome."""
        if self.declared is None:
            return self.derived_outcome
        return Verdict.MATERIAL if self.declared else Verdict.EDITORIAL

    @property
    def material(self) -> bool:
        """Material, or not known to be editorial: an open legal decision is treated as material."""
        return self.outcome is not Verdict.EDITORIAL

    @property
    def undecided(self) -> bool:
        return self.outcome is Verdict.DECISION

    @property
    def material_reasons(self) -> list[Reason]:
        return [reason for reason in self.reasons if reason.material]

    @property
    def decision_reasons(self) -> list[Reason]:
        return [reason for reason in self.reasons if reason.outcome is Verdict.DECISION]

    @property
    def notes(self) -> list[str]:
        return list(dict.fromkeys(reason.note for reason in self.reasons if reason.note))

    @property
    def disagreement(self) -> str | None:
        """Why the declared classification contradicts the data, or None when they agree."""
        if self.declared is False and self.derived:
            return "marked editorial, but " + "; ".join(r.message for r in self.material_reasons)
        if self.declared is True and self.derived_outcome is Verdict.EDITORIAL:
            return ("marked material, but the data shows only editorial changes (punctuation, order, structure, "
                    "or wording that states no facts)")
        return None
