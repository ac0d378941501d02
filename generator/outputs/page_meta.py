"""What each generated page says about itself: a title that names the version's state, and how
search engines and the site's own search treat the page.

The pages carry it as YAML front matter, which MkDocs reads into `page.meta`:

* `title`: the document title ("Privacy Notice — archived: in force from … to …"), so that a tab, a
  bookmark or a search result never passes an archived or upcoming text off as the one in force.
* `search: {exclude: true}`: Material's search plugin leaves the page out of the index. Only the
  versions in force, the history and hand-written pages are searchable; archived and upcoming
  versions, the dated copy of the version in force, redlines and internal pages are not, so a phrase
  of the notice finds the version in force (and the index stays small as versions pile up).
* `robots: noindex` and `sitemap: false`: read by templates/theme/main.html and sitemap.xml, for
  internal pages (compliance) that a team chooses to publish.
* `canonical`: the dated copy of the version in force points search engines at the notice's address.

The policy lives here (front matter written by `Page.source`), not in the templates, so that a project
overriding a template cannot put an internal page into the search index by accident.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from markupsafe import escape

from ..library.rules import is_published
from ..library.timeline import VersionPeriod
from ..source.dates import long_date

GLANCE_KEY = "notices_glance"
"""The front-matter key that carries a notice page's "At a glance" layer to the theme (glance_layer.py)."""
HIDDEN_FROM_SEARCH: dict[str, Any] = {"search": {"exclude": True}}
INTERNAL: dict[str, Any] = {**HIDDEN_FROM_SEARCH, "robots": "noindex", "sitemap": False}
"""Pages for the legal team: out of the site search, the sitemap and search engines."""


def version_label(period: VersionPeriod, as_of: dt.date) -> str | None:
    """'illustrative' for an invented example, 'draft' for a version neither in force nor announced yet."""
    data = period.version.data
    if data.illustrative:
        return "illustrative"
    return None if is_published(data.effective, data.announced, as_of) else "draft"


def version_state(period: VersionPeriod, as_of: dt.date) -> str:
    """The version's state in words: 'in force since January 1, 2021', 'archived: in force from … to …'."""
    if period.status == "archived":
        assert period.until is not None
        state = f"archived: in force from {long_date(period.since)} to {long_date(period.until)}"
    elif period.status == "upcoming":
        state = f"upcoming: takes effect {long_date(period.since)}"
    else:
        state = f"in force since {long_date(period.since)}"
    label = version_label(period, as_of)
    return f"{state} ({label})" if label else state


def version_meta(title: str, period: VersionPeriod, as_of: dt.date, *, main: bool,
                 canonical: str | None) -> dict[str, Any]:
    """Front matter of a version page: the notice's address (`main`) or a dated copy."""
    meta: dict[str, Any] = {"title": f"{title} — {version_state(period, as_of)}"}
    if main:
        return meta
    if period.status == "current" and canonical:
        # The same text as the notice's address: search engines and the sitemap list that address only.
        meta.update(canonical=canonical, sitemap=False)
    return {**meta, **HIDDEN_FROM_SEARCH}


def front_matter(meta: dict[str, Any]) -> str:
    """YAML front matter for a Markdown page; values are written as JSON, which YAML reads as is."""
    if not meta:
        return ""
    # MkDocs and Material show a page's `title` as HTML (nav, header, <title>): it is escaped here.
    meta = {key: str(escape(value)) if key == "title" else value for key, value in meta.items()}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"
