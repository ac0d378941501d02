"""MkDocs' Markdown-to-HTML conversion of each page, cached by the Markdown itself.

Converting the generated pages (Python-Markdown with `md_in_html`, which parses their HTML) is the
costliest part of MkDocs' work, and the pages of published versions come out the same build after
build. A page's conversion is a function of its Markdown, its place in the site, the other files
(to which its links are resolved), the Markdown extensions and their settings, the link checks'
levels and the versions of the code involved; the key hashes all of them (`cache_key` adds the
tool's own code), so a hit restores exactly what converting the page again would give: its HTML,
table of contents, title, anchors and links to other pages' anchors (which MkDocs still checks).

On a miss, a generated page is handed over without converting its HTML where html_pages.py can
read it (the same result, cheaper to make); what it gives is stored like a conversion, since
reading an entry back is cheaper still (measured at 100 versions: an unchanged rebuild takes about
0.45 s more CPU when handed-over pages are not cached, and a first build no less). Its HTML is
nearly all the page's Markdown, which the key already fixes: such an entry holds the converted
headings and where the HTML blocks are in the Markdown (`html_pages.assembled`), not a second copy
of the page (13 of the 46 MB a first build stored at 100 versions).

What MkDocs logged while converting the page (a broken link, say) is kept with it and logged again
on a hit, so a strict build fails just the same; the loggers' levels are part of the key. Entries
live in the project's `.cache/notices/page/`.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from ..source.cache import ContentCache, cache_key, package_version
from .html_pages import HtmlPiece, assembled, can_hand_over, hand_over
from .kept_headings import KeptHeadings
from .replayed_log import kept_log, log_again, stored_records

KIND = "page"
PACKAGES = ("mkdocs", "markdown", "mkdocs-material", "pymdown-extensions")
"""Whose code converts a page: a new version of any of them converts every page anew."""
_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")


def _stable(value: object) -> str:
    """A setting JSON cannot hold (a function, say), named by what it is rather than where it is in memory."""
    kind = type(value)
    return f"{kind.__module__}.{getattr(value, '__qualname__', kind.__qualname__)}"


def toc_tokens(items: list[AnchorLink]) -> list[dict[str, Any]]:
    """A table of contents as the tokens MkDocs builds it from (`get_toc`)."""
    return [{"level": i.level, "id": i.id, "name": i.title, "children": toc_tokens(i.children)} for i in items]


class ConvertedPages:
    """Wraps each page's `render` so that it is restored from the cache, or converted and stored."""

    def __init__(self, cache: ContentCache, config: MkDocsConfig,
                 source_digest: Callable[[Page], str | None] = lambda page: None) -> None:
        self.cache, self.config, self.source_digest = cache, config, source_digest
        self.salt: str | None = None
        self.direct: bool | None = None
        """Whether generated pages can skip the conversion (html_pages.py); known once the config is final."""
        self.headings = KeptHeadings(cache, lambda: self.salt)
        """The headings that pages handed over take from earlier builds (kept_headings.py)."""

    def settings(self, files: Files) -> str:
        """What every page's conversion depends on besides its own Markdown and place."""
        if self.salt is None:
            digest = hashlib.sha256(json.dumps([
                [package_version(p) for p in PACKAGES], self.config.markdown_extensions, self.config.mdx_configs,
                self.config.use_directory_urls, self.config.validation,
                [logging.getLogger(name).getEffectiveLevel() for name in ("mkdocs", _PAGES_LOG.name)],
                sorted((f.src_uri, f.dest_uri, f.url) for f in files),
            ], default=_stable, sort_keys=True).encode())
            self.salt = digest.hexdigest()
        return self.salt

    def wrap(self, page: Page, *, generated: bool = False) -> None:
        """Make MkDocs' coming `page.render(config, files)` go through the cache.

        On a miss, a `generated` page is handed over without converting its HTML where it can be
        (html_pages.py), and other pages are converted.
        """
        def render(config: MkDocsConfig, files: Files) -> None:
            self.render(page, config, files, generated=generated)

        setattr(page, "render", render)  # noqa: B010  # an instance attribute shadows the method, for this page only

    def hands_over(self, config: MkDocsConfig) -> bool:
        if self.direct is None:
            self.direct = can_hand_over(config)
        return self.direct

    def render(self, page: Page, config: MkDocsConfig, files: Files, *, generated: bool = False) -> None:
        if page.markdown is None:  # MkDocs' own render says what is wrong
            Page.render(page, config, files)
            return
        digest = self.source_digest(page)  # the page's text, when its Markdown is the very string read from it
        text = [page.markdown] if digest is None else ["the text it was read from", digest]
        key = cache_key(self.settings(files), page.file.src_uri, page.url, *text)
        hit, entry = self.cache.get(KIND, key)
        if hit and self.restore(page, entry, files):
            return
        with kept_log() as logged:
            pieces = hand_over(page, config, files, self.headings) if generated and self.hands_over(config) else None
            if pieces is None:
                Page.render(page, config, files)
        self.cache.put(KIND, key, self.entry(page, logged, pieces))

    @staticmethod
    def entry(page: Page, logged: list[list[Any]], pieces: list[HtmlPiece] | None = None) -> dict[str, Any]:
        """What `restore` needs; a page handed over stores the pieces `hand_over` gave, which put its HTML
        together again from its Markdown (in the key, and in the page memo), not the HTML a second time."""
        links = page.links_to_anchors
        return {
            "logged": logged, "pieces": pieces,
            "content": None if pieces is not None else page.content,
            "toc": toc_tokens(list(page.toc)), "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": None if links is None else {f.src_uri: dict(anchors) for f, anchors in links.items()},
        }

    @staticmethod
    def restore(page: Page, entry: Any, files: Files) -> bool:
        """Set what `Page.render` sets, from `entry`; False if the entry is damaged or does not fit these files."""
        try:
            return ConvertedPages._restore(page, entry, files)
        except (KeyError, TypeError, AttributeError):
            return False

    @staticmethod
    def _restore(page: Page, entry: dict[str, Any], files: Files) -> bool:
        links = None
        if entry["links"] is not None:
            targets = {src: files.get_file_from_path(src) for src in entry["links"]}
            if any(target is None for target in targets.values()):
                return False
            links = {target: entry["links"][src] for src, target in targets.items() if target is not None}
        logged = stored_records(entry["logged"])
        if logged is None:
            return False
        pieces = entry["pieces"]
        content = entry["content"] if pieces is None else assembled(page.markdown or "", pieces)
        if type(content) is not str:
            return False
        page.content = content
        page.toc = get_toc(entry["toc"])
        page._title_from_render = entry["title"]
        page.present_anchor_ids = set(entry["anchors"])
        if _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:  # as Page.render does
            page.links_to_anchors = links
        log_again(logged)
        return True
