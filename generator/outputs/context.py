"""What templates need to turn one version's prose into HTML on one page: links and headings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from ..source import inline
from ..source.index import VersionIndex
from ..source.model import LinkPolicy
from .paths import feed_src, history_src, notice_src, redline_src, relative_url, version_src
from .render import markdown_text


@dataclass
class PageContext:
    """What templates need to turn one version's prose into HTML on one page."""

    src: str
    index: VersionIndex | None = None
    directory_urls: bool = True
    link_policy: LinkPolicy = field(default_factory=LinkPolicy)
    links: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.index is not None:
            self.links = {link.id: link.url for link in self.index.version.links}

    def url(self, src: str) -> str:
        return relative_url(self.src, src, self.directory_urls)

    def url_to(self, notice_id: str) -> str:
        return self.url(notice_src(notice_id))

    def version_url(self, notice_id: str, date: str) -> str:
        return self.url(version_src(notice_id, date))

    def redline_url(self, notice_id: str, date: str) -> str:
        return self.url(redline_src(notice_id, date))

    def history_url(self, notice_id: str) -> str:
        return self.url(history_src(notice_id))

    def feed_url(self, notice_id: str) -> str:
        return self.url(feed_src(notice_id))

    def resolve(self, target: str) -> str | None:
        kind, _, ref = target.partition(":")
        if target.startswith("#"):
            return target if self.index and target[1:] in self.index.by_id else None
        if kind == "notice":
            return self.url_to(ref)
        if kind == "link":
            return self.links.get(ref)
        link = inline.LinkTarget("", target)
        if (link.is_http and self.link_policy.http) or (link.is_relative and self.link_policy.relative):
            return target
        return None

    def inline(self, text: str) -> Markup:
        return inline.render(text, self.resolve)

    def plain(self, text: str) -> str:
        return inline.plain(text)

    def paragraphs(self, text: str | None) -> list[str]:
        return inline.paragraphs(text)

    def heading(self, title: str, level: int, anchor: str) -> Markup:
        return Markup(f"{'#' * min(level, 6)} {markdown_text(title)} {{#{anchor}}}")

    def contact(self, contact_id: str) -> Any:
        assert self.index is not None
        return self.index.contact(contact_id)
