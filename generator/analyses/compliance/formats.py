"""The report as text (grouped by jurisdiction), JSON, or SARIF 2.1.0 for code-scanning tools."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from ...source.model.compliance import FailOn
from .catalog import FAMILY_NAMES, checks
from .engine import Report
from .findings import Finding, Occurrence, Severity, Status

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_NAME = "notices check"
SHOWN = (Status.FAILED, Status.WAIVED)
"""What a report lists unless asked for everything: what needs a lawyer's eye."""


def _tool_version() -> str:
    try:
        return version("privacy-notices")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree that is not installed
        return "0"


def summary(report: Report) -> dict[str, int]:
    counts = Counter(f.status.value for f in report.findings)
    failed_required = sum(1 for f in report.findings if f.status is Status.FAILED and f.severity is Severity.REQUIRED)
    return {
        "failed": counts[Status.FAILED.value], "failed_required": failed_required,
        "waived": counts[Status.WAIVED.value], "passed": counts[Status.PASSED.value],
        "not_applicable": counts[Status.NOT_APPLICABLE.value], "errors": len(report.errors),
    }


# --- text --------------------------------------------------------------------------------------

def _text_finding(finding: Finding, show_path: Callable[[str], str]) -> list[str]:
    item = f" ({finding.item})" if finding.item else ""
    lines = [f"{show_path(finding.path)}:{finding.line}:{finding.column}: {finding.status.value} "
             f"[{finding.severity.value}] {finding.check_id}{item}: {finding.message}",
             f"    {finding.requirement} ({finding.citation})"]
    lines.extend(f"    - {show_path(o.path)}:{o.line}:{o.column}{f' ({o.item})' if o.item else ''}: {o.message}"
                 for o in finding.occurrences)
    if finding.waiver is not None:
        state = "expired on" if finding.waiver.expired else "until"
        lines.append(f"    waiver {state} {finding.waiver.until}, approved by {finding.waiver.approved_by}: "
                     f"{finding.waiver.reason}")
    return lines


def render_text(report: Report, fail_on: FailOn, *, show_all: bool = False,
                show_path: Callable[[str], str] = str) -> str:
    """Findings grouped by jurisdiction, one `path:line:col:` line each, then a summary."""
    checked = ", ".join(f"{n} {v} ({state})" for n, v, state in report.checked) or "nothing"
    out = [f"Compliance checks as of {report.as_of} for {', '.join(report.jurisdictions) or 'no jurisdiction'}",
           f"Versions checked: {checked}"]
    out.extend(str(error) for error in report.errors)
    for family, findings in report.by_family().items():
        out.append("")
        out.append(f"== {FAMILY_NAMES.get(family, family)} [{family}] ==")
        shown = [f for f in findings if show_all or f.status in SHOWN]
        for finding in shown:
            out.extend(_text_finding(finding, show_path))
        counts = Counter(f.status.value for f in findings)
        hidden = "" if show_all else " (--all lists them)"
        out.append(f"-- {family}: {counts['failed']} failed, {counts['waived']} waived, {counts['passed']} passed, "
                   f"{counts['not-applicable']} not applicable{hidden}")
    totals = summary(report)
    verdict = "FAIL" if report.fails(fail_on) else "OK"
    out.append("")
    out.append(f"{verdict}: {totals['failed']} failed ({totals['failed_required']} required), {totals['waived']} "
               f"waived, {totals['passed']} passed, {totals['not_applicable']} not applicable, {totals['errors']} "
               f"error(s); fail-on: {fail_on.value}")
    return "\n".join(out) + "\n"


# --- JSON --------------------------------------------------------------------------------------

def render_json(report: Report, fail_on: FailOn, *, show_all: bool = True) -> str:
    findings = [f for f in report.findings if show_all or f.status in SHOWN]
    document = {
        "as_of": report.as_of.isoformat(),
        "jurisdictions": report.jurisdictions,
        "families": report.families,
        "checked": [{"notice": n, "version": v, "state": s} for n, v, s in report.checked],
        "fail_on": fail_on.value,
        "failed": report.fails(fail_on),
        "summary": summary(report),
        "errors": [{"path": e.path, "line": e.line, "column": e.column, "message": e.message} for e in report.errors],
        "findings": [f.to_json() for f in findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --- SARIF 2.1.0 -------------------------------------------------------------------------------

_KIND = {Status.FAILED: "fail", Status.WAIVED: "fail", Status.PASSED: "pass", Status.NOT_APPLICABLE: "notApplicable"}


def _level(finding: Finding) -> str:
    if finding.status in (Status.PASSED, Status.NOT_APPLICABLE):
        return "none"
    return "error" if finding.severity is Severity.REQUIRED else "warning"


def _location(path: str, line: int, column: int) -> dict[str, Any]:
    return {"physicalLocation": {
        "artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": max(line, 1), "startColumn": max(column, 1)},
    }}


def _rules(report: Report) -> list[dict[str, Any]]:
    rules = []
    for check in checks().values():
        if check.row.family not in report.families:
            continue
        row = check.row
        condition = f" Applies only when {check.condition}." if check.condition else ""
        rules.append({
            "id": row.check_id,
            "shortDescription": {"text": row.requirement},
            "fullDescription": {"text": f"{row.requirement} ({row.citation}).{condition}"},
            "help": {"text": f"{row.requirement}. Citation: {row.citation}. Severity: {row.severity_text}.{condition} "
                             "To accept a finding, add a waiver to the notice's notice.yaml."},
            "defaultConfiguration": {"level": "error" if row.severity is Severity.REQUIRED else "warning"},
            "properties": {"tags": ["privacy", "compliance", row.family], "jurisdiction": row.family,
                           "citation": row.citation, "severity": row.severity.value, "conditional": row.conditional},
        })
    return rules


def _result(finding: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    places = finding.occurrences or [Occurrence(finding.path, finding.line, finding.column, finding.item, "")]
    locations = []
    for place in places:
        location = _location(place.path, place.line, place.column)
        if place.item:
            location["logicalLocations"] = [{"name": place.item, "kind": "element"}]
        locations.append(location)
    result: dict[str, Any] = {
        "ruleId": finding.check_id,
        "ruleIndex": rule_index[finding.check_id],
        "kind": _KIND[finding.status],
        "level": _level(finding),
        "message": {"text": f"{finding.message} [{finding.citation}]"},
        "locations": locations,
        "partialFingerprints": {"noticeFinding/v1": f"{finding.notice}:{finding.check_id}:{finding.item or ''}"},
        "properties": {"notice": finding.notice, "version": finding.version, "jurisdiction": finding.jurisdiction,
                       "status": finding.status.value, "item": finding.item},
    }
    if finding.status is Status.WAIVED and finding.waiver is not None:
        result["suppressions"] = [{
            "kind": "external", "status": "accepted",
            "justification": f"{finding.waiver.reason} (approved by {finding.waiver.approved_by}, "
                             f"until {finding.waiver.until})",
        }]
    return result


def render_sarif(report: Report, fail_on: FailOn, *, show_all: bool = False) -> str:
    """A SARIF 2.1.0 log: failed findings as results, waived ones suppressed, all with YAML locations."""
    rules = _rules(report)
    rule_index = {rule["id"]: i for i, rule in enumerate(rules)}
    findings = [f for f in report.findings if show_all or f.status in SHOWN]
    notifications = [{"level": "error", "message": {"text": e.message}, "locations": [_location(e.path, e.line,
                                                                                               e.column)]}
                     for e in report.errors]
    run = {
        "tool": {"driver": {"name": TOOL_NAME, "version": _tool_version(), "rules": rules}},
        "invocations": [{"executionSuccessful": not report.errors, "toolExecutionNotifications": notifications}],
        "results": [_result(f, rule_index) for f in findings],
        "properties": {"asOf": report.as_of.isoformat(), "jurisdictions": report.jurisdictions,
                       "failOn": fail_on.value, "failed": report.fails(fail_on)},
    }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
