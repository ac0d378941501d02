"""One finding per problem: the issues of a check that are occurrences of the same problem, merged.

A check that finds ten purposes without a legal basis has found one problem in ten places. The
report shows it once, with its places listed, so a reader counts problems rather than lines.
Waivers are applied to each place before merging: places accepted by a waiver form a finding of
their own (waived), apart from the places still failing.
"""

from __future__ import annotations

from dataclasses import replace

from .findings import Finding, Occurrence


def _occurrence(finding: Finding) -> Occurrence:
    return Occurrence(finding.path, finding.line, finding.column, finding.item, finding.message)


def _merged(problem: str, members: list[Finding]) -> Finding:
    first = members[0]
    return replace(first, message=f"{problem} ({len(members)} places, listed below)", item=None,
                   occurrences=[_occurrence(f) for f in members])


def one_per_problem(findings: list[tuple[Finding, str | None]]) -> list[Finding]:
    """`findings` of one check on one version, each with its problem (None: a problem of its own), merged.

    Findings with the same problem, status and waiver become one, placed at the first of them; the
    order of first appearance is kept.
    """
    groups: dict[tuple[str, str, object], list[Finding]] = {}
    order: list[tuple[str, str, object] | Finding] = []
    for finding, problem in findings:
        if problem is None:
            order.append(finding)
            continue
        key = (problem, finding.status.value, finding.waiver)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(finding)
    result = []
    for entry in order:
        if isinstance(entry, Finding):
            result.append(entry)
            continue
        members = groups[entry]
        result.append(members[0] if len(members) == 1 else _merged(entry[0], members))
    return result
