"""Redlines: what changed between two versions of a notice, as facts and as words.

    redline = compare(old_version, new_version)
    to_json(redline); to_text(redline, color=True); to_markdown(redline); to_html(redline)

A pure library: no site builder, no files, no network.
"""

from ...source.fact_kinds import CATEGORY_TITLES, Category
from .compare import compare
from .formats import to_json, to_markdown, to_text
from .html import LEGEND, to_html
from .model import (
    Change,
    ChangeKind,
    FieldChange,
    Move,
    Op,
    Redline,
    Run,
    TextDiff,
    Unit,
    UnitKind,
    UnitStatus,
)
from .words import diff_text, tokenize

__all__ = [
    "CATEGORY_TITLES",
    "LEGEND",
    "Category",
    "Change",
    "ChangeKind",
    "FieldChange",
    "Move",
    "Op",
    "Redline",
    "Run",
    "TextDiff",
    "Unit",
    "UnitKind",
    "UnitStatus",
    "compare",
    "diff_text",
    "to_html",
    "to_json",
    "to_markdown",
    "to_text",
    "tokenize",
]
