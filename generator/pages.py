"""From a loaded library to the Markdown pages of the site, independent of any site builder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from . import inline
from .index import VersionIndex
from .loader import Library, Notice, NoticeVersion
from .render import make_environment, markdown_text
from .urls import relative_url

CSS = "assets/notices.css"


@dataclass(frozen=True)
class Page:
    """A generated page: where it goes in the docs folder, its content, and whether the nav lists it."""

    src: str
    content: str
    title: str | None = None
    in_nav: bool = False


def notice_src(notice_id: str) -> str:
    return f"{notice_id}/index.md"


@dataclass
class PageContext:
    """What templates need to turn one version's prose into HTML on one page."""

    src: str
    index: VersionIndex | None = None
    directory_urls: bool = True
    links: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.index is not None:
            self.links = {link.id: link.url for link in self.index.version.links}

    def url_to(self, notice_id: str) -> str:
        return relative_url(self.src, notice_src(notice_id), self.directory_urls)

    def resolve(self, target: str) -> str | None:
        kind, _, ref = target.partition(":")
        if target.startswith("#"):
            return target if self.index and target[1:] in self.index.by_id else None
        if kind == "notice":
            return self.url_to(ref)
        if kind == "link":
            return self.links.get(ref)
        return None

    def inline(self, text: str) -> Markup:
        return inline.render(text, self.resolve)

    def paragraphs(self, text: str | None) -> list[str]:
        return inline.paragraphs(text)

    def heading(self, title: str, level: int, anchor: str) -> Markup:
        return Markup(f"{'#' * min(level, 6)} {markdown_text(title)} {{#{anchor}}}")

    def contact(self, contact_id: str) -> Any:
        assert self.index is not None
        return self.index.contact(contact_id)


def in_force(notice: Notice, as_of: dt.date) -> NoticeVersion | None:
    """The latest version whose effective date is on or before `as_of`."""
    current = None
    for version in notice.versions:
        if version.effective <= as_of:
            current = version
    return current


@dataclass
class SiteRenderer:
    """Renders every page of a library for one as-of date."""

    library: Library
    as_of: dt.date
    directory_urls: bool = True

    def __post_init__(self) -> None:
        self.env = make_environment(self.library.root)

    def _render(self, template: str, src: str, **context: Any) -> str:
        return self.env.get_template(template).render(site=self.library.site, **context)

    def notice_page(self, notice: Notice, version: NoticeVersion) -> Page:
        src = notice_src(notice.id)
        page = PageContext(src, version.index, self.directory_urls)
        parent = self.library.notices.get(notice.meta.supplements or "")
        content = self._render(
            "notice.md", src, page=page, notice=notice, version=version.data, parent=parent,
            supplements=self.library.supplements_of(notice.id),
        )
        return Page(src, content, notice.title, in_nav=True)

    def shown_version(self, notice: Notice) -> NoticeVersion:
        return in_force(notice, self.as_of) or notice.versions[0]

    def home_page(self) -> Page:
        entries = []
        for notice in self.ordered_notices():
            parent = self.library.notices.get(notice.meta.supplements or "")
            entries.append({"notice": notice, "version": self.shown_version(notice), "parent": parent})
        page = PageContext("index.md", directory_urls=self.directory_urls)
        return Page("index.md", self._render("home.md", "index.md", page=page, entries=entries), "Home", True)

    def ordered_notices(self) -> list[Notice]:
        """Notices first, each followed by its supplements."""
        ordered = []
        for notice in sorted(self.library.notices.values(), key=lambda n: n.id):
            if not notice.is_supplement:
                ordered.append(notice)
                ordered.extend(self.library.supplements_of(notice.id))
        return ordered + [n for n in self.library.notices.values() if n not in ordered]

    def pages(self) -> list[Page]:
        pages = [self.home_page()]
        for notice in self.ordered_notices():
            pages.append(self.notice_page(notice, self.shown_version(notice)))
        pages.append(Page(CSS, self.env.get_template(CSS).render()))
        return pages


def render_pages(library: Library, as_of: dt.date, directory_urls: bool = True) -> list[Page]:
    """Every generated page of the site for `as_of`."""
    return SiteRenderer(library, as_of, directory_urls).pages()


def write_pages(pages: list[Page], folder: Path) -> None:
    """Write pages to `folder`, for builders other than MkDocs."""
    for page in pages:
        target = folder / page.src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
