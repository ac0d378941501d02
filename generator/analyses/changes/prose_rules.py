"""How a change to the prose is classified.

Editorial only where the tool can vouch for it: punctuation, case and spacing alone; order and
structure; a rewording of a unit that states no facts, in a section that states facts which did not
change. A sentence inserted or removed that hits the trigger lexicon is material. Every other
wording change (of a unit stating facts that stayed the same, in a section without facts, or text
added or removed) needs a legal decision.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...source.fact_kinds import Category
from ..redline import Change, ChangeKind, Redline, TextDiff, Unit, UnitKind, UnitStatus
from .reasons import Reason, Verdict
from .triggers import Hit, unit_hits, words

QUOTE_WORDS = 20


def _quote(sentence: str) -> str:
    parts = sentence.split()
    return " ".join(parts[:QUOTE_WORDS]) + (" …" if len(parts) > QUOTE_WORDS else "")


def _label(change: Change) -> str:
    return change.label.rstrip(".: ")


def _only_punctuation(diffs: list[TextDiff]) -> bool:
    return all(words(d.old) == words(d.new) for d in diffs)


def _regions(change: Change) -> str:
    """'now also addresses California; no longer addresses United Kingdom'."""
    parts = []
    for f in change.fields:
        before = [str(v) for v in f.old] if isinstance(f.old, list) else []
        after = [str(v) for v in f.new] if isinstance(f.new, list) else []
        if [r for r in after if r not in before]:
            parts.append("now also addresses " + ", ".join(r for r in after if r not in before))
        if [r for r in before if r not in after]:
            parts.append("no longer addresses " + ", ".join(r for r in before if r not in after))
    return "; ".join(parts) or "changes the regions it addresses"


class ProseContext:
    """The redline's units by key, the text triggers in each, and which sections state facts."""

    def __init__(self, redline: Redline) -> None:
        self.units = {unit.key: unit for unit in redline.walk()}
        self.hits: dict[str, list[Hit]] = {}
        for unit in self.units.values():
            found = list(unit_hits(unit)) if unit.status is not UnitStatus.UNCHANGED else []
            if found:
                self.hits[unit.key] = found
        self.with_facts = {unit.section for unit in self.units.values() if unit.facts}
        self.facts_changed = {self.units[c.id].section for c in redline.changes
                              if c.fact is not None and c.id in self.units}

    def reasons(self, change: Change) -> list[Reason]:
        if change.category is Category.SUPPLEMENTS:
            verb = "adds" if change.kind is ChangeKind.ADDED else "removes"
            return [Reason("supplement", Verdict.MATERIAL, f"{verb} the supplement '{change.label}'", change)]
        if change.category is Category.NOTICE:
            return [self._scope(change)]
        unit = self.units.get(change.id)
        if unit is None:
            return [Reason("reworded", Verdict.DECISION, f"{change.kind.value} '{_label(change)}'", change)]
        if change.kind in (ChangeKind.ADDED, ChangeKind.REMOVED, ChangeKind.REWORDED, ChangeKind.RENAMED):
            covered = list(unit.walk()) if change.kind in (ChangeKind.ADDED, ChangeKind.REMOVED) else [unit]
            triggered = [hit for u in covered for hit in self.hits.pop(u.key, [])]
            if triggered:
                return [_trigger_reason(hit, change) for hit in triggered]
        return [self._prose(change, unit)]

    def remaining_triggers(self) -> Iterator[Reason]:
        """Triggers in units whose change was reported under their facts (their words changed too)."""
        for hits in self.hits.values():
            for hit in hits:
                unit = hit.unit
                kind = {UnitStatus.ADDED: ChangeKind.ADDED, UnitStatus.REMOVED: ChangeKind.REMOVED}.get(
                    unit.status, ChangeKind.REWORDED)
                text = unit.text or unit.title
                label = " ".join(((text.new or text.old) if text else unit.key).split()[:8])
                yield _trigger_reason(hit, Change(Category.WORDING, kind, unit.key, label))
        self.hits.clear()

    def _scope(self, change: Change) -> Reason:
        if change.id == "jurisdictions":
            return Reason("regions", Verdict.MATERIAL, f"the notice {_regions(change)}", change)
        if change.id == "key_information":
            return Reason("structure", Verdict.EDITORIAL, "changes which section summarises the notice", change)
        return Reason("scope", Verdict.DECISION, f"changes '{_label(change)}'", change,
                      decide="decide whether it is material")

    def _prose(self, change: Change, unit: Unit) -> Reason:
        label = _label(change)
        if change.kind is ChangeKind.MOVED:
            return Reason("structure", Verdict.EDITORIAL, f"moves '{label}'", change)
        if change.kind is ChangeKind.CHANGED and change.category is Category.SECTIONS:
            return Reason("regions", Verdict.MATERIAL, f"the section '{label}' {_regions(change)}", change)
        if change.kind is ChangeKind.CHANGED:
            return Reason("formatting", Verdict.EDITORIAL, f"changes the formatting of '{label}'", change)
        what = "the section" if unit.kind is UnitKind.SECTION else "the text"
        if change.kind is ChangeKind.ADDED:
            return Reason("added-text", Verdict.DECISION, f"adds {what} '{label}'", change,
                          decide="decide whether it changes a practice")
        if change.kind is ChangeKind.REMOVED:
            return Reason("removed-text", Verdict.DECISION, f"removes {what} '{label}'", change,
                          decide="decide whether it removed a right, a choice or a protection")
        diffs = [d for d in ((unit.title,) if change.kind is ChangeKind.RENAMED else (unit.title, unit.text))
                 if d is not None and d.changed]
        if _only_punctuation(diffs):
            return Reason("punctuation", Verdict.EDITORIAL,
                          f"changes only punctuation, case or spacing in '{label}'", change)
        if unit.facts:
            return Reason("reworded-facts", Verdict.DECISION, f"rewords '{label}'", change,
                          decide="its facts did not change, but the words that state them did: decide whether the "
                          "practice changed")
        section = unit.key if unit.kind is UnitKind.SECTION else unit.section
        if section in self.with_facts and section not in self.facts_changed:
            return Reason("wording", Verdict.EDITORIAL,
                          f"rewords '{label}', which states no facts, in a section whose facts did not change", change)
        state = "changed" if section in self.facts_changed else "are not recorded"
        return Reason("reworded", Verdict.DECISION, f"rewords '{label}'", change,
                      decide=f"the facts of its section {state}: decide whether the practice changed")


def _trigger_reason(hit: Hit, change: Change) -> Reason:
    label = _label(change)
    if hit.inserted:
        message = f"inserts words about {hit.trigger.title} in '{label}': \"{_quote(hit.sentence)}\""
    else:
        message = f"removes words about {hit.trigger.title} from '{label}': \"{_quote(hit.sentence)}\""
    return Reason(f"trigger-{hit.trigger.id}", Verdict.MATERIAL, message, change)
