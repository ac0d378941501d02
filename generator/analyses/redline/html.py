"""A redline as an HTML fragment for the site: the summary, then the whole new document marked up.

Every piece of text goes through `markupsafe` (`Markup.format` escapes its arguments), so YAML
prose can never inject markup. Changes are `<del>`/`<ins>` elements carrying visually hidden
"[deleted: …]"/"[inserted: …]" words: strike-through and underline show them on screen,
the words tell screen readers (which mostly ignore `<del>`/`<ins>`) and monochrome print.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import OrderedDict

from markupsafe import Markup, escape

from ...source.dates import long_date
from ...source.fact_kinds import CATEGORY_TITLES
from .formats import DateFormat, section_titles, unit_notes
from .model import Change, Op, Redline, Run, TextDiff, Unit, UnitKind, UnitStatus
from .plain import Names

LEGEND = "Deleted text is struck through and marked [deleted]; inserted text is underlined and marked [inserted]."
ID_PREFIX = "redline-"
# Summary anchors use "_", which no id may contain, so they never clash with a section's anchor.
SUMMARY_ID = "redline_summary"
TOC_ID = "redline_toc"
DOCUMENT_ID = "redline_document"

# Styles live in templates/assets/notices.css (overridable with the other templates).


# The document part is built as plain strings, every piece of YAML text passed through `escape`: a
# redline page holds thousands of runs, and `Markup.format` (string.Formatter in Python) cost about half
# of a page's time. The pieces are joined with str methods and f-strings only, never `+` with a `Markup`
# (which would escape the other side), and become `Markup` once, in `to_html`.


def _mark(run: Run) -> str:
    if run.op is Op.EQUAL:
        return escape(run.text)
    if not run.text.strip():
        # A changed space has nothing to read or see: the page shows the new version's spacing, unmarked.
        return "" if run.op is Op.DELETE else escape(run.text)
    tag, word = ("del", "deleted") if run.op is Op.DELETE else ("ins", "inserted")
    return (f'<{tag}><span class="redline-mark">[{word}: </span>{escape(run.text)}'
            f'<span class="redline-mark">]</span></{tag}>')


def _paragraphs(diff: TextDiff | None, removed: bool) -> list[list[Run]]:
    """The runs split into the paragraphs of the shown version (the old one for a removed unit).

    A line break deleted from a kept unit becomes a space inside its `<del>`: the paragraphs
    shown are the new version's.
    """
    if diff is None:
        return []
    shown = Op.DELETE if removed else Op.INSERT
    paragraphs: list[list[Run]] = [[]]
    for run in diff.runs:
        if run.op not in (Op.EQUAL, shown):
            paragraphs[-1].append(Run(run.op, run.text.replace("\n", " ")))
            continue
        if "\n" not in run.text:
            if run.text:
                paragraphs[-1].append(run)
            continue
        for position, piece in enumerate(run.text.split("\n")):
            if position:
                paragraphs.append([])
            if piece:
                paragraphs[-1].append(Run(run.op, piece))
    return [p for p in paragraphs if any(r.text.strip() for r in p)]


def _runs(runs: list[Run] | tuple[Run, ...]) -> str:
    return "".join([_mark(r) for r in runs])


def _anchored(unit: Unit) -> bool:
    # A removed unit whose id was reused by an unrelated new unit is keyed apart; only one gets the id.
    return unit.id is not None and unit.key == unit.id


def anchor_of(unit: Unit) -> str:
    """Every unit's anchor: its id, else its key with "_" (which no id contains) for "/" and "~"."""
    return ID_PREFIX + (unit.key if _anchored(unit) else re.sub(r"[^a-z0-9-]", "_", unit.key))


REMEMBERED_UNITS = 2048
"""Units unchanged throughout whose HTML is kept: the same `Unit` object is shared by every comparison
that finds that part unchanged (align.py), and its HTML depends on the unit alone (it has no notes)."""
_UNCHANGED_HTML: OrderedDict[int, tuple[Unit, str]] = OrderedDict()


def forget_rendered() -> None:
    """Drop the remembered HTML (tests; a long-lived process that wants the memory back)."""
    _UNCHANGED_HTML.clear()


class _Document:
    def __init__(self, redline: Redline) -> None:
        self.redline = redline

    @functools.cached_property
    def titles(self) -> dict[str, str]:
        """Every section's title, for the note of a unit moved within its section: walked only for such a unit."""
        return section_titles(self.redline)

    def attributes(self, unit: Unit, base: str) -> str:
        moved = " redline-moved" if unit.move is not None else ""
        return f' class="{escape(base)} redline-{escape(unit.status)}{moved}" id="{escape(anchor_of(unit))}"'

    def notes(self, unit: Unit) -> str:
        # Added/removed are shown by <ins>/<del> already; the notes say what words cannot.
        return "".join([f'<p class="redline-note">{escape(n)}</p>\n' for n in unit_notes(unit, self.titles)
                        if n not in ("Added", "Removed")])

    def units(self, units: tuple[Unit, ...]) -> str:
        return "".join([self.unit(u) for u in units])

    def unit(self, unit: Unit) -> str:
        if not unit.unchanged_throughout:
            return self.marked(unit)
        known = _UNCHANGED_HTML.get(id(unit))
        if known is not None and known[0] is unit:
            _UNCHANGED_HTML.move_to_end(id(unit))
            return known[1]
        html = _UNCHANGED_HTML[id(unit)] = (unit, self.marked(unit))
        if len(_UNCHANGED_HTML) > REMEMBERED_UNITS:
            _UNCHANGED_HTML.popitem(last=False)
        return html[1]

    def marked(self, unit: Unit) -> str:
        if unit.kind is UnitKind.SECTION:
            return self.section(unit)
        if unit.kind is UnitKind.LIST:
            return self.list(unit, unit.children, unit.numbered, self.attributes(unit, "redline-list"))
        if unit.kind is UnitKind.TABLE:
            return self.table(unit)
        if unit.kind is UnitKind.CONTACT:
            lines = "<br>\n".join([_runs(p) for p in _paragraphs(unit.text, unit.status is UnitStatus.REMOVED)])
            return f'<address{self.attributes(unit, "redline-contact")}>{lines}</address>\n{self.notes(unit)}'
        return self.statement(unit)

    def section(self, unit: Unit) -> str:
        level = min(unit.depth + 1, 6)
        title = _runs(unit.title.runs) if unit.title else ""
        return (f'<h{level}{self.attributes(unit, "redline-section")}>{title}</h{level}>\n'
                f"{self.notes(unit)}{self.units(unit.children)}")

    def body(self, unit: Unit) -> str:
        """Notes, then the paragraphs, the (changed) bold lead-in starting the first one."""
        removed = unit.status is UnitStatus.REMOVED
        lead = _runs(unit.title.runs) if unit.title and unit.title.runs else None
        paragraphs = [_runs(p) for p in _paragraphs(unit.text, removed)]
        if lead is not None:
            strong = f"<strong>{lead}</strong>"
            paragraphs = [f"{strong} {paragraphs[0]}", *paragraphs[1:]] if paragraphs else [strong]
        return self.notes(unit) + "".join([f"<p>{p}</p>\n" for p in paragraphs])

    def statement(self, unit: Unit) -> str:
        if unit.kind is UnitKind.ITEM:
            nested = self.list(unit, unit.children, unit.numbered, "") if unit.children else ""
            return f'<li{self.attributes(unit, "redline-item")}>\n{self.body(unit)}{nested}</li>\n'
        return f'<div{self.attributes(unit, "redline-paragraph")}>\n{self.body(unit)}</div>\n'

    def table(self, unit: Unit) -> str:
        """The table cell by cell: each cell's words diffed against the same cell of the matched row."""
        caption = _paragraphs(unit.text, unit.status is UnitStatus.REMOVED)
        caption_html = f'<caption>{" ".join(_runs(p) for p in caption)}</caption>\n' if caption else ""
        header, *rows = unit.children

        def row(row_unit: Unit, cell_tag: str) -> str:
            scope = ' scope="col"' if cell_tag == "th" else ""
            cells = "".join(
                f'<{cell_tag}{scope}{self.attributes(cell, "redline-cell")}>'
                f'{"".join(f"<p>{_runs(p)}</p>" for p in _paragraphs(cell.text, cell.status is UnitStatus.REMOVED))}'
                f"</{cell_tag}>"
                for cell in row_unit.children)
            return f'<tr{self.attributes(row_unit, "redline-row")}>{cells}</tr>\n'

        body = "".join(row(r, "td") for r in rows)
        return (f'{self.notes(unit)}<div class="notice-table" role="region" tabindex="0" aria-label="Table">'
                f'<table{self.attributes(unit, "redline-table")}>\n'
                f"{caption_html}<thead>\n{row(header, 'th')}</thead>\n<tbody>\n{body}</tbody>\n</table></div>\n")

    def list(self, unit: Unit, items: tuple[Unit, ...], numbered: bool, attributes: str) -> str:
        tag = "ol" if numbered else "ul"
        notes = self.notes(unit) if unit.kind is UnitKind.LIST else ""
        return f"{notes}<{tag}{attributes}>\n{self.units(items)}</{tag}>\n"


def _text_of(unit: Unit) -> str:
    return " ".join(d.old + " " + d.new for d in (unit.title, unit.text) if d is not None).casefold()


def _place(change: Change, redline: Redline) -> str:
    """Where a summary entry links: its unit, else the first changed unit that mentions it (contact cards
    first), else the first unit that does, else the top of the marked-up notice."""
    units = redline.units_by_key
    if change.id in units:
        return anchor_of(units[change.id])
    needles = [change.label.casefold()] + [
        str(value).casefold() for f in change.fields for value in (f.new, f.old)
        if isinstance(value, str) and len(value) > 3]
    changed = sorted(redline.changed_units(), key=lambda u: u.kind is not UnitKind.CONTACT)
    for unit in itertools.chain(changed, redline.walk()):
        if any(needle in _text_of(unit) for needle in needles):
            return anchor_of(unit)
    return DOCUMENT_ID


def _summary_item(change: Change, redline: Redline, names: Names) -> str:
    label = f'<a href="#{escape(_place(change, redline))}">{escape(change.label)}</a>'
    details = names.details(change)
    more = f" — {escape(details)}" if details else ""
    return (f'<li class="redline-change redline-change-{escape(change.kind)}"><span class="redline-kind">'
            f"{escape(change.kind.capitalize())}:</span> {label}{more}</li>\n")


def toc_html(redline: Redline) -> Markup:
    """"On this page": the summary's categories and the sections of the notice that changed."""
    categories = "".join([f'<li><a href="#{escape(f"{SUMMARY_ID}-{c}")}">{escape(CATEGORY_TITLES[c])}</a></li>\n'
                          for c in redline.by_category()])
    sections = "".join([
        f'<li><a href="#{escape(anchor_of(u))}">{escape(u.title.new or u.title.old if u.title else u.key)}</a></li>\n'
        for u in redline.units if u.kind is UnitKind.SECTION and not u.unchanged_throughout])
    return Markup(f'<nav class="redline-toc" aria-labelledby="{TOC_ID}">\n<h2 id="{TOC_ID}">On this page</h2>\n'
                  f'<ul>\n<li><a href="#{SUMMARY_ID}">Summary of changes</a>\n<ul>\n{categories}</ul></li>\n'
                  f'<li><a href="#{DOCUMENT_ID}">The notice with its changes marked</a>\n<ul>\n{sections}</ul></li>\n'
                  "</ul>\n</nav>\n")


def summary_html(redline: Redline, date_format: DateFormat = long_date) -> Markup:
    """`<section class="redline-summary">` with one list per category of changes."""
    names = Names(redline)
    old, new = redline.old_effective, redline.new_effective
    parts = [f'<h2 id="{SUMMARY_ID}">Summary of changes</h2>\n',
             f'<p>From <time datetime="{escape(old.isoformat())}">{escape(date_format(old))}</time> to '
             f'<time datetime="{escape(new.isoformat())}">{escape(date_format(new))}</time>.</p>\n']
    grouped = redline.by_category()
    if not grouped:
        parts.append("<p>No changes.</p>\n")
    for category, changes in grouped.items():
        items = "".join([_summary_item(c, redline, names) for c in changes])
        parts.append(f'<h3 id="{SUMMARY_ID}-{escape(category)}">{escape(CATEGORY_TITLES[category])}</h3>\n'
                     f'<ul class="redline-changes">\n{items}</ul>\n')
    return Markup(f'<section class="redline-summary" aria-labelledby="{SUMMARY_ID}">\n{"".join(parts)}</section>\n')


def to_html(redline: Redline, date_format: DateFormat = long_date) -> Markup:
    """A table of contents, the summary, a legend, then the new document in reading order with changes marked."""
    document = _Document(redline).units(redline.units)
    return Markup(f'<div class="redline">\n{toc_html(redline)}{summary_html(redline, date_format)}'
                  f'<p class="redline-legend">{escape(LEGEND)}</p>\n'
                  f'<div class="redline-document" id="{DOCUMENT_ID}">\n{document}</div>\n</div>\n')
