"""How alike two blocks of text are: the share of words they have in common (difflib), found cheaply.

Aligning two versions (align.py) pairs a block without id with the most similar block of the other version, when
they share at least `SIMILAR` of their words; most candidate pairs are settled by bounds without matching a word.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher
from weakref import WeakKeyDictionary

from ...source.inline import plain
from .model import UnitKind
from .tree import Node

# Below this word-overlap ratio two anonymous paragraphs are a removal and an addition, not an
# edit: pairing unrelated paragraphs would produce a diff that rewrites every word.
SIMILAR = 0.5

def signature(node: Node) -> str:
    if node.kind is UnitKind.LIST:
        return "list:" + " ".join(child.key for child in node.children)
    if node.kind in (UnitKind.TABLE, UnitKind.ROW):
        return f"{node.kind}:" + " ".join(signature(child) for child in node.children)
    return f"{node.kind}:{plain(node.title or '')}\n{plain(node.text or '')}"


MATCHERS: WeakKeyDictionary[Node, tuple[SequenceMatcher[str], list[str]]] = WeakKeyDictionary()
"""A matcher holding the words of a block of the newer version, which difflib has indexed (see `similarity`),
and those words."""


def similarity(a: Node, b: Node) -> float:
    """The share of words `a` (older) and `b` (newer) have in common, or 0.0 when it is below `SIMILAR`.

    Its callers keep a pair only at `SIMILAR` or above, taking the highest: a share below it can never be kept,
    whatever it is, so difflib's cheap upper bounds settle most pairs without matching a word. The newer
    block is the same node in every comparison with the version it belongs to (its tree is kept: tree.py), so
    difflib indexes its words once (`set_seq2`); `set_seq1` resets all that depends on the older block.
    """
    bounded = _bounded(a, b)
    if bounded is None:
        return 0.0
    share = bounded[0].ratio()
    return share if share >= SIMILAR else 0.0


def _bounded(a: Node, b: Node) -> tuple[SequenceMatcher[str], list[str], list[str]] | None:
    """A matcher of the words of `a` (older) and `b` (newer), and those words; None when difflib's upper bounds
    of their share are below `SIMILAR` (or the kinds differ)."""
    words = _words(a, b)
    if words is None or not _within_bounds(words[0], words[1]):
        return None
    return words


def _words(a: Node, b: Node) -> tuple[SequenceMatcher[str], list[str], list[str]] | None:
    """The matcher holding the words of `b` (newer), the words of `a` (older) and of `b`; None if the kinds differ.
    The matcher's older words are not set yet (`_within_bounds` sets them)."""
    if a.kind is not b.kind:
        return None
    known = MATCHERS.get(b)
    if known is None:
        newer = signature(b).split()
        known = MATCHERS[b] = (SequenceMatcher(None, (), newer, autojunk=False), newer)
    matcher, newer = known
    return matcher, signature(a).split(), newer


def _within_bounds(matcher: SequenceMatcher[str], older: list[str]) -> bool:
    """Whether difflib's cheap upper bounds of the share of `older` and the matcher's words reach `SIMILAR`,
    the matcher then holding `older` as its first sequence."""
    matcher.set_seq1(older)
    return matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR


def similar_enough(a: Node, b: Node) -> bool:
    """`similarity(a, b) >= SIMILAR`, often without matching every word.

    difflib's first match is the longest run of words the two have in common (nothing is junk), so the words
    they share at their start, or at their end, are a lower bound of the words it matches: when that bound
    reaches the threshold, so does the share. An edited paragraph compared with its earlier wording is the usual
    case, so that bound is taken first, before difflib's upper bounds (counting every word of both: about 0.05 ms
    for a paragraph of 200 words, 5 ms of an edited rebuild at 100 versions).
    """
    words = _words(a, b)
    if words is None:
        return False
    matcher, older, newer = words
    length = len(older) + len(newer)
    if length and 2.0 * _longest_common_end(older, newer) / length >= SIMILAR:
        return True
    return _within_bounds(matcher, older) and matcher.ratio() >= SIMILAR


def _longest_common_end(a: Sequence[str], b: Sequence[str]) -> int:
    """The number of words `a` and `b` share at their start or at their end, whichever is more."""
    shortest = min(len(a), len(b))
    prefix = 0
    while prefix < shortest and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < shortest and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    return max(prefix, suffix)
