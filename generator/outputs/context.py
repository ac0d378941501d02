"""What templates need to turn one version's prose into HTML on one page: links and headings."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from markupsafe import Markup

from ..library.timeline import Timeline, VersionPeriod
from ..source import inline
from ..source.index import VersionIndex
from ..source.model import LinkPolicy
from .comparisons import Comparisons
from .paths import feed_src, history_src, notice_src, pdf_src, redline_src, relative_url, version_src
from .render import markdown_text
from .section_memo import SectionMemo


def resolve_reference(target: str, anchors: Collection[str], links: Mapping[str, str],
                      notice_url: Callable[[str], str | None], *, anchor_url: str = "",
                      policy: LinkPolicy | None = None) -> str | None:
    """Where a link in prose goes, or None to show its words alone.

    '#id' goes to an anchor of the version (on the page at `anchor_url`), 'notice:ID' to a notice's
    page, 'link:ID' to a declared link; plain http:// and relative links only where `policy` allows.
    """
    kind, _, ref = target.partition(":")
    if target.startswith("#"):
        return anchor_url + target if target[1:] in anchors else None
    if kind == "notice":
        return notice_url(ref)
    if kind == "link":
        return links.get(ref)
    link = inline.LinkTarget("", target)
    if policy is not None and ((link.is_http and policy.http) or (link.is_relative and policy.relative)):
        return target
    return None


@dataclass
class PageContext:
    """What templates need to turn one version's prose into HTML on one page."""

    src: str
    index: VersionIndex | None = None
    directory_urls: bool = True
    link_policy: LinkPolicy = field(default_factory=LinkPolicy)
    links: dict[str, str] = field(default_factory=dict)
    sections: SectionMemo | None = None
    """Sections rendered for earlier pages of the build, reused where they read the same (section_memo.py)."""

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

    def in_force_comparison_url(self, timeline: Timeline, period: VersionPeriod) -> str | None:
        """The page comparing `period`'s version with the version in force, unless it is the one in force."""
        comparisons = Comparisons(timeline)
        pair = comparisons.in_force_pair(period.version)
        return None if pair is None else self.url(comparisons.src(pair))

    def history_url(self, notice_id: str) -> str:
        return self.url(history_src(notice_id))

    def pdf_url(self, notice_id: str, date: str) -> str:
        return self.url(pdf_src(notice_id, date))

    def feed_url(self, notice_id: str) -> str:
        return self.url(feed_src(notice_id))

    @cached_property
    def anchors(self) -> set[str]:
        """The version's ids and, since old anchors stay valid link targets, its aliases."""
        return set(self.index.by_id) | self.index.aliases() if self.index else set()

    def resolve(self, target: str) -> str | None:
        return resolve_reference(target, self.anchors, self.links, self.url_to, policy=self.link_policy)

    def inline(self, text: str) -> Markup:
        return inline.render(text, self.resolve)

    def plain(self, text: str) -> str:
        return inline.plain(text)

    def paragraphs(self, text: str | None) -> list[str]:
        return inline.paragraphs(text)

    def heading(self, title: str, level: int, anchor: str) -> Markup:
        return Markup(f"{'#' * min(level, 6)} {markdown_text(title)} {{#{anchor}}}")

    def section(self, macro: Callable[..., Any], section: Any, level: int) -> Any:
        """`macro(page, section, level)`: blocks.html's `section` for this page, made once per build where it can."""
        if self.sections is None:
            return macro(self, section, level)
        return self.sections.section(self, macro, section, level)

    def contact(self, contact_id: str) -> Any:
        assert self.index is not None
        return self.index.contact(contact_id)
