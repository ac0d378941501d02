"""A redline as JSON, terminal text and Markdown; every format says the same things in the same order."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from markupsafe import escape
from pydantic import JsonValue

from ...source.dates import long_date
from ...source.fact_kinds import CATEGORY_TITLES
from .model import Op, Redline, Run, TextDiff, Unit, UnitKind, UnitStatus
from .plain import Names, unit_label

RED_STRIKE = "\x1b[9;31m"
GREEN_UNDERLINE = "\x1b[4;32m"
BOLD = "\x1b[1m"
RESET = "\x1b[0m"


# --- shared wording -------------------------------------------------------------------------

def unit_heading(unit: Unit) -> str:
    """What the changed text is, in a reader's words: 'Item: Skills Assessments.', not its key."""
    return f"{unit.kind.capitalize()}: {unit_label(unit)}"


def unit_place(unit: Unit, section_titles: dict[str, str]) -> list[str]:
    """Where a changed unit is, for formats that list units apart from the notice: 'In “Section”'."""
    if unit.section is None or (unit.move is not None and unit.move.from_section == unit.section):
        return []  # at the top level, or already said by "Moved within “Section”"
    return [f"In “{section_titles.get(unit.section, unit.section)}”"]


def unit_notes(unit: Unit, section_titles: dict[str, str]) -> list[str]:
    """What the words alone do not show: added/removed, moved, renamed, formatting."""
    notes = []
    if unit.status in (UnitStatus.ADDED, UnitStatus.REMOVED):
        notes.append(unit.status.capitalize())
    if unit.move is not None:
        if unit.move.from_section == unit.section:
            notes.append("Moved within " + (f"“{section_titles.get(unit.section or '', unit.section)}”"
                                            if unit.section else "the notice"))
        elif unit.move.from_section is None:
            notes.append("Moved from the top level of the notice")
        else:
            notes.append(f"Moved from “{unit.move.from_section_title or unit.move.from_section}”")
    if unit.renamed and unit.title is not None and unit.title.old:
        notes.append(f"Renamed from “{unit.title.old}”")
    if unit.markup_changed:
        notes.append("Formatting, links, numbering or contact shown changed")
    return notes


def section_titles(redline: Redline) -> dict[str, str]:
    """Titles of every section of either version (new titles win), for notes like 'Moved from'.

    A section is only ever held by a section (or the notice), so the sections are walked alone, in the
    order a walk of every unit meets them, not the paragraphs, lists and tables they hold.
    """
    titles: dict[str, str] = {}
    stack = list(reversed(redline.units))
    while stack:
        unit = stack.pop()
        if unit.kind is UnitKind.SECTION:
            if unit.title is not None:
                titles[unit.key] = unit.title.new or unit.title.old
            stack.extend(reversed(unit.children))
    return titles


def shown_diffs(unit: Unit) -> list[TextDiff]:
    """The title and text worth printing for a changed unit."""
    shown = unit.status is not UnitStatus.UNCHANGED
    return [d for d in (unit.title, unit.text) if d is not None and (d.changed or shown)]


# --- JSON -----------------------------------------------------------------------------------

def _diff_json(diff: TextDiff | None) -> JsonValue:
    if diff is None:
        return None
    return {"changed": diff.changed, "runs": [{"op": str(r.op), "text": r.text} for r in diff.runs]}


def to_json(redline: Redline) -> dict[str, JsonValue]:
    """The summary and, per changed unit, its word runs; plain data, in document order."""
    changes: list[JsonValue] = [
        {"category": str(c.category), "kind": str(c.kind), "id": c.id, "label": c.label,
         "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in c.fields]}
        for c in redline.changes
    ]
    units: list[JsonValue] = []
    for unit in redline.changed_units():
        move = unit.move
        units.append({
            "key": unit.key, "id": unit.id, "kind": str(unit.kind), "status": str(unit.status),
            "section": unit.section, "label": unit_label(unit), "renamed": unit.renamed,
            "format_changed": unit.markup_changed,
            "move": None if move is None else {
                "from_parent": move.from_parent, "to_parent": move.to_parent,
                "from_section": move.from_section, "reordered": move.reordered},
            "title": _diff_json(unit.title), "text": _diff_json(unit.text),
        })
    return {
        "old": {"effective": redline.old_effective.isoformat()},
        "new": {"effective": redline.new_effective.isoformat()},
        "changes": changes,
        "units": units,
    }


# --- terminal text --------------------------------------------------------------------------

def _lines_wrapped(text: str, start: str, end: str) -> str:
    # ANSI attributes are closed at each line end so that a pager or `less -R` never carries
    # red strike-through into the lines that follow.
    return "\n".join(start + line + end if line else line for line in text.split("\n"))


def runs_text(runs: tuple[Run, ...], color: bool) -> str:
    out = []
    for run in runs:
        if run.op is Op.EQUAL:
            out.append(run.text)
        elif color:
            out.append(_lines_wrapped(run.text, RED_STRIKE if run.op is Op.DELETE else GREEN_UNDERLINE, RESET))
        else:
            out.append(f"[-{run.text}-]" if run.op is Op.DELETE else f"{{+{run.text}+}}")
    return "".join(out)


DateFormat = Callable[[dt.date], str]
"""How the formats write a date for readers; the caller may pass its own (a locale's, say)."""


def _header(redline: Redline, date_format: DateFormat) -> str:
    return f"Changes from {date_format(redline.old_effective)} to {date_format(redline.new_effective)}"


def to_text(redline: Redline, color: bool = False, date_format: DateFormat = long_date) -> str:
    """Summary, then every changed unit with `[-deleted-]{+inserted+}` (or ANSI colours)."""
    bold: Callable[[str], str] = (lambda s: f"{BOLD}{s}{RESET}") if color else (lambda s: s)
    lines = [bold(_header(redline, date_format)), ""]
    if redline.is_empty:
        return "\n".join([*lines, "No changes.", ""])
    names = Names(redline)
    for category, changes in redline.by_category().items():
        lines.append(bold(CATEGORY_TITLES[category]))
        lines += [f"  - {names.describe(c)}" for c in changes]
        lines.append("")
    titles = section_titles(redline)
    units = list(redline.changed_units())
    if units:
        lines += [bold("Changed text"), ""]
    for unit in units:
        notes = unit_place(unit, titles) + unit_notes(unit, titles)
        lines.append(bold(unit_heading(unit))
                     + (f" ({'; '.join(notes)})" if notes else ""))
        lines += [runs_text(d.runs, color) for d in shown_diffs(unit)]
        lines.append("")
    return "\n".join(lines)


# --- Markdown -------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#!])")
# `|` and `~` are not backslash-escapable in Python-Markdown's core, so they become entities.
_MD_ENTITIES = {"|": "&#124;", "~": "&#126;"}
_MD_BULLET = re.compile(r"^(\s*)([-+])", re.MULTILINE)
_MD_NUMBER = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def md_text(text: str) -> str:
    """`text` HTML-escaped and with Markdown syntax neutralised, on one line."""
    # Backslashes first, on the raw text: HTML escaping then produces entities such as `&#39;`
    # whose `#` must not be touched.
    marked = _MD_NUMBER.sub(r"\1\\\2", _MD_BULLET.sub(r"\1\\\2", _MD_SPECIAL.sub(r"\\\1", text)))
    escaped = str(escape(marked))
    for char, entity in _MD_ENTITIES.items():
        escaped = escaped.replace(char, entity)
    return escaped.replace("\n", "<br>")


def runs_markdown(runs: tuple[Run, ...]) -> str:
    out = []
    for run in runs:
        text = md_text(run.text)
        tag = "del" if run.op is Op.DELETE else "ins"
        out.append(text if run.op is Op.EQUAL else f"<{tag}>{text}</{tag}>")
    return "".join(out)


def to_markdown(redline: Redline, date_format: DateFormat = long_date) -> str:
    """Summary as lists per category, then every changed unit with `<del>`/`<ins>` inline HTML."""
    lines = [f"## {md_text(_header(redline, date_format))}", ""]
    if redline.is_empty:
        return "\n".join([*lines, "No changes.", ""])
    names = Names(redline)
    for category, changes in redline.by_category().items():
        lines += [f"### {md_text(CATEGORY_TITLES[category])}", ""]
        for change in changes:
            details = names.details(change)
            lines.append(f"- **{change.kind.capitalize()}:** {md_text(change.label)}"
                         + (f" — {md_text(details)}" if details else ""))
        lines.append("")
    titles = section_titles(redline)
    units = list(redline.changed_units())
    if units:
        lines += ["### Changed text", ""]
    for unit in units:
        notes = unit_place(unit, titles) + unit_notes(unit, titles)
        lines.append(f"#### {md_text(unit_heading(unit))}")
        lines.append("")
        if notes:
            lines += [f"*{md_text('; '.join(notes))}*", ""]
        for diff in shown_diffs(unit):
            lines += [runs_markdown(diff.runs), ""]
    return "\n".join(lines)
