"""The rules every analysis and output shares, each written once.

Which version comes before another, how many days of notice a material change needs, the day a
change counts as announced, whether a version is published, and which supplements are in force.
The version in force on a day is `timeline.in_force`.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left

from .project import Library, Notice, NoticeVersion


class VersionNotFound(LookupError):
    """A notice has no version with the effective date asked for; the message lists those it has."""

    def __init__(self, notice: Notice, effective: dt.date) -> None:
        known = ", ".join(v.effective.isoformat() for v in notice.versions)
        withdrawal = notice.lock.withdrawal_of(effective)
        why = f" (it was withdrawn on {withdrawal.date}, so it never applies)" if withdrawal else ""
        super().__init__(f"'{notice.id}' has no version {effective}{why}; its versions are: {known}")


def find_version(notice: Notice, effective: dt.date) -> NoticeVersion:
    """The version of `notice` effective on a day; raise `VersionNotFound` when there is none."""
    match = next((v for v in notice.versions if v.effective == effective), None)
    if match is None:
        raise VersionNotFound(notice, effective)
    return match


def previous_version(notice: Notice, version: NoticeVersion) -> NoticeVersion | None:
    """The version that `version` replaces, or None for the first version: the latest effective before it (of
    versions on the same day, the first listed). Found by bisection: pages ask it of every version."""
    dates, firsts = _by_date(notice)
    index = bisect_left(dates, version.effective)
    return firsts[index - 1] if index else None


def _by_date(notice: Notice) -> tuple[list[dt.date], list[NoticeVersion]]:
    """The days the notice's versions take effect, in order, each with the first version listed for it; kept
    with the notice, and worked out again whenever its list holds other versions."""
    versions = tuple(notice.versions)
    kept = notice.by_date
    if kept is None or kept[0] != versions:  # compares identities first: the same versions cost no more
        firsts: dict[dt.date, NoticeVersion] = {}
        for listed in versions:
            firsts.setdefault(listed.effective, listed)
        dates = sorted(firsts)
        kept = notice.by_date = (versions, dates, [firsts[day] for day in dates])
    return kept[1], kept[2]


def replaced_by(notice: Notice, version: NoticeVersion) -> NoticeVersion:
    """The version that keeps applying when `version` is withdrawn: the latest one before it."""
    return previous_version(notice, version) or notice.versions[0]


def notice_period(library: Library, notice: Notice) -> int:
    """Days of advance notice a material change of `notice` needs: the notice's own, else the site's."""
    days = notice.meta.notice_period_days
    return library.site.notice_period_days if days is None else days


def latest_announcement(library: Library, notice: Notice, version: NoticeVersion) -> dt.date:
    """The last day a material change can be announced and still give the full notice period."""
    return version.effective - dt.timedelta(days=notice_period(library, notice))


def announcement_day(library: Library, notice: Notice, version: NoticeVersion) -> dt.date:
    """The recorded `announced:` day, else the latest day that still gives the full notice period."""
    return version.data.announced or latest_announcement(library, notice, version)


def publication_day(effective: dt.date, announced: dt.date | None) -> dt.date:
    """The day a version becomes public: its announcement, else the day it takes effect."""
    return min(effective, announced) if announced is not None else effective


def is_published(effective: dt.date, announced: dt.date | None, as_of: dt.date) -> bool:
    """A version is published once it takes effect or once it has been announced."""
    return publication_day(effective, announced) <= as_of


def supplements_in_force(library: Library, notice: Notice, on: dt.date) -> list[str]:
    """Ids of the supplements of `notice` that have a version in force on a day."""
    return [s.id for s in library.supplements_of(notice.id) if any(v.effective <= on for v in s.versions)]
