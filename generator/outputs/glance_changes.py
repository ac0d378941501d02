"""What a new version changes in the "At a glance" layer and the CCPA tables, for its redline page.

Both are made from facts, so a version whose facts change shows here the rows a reader of the summary
would see change, as lines removed and added (a changed line is one of each).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from ..library.project import Notice, NoticeVersion
from ..source.cache import ContentCache, cache_key
from .glance_layer import version_glance


@dataclass(frozen=True)
class RowChange:
    table: str
    """'At a glance' or the CCPA table the row is in."""
    row: str
    removed: tuple[str, ...]
    added: tuple[str, ...]


GLANCE = "At a glance"
CATEGORIES = "California: categories of personal information"
SALE = "California: sale and sharing"


Lines = dict[tuple[str, str], tuple[str, ...]]
_LINES: OrderedDict[tuple[str, str, bool, bool], Lines] = OrderedDict()
LINES_KEPT = 1024
"""Versions whose lines are kept: the version in force is on one side of nearly every comparison of a build, and
under `mkdocs serve` every version's comparison with it is made again after each edit of it."""


KIND = "glance"
"""The kind of a version's lines in the project's cache: one entry per version content, like its parsed YAML."""


def _lines(notice: Notice, version: NoticeVersion, cache: ContentCache | None = None) -> Lines:
    """Every row of the layer and the tables as lines of words, by (table, row), worked out once per content.

    They follow from the version's layer and tables (themselves worked out once per content: `version_glance`)
    and the notice's two settings that turn them on, so a version of the same content gives the same lines.
    """
    key = _identity(notice, version)
    lines = _LINES.get(key)
    if lines is None:
        lines = _LINES[key] = _worked_out(notice, version) if cache is None else _stored(notice, version, cache)
        while len(_LINES) > LINES_KEPT:
            _LINES.popitem(last=False)
    _LINES.move_to_end(key)
    return lines


def _stored(notice: Notice, version: NoticeVersion, cache: ContentCache) -> Lines:
    """`_worked_out`, from the project's cache when the lines of the same content and settings were stored.

    An edit of the version in force compares every earlier version with it again, and working out one
    version's lines costs about 1.4 ms (0.7 s at 500 versions) where reading them back costs about 0.2 ms.
    """
    key = stored_key(notice, version)
    hit, value = cache.get(KIND, key)
    if hit and (lines := _from_plain(value)) is not None:
        return lines
    lines = _worked_out(notice, version)
    cache.put(KIND, key, [[table, row, list(words)] for (table, row), words in lines.items()])
    return lines


def _identity(notice: Notice, version: NoticeVersion) -> tuple[str, str, bool, bool]:
    """What a version's lines follow from: its content and the notice's two settings that turn them on."""
    return version.notice_id, version.content_hash, notice.meta.at_a_glance, notice.meta.ccpa_tables


def stored_key(notice: Notice, version: NoticeVersion) -> str:
    """The cache key of a version's lines: what `_lines` keys them by in memory (the tool's files included)."""
    return cache_key(KIND, *map(str, _identity(notice, version)))


def forget_lines() -> None:
    """Let go of the lines kept in memory (a build that has made its pages: they are in the project's cache)."""
    _LINES.clear()


def _from_plain(value: Any) -> Lines | None:
    """The lines a cache entry holds as [table, row, [line, …]] triples in order, or None if it holds anything else."""
    if not isinstance(value, list):
        return None
    lines: Lines = {}
    for item in value:
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str) and isinstance(item[1], str)
                and isinstance(item[2], list) and all(isinstance(line, str) for line in item[2])):
            return None
        lines[(item[0], item[1])] = tuple(item[2])
    return lines


def _worked_out(notice: Notice, version: NoticeVersion) -> Lines:
    lines: Lines = {}
    rows, tables = version_glance(version)
    if notice.meta.at_a_glance:
        for row in rows:
            lines[(GLANCE, row.question)] = tuple(answer.words() for answer in row.answers)
    if tables is not None and notice.meta.ccpa_tables:
        for category in tables.categories:
            cells = category.cells()
            lines[(CATEGORIES, category.category.text)] = tuple(f"{heading}: {cell}" for heading, cell in cells)
        for sale in tables.sale:
            lines[(SALE, sale.question)] = (sale.answer + (f" — {sale.to_whom}" if sale.to_whom else ""),)
        if tables.opt_out:
            lines[(SALE, "How to opt out")] = (tables.opt_out,)
    return lines


def glance_changes(notice: Notice, old: NoticeVersion, new: NoticeVersion,
                   cache: ContentCache | None = None) -> list[RowChange]:
    """Rows of the layer and the tables that differ between two versions, in the order readers see them; each
    version's lines from `cache`, if given, when they were worked out before."""
    before, after = _lines(notice, old, cache), _lines(notice, new, cache)
    if before == after:  # the same rows with the same lines (most versions keep their facts): nothing differs
        return []
    changes = []
    for key in [*after, *(k for k in before if k not in after)]:
        was, now = before.get(key, ()), after.get(key, ())
        removed = tuple(line for line in was if line not in now)
        added = tuple(line for line in now if line not in was)
        if removed or added:
            changes.append(RowChange(key[0], key[1], removed, added))
    return changes
