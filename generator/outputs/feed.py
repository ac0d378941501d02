"""Atom feeds of changes: one for the whole site (`feed.xml`) and one per notice (`<notice>/feed.xml`).

Open Terms Archive publishes Atom feeds of changes per document; a feed reader is how journalists,
researchers and watchful users follow a policy without an account (change-notices.md). An entry is
a published version: one that has taken effect or has been announced by the as-of date (the rule
that also locks versions, `rules.is_published`), dated by its announcement when there is one, so
that subscribers hear of a change when its notice period starts rather than when it applies.

Output is deterministic: timestamps are dates at midnight UTC, ids are tag URIs built from the
site's host and the version's effective date, and nothing depends on the time of the build.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from jinja2 import Environment

from ..library.project import Library, Notice, NoticeVersion
from ..library.rules import is_published, previous_version
from ..source import inline
from ..source.dates import long_date
from ..source.lock import Withdrawal
from .page import Page
from .paths import absolute_url, feed_src, history_src, redline_src, version_src

TEMPLATE = "feed.xml"
SITE_FEED = "feed.xml"


def atom_date(day: dt.date) -> str:
    """RFC 3339 at midnight UTC: versions have dates, not times, and the output must not depend on the clock."""
    return f"{day.isoformat()}T00:00:00Z"


def tag_uri(site_url: str, day: dt.date, specific: str) -> str:
    """A tag URI (RFC 4151): stable across changes of URL layout (directory URLs, a moved redline page)."""
    parts = urlsplit(site_url)
    path = parts.path.strip("/")
    return f"tag:{parts.hostname},{day.isoformat()}:{path + '/' if path else ''}{specific}"


@dataclass(frozen=True)
class FeedEntry:
    """One published version of one notice."""

    notice: Notice
    version: NoticeVersion
    previous: NoticeVersion | None
    withdrawal: Withdrawal | None = None
    """Set on the entry that says the version was withdrawn (its announcement keeps its own entry)."""

    @property
    def date(self) -> dt.date:
        """When readers were told: the withdrawal, else the announcement, else the effective date."""
        if self.withdrawal is not None:
            return self.withdrawal.date
        return self.version.data.announced or self.version.effective

    def as_atom(self, site_url: str, directory_urls: bool) -> dict[str, str]:
        effective = self.version.effective.isoformat()
        page = redline_src(self.notice.id, effective) if self.previous else version_src(self.notice.id, effective)
        title = f"{self.notice.title}: version effective {long_date(self.version.effective)}"
        summary = inline.plain(self.version.data.summary)
        specific = f"{self.notice.id}/{effective}"
        if self.withdrawal is not None:
            # Its own id: feed readers keep the announcement and show the withdrawal as news.
            page, title = version_src(self.notice.id, effective), f"{title} withdrawn"
            specific += "/withdrawn"
            summary = (f"Withdrawn on {long_date(self.withdrawal.date)}, before it took effect: "
                       f"{self.withdrawal.reason}")
        if self.version.data.illustrative:
            title += " (illustrative)"
        return {
            "id": tag_uri(site_url, self.version.effective, specific),
            "title": title,
            "updated": atom_date(self.date),
            "link": absolute_url(site_url, page, directory_urls),
            "version": absolute_url(site_url, version_src(self.notice.id, effective), directory_urls),
            "summary": summary,
            "notice_id": self.notice.id,
            "notice_title": self.notice.title,
        }


def feed_entries(notices: Iterable[Notice], as_of: dt.date) -> list[FeedEntry]:
    """Every version of `notices` published by `as_of`, newest first (ties: later effective date, notice id)."""
    entries = []
    for notice in notices:
        versions = sorted(notice.versions, key=lambda v: v.effective)
        for previous, version in zip([None, *versions], versions, strict=False):
            if is_published(version.effective, version.data.announced, as_of):
                entries.append(FeedEntry(notice, version, previous))
        for version in notice.withdrawn:
            previous = previous_version(notice, version)
            if is_published(version.effective, version.data.announced, as_of):
                entries.append(FeedEntry(notice, version, previous))
            entries.append(FeedEntry(notice, version, previous, notice.lock.withdrawal_of(version.effective)))
    entries.sort(key=lambda e: e.notice.id)
    entries.sort(key=lambda e: (e.date, e.version.effective), reverse=True)
    return entries


def render_feed(env: Environment, library: Library, as_of: dt.date, *, notice: Notice | None, site_url: str,
                directory_urls: bool) -> Page:
    """The Atom feed of one notice, or of every notice when `notice` is None."""
    notices = [notice] if notice else list(library.notices.values())
    entries = feed_entries(notices, as_of)
    src = feed_src(notice.id) if notice else SITE_FEED
    site = library.site
    if notice is not None:
        title = f"{notice.title}: changes"
        subtitle = f"Every version of the {site.organisation} {notice.title}, with what changed."
        home = absolute_url(site_url, history_src(notice.id), directory_urls)
        specific = f"{notice.id}/feed"
    else:
        title = f"{site.organisation} privacy notices: changes"
        subtitle = f"Every version of every {site.organisation} privacy notice, with what changed."
        home = site_url
        specific = "feed"
    # The feed's id must never change; its tag date is the first version's, which is published for good.
    first = min((v.effective for n in notices for v in n.versions), default=as_of)
    content = env.get_template(TEMPLATE).render(
        id=tag_uri(site_url, first, specific),
        title=title,
        subtitle=subtitle,
        language=site.languages[0] if site.languages else "en",
        # A feed with no entry yet still needs an `updated`; the as-of date is the only deterministic one.
        updated=max((atom_date(e.date) for e in entries), default=atom_date(as_of)),
        self_url=absolute_url(site_url, src, directory_urls),
        home=home,
        author=site.organisation,
        author_uri=site_url,
        entries=[entry.as_atom(site_url, directory_urls) for entry in entries],
        per_notice=notice is not None,
    )
    return Page(src, content)


def feed_pages(env: Environment, library: Library, as_of: dt.date, notices: Iterable[Notice], *, site_url: str,
               directory_urls: bool) -> list[Page]:
    """The site-wide feed, then one feed per notice in the order given."""
    pages = [render_feed(env, library, as_of, notice=None, site_url=site_url, directory_urls=directory_urls)]
    pages += [render_feed(env, library, as_of, notice=n, site_url=site_url, directory_urls=directory_urls)
              for n in notices]
    return pages
