"""Redirect pages from a notice's old addresses (`redirect_from` in notice.yaml) to its page.

Each old path gets a small static `index.html`: a meta refresh for every browser, a canonical
link for search engines, a script that keeps the `#fragment` (old anchors live on as aliases)
and a plain link for everyone else.
"""

from __future__ import annotations

from markupsafe import Markup

from ..library.project import Library
from .paths import relative_url

_PAGE = Markup("""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Moved: {title}</title>
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{target}">
<script>location.replace({target_js} + location.hash);</script>
</head>
<body>
<p>This page has moved to <a href="{target}">{title}</a>.</p>
</body>
</html>
""")


def redirect_src(old_path: str) -> str:
    """Where the redirect page for '/privacy-policy' goes: 'privacy-policy/index.html'."""
    return old_path.strip("/") + "/index.html"


def redirect_pages(library: Library, directory_urls: bool = True) -> list[tuple[str, str]]:
    """(src, html) of a redirect page for every old path of every notice."""
    pages = []
    for notice in library.notices.values():
        for old_path in notice.meta.redirect_from:
            src = redirect_src(old_path)
            target = relative_url(src, f"{notice.id}/index.md", directory_urls)
            # The target is built from ids and path segments only (letters, digits, '-', '_', '/', '.'),
            # so it needs no escaping inside the quoted JavaScript string either.
            html = _PAGE.format(title=notice.title, target=target, target_js=Markup(f'"{target}"'))
            pages.append((src, str(html)))
    return pages
