"""From a loaded library to the Markdown pages of the site, independent of any site builder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from markupsafe import Markup

from . import inline
from .index import VersionIndex
from .loader import Library, Notice, NoticeVersion
from .model import LinkPolicy
from .redirects import redirect_pages
from .redline import Redline, compare, to_html
from .render import make_environment, markdown_text
from .timeline import Timeline, VersionPeriod
from .urls import page_url, relative_url

if TYPE_CHECKING:
    from .banner import Banner

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


def version_src(notice_id: str, date: str) -> str:
    return f"{notice_id}/{date}.md"


def redline_src(notice_id: str, date: str) -> str:
    """The redline of the version effective on `date` against the version before it."""
    return f"{notice_id}/{date}/redline.md"


def history_src(notice_id: str) -> str:
    return f"{notice_id}/history.md"


def feed_src(notice_id: str) -> str:
    return f"{notice_id}/feed.xml"


def absolute_url(site_url: str, src: str, directory_urls: bool = True) -> str:
    """The full URL of a page, for what is read away from the site: feeds, the embeddable banner."""
    return site_url.rstrip("/") + "/" + page_url(src, directory_urls)


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


@dataclass
class SiteRenderer:
    """Renders every page of a library for one as-of date."""

    library: Library
    as_of: dt.date
    directory_urls: bool = True
    site_url: str = ""
    """Where the site is published, for absolute links; default: `site_url` in site.yaml."""

    def __post_init__(self) -> None:
        self.site_url = (self.site_url or self.library.site.site_url).rstrip("/") + "/"
        self.env = make_environment(self.library.root)
        self.timelines = {n.id: Timeline.of(n, self.as_of) for n in self.library.notices.values()}

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(site=self.library.site, as_of=self.as_of, **context)

    def context(self, src: str, period: VersionPeriod | None = None) -> PageContext:
        return PageContext(src, period.version.index if period else None, self.directory_urls,
                           self.library.site.links)

    def notice_page(self, notice: Notice, period: VersionPeriod, src: str, *, main: bool) -> Page:
        content = self.render(
            "notice.md", page=self.context(src, period), notice=notice, version=period.version.data,
            period=period, timeline=self.timelines[notice.id], main=main,
            parent=self.library.notices.get(notice.meta.supplements or ""),
            supplements=self.library.supplements_of(notice.id),
        )
        return Page(src, content, notice.title, in_nav=main)

    def history_page(self, notice: Notice) -> Page:
        src = history_src(notice.id)
        content = self.render("history.md", page=self.context(src), notice=notice,
                               timeline=self.timelines[notice.id])
        return Page(src, content, f"{notice.title}: version history")

    def redline_page(self, notice: Notice, period: VersionPeriod) -> Page:
        src = redline_src(notice.id, period.date)
        assert period.previous is not None
        body = to_html(redline_between(self.library, notice, period.previous, period.version))
        content = self.render("redline.md", page=self.context(src, period), notice=notice, period=period,
                               redline=body)
        return Page(src, content, f"{notice.title}: changes effective {period.date}")

    def home_page(self) -> Page:
        entries = [
            {"notice": n, "period": self.timelines[n.id].shown, "timeline": self.timelines[n.id],
             "parent": self.library.notices.get(n.meta.supplements or "")}
            for n in self.ordered_notices()
        ]
        return Page("index.md", self.render("home.md", page=self.context("index.md"), entries=entries),
                    "Home", True)

    def ordered_notices(self) -> list[Notice]:
        """Notices first, each followed by its supplements."""
        ordered = []
        for notice in sorted(self.library.notices.values(), key=lambda n: n.id):
            if not notice.is_supplement:
                ordered.append(notice)
                ordered.extend(self.library.supplements_of(notice.id))
        return ordered + [n for n in self.library.notices.values() if n not in ordered]

    def pages(self) -> list[Page]:
        # Imported here: the compliance page builds on this module's Page and PageContext.
        from .compliance.page import compliance_page

        pages = [self.home_page()]
        for notice in self.ordered_notices():
            timeline = self.timelines[notice.id]
            pages.append(self.notice_page(notice, timeline.shown, notice_src(notice.id), main=True))
            pages.append(self.history_page(notice))
            compliance = compliance_page(self.library, notice, self.as_of, self.directory_urls)
            if compliance is not None:
                pages.append(compliance)
            for period in timeline.periods:
                pages.append(self.notice_page(notice, period, version_src(notice.id, period.date), main=False))
                if period.previous is not None:
                    pages.append(self.redline_page(notice, period))
        pages.append(Page(CSS, self.env.get_template(CSS).render()))
        pages += [Page(src, html) for src, html in redirect_pages(self.library, self.directory_urls)]
        return pages + self.feeds() + [self.banner_snippet()]

    def feeds(self) -> list[Page]:
        # Imported here, like the banner module: both build on this module's Page and page paths.
        from .feed import feed_pages

        return feed_pages(self.env, self.library, self.as_of, self.ordered_notices(), site_url=self.site_url,
                          directory_urls=self.directory_urls)

    @cached_property
    def banners(self) -> list[Banner]:
        from .banner import active_banners

        return active_banners(self.library, self.as_of)

    def banner_snippet(self) -> Page:
        """The banner as standalone HTML with absolute links, for the organisation's other sites."""
        from .banner import SNIPPET, render_banner

        html = render_banner(self.env, self.banners, self.as_of,
                             lambda src: absolute_url(self.site_url, src, self.directory_urls), standalone=True)
        return Page(SNIPPET, str(html))

    def site_banner(self) -> Markup:
        """The banner for the site's own pages, or an empty string.

        Links are absolute paths ('/privacy/2027-03-01/'), not relative ones: Material remembers a
        dismissed banner by a hash of its HTML, and relative links would differ from page to page,
        bringing a dismissed banner back on every page at another depth.
        """
        from .banner import render_banner

        root = urlsplit(self.site_url).path
        return render_banner(self.env, self.banners, self.as_of,
                             lambda src: root + page_url(src, self.directory_urls), standalone=False)


def supplements_in_force(library: Library, notice: Notice, on: dt.date) -> list[str]:
    """Ids of the supplements of `notice` that have a version in force on a day."""
    return [s.id for s in library.supplements_of(notice.id) if any(v.effective <= on for v in s.versions)]


def redline_between(library: Library, notice: Notice, old: NoticeVersion, new: NoticeVersion) -> Redline:
    """The redline of two versions of `notice`, supplements included in the summary."""
    return compare(old.data, new.data, supplements_in_force(library, notice, old.effective),
                   supplements_in_force(library, notice, new.effective))


def render_text(library: Library, notice: Notice, period: VersionPeriod) -> str:
    """A version as plain text."""
    renderer = SiteRenderer(library, period.since)
    return renderer.render("notice.txt", page=renderer.context("", period), notice=notice,
                            version=period.version.data)


def render_pages(library: Library, as_of: dt.date, directory_urls: bool = True) -> list[Page]:
    """Every generated page of the site for `as_of`."""
    return SiteRenderer(library, as_of, directory_urls).pages()


def write_pages(pages: list[Page], folder: Path) -> None:
    """Write pages to `folder`, for builders other than MkDocs."""
    for page in pages:
        target = folder / page.src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
