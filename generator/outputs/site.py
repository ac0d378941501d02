"""From a loaded library to the Markdown pages of the site, independent of any site builder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from ..analyses.changes import classify_version
from ..library.project import Library, Notice, NoticeVersion
from ..library.rules import previous_version, replaced_by, supplements_in_force
from ..library.timeline import Timeline, VersionPeriod
from ..source.cache import cache_key, project_cache
from ..source.dates import long_date
from .banner import SNIPPET, Banner, active_banners, render_banner
from .comparisons import Comparisons, Pair
from .compliance_page import compliance_page
from .context import PageContext
from .feed import feed_pages
from .frozen_pdf import FrozenJob, frozen_job
from .page import Page
from .page_memo import PageMemo, Shared, comparison_inputs, dated_page_inputs, history_inputs, outline
from .page_meta import HIDDEN_FROM_SEARCH, version_label, version_meta, version_state
from .paths import absolute_url, history_src, notice_src, page_url, pdf_src, redline_src, version_src
from .pdf_cache import cache_dir, pdf_key
from .pdf_worker import PdfJob, PendingPdfs, archive_pdfs
from .redirects import redirect_pages
from .render import make_environment
from .section_memo import SectionMemo

CSS = "assets/notices.css"
LOGO = "assets/logo.svg"


@dataclass
class SiteRenderer:
    """Renders every page of a library for one as-of date."""

    library: Library
    as_of: dt.date
    directory_urls: bool = True
    site_url: str = ""
    """Where the site is published, for absolute links; default: `site_url` in site.yaml."""
    pdfs_in_background: bool = False
    """Lay out uncached archival PDFs in a worker process; `pending_pdfs` then holds them."""
    pending_pdfs: PendingPdfs | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.site_url = (self.site_url or self.library.site.site_url).rstrip("/") + "/"
        self.env = make_environment(self.library.root)
        self.cache = project_cache(self.library.root)
        self.timelines = {n.id: Timeline.of(n, self.as_of) for n in self.library.notices.values()}
        self.outlines = {notice_id: outline(timeline) for notice_id, timeline in self.timelines.items()}
        self.comparisons = {notice_id: Comparisons(timeline, self.library.site.compare_all_versions)
                            for notice_id, timeline in self.timelines.items()}
        self.memo = PageMemo(self.cache, self.env, self.library, self.as_of, str(self.directory_urls), self.site_url)
        memo = self.memo  # not `self`: a renderer its own memo referred back to would outlive the build's use of it
        self.sections = SectionMemo(lambda: memo.shipped_file("blocks.html"))

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(site=self.library.site, as_of=self.as_of, **context)

    def context(self, src: str, period: VersionPeriod | None = None) -> PageContext:
        return PageContext(src, period.version.index if period else None, self.directory_urls,
                           self.library.site.links, sections=self.sections)

    def notice_page(self, notice: Notice, period: VersionPeriod, src: str, *, main: bool) -> Page:
        """A version's page, from the page memo when its inputs were rendered before (outputs/page_memo.py)."""
        state, label = version_state(period, self.as_of), version_label(period, self.as_of)
        parent = self.library.notices.get(notice.meta.supplements or "")
        narrow = None if main else dated_page_inputs(self.outlines[notice.id], notice, period.version, parent,
                                                     self.library.supplements_of(notice.id), state, label)
        key = self.memo.key_of("notice", src, str(main), narrow=narrow, templates=("notice.md", "glance.html"))
        return self.memo.page(key, lambda: self.render_notice_page(notice, period, src, main=main))

    def render_notice_page(self, notice: Notice, period: VersionPeriod, src: str, *, main: bool) -> Page:
        page, state = self.context(src, period), version_state(period, self.as_of)
        parent = self.library.notices.get(notice.meta.supplements or "")
        content = self.render(
            "notice.md", page=page, notice=notice, version=period.version.data,
            period=period, timeline=self.timelines[notice.id], main=main, parent=parent,
            supplements=self.library.supplements_of(notice.id), state=state, label=version_label(period, self.as_of),
        )
        from .glance_layer import glance_html, with_glance  # here: a rebuild taking every page from the cache skips it

        canonical = absolute_url(self.site_url, notice_src(notice.id), self.directory_urls)
        meta = version_meta(notice.title, period, self.as_of, main=main, canonical=canonical)
        glance = glance_html(self.render, page, notice, period.version, state=state, parent=parent,
                             shipped=self.memo.is_shipped("glance.html"))
        return Page(src, content, notice.title, in_nav=main, meta=with_glance(meta, glance))

    def history_page(self, notice: Notice) -> Page:
        """The history, from the page memo when what the shipped history.md shows did not change: the versions'
        dates, status, summaries and outcomes (read from the cache), not their texts."""
        src, timeline = history_src(notice.id), self.timelines[notice.id]
        outcomes = {period.date: outcome for period in timeline.periods
                    if (outcome := self.outcome(notice, period.version)) is not None}
        narrow = history_inputs(self.outlines[notice.id], notice, timeline, outcomes)
        key = self.memo.key_of("history", src, narrow=narrow, templates=("history.md",))
        return self.memo.page(key, lambda: self.render_history_page(notice, src, outcomes))

    def render_history_page(self, notice: Notice, src: str, outcomes: dict[str, str]) -> Page:
        content = self.render("history.md", page=self.context(src), notice=notice,
                               timeline=self.timelines[notice.id], outcomes=outcomes)
        return Page(src, content, f"{notice.title}: version history")

    def redline_page(self, notice: Notice, pair: Pair) -> Page:
        """What a version changed against an earlier one: the one before it (its redline), or another."""
        period, previous = pair
        pair_key = self.pair_key(notice, previous, period.version)
        self.cache.keep("redline", pair_key)  # kept for when this page is made again (another as-of, template…)
        narrow = comparison_inputs(self.outlines[notice.id], notice, pair_key)
        key = self.memo.key_of("comparison", self.comparisons[notice.id].src(pair), narrow=narrow,
                               templates=("redline.md",))
        # The page holds its redline, which the cache keeps anyway: the memo stores the page without it.
        shared = Shared("redline", pair_key)
        return self.memo.page(key, lambda: self.render_redline_page(notice, pair, shared), shared)

    def render_redline_page(self, notice: Notice, pair: Pair, shared: Shared | None = None) -> Page:
        """A comparison page; its redline's text is given to `shared`, if any, the redline's entry in the cache."""
        from .glance_changes import glance_changes  # here: a rebuild taking every page from the cache skips it

        period, previous = pair
        comparisons = self.comparisons[notice.id]
        src = comparisons.src(pair)
        context = self.context(src, period)
        body = self.redline_html(notice, previous, period.version)
        if shared is not None:
            shared.text = str(body)
        content = self.render("redline.md", page=context, notice=notice, period=period, previous=previous,
                              redline=body, comparisons=comparisons.links(context.url, pair),
                              glance_changes=glance_changes(notice, previous, period.version, self.cache))
        redline = previous is period.previous
        title = f"changes effective {period.date}" if redline else f"changes from {previous.effective} to {period.date}"
        # Out of the search; comparisons of non-neighbours out of the sitemap as well.
        meta = HIDDEN_FROM_SEARCH if redline else {**HIDDEN_FROM_SEARCH, "sitemap": False}
        return Page(src, content, f"{notice.title}: {title}", meta=meta)

    def pair_key(self, notice: Notice, old: NoticeVersion, new: NoticeVersion) -> str:
        """The cache key of what two versions' comparison gives.

        A redline depends on the two versions' data and the supplements in force on their dates alone.
        """
        return cache_key(notice.id, old.content_hash, new.content_hash,
                         *supplements_in_force(self.library, notice, old.effective), "\0",
                         *supplements_in_force(self.library, notice, new.effective))

    def outcome(self, notice: Notice, version: NoticeVersion) -> str | None:
        """Whether `version` changed its notice materially (the history's column), from the cache when known.

        The classification is a function of the two versions' data and their redline; None for a first version.
        """
        previous = previous_version(notice, version)
        if previous is None:
            return None
        key = self.pair_key(notice, previous, version)
        hit, outcome = self.cache.get("outcome", key)
        if hit and isinstance(outcome, str):
            return outcome
        classification = classify_version(self.library, notice, version)
        outcome = None if classification is None else str(classification.outcome)
        self.cache.put("outcome", key, outcome)
        return outcome

    def redline_html(self, notice: Notice, old: NoticeVersion, new: NoticeVersion) -> Markup:
        """The marked-up redline of two versions, from the cache when the same pair was compared before."""
        key = self.pair_key(notice, old, new)
        hit, html = self.cache.get("redline", key)
        if hit and isinstance(html, str):
            return Markup(html)
        # Imported here: the comparison's modules took about 0.015 s of every build's start, and a rebuild that finds
        # every redline in the cache compares nothing.
        from ..analyses.redline import to_html
        from ..analyses.redlines import redline_between

        body = to_html(redline_between(self.library, notice, old, new))
        self.cache.put("redline", key, str(body))
        return body

    def withdrawn_pages(self, notice: Notice, version: NoticeVersion) -> list[Page]:
        """A withdrawn version's address, and its redline's, say that it was withdrawn, when and why."""
        date = version.effective.isoformat()
        applies = replaced_by(notice, version)
        addresses = [(version_src(notice.id, date), False)]
        if applies.effective < version.effective:
            addresses.append((redline_src(notice.id, date), True))
        return [
            Page(src, self.render("withdrawn.md", page=self.context(src), notice=notice, version=version,
                                  withdrawal=notice.lock.withdrawal_of(version.effective), applies=applies,
                                  redline=redline),
                 f"{notice.title}: withdrawn version of {long_date(version.effective)}", meta=HIDDEN_FROM_SEARCH)
            for src, redline in addresses
        ]

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
        """Every page and file of the site: what each producer of `PRODUCERS` makes, in that order."""
        return list(self.each_page())

    def each_page(self) -> Iterator[Page]:
        """The pages of `pages`, each made when asked for: a builder can let one go before the next is made."""
        for produce in PRODUCERS:
            yield from produce(self)

    def home(self) -> list[Page]:
        return [self.home_page()]

    def notice_pages(self) -> Iterator[Page]:
        """Per notice: its main page, history, compliance page, every version, redline and withdrawal."""
        for notice in self.ordered_notices():
            timeline = self.timelines[notice.id]
            yield self.notice_page(notice, timeline.shown, notice_src(notice.id), main=True)
            yield self.history_page(notice)
            compliance = compliance_page(self.library, notice, self.as_of, self.directory_urls)
            if compliance is not None:
                yield compliance
            for period in timeline.periods:
                yield self.notice_page(notice, period, version_src(notice.id, period.date), main=False)
                yield from (self.redline_page(notice, pair) for pair in self.comparisons[notice.id].pairs_of(period))
            for version in notice.withdrawn:
                yield from self.withdrawn_pages(notice, version)
            self.sections.forget()

    def assets(self) -> list[Page]:
        return [Page(CSS, self.env.get_template(CSS).render()), Page(LOGO, self.env.get_template(LOGO).render())]

    def redirects(self) -> list[Page]:
        return [Page(src, html) for src, html in redirect_pages(self.library, self.directory_urls)]

    def pdf_jobs(self) -> tuple[list[PdfJob], list[FrozenJob]]:
        """The archival PDF of every version: those frozen at publish as served (outputs/frozen_pdf.py), the
        others with their key in the content-addressed cache (outputs/pdf_cache.py)."""
        organisation, jobs, frozen = self.library.site.organisation, [], []
        for notice in self.ordered_notices():
            for period in self.timelines[notice.id].periods:
                label = version_label(period, self.as_of)
                served = frozen_job(notice, period.version, label)
                if served is not None:
                    frozen.append(served)
                    continue
                key = pdf_key(period.version.content_hash, notice.title, organisation, label or "")
                jobs.append(PdfJob(pdf_src(notice.id, period.date), key, notice.title, period.version,
                                   organisation, label))
        return jobs, frozen

    def archive_pdfs(self) -> list[Page]:
        """An archival PDF of every version: its frozen file, else laid out once per content.

        With `pdfs_in_background`, every PDF is written at the end, those not cached yet laid out by a worker
        process meanwhile (outputs/pdf_worker.py): `pending_pdfs` gives them once the builder has done the rest.
        """
        jobs, frozen = self.pdf_jobs()
        pages, self.pending_pdfs = archive_pdfs(jobs, cache_dir(), in_background=self.pdfs_in_background,
                                                frozen=frozen)
        return pages

    def feeds(self) -> list[Page]:
        return feed_pages(self.env, self.library, self.as_of, self.ordered_notices(), site_url=self.site_url,
                          directory_urls=self.directory_urls)

    @cached_property
    def banners(self) -> list[Banner]:
        return active_banners(self.library, self.as_of)

    def banner_snippet(self) -> Page:
        """The banner as standalone HTML with absolute links, for the organisation's other sites."""
        # The link captures no `self`: templates with macros leave reference cycles, which would keep the
        # renderer, and so the library, alive until the collector runs (not before MkDocs renders).
        site_url, directory_urls = self.site_url, self.directory_urls
        html = render_banner(self.env, self.banners, self.as_of,
                             lambda src: absolute_url(site_url, src, directory_urls), standalone=True)
        return Page(SNIPPET, str(html))

    def banner_files(self) -> list[Page]:
        return [self.banner_snippet()]

    def site_banner(self) -> Markup:
        """The banner for the site's own pages, or an empty string.

        Links are absolute paths ('/privacy/2027-03-01/'), not relative ones: Material remembers a
        dismissed banner by a hash of its HTML, and relative links would differ from page to page,
        bringing a dismissed banner back on every page at another depth.
        """
        root, directory_urls = urlsplit(self.site_url).path, self.directory_urls  # no `self`: see banner_snippet
        return render_banner(self.env, self.banners, self.as_of,
                             lambda src: root + page_url(src, directory_urls), standalone=False)


PRODUCERS: tuple[Callable[[SiteRenderer], Iterable[Page]], ...] = (
    SiteRenderer.archive_pdfs, SiteRenderer.home, SiteRenderer.notice_pages, SiteRenderer.assets,
    SiteRenderer.redirects, SiteRenderer.feeds, SiteRenderer.banner_files,
)
"""Every output of the site, each made from the library and the as-of date the renderer holds; add one here.

The PDFs come first, so that a worker laying them out (`pdfs_in_background`) starts as early as it can."""


def render_version_text(library: Library, notice: Notice, period: VersionPeriod) -> str:
    """A version as plain text."""
    renderer = SiteRenderer(library, period.since)
    return renderer.render("notice.txt", page=renderer.context("", period), notice=notice,
                            version=period.version.data)


def render_pages(library: Library, as_of: dt.date, directory_urls: bool = True) -> list[Page]:
    """Every generated page of the site for `as_of`."""
    return SiteRenderer(library, as_of, directory_urls).pages()
