"""The small, safe inline markup allowed in YAML prose.

Text is data: it is HTML-escaped, never run through a template engine. On top of plain
text, three things are recognised:

* `**words**` for bold;
* `[words](target)` for a link, where target is `https://...`, `mailto:...`, `tel:...`,
  `#id` (an anchor in the same version), `notice:ID` (another notice) or `link:ID`
  (a document declared in the version's `links`);
* bare e-mail addresses, which become `mailto:` links.

Anything else, raw HTML included, is shown literally.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from markupsafe import Markup, escape

EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
_TOKEN = re.compile(
    r"\[(?P<words>[^\[\]\n]+)\]\((?P<target>[^()\s]+(?:\([^()\s]*\)[^()\s]*)*)\)"
    r"|\*\*(?P<bold>.+?)\*\*"
    rf"|(?P<email>(?<![\w.+-]){EMAIL})"
)
SAFE_SCHEMES = ("https://", "mailto:", "tel:")
REFERENCE_PREFIXES = ("#", "notice:", "link:")


@dataclass(frozen=True)
class LinkTarget:
    """A link found in text: its visible words and where it points."""

    words: str
    target: str

    @property
    def is_safe_url(self) -> bool:
        return self.target.startswith(SAFE_SCHEMES)

    @property
    def is_reference(self) -> bool:
        return self.target.startswith(REFERENCE_PREFIXES)


def links_in(text: str) -> Iterator[LinkTarget]:
    """Every explicit `[words](target)` link in `text`, including those inside bold."""
    for match in _TOKEN.finditer(text):
        if match.group("target"):
            yield LinkTarget(match.group("words"), match.group("target"))
        elif match.group("bold"):
            yield from links_in(match.group("bold"))


def plain(text: str) -> str:
    """The visible words of `text`, without markup."""

    def visible(match: re.Match[str]) -> str:
        return match.group("words") or (plain(match.group("bold")) if match.group("bold") else match.group(0))

    return _TOKEN.sub(visible, text)


Resolver = Callable[[str], str | None]
"""Turns a reference target (`#id`, `notice:ID`, `link:ID`) into a URL, or None if unknown."""


def render(text: str, resolve: Resolver) -> Markup:
    """HTML for one paragraph of `text`; unknown or unsafe links are shown as their words."""
    parts: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        parts.append(escape(text[position : match.start()]))
        position = match.end()
        if match.group("bold"):
            parts.append(Markup("<strong>%s</strong>") % render(match.group("bold"), resolve))
        elif match.group("email"):
            address = match.group("email")
            parts.append(Markup('<a href="mailto:%s">%s</a>') % (address, address))
        else:
            link = LinkTarget(match.group("words"), match.group("target"))
            url = resolve(link.target) if link.is_reference else link.target if link.is_safe_url else None
            words = render(link.words, resolve)
            parts.append(Markup('<a href="%s">%s</a>') % (url, words) if url else words)
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def paragraphs(text: str | None) -> list[str]:
    """The paragraphs of a text value: one per non-empty line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
