"""Which version of a notice is in force on a date, which are upcoming and which archived."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from .project import Notice, NoticeVersion


@dataclass(frozen=True)
class VersionPeriod:
    """A version and the days it is (or was, or will be) in force; `until` is None while open-ended."""

    version: NoticeVersion
    since: dt.date
    until: dt.date | None
    status: str  # "archived", "current" or "upcoming"
    previous: NoticeVersion | None
    next: NoticeVersion | None

    @property
    def date(self) -> str:
        return self.since.isoformat()


@dataclass(frozen=True)
class Timeline:
    """The versions of one notice seen from one as-of date."""

    notice: Notice
    as_of: dt.date
    periods: tuple[VersionPeriod, ...]

    @classmethod
    def of(cls, notice: Notice, as_of: dt.date) -> Timeline:
        versions = sorted(notice.versions, key=lambda v: v.effective)
        periods = []
        for i, version in enumerate(versions):
            previous = versions[i - 1] if i > 0 else None
            following = versions[i + 1] if i + 1 < len(versions) else None
            until = following.effective - dt.timedelta(days=1) if following else None
            if version.effective > as_of:
                status = "upcoming"
            elif following is not None and following.effective <= as_of:
                status = "archived"
            else:
                status = "current"
            periods.append(VersionPeriod(version, version.effective, until, status, previous, following))
        return cls(notice, as_of, tuple(periods))

    @cached_property
    def current(self) -> VersionPeriod | None:
        # Cached: the comparisons ask once per pair of versions (a scan each made them O(n³)).
        return next((p for p in self.periods if p.status == "current"), None)

    @property
    def upcoming(self) -> list[VersionPeriod]:
        return [p for p in self.periods if p.status == "upcoming"]

    @property
    def archived(self) -> list[VersionPeriod]:
        return [p for p in self.periods if p.status == "archived"]

    @property
    def shown(self) -> VersionPeriod:
        """What the notice's main address shows: the version in force, else the first upcoming one."""
        return self.current or self.periods[0]

    def period(self, date: str) -> VersionPeriod | None:
        return next((p for p in self.periods if p.date == date), None)


def in_force(notice: Notice, on: dt.date) -> NoticeVersion | None:
    """The version in force on a day: the latest whose effective date is on or before it."""
    current = Timeline.of(notice, on).current
    return current.version if current else None
