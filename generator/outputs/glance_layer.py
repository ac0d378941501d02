"""The "At a glance" layer and the CCPA tables as HTML, for a notice page (templates/glance.html).

The layer is placed above the notice's text but outside its article element (templates/theme/main.html reads
it from the page's front matter under `GLANCE_KEY`): it is the site's summary of the facts, not words of the
notice, so the notice's text stays exactly as published. Archived and upcoming versions get the layer of
their own facts; the archival PDFs hold the notice's text alone.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from ..library.project import Notice, NoticeVersion
from .context import PageContext
from .glance import GlanceRow, Units, glance_rows
from .glance_ccpa import CcpaTables, ccpa_tables

GLANCE_KEY = "notices_glance"
"""The front-matter key that carries the layer's HTML to the theme."""

_FACTS: dict[str, tuple[tuple[GlanceRow, ...], CcpaTables | None]] = {}


def version_glance(version: NoticeVersion) -> tuple[tuple[GlanceRow, ...], CcpaTables | None]:
    """The layer's rows and the CCPA tables of a version, worked out once per content (a version is shown on
    its dated page, often on the notice's address, and on two redlines)."""
    key = f"{version.notice_id}\0{version.content_hash}"
    if key not in _FACTS:
        units = Units(version.index)
        _FACTS[key] = (glance_rows(version.index, units), ccpa_tables(version.index, units))
    return _FACTS[key]


_SHOWN: OrderedDict[tuple[Any, ...], str] = OrderedDict()
SHOWN_KEPT = 16
"""Layers kept by what the shipped templates show: successive versions mostly state the same facts."""


def glance_html(render: Callable[..., str], page: PageContext, notice: Notice, version: NoticeVersion, *,
                state: str, parent: Notice | None, shipped: bool = False) -> str:
    """The layer (and the CCPA tables where California applies) of `version`, or '' when the notice turns both off.

    With `shipped` (glance.html and what it includes are the shipped files), the HTML is a function of what
    those templates read: the rows, the tables, the notice's title, the state and the parent's title and
    address. A layer equal in all of them to one rendered lately is that layer's HTML.
    """
    rows, tables = version_glance(version)
    rows = rows if notice.meta.at_a_glance else ()
    tables = tables if notice.meta.ccpa_tables else None
    if not rows and tables is None:
        return ""
    if not shipped:
        return render("glance.html", page=page, notice=notice, rows=rows, ccpa=tables, state=state, parent=parent)
    key = (rows, tables, notice.title, state, parent and (parent.title, page.url_to(parent.id)))
    html = _SHOWN.get(key)
    if html is None:
        html = render("glance.html", page=page, notice=notice, rows=rows, ccpa=tables, state=state, parent=parent)
        _SHOWN[key] = html
        if len(_SHOWN) > SHOWN_KEPT:
            _SHOWN.popitem(last=False)
    else:
        _SHOWN.move_to_end(key)
    return html


def with_glance(meta: dict[str, Any], html: str) -> dict[str, Any]:
    return {**meta, GLANCE_KEY: html} if html else meta
