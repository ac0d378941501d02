"""A classification as plain data (JSON) and as text, for `notices diff` and reviewers."""

from __future__ import annotations

from pydantic import JsonValue

from .reasons import Classification, Verdict


def _decision(classification: Classification) -> str:
    if classification.declared is None:
        return "derived from the data; no legal decision recorded"
    who = f" by {classification.decided_by}" if classification.decided_by else ""
    when = f" on {classification.decided_on.isoformat()}" if classification.decided_on else ""
    return f"declared {'material' if classification.declared else 'editorial'}{who}{when}"


def classification_json(classification: Classification) -> dict[str, JsonValue]:
    return {
        "outcome": str(classification.outcome),
        "derived": str(classification.derived_outcome),
        "declared": classification.declared,
        "decided_by": classification.decided_by,
        "decided_on": classification.decided_on.isoformat() if classification.decided_on else None,
        "disagreement": classification.disagreement,
        "reasons": [
            {"outcome": str(r.outcome), "rule": r.rule, "message": r.message, "decide": r.decide, "note": r.note,
             "category": str(r.change.category), "kind": str(r.change.kind), "id": r.change.id}
            for r in classification.reasons
        ],
    }


def classification_text(classification: Classification) -> str:
    """'Classification: material (…)', then every reason on a line of its own, material ones first."""
    lines = [f"Classification: {classification.outcome} ({_decision(classification)})"]
    if classification.disagreement:
        lines.append(f"  warning: {classification.disagreement}")
    order = [Verdict.MATERIAL, Verdict.DECISION, Verdict.EDITORIAL]
    for reason in sorted(classification.reasons, key=lambda r: order.index(r.outcome)):
        line = f"  {reason.outcome}: {reason.message}"
        if reason.decide:
            line += f" ({reason.decide})"
        if reason.note:
            line += f"; it {reason.note}"
        lines.append(line + f" [{reason.rule}]")
    return "\n".join(lines) + "\n"
