"""Which versions a command reads: the ones it names and the neighbours its output needs, no others.

Each function returns a `VersionSelection` for `load_library(select=...)`. When a named date is not a
version of the notice, every version is read, so that the error lists the versions there are.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Collection

from .loader import VersionSelection


def named_versions(notice_id: str, *dates: dt.date) -> VersionSelection:
    """The versions of `notice_id` named (`notices diff`), and no version of any other notice."""

    def select(notice: str, files: list[dt.date], withdrawn: set[dt.date]) -> Collection[dt.date] | None:
        if notice != notice_id:
            return ()
        return dates if set(dates) <= set(files) - withdrawn else None

    return select


def in_force_on(notice_id: str, day: dt.date) -> VersionSelection:
    """The version of `notice_id` in force on `day` and the next one, which ends its period (`notices show`)."""

    def select(notice: str, files: list[dt.date], withdrawn: set[dt.date]) -> Collection[dt.date] | None:
        if notice != notice_id:
            return ()
        applying = sorted(set(files) - withdrawn)
        at = bisect_right(applying, day)
        return applying[max(at - 1, 0):at + 1]

    return select


def with_previous(notice_id: str, date: dt.date) -> VersionSelection:
    """A version of `notice_id` and the one it replaces, which its change is measured against (`notices notify`)."""

    def select(notice: str, files: list[dt.date], withdrawn: set[dt.date]) -> Collection[dt.date] | None:
        if notice != notice_id:
            return ()
        if date not in files:
            return None
        earlier = sorted(d for d in set(files) - withdrawn if d < date)
        return [date, *earlier[-1:]]

    return select
