"""Problems found in a user's files, each reported as `path:line:col: severity: message`."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

ProblemSeverity = Literal["error", "warning"]
Loc = tuple[str | int, ...]


def display_path(path: Path) -> str:
    """`path` as the user would type it: relative to the working directory when inside it."""
    try:  # abspath, not resolve: a symlink loop must still have a name
        return str(Path(os.path.abspath(path)).relative_to(os.getcwd()))
    except ValueError:
        return str(path)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file; `line` and `column` are 1-based (0 when unknown)."""

    path: str
    line: int
    column: int
    message: str
    severity: ProblemSeverity = "error"
    stops_strict_build: bool = field(default=True, compare=False)
    """False for warnings the site's settings accepted (an allowed http:// link): reported, never fatal."""

    def __str__(self) -> str:
        # One problem, one line: a newline in a file name or a quoted value cannot forge another.
        text = f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"
        return text.replace("\r", "\\r").replace("\n", "\\n")


def shown(value: object, limit: int = 80) -> str:
    """`value` quoted for an error message: newlines and control characters escaped, long text cut."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    escaped = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return "'" + escaped.replace("'", "\\'") + "'"


@dataclass(frozen=True)
class PendingProblem:
    """A problem known by its place in the data (`loc`), before a line and column are looked up."""

    path: Path
    loc: Loc
    message: str
    severity: ProblemSeverity = "error"
    at_key: bool = False
    """Point at the key of `loc` rather than at its value (unknown keys, duplicate ids)."""
    also: Loc | None = None
    """A second place in the same file the message speaks of (the text a fact disagrees with)."""
    stops_strict_build: bool = True
    advice: str = ""
    """How to fix it, printed after the second place (`also`): '; quote the words that state it …'."""


@dataclass
class ProblemList:
    """Collects every problem so that all of them are reported at once."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))


class YamlError(Exception):
    """A file that is not well-formed YAML; carries its problems (raised by `yamlio`, defined here so that code
    catching it need not import the YAML reader)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


class InvalidContent(Exception):
    """Raised when the YAML has errors; carries every problem, and its message is one line per problem.

    It knows nothing of the command line: the CLI turns it into exit status 1, the MkDocs plugin
    into an aborted build.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def error_count(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")
