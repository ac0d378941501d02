"""Aligning two versions' document trees by id, and merging them into one reading order.

Sections, lists, items and paragraphs with an id are matched by id wherever they are, so a
unit that moves is compared with itself rather than reported as removed plus added.
Paragraphs, lists and contact blocks without id can only be matched by content, within the
section (matched by id) that holds them.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from weakref import WeakKeyDictionary

from ...source.inline import plain
from ...source.model import ContactBlock, Version
from .equal_sections import equal_sections, units_standing_in
from .model import Move, TextDiff, Unit, UnitKind, UnitStatus
from .similarity import SIMILAR, signature, similar_enough, similarity
from .tree import NewerSide, Node, memo_of, set_key, version_tree
from .words import diff_text

# Kinds that may be matched to each other by id: a paragraph that becomes a list item is the
# same statement (with the same facets), but a section and an item are not.
_GROUP = {UnitKind.SECTION: "section", UnitKind.LIST: "list", UnitKind.CONTACT: "contact",
          UnitKind.PARAGRAPH: "statement", UnitKind.ITEM: "statement", UnitKind.TABLE: "table",
          UnitKind.ROW: "row", UnitKind.CELL: "cell"}


def _anonymous(section: Node) -> list[Node]:
    """A section's anonymous blocks, or a table's rows but its header row."""
    found = [c for c in section.children if c.id is None and c.kind is not UnitKind.SECTION]
    return found[1:] if section.kind is UnitKind.TABLE else found


_NEWER_BLOCKS: WeakKeyDictionary[Node, tuple[list[Node], list[str]]] = WeakKeyDictionary()
"""A newer section's anonymous blocks and their signatures: its tree is kept, and never re-keyed, for the
comparisons in a row that have its version as the newer one (`_newer_side`)."""


def _pair_anonymous(old_section: Node, new_section: Node) -> None:
    """Give anonymous old blocks (or table rows) the key of the new one they correspond to, if any."""
    olds = _anonymous(old_section)
    known = _NEWER_BLOCKS.get(new_section)
    if known is None:
        news = _anonymous(new_section)
        known = _NEWER_BLOCKS[new_section] = (news, [signature(n) for n in news])
    news, new_signatures = known
    old_signatures = [signature(o) for o in olds]
    if old_signatures == new_signatures:  # what the matcher finds for equal lists: each block is itself
        for old, new in zip(olds, news, strict=True):
            set_key(old, new.key)
        return
    matcher = SequenceMatcher(None, old_signatures, new_signatures, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for old, new in zip(olds[i1:i2], news[j1:j2], strict=True):
                set_key(old, new.key)
        elif tag == "replace":
            start = j1
            for old in olds[i1:i2]:
                if j2 - start == 1:  # a single candidate: only whether it reaches the threshold counts
                    if similar_enough(old, news[start]):
                        set_key(old, news[start].key)
                        start += 1
                    continue
                scored = [(similarity(old, news[j]), -j) for j in range(start, j2)]
                best = max(scored, default=(0.0, 0))
                if best[0] >= SIMILAR:
                    set_key(old, news[-best[1]].key)
                    start = -best[1] + 1


# A block that left its section (or a table, row or cell of it) is paired with a block of another
# section only when it is this close to it: a moved or rewritten paragraph, not a new one.
SIMILAR_ELSEWHERE = SIMILAR
_MOVABLE = (UnitKind.PARAGRAPH, UnitKind.LIST, UnitKind.CONTACT, UnitKind.TABLE)


def _nodes(roots: list[Node]) -> list[Node]:
    """Every unit of the trees, in reading order."""
    return [node for root in roots for node in root.walk()]


def _unpaired(nodes: list[Node], other: dict[str, Node]) -> list[Node]:
    """Anonymous blocks among `nodes` that no unit of the other version has claimed, in their order."""
    return [node for node in nodes if node.kind in _MOVABLE and node.id is None and node.key not in other]


SHARED_RUN = 3
"""Units paired across sections share at least one run of this many words: a cheap first sieve."""


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + SHARED_RUN]) for i in range(len(words) - SHARED_RUN + 1)} or {tuple(words)}


def _pair_across(old_nodes: list[Node], new_roots: list[Node], new_by_key: dict[str, Node],
                 stood_for: dict[str, Node]) -> None:
    """Pair anonymous blocks left over after the section-by-section pass, wherever they are now.

    A paragraph moved to another section, or rewritten so much that its neighbours no longer
    anchor it, is still the same statement: compared word by word it shows what really changed,
    where a removal plus an addition would mark every word twice. Only units that share a run of
    three words are compared (a rewrite of a whole notice stays fast); the most similar pairs are
    taken first, ties broken by reading order, so the result does not depend on dictionary order.
    `stood_for`: the older units the newer version's stand for (equal_sections.py), all claimed.
    """
    olds = _unpaired(old_nodes, new_by_key)
    if not olds:  # the usual case: nothing to pair, and no need to walk the newer version's tree
        return
    old_keys = {node.key for node in old_nodes} | stood_for.keys()
    news = [node for node in _unpaired(_nodes(new_roots), {}) if node.key not in old_keys]
    old_words = [signature(old).split() for old in olds]
    by_run: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, words in enumerate(old_words):
        for run in _runs(words):
            by_run[run].append(i)
    scored = []
    for j, new in enumerate(news):
        new_words = signature(new).split()
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(new_words)  # difflib caches what it learns about the second sequence
        for i in sorted({i for run in _runs(new_words) for i in by_run.get(run, ())}):
            if olds[i].kind is not new.kind:
                continue
            matcher.set_seq1(old_words[i])
            if matcher.real_quick_ratio() >= SIMILAR_ELSEWHERE and matcher.quick_ratio() >= SIMILAR_ELSEWHERE:
                value = matcher.ratio()
                if value >= SIMILAR_ELSEWHERE:
                    scored.append((-value, i, j))
    used_old: set[int] = set()
    used_new: set[int] = set()
    for _, i, j in sorted(scored):
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            set_key(olds[i], news[j].key)


def _lcs_keys(old_order: list[str], new_order: list[str]) -> set[str]:
    """Keys of a longest common subsequence: the siblings that kept their relative order."""
    if old_order == new_order:  # the usual case, where the table below would keep every key
        return set(old_order)
    n, m = len(old_order), len(new_order)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if old_order[i] == new_order[j]:
                table[i][j] = table[i + 1][j + 1] + 1
            else:
                table[i][j] = max(table[i + 1][j], table[i][j + 1])
    kept: set[str] = set()
    i = j = 0
    while i < n and j < m:
        if old_order[i] == new_order[j]:
            kept.add(old_order[i])
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return kept


@dataclass
class Alignment:
    """Both versions' units by key, the moves found, and the merged document."""

    old: dict[str, Node]
    new: dict[str, Node]
    moves: dict[str, Move]
    units: tuple[Unit, ...] = ()
    unchanged: set[str] = field(default_factory=set)
    """Keys of units unchanged as a whole, with all they contain (each may itself have moved)."""

    def pair(self, key: str) -> tuple[Node | None, Node | None]:
        return self.old.get(key), self.new.get(key)


def _find_moves(old: dict[str, Node], new: dict[str, Node], old_order: list[str]) -> dict[str, Move]:
    moves: dict[str, Move] = {}
    siblings: dict[str, list[str]] = defaultdict(list)
    for key, node in new.items():
        before = old.get(key)
        if before is node:  # a newer unit standing for its older twin (equal_sections.py): nothing there moved
            continue
        if before is None or (node.id is None and (node.kind not in _MOVABLE or before.parent == node.parent)):
            continue
        if before.parent != node.parent:
            moves[key] = Move(before.parent or None, node.parent or None, before.section,
                              _section_title(old, before.section))
        else:
            siblings[node.parent].append(key)
    # A sibling is reordered only if it is outside the longest run of siblings that kept their
    # order; an insertion or removal elsewhere shifts positions but moves nothing.
    position = {key: i for i, key in enumerate(old_order)}
    for parent, keys in siblings.items():
        kept = _lcs_keys(sorted(keys, key=position.__getitem__), keys)
        for key in keys:
            if key not in kept:
                before = old[key]
                moves[key] = Move(parent or None, parent or None, before.section, _section_title(old, before.section))
    return moves


def _section_title(units: dict[str, Node], key: str | None) -> str | None:
    """The title of the section `key` among `units`, if it is one: looked up for a unit that moved, not listed for
    every comparison (a comparison with the version in force holds every unit of both versions)."""
    node = units.get(key or "")
    return node.title if node is not None and node.kind is UnitKind.SECTION else None


class _Merger:
    def __init__(self, alignment: Alignment) -> None:
        self.a = alignment

    def children(self, olds: list[Node], news: list[Node]) -> tuple[Unit, ...]:
        """New children in order, with removed old children placed after their old predecessor."""
        here = {n.key for n in news}
        after: dict[str | None, list[Unit]] = defaultdict(list)
        anchor: str | None = None
        for old in olds:
            if old.key in here:
                anchor = old.key
            elif old.key not in self.a.new:  # moved elsewhere: shown at its new place only
                after[anchor].append(self.unit(old, None))
        merged = list(after[None])
        for new in news:
            merged.append(self.unit(self.a.old.get(new.key), new))
            merged += after[new.key]
        return tuple(merged)

    def unit(self, old: Node | None, new: Node | None) -> Unit:
        if old is not None and new is not None and (old.same_as is new or self.same(old, new, inside=False)):
            return self.unchanged(old, new)
        return self.merged(old, new)

    def same(self, old: Node, new: Node, inside: bool = True) -> bool:
        """Equal data (the node's model compares everything it holds), shown text and keys throughout,
        and nothing inside moved: the merged unit then depends on the newer version alone."""
        if old.kind is not new.kind or old.key != new.key or old.text != new.text or old.title != new.title:
            return False
        if (inside and new.key in self.a.moves) or len(old.children) != len(new.children):
            return False
        if not inside and old.node is not new.node and old.node != new.node:
            return False
        return all(self.same(o, n) for o, n in zip(old.children, new.children, strict=True))

    def unchanged(self, old: Node, new: Node) -> Unit:
        """The merged unit of an unchanged part, made once per newer version (the older one cannot differ)."""
        self.a.unchanged.add(new.key)
        move = self.a.moves.get(new.key)
        unit = new.memo.unchanged_unit(new.node, new.key)
        if unit is None:
            # The older version's own unit of the same part, from when it was the newer one, if the part stood
            # in the same place: keys, sections and depths inside follow from the root's and the (equal) data.
            unit = old.memo.unchanged_unit(old.node, new.key)
            if unit is None or unit.section != new.section or unit.depth != new.depth:
                unit = dataclasses.replace(self.merged(old, new), move=None)
            new.memo.unchanged[new.key] = (new.node, unit)
        return dataclasses.replace(unit, move=move) if move else unit

    def merged(self, old: Node | None, new: Node | None) -> Unit:
        shown = new or old
        assert shown is not None
        title = _diff(old.title if old else None, new.title if new else None)
        text = _diff(old.text if old else None, new.text if new else None)
        format_changed = False
        if old is None:
            status = UnitStatus.ADDED
        elif new is None:
            status = UnitStatus.REMOVED
        else:
            changed = any(d is not None and d.changed for d in (title, text))
            status = UnitStatus.CHANGED if changed else UnitStatus.UNCHANGED
            format_changed = _format_changed(old, new)
        return Unit(
            key=shown.key, id=shown.id, kind=shown.kind, status=status, section=shown.section,
            depth=shown.depth, title=title, text=text, move=self.a.moves.get(shown.key) if new else None,
            numbered=bool(getattr(shown.node, "numbered", False)), markup_changed=format_changed,
            facts=any(value is not None for n in (old, new) if n for value in n.facets.values()),
            children=self.children(old.children if old else [], new.children if new else []),
        )


def _diff(old: str | None, new: str | None) -> TextDiff | None:
    if old is None and new is None:
        return None
    # Inline markup is stripped: readers compare the words they see, not `**` or link targets.
    return diff_text(plain(old) if old else None, plain(new) if new else None)


def _format_changed(old: Node, new: Node) -> bool:
    """Changed in a way the words do not show: inline markup, link targets, numbering, contact shown."""
    if (old.title, old.text) != (new.title, new.text) and (
        plain(old.title or ""), plain(old.text or "")) == (plain(new.title or ""), plain(new.text or "")):
        return True
    if getattr(old.node, "numbered", False) != getattr(new.node, "numbered", False):
        return True
    return isinstance(old.node, ContactBlock) and isinstance(new.node, ContactBlock) and (
        old.node.contact != new.node.contact)


def _number(nodes: list[Node]) -> None:
    for position, node in enumerate(nodes, 1):
        node.position = position
        _number(node.children)


def _index(roots: list[Node], nodes: list[Node], side: str) -> dict[str, Node]:
    """The units (`nodes`: the trees `roots`, in reading order) by key, each numbered among its siblings."""
    _number(roots)
    found: dict[str, Node] = {}
    for node in nodes:
        if node.key in found:  # invalid versions may repeat an id; keep every unit distinct
            node.key = f"{node.key}~{side}{len(found)}"
        found[node.key] = node
    return found


def _newer_side(version: Version) -> NewerSide:
    """The version's tree as the newer one, and its units by key: made once for the comparisons in a row that
    have it as the newer version, since aligning re-keys only the older version's tree."""
    memo = memo_of(version)
    if memo.newer is None:
        roots = version_tree(version, "")
        nodes = _nodes(roots)
        distinct = len({node.key for node in nodes}) == len(nodes)
        memo.keep_newer(NewerSide(roots, _index(roots, nodes, "new"), distinct))
    assert memo.newer is not None
    return memo.newer


def align(old: Version, new: Version) -> Alignment:
    """Match the units of `old` and `new` and build the merged reading order."""
    aligned = _aligned(old, new, equal_sections(old, new))
    if aligned is None:  # a key repeated: aligned again with every section's own units
        aligned = _aligned(old, new, frozenset())
    assert aligned is not None
    return aligned


def _aligned(old: Version, new: Version, equal: frozenset[int]) -> Alignment | None:
    """`align`, the older version's top-level sections at the positions `equal` stood for by the newer
    version's (equal_sections.py); None if a key repeated forbids it."""
    old_roots = version_tree(old, "old-", equal)
    old_nodes = _nodes(old_roots)  # aligning changes keys, never the trees' shape: listed once
    newer = _newer_side(new)
    new_roots, new_by_key = newer.roots, newer.by_key
    inner = units_standing_in(old_roots, equal, newer)
    if inner is None:
        return None
    for node in old_nodes:
        other = new_by_key.get(node.key)
        if node.kind is UnitKind.SECTION and node.same_as is None and other is not None and (
                other.kind is UnitKind.SECTION):
            _pair_anonymous(node, other)
    _pair_across(old_nodes, new_roots, new_by_key, inner)
    for node in old_nodes:  # tables are paired now, so their rows can be
        other = new_by_key.get(node.key)
        if node.kind is UnitKind.TABLE and other is not None and other.kind is UnitKind.TABLE:
            _pair_anonymous(node, other)
    distinct = not inner or len({node.key for node in old_nodes}) == len(old_nodes)
    old_by_key = _index(old_roots, old_nodes, "old")
    if not (distinct and inner.keys().isdisjoint(old_by_key)):
        return None
    for key, node in list(old_by_key.items()):
        other = new_by_key.get(key)
        if other is not None and _GROUP[other.kind] != _GROUP[node.kind]:
            # Same id, unrelated kinds: a different thing that reuses the id.
            del old_by_key[key]
            node.key = f"{key}~{node.kind}"
            old_by_key[node.key] = node
    if not inner.keys().isdisjoint(old_by_key):
        return None
    old_by_key.update(inner)
    old_order = list(old_by_key)
    alignment = Alignment(old_by_key, new_by_key, _find_moves(old_by_key, new_by_key, old_order))
    alignment.units = _Merger(alignment).children(old_roots, new_roots)
    return alignment
