"""Running the checks: which versions, which jurisdictions, then waivers and places in the YAML.

The versions checked are the one in force on the as-of date and every upcoming one (effective
later): what readers see now and what they are about to see. Past versions are history and
are not re-judged against today's rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...library.loader import NOTICE_META
from ...library.project import Library, Notice, NoticeVersion
from ...library.rules import notice_period, previous_version
from ...library.timeline import in_force
from ...source.model import SiteConfig
from ...source.model.compliance import FailOn
from ...source.problems import Loc
from ...source.regions import in_force_from, known_regions
from ...source.validation import did_you_mean
from ...source.yamlio import load_positions, locate
from .catalog import FAMILY_NAMES, LEFT_OUT, Check, checks, families, selects
from .citation_dates import cite
from .context import CheckContext
from .findings import CheckError, Finding, Outcome, Severity, Status, WaiverNote, failed, not_applicable, passed
from .grouping import one_per_problem

STATUS_ORDER = {Status.FAILED: 0, Status.WAIVED: 1, Status.PASSED: 2, Status.NOT_APPLICABLE: 3}


def resolve_jurisdictions(site: SiteConfig, requested: Iterable[str] = ()) -> list[str]:
    """The site's jurisdictions (and `compliance.jurisdictions`), or those requested.

    Requested ids replace the site's; ids written '+id' are added to them instead.
    """
    default = [str(j) for j in site.jurisdictions] + [str(j) for j in site.compliance.jurisdictions]
    requested = list(requested)
    only = [j for j in requested if not j.startswith("+")]
    added = [j[1:] for j in requested if j.startswith("+")]
    return list(dict.fromkeys([*(only or default), *added]))


def versions_to_check(notice: Notice, as_of: dt.date) -> list[tuple[NoticeVersion, str]]:
    """The version in force on `as_of` and every upcoming one, each with its state."""
    current = in_force(notice, as_of)
    chosen = [(current, "in force")] if current is not None else []
    return chosen + [(v, "upcoming") for v in notice.versions if v.effective > as_of]


@dataclass
class Report:
    as_of: dt.date
    jurisdictions: list[str]
    families: list[str]
    findings: list[Finding] = field(default_factory=list)
    errors: list[CheckError] = field(default_factory=list)
    checked: list[tuple[str, str, str]] = field(default_factory=list)
    """(notice id, version date, 'in force' or 'upcoming') for every version checked."""

    def fails(self, fail_on: FailOn) -> bool:
        """Whether the run fails: any error, or a failed check at or above the threshold."""
        if self.errors:
            return True
        if fail_on is FailOn.NEVER:
            return False
        return any(f.blocking and (fail_on is FailOn.RECOMMENDED or f.severity is Severity.REQUIRED)
                   for f in self.findings)

    def by_family(self) -> dict[str, list[Finding]]:
        grouped: dict[str, list[Finding]] = {family: [] for family in self.families}
        for finding in self.findings:
            grouped.setdefault(finding.jurisdiction, []).append(finding)
        return grouped


class _Positions:
    """Round-trip loads, one per file, only for files that findings point into."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cache: dict[Path, Any] = {}

    def place(self, path: Path, loc: Loc) -> tuple[str, int, int]:
        if path not in self.cache:
            self.cache[path] = load_positions(path)
        line, column = locate(self.cache[path], loc)
        return self.relative(path), line, column

    def relative(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


class Engine:
    """Checks the notices of a library for a set of jurisdictions as of a date."""

    def __init__(self, library: Library, as_of: dt.date, jurisdictions: Iterable[str] | None = None) -> None:
        self.library = library
        self.as_of = as_of
        self.jurisdictions = resolve_jurisdictions(library.site, jurisdictions or ())
        self.regions = known_regions(library.site.regions)
        self.families = families(self.jurisdictions, self.regions)
        self.checks = [c for c in checks().values() if c.row.family in self.families]
        self.positions = _Positions(library.root)

    def run(self, notice_ids: Iterable[str] | None = None) -> Report:
        report = Report(self.as_of, self.jurisdictions, self.families)
        ids = list(notice_ids) if notice_ids is not None else sorted(self.library.notices)
        for notice_id in ids:
            notice = self.library.notices[notice_id]
            report.errors.extend(self.waiver_errors(notice))
            for version, state in versions_to_check(notice, self.as_of):
                report.checked.append((notice.id, version.effective.isoformat(), state))
                report.findings.extend(self.check_version(notice, version))
        order = {family: i for i, family in enumerate(FAMILY_NAMES)}
        report.findings.sort(key=lambda f: (order.get(f.jurisdiction, 99), f.notice, f.version,
                                            STATUS_ORDER[f.status], f.path, f.line, f.column, f.check_id))
        return report

    def context(self, notice: Notice, version: NoticeVersion) -> CheckContext:
        return CheckContext(notice, version, self.as_of, frozenset(self.jurisdictions),
                            previous_version(notice, version), notice_period(self.library, notice))

    def parent_version(self, notice: Notice, version: NoticeVersion) -> tuple[Notice, NoticeVersion] | None:
        """For a supplement: the version of the supplemented notice in force when this version takes effect."""
        parent = self.library.notices.get(notice.meta.supplements or "")
        if parent is None or not parent.versions:
            return None
        return parent, in_force(parent, version.effective) or parent.versions[0]

    def laws_not_yet_in_force(self, family: str, effective: dt.date) -> str | None:
        """Why no law that makes `family` apply was in force on `effective`, or None when one was.

        A family selected by a legal regime, or by a region with a law whose day is not recorded, always applies.
        """
        reasons = []
        for jurisdiction in self.jurisdictions:
            if family not in selects(jurisdiction, self.regions):
                continue
            region = self.regions.get(jurisdiction)
            start = in_force_from(region) if region is not None else None
            if region is None or start is None or start <= effective:
                return None
            first = next(law for law in region.laws if law.effective == start)
            reasons.append(f"{first.name} ({region.name}) takes effect on {start}")
        return "; ".join(reasons) or None

    def evaluate(self, check: Check, ctx: CheckContext) -> Outcome:
        not_yet = self.laws_not_yet_in_force(check.row.family, ctx.data.effective)
        if not_yet is not None:
            return not_applicable(f"no law it is checked for was in force on {ctx.data.effective}: {not_yet}")
        if check.since is not None and ctx.data.effective < check.since:
            return not_applicable(f"the rule applies to versions effective from {check.since}")
        if check.applies is not None and not check.applies(ctx):
            return not_applicable(f"applies only when {check.condition}")
        return check.run(ctx)

    def check_version(self, notice: Notice, version: NoticeVersion) -> list[Finding]:
        ctx = self.context(notice, version)
        parent = self.parent_version(notice, version)
        findings: list[Finding] = []
        for check in self.checks:
            outcome, source = self.evaluate(check, ctx), version
            if outcome.status is Status.FAILED and check.inherits and parent is not None:
                outcome, source = self.inherit(check, outcome, version, parent)
            findings.extend(self.findings(check, notice, version, outcome, source))
        return findings

    def inherit(self, check: Check, outcome: Outcome, version: NoticeVersion,
                parent: tuple[Notice, NoticeVersion]) -> tuple[Outcome, NoticeVersion]:
        """A supplement's document-level failure, judged with the notice it supplements.

        What a supplement lacks (a controller, rights, transfers) the notice it supplements
        supplies: if that notice passes, so does the supplement; if it fails, the failure is
        reported there, not twice. Failures about the supplement's own items always stand.
        """
        inherited = self.evaluate(check, self.context(*parent))
        if inherited.status is Status.PASSED:
            message = f"covered by the notice it supplements, '{parent[0].id}': {inherited.message}"
            return passed(message, inherited.loc, inherited.item), parent[1]
        own = tuple(issue for issue in outcome.issues if issue.item is not None)
        if own:
            return failed(*own), version
        return not_applicable(f"left to the notice it supplements, '{parent[0].id}', where it is reported"), version

    def findings(self, check: Check, notice: Notice, version: NoticeVersion, outcome: Outcome,
                 source: NoticeVersion) -> list[Finding]:
        row = check.row

        def finding(status: Status, message: str, path: Path, loc: Loc, item: str | None) -> Finding:
            where, line, column = self.positions.place(path, loc)
            citation = cite(row.citation, version.effective, self.as_of)
            return Finding(row.check_id, row.family, row.severity, row.requirement, citation, status, message,
                           notice.id, version.effective.isoformat(), where, line, column, item, row.conditional)

        if outcome.status is not Status.FAILED:
            return [finding(outcome.status, outcome.message, source.path, outcome.loc, outcome.item)]
        results = [(self.waive(notice, finding(Status.FAILED, issue.message, issue.file or version.path, issue.loc,
                                               issue.item)), issue.problem)
                   for issue in outcome.issues]
        return one_per_problem(results)

    def waive(self, notice: Notice, finding: Finding) -> Finding:
        for waiver in notice.meta.waivers:
            if waiver.check != finding.check_id or waiver.item not in (None, finding.item):
                continue
            expired = self.as_of > waiver.until
            finding.waiver = WaiverNote(waiver.reason, waiver.approved_by, waiver.until.isoformat(), expired)
            if expired:
                finding.message += f" (the waiver approved by {waiver.approved_by} expired on {waiver.until})"
            else:
                finding.status = Status.WAIVED
            return finding
        return finding

    def waiver_errors(self, notice: Notice) -> list[CheckError]:
        errors = []
        known = checks()
        for position, waiver in enumerate(notice.meta.waivers):
            if waiver.check in known:
                continue
            path, line, column = self.positions.place(notice.path / NOTICE_META, ("waivers", position, "check"))
            if waiver.check in LEFT_OUT:
                message = f"check '{waiver.check}' is not run ({LEFT_OUT[waiver.check]}); remove the waiver"
            else:
                hint = did_you_mean(waiver.check, sorted(known))
                message = f"'{waiver.check}' is not a check id{hint or '; `notices check` prints the ids'}"
            errors.append(CheckError(path, line, column, message))
        return errors


def check_library(library: Library, as_of: dt.date, jurisdictions: Iterable[str] | None = None,
                  notice_ids: Iterable[str] | None = None) -> Report:
    """Check the notices (all, or `notice_ids`) of `library` as of `as_of`."""
    return Engine(library, as_of, jurisdictions).run(notice_ids)
