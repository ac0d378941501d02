"""The checks a build runs before it writes anything, run once per build.

`notices build` runs them to report problems before MkDocs starts, then hands the results to the
MkDocs plugin (`BuildState.checks`), which would otherwise run them again. `mkdocs build` and
`mkdocs serve` have no such caller, so the plugin runs them itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..library.project import Library
from ..source.problems import Problem


@dataclass(frozen=True)
class BuildChecks:
    """What the change policy, the citation checks and the publication record say about one build."""

    changes: list[Problem]
    """Change-policy and fact/prose citation findings: errors stop the build, the rest is reported."""
    lost: list[Problem]
    """Published versions, or their frozen PDFs, missing or changed (errors)."""
    unlocked: list[str]
    """Notes on versions shown as published but not locked yet (`notices publish` locks them)."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.changes + self.lost if p.severity == "error"]


def run_build_checks(library: Library, as_of: dt.date) -> BuildChecks:
    """Check `library` as a build for `as_of` would show it."""
    # Imported here: the checks are needed only when a command builds or validates.
    from ..analyses.changes import check_changes
    from ..analyses.citations import check_citations
    from ..library.frozen_checks import frozen_pdf_problems
    from ..library.publication import publication_problems

    lost, unlocked = publication_problems(library, as_of)
    return BuildChecks(check_changes(library, as_of) + check_citations(library, as_of),
                       lost + frozen_pdf_problems(library), unlocked)
