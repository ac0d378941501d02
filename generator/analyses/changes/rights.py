"""Rights read across the whole notice, as a lawyer reads them: which rights readers have, and where.

A right stated in a new paragraph is not a new right if the old version already gave it in
another paragraph (an imported or rewritten notice moves its rights around), and a right whose
paragraph was removed is not lost if the new version still gives it elsewhere. So each change to
a `right` fact is read against every right of both versions: rights (kind and region) that no part
of the old version gave are "new rights"; rights that no part of the new version gives any more are
removed; the rest are restated, which needs a look at how they are exercised, not a notice.
"""

from __future__ import annotations

from ...source.index import VersionIndex
from ...source.model import Paragraph, Right, Section, Version
from ...source.regions import builtin_regions
from ..redline import Change, ChangeKind
from .reasons import Reason, Verdict

Grant = tuple[str, str]
"""A right readers have: (kind, region)."""

WORLDWIDE = "worldwide"
WIDER_REGIONS = {"eea": ("eu",)}
"""Regions that hold others without sharing their prefix (`us` holds `us-ca` by its name)."""


def _covers(wider: str, narrower: str) -> bool:
    return wider in (narrower, WORLDWIDE) or narrower.startswith(wider + "-") or (
        narrower in WIDER_REGIONS.get(wider, ()))


def grants(right: Right | None) -> set[Grant]:
    if right is None:
        return set()
    return {(str(kind), str(region)) for kind in right.kinds for region in right.regions}


def all_grants(version: Version) -> set[Grant]:
    """Every right the version gives, wherever it is stated."""
    return {grant for entry in VersionIndex.build(version).faceted()
            for grant in grants(getattr(entry.node, "right", None))}


def _given(grant: Grant, given: set[Grant]) -> bool:
    return any(kind == grant[0] and _covers(region, grant[1]) for kind, region in given)


def _unit_right(version: Version, key: str) -> Right | None:
    """The right stated by the unit with redline key `key` (an id, or `<section>/block-<n>`)."""
    entry = VersionIndex.build(version).by_id.get(key)
    if entry is not None:
        return getattr(entry.node, "right", None)
    section_id, _, block = key.rpartition("/block-")
    if not block.isdigit():
        return None
    stack: list[Section] = list(version.sections)
    while stack:
        section = stack.pop()
        if section.id == section_id and 0 < int(block) <= len(section.blocks):
            found = section.blocks[int(block) - 1]
            return found.right if isinstance(found, Paragraph) else None
        stack += section.sections
    return None


def _field(change: Change, name: str, new: bool) -> list[str] | None:
    for field in change.fields:
        if field.field == name:
            value = field.new if new else field.old
            return [str(v) for v in value] if isinstance(value, list) else []
    return None


def _fact_grants(change: Change, version: Version, new: bool) -> set[Grant]:
    """The grants of the changed fact on one side: its changed fields, the unchanged ones from the unit."""
    if change.kind is (ChangeKind.REMOVED if new else ChangeKind.ADDED):
        return set()
    kinds, regions = _field(change, "kinds", new), _field(change, "regions", new)
    if kinds is None or regions is None:
        stated = _unit_right(version, change.id)
        kinds = kinds if kinds is not None else [str(k) for k in stated.kinds] if stated else []
        regions = regions if regions is not None else [str(r) for r in stated.regions] if stated else []
    return {(kind, region) for kind in kinds for region in regions or [WORLDWIDE]}


_REGION_WORDS = {region.id: region.name for region in builtin_regions()}


def _words(found: set[Grant]) -> str:
    """'to correct, to delete (United States)': kinds as a reader says them, grouped by region."""
    by_region: dict[str, list[str]] = {}
    for kind, region in sorted(found):
        by_region.setdefault(region, []).append("to " + kind.replace("-", " "))
    return "; ".join(f"{', '.join(kinds)} ({_REGION_WORDS.get(region, region)})" for region, kinds in by_region.items())


class RightsAcross:
    """Both versions' rights, read once for all the changes to `right` facts of a comparison."""

    def __init__(self, old: Version, new: Version) -> None:
        self.old, self.new = old, new
        self.old_all, self.new_all = all_grants(old), all_grants(new)

    def reason(self, change: Change) -> Reason | None:
        """The reason for a change to a `right` fact read across both versions; None keeps the registry's rule."""
        before, after = _fact_grants(change, self.old, False), _fact_grants(change, self.new, True)
        label = change.label.rstrip(".: ")
        gained = {g for g in after if not _given(g, before) and not _given(g, self.old_all)}
        if gained:
            kinds_before = {kind for kind, _ in self.old_all}
            new_kinds = {g for g in gained if g[0] not in kinds_before}
            wider = gained - new_kinds
            said = [f"gives readers new rights: {_words(new_kinds)}"] if new_kinds else []
            said += [f"gives rights to more readers: {_words(wider)}"] if wider else []
            return Reason("new-rights", Verdict.MATERIAL, f"{'; '.join(said)}, in '{label}'", change)
        lost = {g for g in before if not _given(g, after) and not _given(g, self.new_all)}
        if lost or (change.kind is ChangeKind.CHANGED and _field(change, "channels", True) is not None):
            return None  # a right no longer given anywhere, or a new way to exercise one: the registry's rule
        if after - before:
            message = f"states again rights the notice already gave ({_words(after - before)}), in '{label}'"
        elif before - after:
            message = f"no longer states here rights the notice still gives ({_words(before - after)}): '{label}'"
        else:
            return None
        return Reason("rights-restated", Verdict.DECISION, message, change,
                      decide="check that readers exercise these rights as before")
