"""Change policy: material changes are announced in time, and the notice is reviewed yearly.

Errors: an upcoming material version with no announcement date, or announced less than the
notice period before it takes effect. Warnings: a lawyer's `material:` that the data contradicts, and
a version in force for more than 12 months (CCPA, Civ. Code 1798.130(a)(5)).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ...library.project import Library, Notice, NoticeVersion
from ...library.rules import latest_announcement, notice_period, previous_version
from ...library.timeline import Timeline
from ...source.cache import project_cache
from ...source.dates import long_date
from ...source.index import VersionIndex
from ...source.problems import PendingProblem, Problem

if TYPE_CHECKING:  # imported when a change is classified (see the package's docstring)
    from .classifier import Classification

REVIEW_DAYS = 365


def classify_version(library: Library, notice: Notice, version: NoticeVersion) -> Classification | None:
    """The classification of `version` against the one before it; None for a first version."""
    from ..redlines import redline_between
    from .classifier import classify

    previous = previous_version(notice, version)
    if previous is None:
        return None
    return classify(previous.data, version.data, redline_between(library, notice, previous, version))


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def _timing(library: Library, notice: Notice, version: NoticeVersion) -> list[PendingProblem]:
    data, period = version.data, notice_period(library, notice)
    where = "notice_period_days in notice.yaml" if notice.meta.notice_period_days is not None else (
        "notice_period_days in site_config/site.yaml")
    latest = latest_announcement(library, notice, version)
    if data.announced is None:
        return [PendingProblem(version.path, ("effective",),
                               f"material change with no announcement date: add 'announced: YYYY-MM-DD' on or "
                               f"before {latest} ({period} days' notice, {where})")]
    if data.announced > latest:
        given = (data.effective - data.announced).days
        when = "on the day" if given == 0 else (
            f"{_days(given)} before" if given > 0 else f"{_days(-given)} after")
        return [PendingProblem(version.path, ("announced",),
                               f"material change announced {when} it takes effect on "
                               f"{data.effective}; it needs {period} days' notice ({where}): announce it by "
                               f"{latest}, or move the effective date to "
                               f"{data.announced + dt.timedelta(days=period)} or later")]
    return []


def _decisions(version: NoticeVersion, classification: Classification) -> list[PendingProblem]:
    """An open legal decision, one line per change to decide, placed at the text it concerns."""
    from .classifier import Verdict

    if classification.undecided:
        index = VersionIndex.build(version.data)
        found = []
        for reason in classification.decision_reasons:
            entry = index.by_id.get(reason.change.id) or index.by_id.get(reason.change.id.split("/")[0])
            found.append(PendingProblem(
                version.path, entry.loc if entry else ("effective",),
                f"needs a legal decision: the change {reason.message}; {reason.decide}, and record it as "
                "'change: {material: true or false, decided_by: NAME, decided_on: YYYY-MM-DD}'"))
        return found
    data = version.data.change
    derived_open = classification.derived_outcome is Verdict.DECISION
    if derived_open and data is not None and (data.decided_by is None or data.decided_on is None):
        return [PendingProblem(version.path, ("change", "material"),
                               "the legal decision on materiality needs who decided and when: add "
                               "'decided_by: NAME' and 'decided_on: YYYY-MM-DD' under 'change:'", "warning")]
    return []


def check_changes(library: Library, as_of: dt.date) -> list[Problem]:
    """Every change-policy problem of the library, placed at its line and column."""
    pending: list[PendingProblem] = []
    for notice in library.notices.values():
        # Versions already in force are immutable history: only upcoming ones can still be fixed.
        for version in (v for v in notice.versions if v.effective > as_of):
            classification = classify_version(library, notice, version)
            if classification is None:
                continue
            disagreement = classification.disagreement
            if disagreement:
                pending.append(PendingProblem(version.path, ("change", "material"), disagreement, "warning"))
            pending.extend(_decisions(version, classification))
            if classification.material and not classification.undecided:
                pending.extend(_timing(library, notice, version))
        current = Timeline.of(notice, as_of).current
        if current is not None and (as_of - current.since).days > REVIEW_DAYS:
            pending.append(PendingProblem(
                current.version.path, ("effective",),
                f"the version in force on {long_date(as_of)} took effect on {long_date(current.since)}, more than "
                "12 months earlier; CCPA asks for a yearly review (Civ. Code 1798.130(a)(5)): review the notice "
                "and publish a new version", "warning"))
    return project_cache(library.root).place_problems(pending)
