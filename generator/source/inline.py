"""The small, safe inline markup allowed in YAML prose.

Text is data: it is HTML-escaped, never run through a template engine. On top of plain
text, four things are recognised:

* `**words**` for bold and `*words*` for emphasis;
* `[words](target)` for a link, where target is `https://...`, `mailto:...`, `tel:...`,
  `#id` (an anchor in the same version), `notice:ID` (another notice) or `link:ID`
  (a document declared in the version's `links`); relative and `http://` targets where
  the site's link policy allows them;
* bare e-mail addresses, which become `mailto:` links.

Anything else, raw HTML included, is shown literally; `literal_syntax` names what an author
probably meant as markup, so that it is reported rather than silently shown.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
_TOKEN = re.compile(
    r"\[(?P<words>[^\[\]\n]+)\]\((?P<target>[^()\s]+(?:\([^()\s]*\)[^()\s]*)*)\)"
    r"|\*\*(?P<bold>.+?)\*\*"
    r"|(?<![*\w])\*(?P<em>[^*\s](?:[^*\n]*?[^*\s])?)\*(?![*\w])"
    rf"|(?P<email>(?<![\w.+-]){EMAIL})"
)
SAFE_SCHEMES = ("https://", "mailto:", "tel:")
REFERENCE_PREFIXES = ("#", "notice:", "link:")
_RELATIVE = re.compile(r"^(?:/(?!/)|\.{0,2}/?[A-Za-z0-9_-])[^:]*$")
_LITERAL = (
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--"), "raw HTML"),
    (re.compile(r"\{\{|\{%|%\}|\}\}"), "template syntax ('{{ }}' or '{% %}')"),
    (re.compile(r"^\s*\|.*\|"), "Markdown table syntax (use a `table` block)"),
    (re.compile(r"\*"), "a lone '*' (bold is **words**, emphasis *words*)"),
    (re.compile(r"(?<![\w\\])_|_(?![\w])"), "a lone '_' (emphasis is *words*)"),
)


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

    @property
    def is_http(self) -> bool:
        return self.target.startswith("http://")

    @property
    def is_relative(self) -> bool:
        return not self.is_reference and bool(_RELATIVE.match(self.target))


# The functions below are pure and called on every text of every version, most of which repeat the
# text of the version before: remembering their answers makes checking a thousand versions cheap.
_REMEMBERED = 1 << 16


@functools.lru_cache(maxsize=_REMEMBERED)
def links_in(text: str) -> tuple[LinkTarget, ...]:
    """Every explicit `[words](target)` link in `text`, including those inside bold."""
    found: list[LinkTarget] = []
    for match in _TOKEN.finditer(text):
        if match.group("target"):
            found.append(LinkTarget(match.group("words"), match.group("target")))
        elif match.group("bold") or match.group("em"):
            found += links_in(match.group("bold") or match.group("em"))
    return tuple(found)


@functools.lru_cache(maxsize=_REMEMBERED)
def plain(text: str) -> str:
    """The visible words of `text`, without markup."""

    def visible(match: re.Match[str]) -> str:
        inner = match.group("bold") or match.group("em")
        return match.group("words") or (plain(inner) if inner else match.group(0))

    return _TOKEN.sub(visible, text)


@functools.lru_cache(maxsize=_REMEMBERED)
def literal_syntax(text: str) -> tuple[str, ...]:
    """What in `text` looks like markup but will show literally: raw HTML, `{{ }}`, a lone `*`..."""
    rest = _TOKEN.sub(" ", text)
    return tuple(what for pattern, what in _LITERAL if any(pattern.search(line) for line in rest.splitlines()))


Resolver = Callable[[str], str | None]
"""Turns a link target that is not a plain https/mailto/tel URL (`#id`, `notice:ID`, `link:ID`,
or a relative or http:// link) into a URL, or None if unknown or not allowed."""


@functools.lru_cache(maxsize=_REMEMBERED)
def resolved_targets(text: str) -> tuple[str, ...]:
    """The link targets of `text` that `render` asks its resolver about, in order: those not a safe URL."""
    return tuple(link.target for link in links_in(text) if not link.is_safe_url)


def render(text: str, resolve: Resolver) -> Markup:
    """HTML for one paragraph of `text`; unknown or unsafe links are shown as their words.

    The HTML is a function of the text and of what `resolve` answers for its targets, so it is worked out
    once per text and answers: a page repeats most texts of the version before it.
    """
    if type(text) is not str:  # a Markup equals its str but is not escaped again: never remembered
        return render_afresh(text, resolve)
    targets = resolved_targets(text)
    return _rendered(text, tuple(resolve(target) for target in targets) if targets else ())


@functools.lru_cache(maxsize=_REMEMBERED)
def _rendered(text: str, urls: tuple[str | None, ...]) -> Markup:
    answers = dict(zip(resolved_targets(text), urls, strict=True))
    return render_afresh(text, answers.__getitem__)


def render_afresh(text: str, resolve: Resolver) -> Markup:
    """`render` without remembering: asks `resolve` about each target as it comes."""
    parts: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        parts.append(escape(text[position : match.start()]))
        position = match.end()
        if match.group("bold"):
            parts.append(Markup("<strong>%s</strong>") % render_afresh(match.group("bold"), resolve))
        elif match.group("em"):
            parts.append(Markup("<em>%s</em>") % render_afresh(match.group("em"), resolve))
        elif match.group("email"):
            address = match.group("email")
            parts.append(Markup('<a href="mailto:%s">%s</a>') % (address, address))
        else:
            link = LinkTarget(match.group("words"), match.group("target"))
            url = link.target if link.is_safe_url else resolve(link.target)
            words = render_afresh(link.words, resolve)
            parts.append(Markup('<a href="%s">%s</a>') % (url, words) if url else words)
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def paragraphs(text: str | None) -> list[str]:
    """The paragraphs of a text value: one per non-empty line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
