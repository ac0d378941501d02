"""Is a change material? Derived from the data and the words, reason by reason (change-notices.md).

Three outcomes: **material** (WP260 para 29, Colorado rule 6.04, FTC practice: a new use, kind of
information, recipient, transfer, right or region; a removed right, choice or protection; a text
trigger from the lexicon), **editorial** (only where the tool can vouch for it: punctuation, case and
spacing; a rewording of prose that states no facts, in a section whose facts did not change; order
and structure; narrower processing) and **needs a legal decision** (any other wording change). Facts
follow their kind's rule in the registry (`fact_rules.py`), prose the rules of `prose_rules.py`.
"""

from __future__ import annotations

from ...source.model import Version
from ..redline import Redline, compare
from .fact_rules import fact_reason
from .prose_rules import ProseContext
from .reasons import Classification, Reason, Verdict
from .rights import RightsAcross

__all__ = ["Classification", "Reason", "Verdict", "classify"]


def classify(old: Version, new: Version, redline: Redline | None = None) -> Classification:
    """Classify the change from `old` to `new`; pass `redline` when already computed."""
    redline = redline or compare(old, new)
    prose = ProseContext(redline)
    rights = RightsAcross(old, new) if any(c.fact == "right" for c in redline.changes) else None
    reasons: list[Reason] = []
    for change in redline.changes:
        if change.fact is not None:
            across = rights.reason(change) if rights is not None and change.fact == "right" else None
            reasons.append(across or fact_reason(change, old, new))
        else:
            reasons.extend(prose.reasons(change))
    reasons.extend(prose.remaining_triggers())
    decision = new.change
    if decision is None:
        return Classification(tuple(reasons), None)
    return Classification(tuple(reasons), decision.material, decision.decided_by, decision.decided_on)
