"""What a check says about one version: outcomes while checking, findings once placed in a file."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from ...source.problems import Loc


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    WAIVED = "waived"
    NOT_APPLICABLE = "not-applicable"


class Severity(StrEnum):
    REQUIRED = "required"
    RECOMMENDED = "recommended"


@dataclass(frozen=True)
class Issue:
    """One thing a check found missing or wrong, at a place in the version's YAML.

    `loc` is a path inside the file (as in pydantic errors); for a missing element it is the
    section or list where the element belongs, so the finding points where to write it.
    """

    message: str
    loc: Loc = ()
    item: str | None = None
    file: Path | None = None
    """The file the issue is in; None means the version file being checked."""
    problem: str | None = None
    """The problem this issue is one occurrence of, in words that hold for every occurrence (e.g. "a purpose
    names no legal basis"): a check's issues with the same problem are reported as one finding that lists
    them. None: the issue is a problem of its own."""


@dataclass(frozen=True)
class Outcome:
    """The result of one check on one version, before it is placed and waived."""

    status: Status
    message: str
    issues: tuple[Issue, ...] = ()
    loc: Loc = ()
    item: str | None = None


def passed(message: str, loc: Loc = (), item: str | None = None) -> Outcome:
    """The check holds; `loc` points at the evidence, so a reader can see what satisfied it."""
    return Outcome(Status.PASSED, message, loc=loc, item=item)


def not_applicable(reason: str) -> Outcome:
    return Outcome(Status.NOT_APPLICABLE, reason)


def failed(*issues: Issue) -> Outcome:
    return Outcome(Status.FAILED, "; ".join(i.message for i in issues), tuple(issues))


def outcome_of(issues: list[Issue], message: str, loc: Loc = (), item: str | None = None) -> Outcome:
    """Failed with `issues` when there are any, else passed with `message`."""
    return failed(*issues) if issues else passed(message, loc, item)


@dataclass(frozen=True)
class WaiverNote:
    """The waiver that accepted a finding, or that expired before the as-of date."""

    reason: str
    approved_by: str
    until: str
    expired: bool


@dataclass(frozen=True)
class Occurrence:
    """One place where the problem of a finding occurs."""

    path: str
    line: int
    column: int
    item: str | None
    message: str

    def __str__(self) -> str:
        item = f" ({self.item})" if self.item else ""
        return f"{self.path}:{self.line}:{self.column}{item}: {self.message}"


@dataclass
class Finding:
    """One line of the report: a check's verdict on one version, or on one item of it."""

    check_id: str
    jurisdiction: str
    severity: Severity
    requirement: str
    citation: str
    status: Status
    message: str
    notice: str
    version: str
    path: str
    """The file, relative to the project root, with '/' separators."""
    line: int
    column: int
    item: str | None = None
    conditional: bool = False
    waiver: WaiverNote | None = field(default=None)
    occurrences: list[Occurrence] = field(default_factory=list)
    """Where the problem occurs, when it occurs in more than one place (the finding's own place is the first)."""

    @property
    def blocking(self) -> bool:
        """Counted against the fail-on threshold (waived findings never are)."""
        return self.status is Status.FAILED

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status.value
        data["severity"] = self.severity.value
        return data


@dataclass(frozen=True)
class CheckError:
    """A problem with the compliance settings themselves, e.g. a waiver of an unknown check."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: error: {self.message}"
