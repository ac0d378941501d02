""""What changes" in a change e-mail, in plain words built from the facts of the two versions.

"We will collect new information: your assessment answers, answer times and skill scores." and
"The e-mail address of our Data Protection Officer and Privacy Team changes from security@… to dpo@…",
rather than the classifier's "adds the kind of information 'Skills Assessments'": the new address
itself, the recipients by name, the purposes by their text.
"""

from __future__ import annotations

from pydantic import JsonValue

from ..analyses.redline import Category, Change, ChangeKind, FieldChange, Redline
from ..analyses.redline.plain import Names


def _field(change: Change, name: str) -> FieldChange | None:
    return next((f for f in change.fields if f.field == name), None)


def _list(names: Names, value: JsonValue) -> str:
    """'a, b and c', ids by their names (without the quotes Names puts around them)."""
    items = value if isinstance(value, list) else [value]
    words = [names.value(item).strip("“”") for item in items if item is not None]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1] if words else ""


def _added(change: Change, names: Names) -> str | None:
    data, purpose, shared = _field(change, "data"), _field(change, "purpose"), _field(change, "recipients")
    if change.category is Category.COLLECTED and data is not None:
        return f"We will collect new information ({change.label.rstrip('.')}): {_list(names, data.new)}."
    if change.category is Category.USES and purpose is not None:
        return f"We will use your information for a new purpose: {purpose.new}."
    if change.category is Category.RECIPIENTS and shared is not None:
        why = f", to {purpose.new}" if purpose is not None and purpose.new else ""
        return f"We will share information with {_list(names, shared.new)}{why}."
    if change.category is Category.RECIPIENTS:
        kind = _field(change, "category")
        return (f"We add a new recipient of information: {change.label}"
                + (f" ({names.value(kind.new)})" if kind is not None else "") + ".")
    return None


def _changed(change: Change, names: Names) -> str | None:
    if change.category is Category.CONTACTS:
        parts = [f"the {names.field(f.field)} of our {change.label} changes from {names.value(f.old)} to "
                 f"{names.value(f.new)}" for f in change.fields if f.old and f.new]
        if parts:
            return "; ".join(parts) + "."
    return None


def change_sentence(change: Change, names: Names) -> str:
    """One line of "What changes" for one change of the summary."""
    specific = (_added(change, names) if change.kind is ChangeKind.ADDED
                else _changed(change, names) if change.kind is ChangeKind.CHANGED else None)
    if specific:
        return specific[0].upper() + specific[1:]
    details = names.details(change)
    verb = {ChangeKind.ADDED: "New", ChangeKind.REMOVED: "No longer", ChangeKind.CHANGED: "Changed"}.get(
        change.kind, change.kind.capitalize())
    topic = change.category.value.replace("-", " ")
    return f"{verb} ({topic}): {change.label}" + (f" — {details}" if details else "") + "."


def what_changes(redline: Redline, changes: list[Change]) -> list[str]:
    """A line per change; a new recipient that a new disclosure already names is not said twice."""
    names = Names(redline)
    disclosed = {str(value) for change in changes for item in change.fields if item.field == "recipients"
                 and isinstance(item.new, list) for value in item.new}
    return [change_sentence(change, names) for change in changes
            if not (change.category is Category.RECIPIENTS and change.kind is ChangeKind.ADDED
                    and change.id in disclosed)]
