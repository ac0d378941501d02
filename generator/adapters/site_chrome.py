"""The site's frame from site_config/site.yaml: logo, copyright and the footer's organisation, contact and links.

MkDocs settings a project sets itself (`theme.logo`, `copyright` in mkdocs.yml) win; the rest comes from
site.yaml, so an organisation states its name, address and contact once for the site and the e-mails.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig

from ..library.project import Library, Notice
from ..outputs.paths import history_src, notice_src, page_url
from ..outputs.site import LOGO

SITE_KEY = "notices_site"
"""config.extra key read by templates/theme/partials/footer.html, logo.html and 404.html."""


def default_copyright(library: Library, as_of: dt.date) -> str:
    """'© 2026 Coursera, Inc.': the year of the as-of date, so that builds stay reproducible."""
    # MkDocs and Material show `copyright` as HTML; the site's text is escaped here.
    return str(escape(library.site.copyright or f"© {as_of.year} {library.site.organisation}"))


def footer_context(library: Library, notices: list[Notice], directory_urls: bool, feed: str) -> dict[str, Any]:
    return {
        "organisation": library.site.organisation,
        "address": list(library.site.address),
        "email": library.site.privacy_email,
        "notices": [{"title": n.title, "path": page_url(notice_src(n.id), directory_urls),
                     "history": page_url(history_src(n.id), directory_urls)} for n in notices],
        "feed": feed,
    }


def apply_site_chrome(config: MkDocsConfig, library: Library, as_of: dt.date, notices: list[Notice],
                      feed: str) -> None:
    """Logo, copyright and footer settings for Material, unless mkdocs.yml sets them."""
    if not config.theme.get("logo"):
        config.theme["logo"] = library.site.logo or LOGO
    if not config.copyright:
        config.copyright = default_copyright(library, as_of)
    config.extra[SITE_KEY] = footer_context(library, notices, config.use_directory_urls, feed)
