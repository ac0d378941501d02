"""Which pairs of versions the site compares on pages of their own, and how those pages link each other.

Every version is compared with the version before it (its redline, `<notice>/<date>/redline/`) and
with the version in force (`<notice>/<newer date>/compare/<older date>/`, unless the two are
neighbours and the redline already shows it): at most two pages per version, so a build stays
linear in the number of versions. A reader of an archived version sees everything that changed
since; `notices diff` compares any two versions. `compare_all_versions: true` in site.yaml adds a
page for every other pair as well: n(n-1)/2 pages, for short histories only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from ..library.project import NoticeVersion
from ..library.timeline import Timeline, VersionPeriod
from ..source.dates import long_date
from .paths import compare_src, redline_src

Pair = tuple[VersionPeriod, NoticeVersion]
"""A comparison: the newer version's period, and the older version it is compared with."""


@dataclass(frozen=True)
class Comparisons:
    """The comparison pages of one notice's timeline."""

    timeline: Timeline
    all_pairs: bool = False

    def pairs(self) -> list[Pair]:
        """Every pair that gets a page, oldest newer version first."""
        return [pair for period in self.timeline.periods for pair in self.pairs_of(period)]

    def pairs_of(self, newer: VersionPeriod) -> list[Pair]:
        """The pairs in which `newer`'s version is the newer one, its redline first, then newest first.

        Only the version in force is compared with every older version, so other versions are not walked
        (which made a build quadratic in the number of versions)."""
        current = self.timeline.current
        if self.all_pairs or (current is not None and current.version is newer.version):
            return [(newer, old) for old in self._older(newer)]
        olds = [] if newer.previous is None else [newer.previous]
        if current is not None and current.since < newer.since and current.version is not newer.previous:
            olds.append(current.version)
        return [(newer, old) for old in olds]

    def in_force_pair(self, version: NoticeVersion) -> Pair | None:
        """The comparison of `version` with the version in force, if they differ."""
        current = self.timeline.current
        if current is None or version is current.version:
            return None
        if version.effective < current.since:
            return current, version
        return self._period(version), current.version

    def _period(self, version: NoticeVersion) -> VersionPeriod:
        return self._periods[id(version)]

    @cached_property
    def _periods(self) -> dict[int, VersionPeriod]:
        return {id(period.version): period for period in self.timeline.periods}

    def src(self, pair: Pair) -> str:
        """The redline for the version before; a comparison page for any other earlier version."""
        newer, old = pair
        notice_id = self.timeline.notice.id
        if old is newer.previous:
            return redline_src(notice_id, newer.date)
        return compare_src(notice_id, newer.date, old.effective.isoformat())

    def links(self, url: Callable[[str], str], pair: Pair) -> list[tuple[str, str]]:
        """(label, url) of the other comparisons a reader of `pair`'s page may want next (`url` of a page's src).

        At most three by default (so pages stay small however long the history): the newer
        version's redline, and each of the two versions against the version in force. With
        `all_pairs`, every other comparison of the newer version too.
        """
        newer, old = pair
        wanted: list[tuple[str, Pair]] = []
        if newer.previous is not None:
            wanted.append((f"made by the version effective {long_date(newer.since)}", (newer, newer.previous)))
        for version in (old, newer.version):
            other = self.in_force_pair(version)
            if other is not None:
                label = (f"from the version effective {long_date(version.effective)} to the version in force"
                         if version is other[1] else
                         f"from the version in force to the version effective {long_date(version.effective)}")
                wanted.append((label, other))
        if self.all_pairs:
            wanted += [(f"from the version effective {long_date(p.effective)} to the version effective "
                        f"{long_date(newer.since)}", (newer, p)) for p in self._older(newer)]
        links: list[tuple[str, str]] = []
        seen = {self.src(pair)}
        for label, other in wanted:
            src = self.src(other)
            if src not in seen:
                seen.add(src)
                links.append((label, url(src)))
        return links

    def _older(self, newer: VersionPeriod) -> list[NoticeVersion]:
        """The versions before `newer`'s, newest first."""
        return [p.version for p in reversed(self.timeline.periods) if p.since < newer.since]
