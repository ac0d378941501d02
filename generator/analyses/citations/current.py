"""The citation check of a library: the versions in force or upcoming, each from the project's cache when the same
bytes were checked before.

The rules (`check.py`, and the words they read: some thirty regular expressions, compiled when imported) are
imported when a version is checked afresh: a rebuild that finds every version's check in the cache never runs them,
and importing them took about 0.01 s of every build's start.
"""

from __future__ import annotations

import datetime as dt
import functools

from ...library.project import Library, NoticeVersion
from ...library.rules import is_published
from ...library.timeline import in_force
from ...source.cache import cache_key, project_cache
from ...source.problems import PendingProblem, Problem

PUBLISHED = ("; this version is published, so fix it in the next version, or correct this one and record it with "
             "notices correct")


def check_citations(library: Library, as_of: dt.date) -> list[Problem]:
    """Disagreements of the versions in force or upcoming: errors, or warnings in versions already published.

    Superseded versions are not checked: they are immutable and no longer apply, so a warning could
    only be noise (and placing one per archived version would cost a parse of each file).
    """
    pending: list[PendingProblem] = []
    cache = project_cache(library.root)
    for notice in library.notices.values():
        current = in_force(notice, as_of)
        for version in notice.versions:
            if current is not None and version.effective < current.effective:
                continue  # superseded: immutable, and no longer what readers are told
            if version.source_key is None:
                problems = checked_afresh(version)
            else:
                problems = cache.problems("citations", cache_key("citations", version.source_key), version.path,
                                          functools.partial(checked_afresh, version))
            if is_published(version.effective, version.data.announced, as_of):
                problems = [PendingProblem(p.path, p.loc, p.message + PUBLISHED, "warning", also=p.also,
                                           advice=p.advice) for p in problems]
            pending += problems
    return cache.place_problems(pending)


def checked_afresh(version: NoticeVersion) -> list[PendingProblem]:
    """`check.version_citations(version)`, its module imported when a version is checked (see the docstring)."""
    from . import check

    return check.version_citations(version)
