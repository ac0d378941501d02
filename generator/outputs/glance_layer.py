"""The "At a glance" layer and the CCPA tables as HTML, for a notice page (templates/glance.html).

The layer is placed above the notice's text but outside its article element (templates/theme/main.html reads
it from the page's front matter under `GLANCE_KEY`): it is the site's summary of the facts, not words of the
notice, so the notice's text stays exactly as published. Archived and upcoming versions get the layer of
their own facts; the archival PDFs hold the notice's text alone.
"""

from __future__ import annotations

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


def glance_html(render: Callable[..., str], page: PageContext, notice: Notice, version: NoticeVersion, *,
                state: str, parent: Notice | None) -> str:
    """The layer (and the CCPA tables where California applies) of `version`, or '' when the notice turns both off."""
    rows, tables = version_glance(version)
    rows = rows if notice.meta.at_a_glance else ()
    tables = tables if notice.meta.ccpa_tables else None
    if not rows and tables is None:
        return ""
    return render("glance.html", page=page, notice=notice, rows=rows, ccpa=tables, state=state, parent=parent)


def with_glance(meta: dict[str, Any], html: str) -> dict[str, Any]:
    return {**meta, GLANCE_KEY: html} if html else meta
