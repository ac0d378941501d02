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

from markupsafe import escape

from ..library.project import Notice, NoticeVersion
from .context import PageContext
from .glance import GlanceRow, Units, glance_rows
from .glance_ccpa import CcpaTables, ccpa_tables
from .page_meta import GLANCE_KEY

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


_STATE = "\x00notices-glance-state\x00"
"""Rendered in place of the version's state, which the shipped glance.html shows once, escaped (`{{ state }}`)."""


def forget_glances() -> None:
    """Let go of the layers worked out so far (a build that has made its pages: about 4 MB at 100 versions)."""
    _FACTS.clear()
    _SHOWN.clear()


def glance_html(render: Callable[..., str], page: PageContext, notice: Notice, version: NoticeVersion, *,
                state: str, parent: Notice | None, shipped: bool = False) -> str:
    """The layer (and the CCPA tables where California applies) of `version`, or '' when the notice turns both off.

    With `shipped` (glance.html and what it includes are the shipped files), the HTML is a function of what
    those templates read: the rows, the tables, the notice's title, the state and the parent's title and
    address. The state (each archived version's differs: its dates) is only shown, escaped, in one place: the
    layer is rendered with a marker there, and a layer equal in all the rest to one rendered lately is that
    layer's HTML with the state, escaped, in the marker's place.
    """
    rows, tables = version_glance(version)
    rows = rows if notice.meta.at_a_glance else ()
    tables = tables if notice.meta.ccpa_tables else None
    if not rows and tables is None:
        return ""

    def layer(shown: str) -> str:
        return render("glance.html", page=page, notice=notice, rows=rows, ccpa=tables, state=shown, parent=parent)

    if not shipped:
        return layer(state)
    key = (rows, tables, notice.title, parent and (parent.title, page.url_to(parent.id)))
    html = _SHOWN.get(key)
    if html is None:
        html = _SHOWN[key] = layer(_STATE)
        if len(_SHOWN) > SHOWN_KEPT:
            _SHOWN.popitem(last=False)
    else:
        _SHOWN.move_to_end(key)
    if html.count(_STATE) != 1:  # the marker also in the facts' words, or not shown at all
        return layer(state)
    before, after = html.split(_STATE)
    return before + str(escape(state)) + after


def with_glance(meta: dict[str, Any], html: str) -> dict[str, Any]:
    return {**meta, GLANCE_KEY: html} if html else meta
