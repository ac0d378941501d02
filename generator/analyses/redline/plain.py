"""The redline summary in a reader's words: names instead of ids, plain labels instead of YAML keys.

"Changed: Data Protection Officer and Privacy Team — e-mail address changed from security@… to dpo@…",
not "dpo — email: security@… → dpo@…". Every id a value refers to (a legal basis, the information a
use relies on, a recipient, a section) is shown as the name or title it has in either version.
"""

from __future__ import annotations

import functools

from pydantic import JsonValue

from ...source.fact_kinds import Place, kinds_at
from ...source.regions import builtin_regions
from .compare import fact_label, first_words
from .model import Change, ChangeKind, FieldChange, Redline, Unit, UnitKind

FIELD_WORDS: dict[str, str] = {
    "data": "information",
    "sources": "sources",
    "sensitive": "sensitive information",
    "legal_bases": "legal basis",
    "information": "information used",
    "recipients": "shared with",
    "category": "type",
    "email": "e-mail address",
    "phone": "telephone",
    "url": "web address",
    "address": "postal address",
    "role": "role",
    "kinds": "rights",
    "regions": "for people in",
    "channels": "announced by",
    "jurisdictions": "regions addressed",
    "origins": "from",
    "destination": "to",
    "mechanisms": "safeguards",
    "text markup": "formatting of the text",
    "title markup": "formatting of the title",
    "numbered": "numbered list",
    "contact": "contact shown",
}
"""Plain labels for fact fields; a field not listed is shown with its underscores as spaces."""

_REGIONS = {region.id: region.name for region in builtin_regions()}
VALUE_WORDS = {"automatic": "automatic collection"}
"""Choices of the schema that read badly as bare words."""
_ORDINALS = {1: "st", 2: "nd", 3: "rd"}


def ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else _ORDINALS.get(number % 10, "th")
    return f"{number}{suffix}"


def unit_label(unit: Unit) -> str:
    if unit.title is not None and (unit.title.new or unit.title.old):
        return unit.title.new or unit.title.old
    if unit.kind is UnitKind.CONTACT:
        return "Contact details"
    if unit.kind is UnitKind.ROW:
        first = unit.children[0].text if unit.children else None
        return "Table row: " + (first_words(first.new or first.old) if first else "")
    if unit.kind is UnitKind.TABLE and not unit.text:
        return "Table"
    if unit.text is not None:
        return first_words(unit.text.new or unit.text.old)
    return f"List {unit.id}" if unit.id else "List"



class Names:
    """What readers call each id of two versions: a fact's name, a section's title, an item's first words."""

    def __init__(self, redline: Redline) -> None:
        self.redline = redline

    @functools.cached_property
    def names(self) -> dict[str, str]:
        """Worked out when a value first needs one: most summaries name nothing by id (reworded prose)."""
        names: dict[str, str] = {}
        for version in (self.redline.old, self.redline.new):
            for kind in kinds_at(Place.LIST):
                for fact in getattr(version, kind.name):
                    if getattr(fact, "id", None):
                        names[fact.id] = fact_label(fact)
        for unit in self.redline.walk():
            label = unit_label(unit)
            if unit.id:
                names.setdefault(unit.id, label)
            names.setdefault(unit.key, label)
        return names

    def value(self, value: JsonValue) -> str:
        """A field value in words: ids by their names, regions by name, yes/no, lists joined."""
        if value is None:
            return "none"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list):
            return ", ".join(self.value(v) for v in value) if value else "none"
        if isinstance(value, dict):
            return "; ".join(f"{self.field(str(k))}: {self.value(v)}" for k, v in value.items())
        text = str(value)
        if text in self.names:
            return f"“{self.names[text]}”"
        if text in _REGIONS or text in VALUE_WORDS:
            return _REGIONS.get(text) or VALUE_WORDS[text]
        # Slugs of the schema's choices ("service-provider", "third-parties") read as words.
        return text.replace("-", " ") if text.islower() and " " not in text and "@" not in text else text

    @staticmethod
    def field(name: str) -> str:
        return FIELD_WORDS.get(name, name.replace("_", " "))

    def detail(self, change: Change, item: FieldChange) -> str:
        if item.field == "position" and isinstance(item.old, int) and isinstance(item.new, int):
            return f"now in {ordinal(item.new)} place, was {ordinal(item.old)}"
        if item.field == "parent":
            return f"moved from {self.place(item.old)} to {self.place(item.new)}"
        name = self.field(item.field)
        if change.kind is ChangeKind.ADDED:
            return f"{name}: {self.value(item.new)}"
        if change.kind is ChangeKind.REMOVED:
            return f"{name}: {self.value(item.old)}"
        if item.old in (None, [], ""):
            return f"{name} added: {self.value(item.new)}"
        if item.new in (None, [], ""):
            return f"{name} removed (was {self.value(item.old)})"
        return f"{name} changed from {self.value(item.old)} to {self.value(item.new)}"

    def place(self, key: JsonValue) -> str:
        return "the top level" if key is None else self.value(key)

    def details(self, change: Change) -> str:
        """The change's fields in words; an added or removed fact's own name is not repeated."""
        fields = [f for f in change.fields
                  if not (f.field in ("name", "title") and change.label in (f.old, f.new))]
        return "; ".join(self.detail(change, f) for f in fields)

    def describe(self, change: Change) -> str:
        """'Added: Skills Assessments — information: assessment answers, …' (no id, no YAML key)."""
        details = self.details(change)
        return f"{change.kind.capitalize()}: {change.label}" + (f" — {details}" if details else "")
