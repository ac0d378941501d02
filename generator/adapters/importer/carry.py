"""Carrying ids over from the previous version, so that a redline compares a unit with itself.

A unit of the new version whose id the previous version does not have takes the id of the
previous version's most similar unit that the new version lost (sections by title and content,
items by text), if they are similar enough. Its own id stays on as an alias. Every carry-over is
listed as a rename.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TypeVar

from ...source.inline import links_in, plain
from .draft import DraftItem, DraftParagraph, DraftSection, DraftTable, ImportDraft
from .ids import items_of

SECTION_SIMILARITY = 0.5
ITEM_SIMILARITY = 0.6


@dataclass(frozen=True)
class Rename:
    kind: str
    old_id: str
    new_id: str
    """The id the unit would have had; kept as an alias."""
    old_label: str
    new_label: str
    similarity: float
    reason: str = "similar text"


def _ratio(a: str, b: str) -> float:
    if not a.strip() or not b.strip():
        return 0.0
    matcher = SequenceMatcher(None, a.lower().split(), b.lower().split(), autojunk=False)
    if matcher.real_quick_ratio() < 0.3 or matcher.quick_ratio() < 0.3:
        return 0.0
    return matcher.ratio()


def _content(section: DraftSection) -> str:
    """A section's own words, or, for a section that only holds sub-sections, their titles."""
    return section.words() or " ".join(sub.title or "" for sub in section.sections)


def _section_score(old: DraftSection, new: DraftSection) -> float:
    return 0.4 * _ratio(old.title or "", new.title or "") + 0.6 * _ratio(_content(old), _content(new))


Paired = TypeVar("Paired", DraftSection, DraftItem)


def _pair(olds: list[Paired], news: list[Paired], score: Callable[[Paired, Paired], float],
          threshold: float) -> list[tuple[Paired, Paired, float]]:
    """Best pairs first; each unit used once; ties broken by ids, so the result does not depend on order."""
    scored = [(score(o, n), o.id, n.id, o, n) for o in olds for n in news]
    scored = [s for s in scored if s[0] >= threshold]
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    used_old: set[str] = set()
    used_new: set[str] = set()
    pairs = []
    for value, old_id, new_id, old, new in scored:
        if old_id in used_old or new_id in used_new:
            continue
        used_old.add(old_id)
        used_new.add(new_id)
        pairs.append((old, new, value))
    return pairs


def _link_pairs(previous: ImportDraft, current: ImportDraft) -> dict[str, str]:
    """Anchors the source itself re-pointed: a sentence that stayed while its link's target changed.

    "please go to [GitHub's Notice about the California Consumer Privacy Act](#githubs-notice-…)"
    becoming "please go to [GitHub's Notice about U.S. State Data Privacy](#us-state-data-privacy)"
    says that the new section stands where the old one stood.
    """
    def linking(draft: ImportDraft) -> list[tuple[str, list[str]]]:
        found = []
        for section in draft.all_sections():
            texts = [b.text for b in section.blocks if isinstance(b, DraftParagraph)]
            for block in section.blocks:
                if isinstance(block, DraftTable):
                    texts += [" ".join(c for c in row if isinstance(c, str)) for row in block.rows]
            for text in texts:
                targets = [link.target[1:] for link in links_in(text) if link.target.startswith("#")]
                if targets:
                    found.append((plain(text), targets))
        return found

    news = linking(current)
    pairs: dict[str, str] = {}
    for old_text, old_targets in linking(previous):
        scored = [(_ratio(old_text, text), targets) for text, targets in news if len(targets) == len(old_targets)]
        best = max(scored, default=(0.0, []), key=lambda s: s[0])
        if best[0] >= ITEM_SIMILARITY:
            for old_target, new_target in zip(old_targets, best[1], strict=True):
                if old_target != new_target:
                    pairs.setdefault(old_target, new_target)
    return pairs


def _label(unit: DraftSection | DraftItem) -> str:
    return (unit.title or unit.id) if isinstance(unit, DraftSection) else unit.words()[:60]


def _score(old: DraftSection | DraftItem, new: DraftSection | DraftItem) -> float:
    if isinstance(old, DraftSection) and isinstance(new, DraftSection):
        return _section_score(old, new)
    return _ratio(old.words(), new.words())


def _fixed(previous: ImportDraft, current: ImportDraft, fixed: dict[str, str | None]) -> list[Rename]:
    """Pairs the id mapping file names (checked beforehand): the unit the source calls `new` takes `old`."""
    def units(draft: ImportDraft) -> dict[str, DraftSection | DraftItem]:
        sections = draft.all_sections()
        return {**{s.id: s for s in sections}, **{i.id: i for s in sections for i in items_of(s)}}

    olds, news = units(previous), units(current)
    renames = []
    for old_id, new_id in fixed.items():
        if new_id is None or new_id == old_id:
            continue
        old, new = olds[old_id], news[new_id]
        kind = "section" if isinstance(old, DraftSection) else "item"
        renames.append(Rename(kind, old_id, new_id, _label(old), _label(new), round(_score(old, new), 3),
                              "the id mapping file"))
        _take(new, old)
    return renames


def carry_over(previous: ImportDraft, current: ImportDraft, fixed: dict[str, str | None] | None = None) -> list[Rename]:
    """Rename units of `current` after their matches in `previous` (in place); list the renames.

    `fixed` is the id mapping file's word for this version (old id: the id the source gives the unit,
    or None for no successor); it comes first, and the units it names are not paired by similarity.
    """
    fixed = fixed or {}
    renames = _fixed(previous, current, fixed)
    old_sections, new_sections = previous.all_sections(), current.all_sections()
    old_items = [i for s in old_sections for i in items_of(s)]
    new_items = [i for s in new_sections for i in items_of(s)]
    new_ids = {s.id for s in new_sections} | {i.id for i in new_items} | set(fixed)
    old_ids = {s.id for s in old_sections} | {i.id for i in old_items}
    lost_sections = [s for s in old_sections if s.id not in new_ids]
    fresh_sections = [s for s in new_sections if s.id not in old_ids]
    repointed = _link_pairs(previous, current)
    by_anchor = {a: s for s in fresh_sections for a in (s.id, s.slug, *s.anchors)}
    for lost in list(lost_sections):
        target = by_anchor.get(repointed.get(lost.id, "")) or next(
            (by_anchor[repointed[a]] for a in lost.aliases if repointed.get(a) in by_anchor), None)
        if target is not None and target in fresh_sections:
            renames.append(Rename("section", lost.id, target.id, lost.title or lost.id, target.title or target.id,
                                  round(_section_score(lost, target), 3), "the source re-pointed its link"))
            _take(target, lost)
            lost_sections.remove(lost)
            fresh_sections.remove(target)
    for old, new, value in _pair(lost_sections, fresh_sections, _section_score, SECTION_SIMILARITY):
        renames.append(Rename("section", old.id, new.id, old.title or old.id, new.title or new.id, round(value, 3)))
        _take(new, old)
    lost_items = [i for i in old_items if i.id not in new_ids]
    fresh_items = [i for i in new_items if i.id not in old_ids]
    for old_item, new_item, value in _pair(lost_items, fresh_items, lambda o, n: _ratio(o.words(), n.words()),
                                           ITEM_SIMILARITY):
        renames.append(Rename("item", old_item.id, new_item.id, old_item.words()[:60], new_item.words()[:60],
                              round(value, 3)))
        _take(new_item, old_item)
    return renames


def _take(new: DraftSection | DraftItem, old: DraftSection | DraftItem) -> None:
    own = new.id
    new.id = old.id
    aliases = [own, *new.aliases, *old.aliases]
    new.aliases = [a for i, a in enumerate(aliases) if a != new.id and a not in aliases[:i]]
