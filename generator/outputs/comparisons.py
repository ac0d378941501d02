"""Comparing any two versions on the site, not only neighbours.

Each version's redline compares it with the version before it (`<notice>/<date>/redline/`); every
other earlier version gets a comparison page of its own (`<notice>/<date>/compare/<earlier date>/`),
and every such page links the others, so a reader can compare any two versions.
"""

from __future__ import annotations

from ..library.project import NoticeVersion
from ..library.timeline import Timeline, VersionPeriod
from ..source.dates import long_date
from .context import PageContext
from .paths import compare_src, redline_src


def earlier_versions(timeline: Timeline, period: VersionPeriod) -> list[NoticeVersion]:
    """The versions of the timeline before `period`'s, newest first."""
    return [p.version for p in reversed(timeline.periods) if p.version.effective < period.version.effective]


def comparison_src(notice_id: str, period: VersionPeriod, old: NoticeVersion) -> str:
    """The redline for the version before; a comparison page for any other earlier version."""
    if period.previous is not None and old.effective == period.previous.effective:
        return redline_src(notice_id, period.date)
    return compare_src(notice_id, period.date, old.effective.isoformat())


def comparison_links(page: PageContext, notice_id: str, timeline: Timeline, period: VersionPeriod,
                     shown: NoticeVersion) -> list[tuple[str, str]]:
    """(label, url) of the comparisons of `period`'s version with each earlier version but `shown`."""
    return [(long_date(old.effective), page.url(comparison_src(notice_id, period, old)))
            for old in earlier_versions(timeline, period) if old.effective != shown.effective]
