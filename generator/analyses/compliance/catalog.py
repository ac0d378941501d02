"""The catalogue of checks: rows of the legal checklist, each with the function that checks it.

The checklist (`checklist.csv`, a copy of the legal team's list) is data: the requirement,
citation and severity that reports show come from it, so a lawyer's correction of a citation
needs no code change. Each check function is registered by the checklist's id, with the
condition under which it applies; a row without a function must be listed in `LEFT_OUT`
with the reason, and the tests hold both lists to the checklist.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ...source.model.regions import RegionDefinition
from ...source.regions import known_regions
from .findings import Outcome, Severity

if TYPE_CHECKING:
    from .context import CheckContext

CHECKLIST = Path(__file__).with_name("checklist.csv")

FAMILY_OF_ROW = {
    "EU": "eu", "UK": "uk", "US-CA": "us-ca", "US-VA/CO/CT+": "us-states", "US-CO": "us-co",
    "US (COPPA)": "us-coppa", "BR": "br", "CA (Canada)": "ca-pipeda", "US (FTC)": "us-ftc",
}
"""The checklist's jurisdiction column, as the family ids a site config or `--jurisdiction` names."""

FAMILY_NAMES = {
    "eu": "EU/EEA: GDPR (also the baseline for the UK and Switzerland)",
    "uk": "United Kingdom: UK GDPR and DPA 2018",
    "us-ca": "California: CCPA/CPRA, CalOPPA, Shine the Light",
    "us-states": "US states: Virginia, Colorado, Connecticut and similar laws",
    "us-co": "Colorado: Colorado Privacy Act rules",
    "us-coppa": "United States: COPPA",
    "us-ftc": "United States: FTC Act section 5",
    "br": "Brazil: LGPD",
    "ca-pipeda": "Canada: PIPEDA",
}

EXPANDS: dict[str, tuple[str, ...]] = {
    "us-states": ("us-states",),
    "us-coppa": ("us-coppa",),
    "us-ftc": ("us-ftc",),
    "br": ("br",),
    "ca-pipeda": ("ca-pipeda",),
}
"""Which check families a jurisdiction id that names a legal regime selects. A region id selects the
families of its `checks` in the regions' data (source/regions.yaml, and a site's `regions:`): the Swiss
FADP asks what GDPR Art. 13 asks, UK GDPR keeps Art. 13/14 (the UK rows are only the differences), and
federal law (FTC Act, COPPA) applies in every U.S. state."""

LEFT_OUT = {
    "ccpa.7012.notice_at_collection": (
        "a notice at collection is shown where data is collected (sign-up forms, apps); where it is placed "
        "is not part of a notice's data, so the repository cannot check it"
    ),
    "ccpa.7003.format": (
        "presentation (small screens, accessibility, printing) is tested on the built site by the browser "
        "tests, and the 'privacy' link on the homepage lives on the main site, outside this repository"
    ),
    "ccpa.7102.metrics": (
        "its condition (10 million or more California consumers a year) is a business figure that no "
        "notice data holds, and the metrics are a separate publication"
    ),
}

CHECK_MODULES = ("checks_gdpr", "checks_adm", "checks_rights", "checks_california", "checks_other", "textlint")


@dataclass(frozen=True)
class Row:
    """One row of the checklist."""

    check_id: str
    jurisdiction: str
    family: str
    requirement: str
    citation: str
    suggested_field: str
    severity: Severity
    conditional: bool
    severity_text: str


CheckFn = Callable[["CheckContext"], Outcome]
Condition = Callable[["CheckContext"], bool]


@dataclass(frozen=True)
class Check:
    row: Row
    run: CheckFn
    applies: Condition | None = None
    condition: str = ""
    """In words, what must hold in the data for the check to apply."""
    since: dt.date | None = None
    """The day the rule took effect: versions effective before it are not checked against it."""
    inherits: bool = True
    """A supplement satisfies the check when the notice it supplements does (the check is about the
    document as a whole, not about items of the supplement)."""

    @property
    def id(self) -> str:
        return self.row.check_id


def _parse_severity(text: str) -> tuple[Severity, bool]:
    severity = Severity.RECOMMENDED if text.startswith("recommended") else Severity.REQUIRED
    return severity, "(cond.)" in text


@functools.cache
def rows() -> dict[str, Row]:
    """Every row of the checklist, by check id, in the checklist's order."""
    result: dict[str, Row] = {}
    with CHECKLIST.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            severity, conditional = _parse_severity(record["severity"])
            result[record["check_id"]] = Row(
                record["check_id"], record["jurisdiction"], FAMILY_OF_ROW[record["jurisdiction"]],
                record["requirement"], record["citation"], record["field"], severity, conditional,
                record["severity"],
            )
    return result


_REGISTRY: dict[str, Check] = {}


def check(
    check_id: str, *, applies: Condition | None = None, when: str = "", since: dt.date | None = None,
    inherits: bool = True,
) -> Callable[[CheckFn], CheckFn]:
    """Register the decorated function as the check of checklist row `check_id`.

    `applies` is the row's condition (for "cond." rows); `when` says it in words for reports.
    """

    def register(function: CheckFn) -> CheckFn:
        row = rows().get(check_id)
        if row is None:
            raise KeyError(f"{check_id} is not a row of {CHECKLIST.name}")
        if check_id in _REGISTRY:
            raise KeyError(f"{check_id} is registered twice")
        _REGISTRY[check_id] = Check(row, function, applies, when, since, inherits)
        return function

    return register


@functools.cache
def checks() -> dict[str, Check]:
    """Every registered check, in the checklist's order."""
    for module in CHECK_MODULES:
        importlib.import_module(f"{__package__}.{module}")
    return {check_id: _REGISTRY[check_id] for check_id in rows() if check_id in _REGISTRY}


def selects(jurisdiction: str, regions: Mapping[str, RegionDefinition]) -> tuple[str, ...]:
    """The check families one jurisdiction id (a region or a legal regime) selects."""
    if jurisdiction in regions:
        return tuple(regions[jurisdiction].checks)
    return EXPANDS.get(jurisdiction, ())


def families(jurisdictions: Iterable[str], regions: Mapping[str, RegionDefinition] | None = None) -> list[str]:
    """The check families that `jurisdictions` select, in the order of FAMILY_NAMES."""
    known = known_regions() if regions is None else regions
    selected = {family for j in jurisdictions for family in selects(j, known)}
    return [family for family in FAMILY_NAMES if family in selected]


def known_jurisdictions(regions: Mapping[str, RegionDefinition] | None = None) -> list[str]:
    """Every id `--jurisdiction` accepts: the regions, then the legal regimes."""
    return list(dict.fromkeys([*(known_regions() if regions is None else regions), *EXPANDS]))
