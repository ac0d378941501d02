"""The headings converted alone (headings.py) kept from build to build: a rebuild converts only the heading lines
that no earlier build of the site converted.

An edit of the newest version makes its comparison pages again (about a hundred at 100 versions); each is handed
over (html_pages.py), and its title, a heading no other page holds, was converted by Python-Markdown: about 0.3 ms
a heading, 0.03 s of an edited rebuild. What converting a line alone gives depends on the line and on what every
page conversion's key already covers (`ConvertedPages.settings`: the Markdown extensions and their settings, the
site's files, the log levels, the packages' versions; `cache_key` adds the tool's code): headings.py converts each
line once a build for all its pages on that ground. So the headings a build's pages used are kept in one entry of
the project's cache, under a key of those settings, and the next build takes a line's heading from there; a
heading whose conversion logged anything is not kept (a page taking it would not log it again).

The entry's key names the settings, not the headings: a build that converts a heading anew writes the entry again
(the headings it used, and those the entry held while they are fewer than `LIMIT`). Whichever build wrote it, every
heading in it is what converting its line under those settings gives. A build that converts none counts the entry
as used, so the sweep (source/cache.py) keeps it for the next edit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..source.cache import ContentCache, cache_key
from .headings import Heading
from .replayed_log import kept_log

KIND = "page"
"""The entry goes with the pages' conversions: swept as they are when no build uses it."""
LIMIT = 8192
"""Headings of earlier builds kept beside this build's while the entry holds fewer (each about 0.4 KB)."""

HeadingEntry = list[Any]
"""A heading as the entry holds it: [html, tokens, title, anchors, self links]."""


def heading_entry(heading: Heading) -> HeadingEntry:
    return [heading.html, [dict(token) for token in heading.tokens], heading.title, sorted(heading.anchors),
            [list(link) for link in heading.self_links]]


def _is_token(token: Any) -> bool:
    return type(token) is dict and all(type(name) is str and type(value) in (str, int) for name, value in token.items())


def heading_of(value: Any) -> Heading | None:
    """The heading `heading_entry` gave `value` for; None for anything else (a damaged entry)."""
    if type(value) is not list or len(value) != 5:
        return None
    html, tokens, title, anchors, links = value
    if type(html) is not str or type(tokens) is not list or not all(map(_is_token, tokens)) \
            or (title is not None and type(title) is not str) or type(anchors) is not list \
            or not all(type(anchor) is str for anchor in anchors) or type(links) is not list \
            or not all(type(link) is list and len(link) == 2 and all(type(part) is str for part in link)
                       for link in links):
        return None
    return Heading(html, tuple(tokens), title, frozenset(anchors), tuple((anchor, url) for anchor, url in links))


class KeptHeadings:
    """The headings earlier builds converted alone under this build's settings (`salt`, known once a page was
    converted), and those this build uses."""

    def __init__(self, cache: ContentCache, salt: Callable[[], str | None]) -> None:
        self.cache, self.salt = cache, salt
        self.earlier: dict[str, Any] | None = None
        """The entry's headings by line, read when a heading is first asked for."""
        self.used: dict[str, HeadingEntry] = {}
        self.converted = False
        """Whether this build converted a heading that the entry did not hold."""

    def key(self) -> str | None:
        salt = self.salt()
        return None if salt is None else cache_key(salt, "headings converted alone")

    def heading(self, line: str, convert: Callable[[], Heading | None]) -> Heading | None:
        """The heading `line` converted alone gives: kept, or `convert()`ed (and kept if it logged nothing)."""
        if self.earlier is None:
            key = self.key()
            hit, entry = self.cache.get(KIND, key) if key is not None else (False, None)
            self.earlier = entry if hit and type(entry) is dict else {}
        kept = self.earlier.get(line)
        heading = heading_of(kept)
        if heading is not None:
            self.used[line] = heading_entry(heading)
            return heading
        with kept_log() as logged:
            heading = convert()
        if heading is not None and not logged:
            self.used[line] = heading_entry(heading)
            self.converted = True
        return heading

    def finish(self) -> None:
        """Write the entry if this build converted a heading it did not hold, else count it as used; then start
        afresh for the next build."""
        key = self.key()
        if key is not None and self.converted:
            earlier = self.earlier or {}
            held = {**earlier, **self.used} if len(earlier) + len(self.used) <= LIMIT else self.used
            self.cache.put(KIND, key, held)
        elif key is not None:
            self.cache.keep(KIND, key)
        self.earlier, self.used, self.converted = None, {}, False
