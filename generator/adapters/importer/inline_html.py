"""Inline HTML to the prose model's small inline markup (`**bold**`, `*emphasis*`, `[words](target)`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bs4.element import Comment, NavigableString, Tag

_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0]+")
AUTOTITLE = "AUTOTITLE"
_DROPPED_INLINE = {"script", "style", "img", "svg", "button", "input", "object", "iframe", "video", "audio"}
_WORDS_ONLY = {"code": "inline code", "kbd": "keyboard text", "sup": "superscript", "sub": "subscript",
               "del": "struck-through text", "s": "struck-through text", "u": "underlined text",
               "mark": "highlighted text", "abbr": None, "span": None, "small": None, "time": None,
               "cite": None, "q": None, "font": None, "label": None}


@dataclass
class LinkRules:
    """How the source's link targets become the model's."""

    base_url: str | None
    self_names: set[str]
    """Last path segments that name this very document (its slug and old paths)."""
    title: str
    """The document's title: what GitHub Docs shows for an AUTOTITLE link into this document."""


@dataclass
class Inline:
    """Turns inline HTML into markup; collects anchors met on the way and what it approximated."""

    rules: LinkRules
    note: Callable[[str], None]
    anchors: list[str] = field(default_factory=list)
    show_addresses: bool = False
    """Follow each link with its address in brackets, for text whose published form showed them."""

    def text(self, tag: Tag) -> str:
        """The markup of `tag`'s content: one paragraph per line, spaces collapsed."""
        raw = self._children(tag)
        lines = [_SPACE.sub(" ", line).strip() for line in raw.split("\n")]
        return "\n".join(line for line in lines if line)

    def _children(self, tag: Tag) -> str:
        return "".join(self._node(child) for child in tag.children)

    def _node(self, node: object) -> str:
        if isinstance(node, Comment):
            return ""
        if isinstance(node, NavigableString):
            return _SPACE.sub(" ", str(node))
        if not isinstance(node, Tag):
            return ""
        name = node.name
        if name == "br":
            return "\n"
        if name in _DROPPED_INLINE:
            alt = node.get("alt") or ""
            self.note(f"dropped <{name}>{f' (alt text: {alt!r})' if alt else ''}: the model holds text only")
            return ""
        if name in ("strong", "b"):
            return _wrap(self._children(node), "**")
        if name in ("em", "i"):
            return _wrap(self._children(node), "*")
        if name == "a":
            return self._link(node)
        if name in _WORDS_ONLY:
            what = _WORDS_ONLY[name]
            if what:
                self.note(f"{what} (<{name}>) kept as plain words")
            return self._children(node)
        self.note(f"unknown inline element <{name}> kept as its words")
        return self._children(node)

    def _link(self, node: Tag) -> str:
        for attribute in ("id", "name"):
            value = node.get(attribute)
            if isinstance(value, str) and value:
                self.anchors.append(value)
        words = self._children(node)
        href = node.get("href")
        if not isinstance(href, str) or not href.strip():
            return words
        target = self.target(href.strip())
        if words.strip() == AUTOTITLE:
            words = self.autotitle(href.strip())
        if target is None:
            return words
        if "\n" in words or not words.strip():
            return words
        before, after = _edges(words)
        shown = f" ({href.strip()})" if self.show_addresses else ""
        return f"{before}[{words.strip()}]({target}){shown}{after}"

    def target(self, href: str) -> str | None:
        parts = urlsplit(href)
        if parts.scheme in ("https", "mailto", "tel"):
            return href
        if parts.scheme == "http":
            self.note(f"http:// link kept as written ({href}); the site must allow it (site.yaml links: http)")
            return href
        if parts.scheme:
            self.note(f"link with scheme '{parts.scheme}:' dropped, its words kept ({href})")
            return None
        if href.startswith("#") or (self.is_self(parts.path) and parts.fragment):
            return "#" + parts.fragment if parts.fragment else None
        if self.rules.base_url:
            return self.rules.base_url.rstrip("/") + "/" + href.lstrip("/") if href.startswith("/") else \
                self.rules.base_url.rstrip("/") + "/" + href
        self.note(f"relative link kept as written ({href}); pass --base-url, or allow relative links in site.yaml")
        return href

    def is_self(self, path: str) -> bool:
        last = path.rstrip("/").rsplit("/", 1)[-1]
        return bool(path) and last.removesuffix(".md").removesuffix(".html") in self.rules.self_names

    def autotitle(self, href: str) -> str:
        """GitHub Docs replaces AUTOTITLE with the linked page's title; rebuild it from what is known."""
        parts = urlsplit(href)
        if href.startswith("#") or self.is_self(parts.path):
            return self.rules.title
        name = parts.path.rstrip("/").rsplit("/", 1)[-1]
        title = name.replace("-", " ").strip().capitalize() or href
        self.note(f"AUTOTITLE link text replaced by '{title}', made from the link's address ({href}); "
                  "check it against the linked page's real title")
        return title


def _edges(words: str) -> tuple[str, str]:
    """The spaces before and after `words`, kept outside the markup."""
    stripped = words.strip()
    if not stripped:
        return "", ""
    start = words.index(stripped[0])
    return words[:start], words[start + len(stripped):]


def _wrap(inner: str, mark: str) -> str:
    stripped = inner.strip()
    if not stripped or "\n" in stripped:
        return inner
    before, after = _edges(inner)
    return f"{before}{mark}{stripped}{mark}{after}"
