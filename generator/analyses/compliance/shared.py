"""Checks that several laws share: retention per kind of information, transfer tools, stated dates."""

from __future__ import annotations

import datetime as dt
import re

from ...source.index import Entry
from ...source.model import ContactRole
from ...source.regions import region_name
from .bare_tags import misnamed_outcome
from .context import EEA_COUNTRIES, UK_COUNTRIES, CheckContext
from .findings import Issue, Outcome, failed, passed

SWISS = frozenset({"switzerland"})
OUTSIDE = {"eea": EEA_COUNTRIES, "eu": EEA_COUNTRIES, "ch": SWISS, "uk": UK_COUNTRIES}

NO_SOURCE = "kinds of information do not record their source"
STALE_DATE = "the text states an effective or last-updated date that is not the version's"

_Window = tuple[dt.date | None, dt.date | None, str]
TRANSFER_TOOLS: dict[str, dict[str, _Window]] = {
    "adequacy": {"eea": (None, None, ""), "ch": (None, None, ""), "uk": (None, None, "")},
    "eu-us-privacy-shield": {
        "eea": (None, dt.date(2020, 7, 15), "the CJEU invalidated it on 16 July 2020 (Schrems II, C-311/18)"),
        "uk": (None, dt.date(2020, 7, 15), "the CJEU invalidated it on 16 July 2020 (Schrems II, C-311/18)"),
    },
    "swiss-us-privacy-shield": {
        "ch": (None, dt.date(2020, 9, 7), "the Swiss FDPIC found it inadequate on 8 September 2020"),
    },
    "eu-us-data-privacy-framework": {
        "eea": (dt.date(2023, 7, 10), None, "the EU adequacy decision dates from 10 July 2023"),
        "uk": (dt.date(2023, 10, 12), None, "the UK Extension applies from 12 October 2023"),
        "ch": (dt.date(2024, 9, 15), None, "the Swiss-US framework applies from 15 September 2024"),
    },
    "standard-contractual-clauses": {
        "eea": (None, None, ""), "ch": (None, None, ""),
        "uk": (None, dt.date(2024, 3, 20), "EU clauses alone stopped covering UK transfers on 21 March 2024; "
                                           "use the IDTA or the UK Addendum"),
    },
    "binding-corporate-rules": {"eea": (None, None, ""), "ch": (None, None, ""), "uk": (None, None, "")},
    "uk-idta": {"uk": (dt.date(2022, 3, 21), None, "the IDTA is in force from 21 March 2022")},
    "uk-addendum": {"uk": (dt.date(2022, 3, 21), None, "the UK Addendum is in force from 21 March 2022")},
    "derogation": {"eea": (None, None, ""), "ch": (None, None, ""), "uk": (None, None, "")},
}
"""For each mechanism: the origins it serves, and the days it was valid between (inclusive)."""


def mechanism_problem(mechanism: str, origin: str, on: dt.date) -> str | None:
    """Why `mechanism` does not make a transfer from `origin` lawful on `on`, or None when it does."""
    key = "eea" if origin in ("eea", "eu") else origin
    window = TRANSFER_TOOLS.get(mechanism, {}).get(key)
    if window is None:
        return f"'{mechanism}' is not a transfer tool for data leaving the {region_name(origin)}"
    start, end, why = window
    if start is not None and on < start:
        return f"'{mechanism}' was not available on {on} ({why})"
    if end is not None and on > end:
        return f"'{mechanism}' was no longer valid on {on}: {why}"
    return None


def transfer_issues(ctx: CheckContext, regions: list[str]) -> list[Issue]:
    """Transfers missing for a region the data leaves, and mechanisms not valid on the effective date."""
    issues = []
    effective = ctx.data.effective
    for region in regions:
        found = [(i, t) for i, t in enumerate(ctx.data.transfers) if ctx.covers(t.origins, region)]
        if not found and ctx.controller_outside(OUTSIDE[region], region):
            contact = ctx.contact_for(region)
            country = contact.country if contact and contact.country else "a country not recorded"
            loc, where = ctx.home("international", "transfer")
            issues.append(Issue(
                f"the controller is in {country}, so data leaves the {region_name(region)}, but no transfer from "
                f"it is recorded; add a `transfers` entry with origins [{region}] and its mechanism, described in "
                f"{where}", ("transfers",) if ctx.data.transfers else loc))
        for position, transfer in found:
            problem = mechanism_problem(transfer.mechanism, region, effective)
            if problem:
                issues.append(Issue(f"transfer '{transfer.id}' to {transfer.destination}: {problem}",
                                    ("transfers", position, "mechanism"), transfer.id))
    return issues


def _topmost(ctx: CheckContext, entries: list[Entry]) -> list[Entry]:
    """Entries not inside another of `entries` (a parent item reported speaks for its sub-items)."""
    ids = {e.id for e in entries}
    return [e for e in entries if not any(a.id in ids for a in ctx.ancestors(e) if a.kind == "item")]


def retention_issues(ctx: CheckContext) -> list[Issue]:
    """A retention period or criteria for each kind of information collected (GDPR 13(2)(a), CCPA 100(a)(3))."""
    retention = ctx.data.retention
    collected = ctx.faceted("collects")
    if not retention:
        if not collected:
            return []
        loc, where = ctx.home("retention", "keep", "store")
        return [Issue(f"no retention period or criteria is recorded; add `retention:` entries and state them in "
                      f"{where}", loc)]
    issues = [Issue(f"retention entry '{r.id}' states neither a period nor criteria", ("retention", i), r.id,
                    problem="retention entries state neither a period nor criteria")
              for i, r in enumerate(retention) if not (r.period or r.criteria)]
    stated = [r for r in retention if r.period or r.criteria]
    if any(not r.information and r.period for r in stated):
        return issues
    specific = {ref for r in stated for ref in r.information}
    blanket = [r.id for r in stated if not r.information]
    note = (f"; the only statement for all information ('{blanket[0]}') gives criteria, not a period, so it does "
            "not say how long each kind is kept") if blanket else ""
    uncovered = [e for e in collected if not ctx.covered(e, specific)
                 and not any(ctx.covered(d, specific) for d in collected if ctx.ancestors(d) and e in ctx.ancestors(d))]
    for entry in _topmost(ctx, uncovered):
        data = ", ".join(entry.node.collects.data[:4]) or entry.id
        issues.append(Issue(f"no retention period is stated for this kind of information ({data}){note}; add a "
                            f"`retention` entry with information: [{entry.id}] and a period or criteria",
                            (*entry.loc, "collects"), entry.id,
                            problem="kinds of information have no retention period or criteria"))
    return issues


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_DATE = (r"(?P<date>(?P<m1>[A-Z][a-z]+) (?P<d1>\d{1,2}), (?P<y1>\d{4})|(?P<d2>\d{1,2}) (?P<m2>[A-Z][a-z]+) "
         r"(?P<y2>\d{4})|(?P<iso>\d{4}-\d{2}-\d{2}))")
STATED_DATE = re.compile(r"(last (updated|modified|revised)|effective( date)?|updated)\s*(on|:|as of)?\s*" + _DATE,
                         re.IGNORECASE)


def _parse(match: re.Match[str]) -> dt.date | None:
    try:
        if match["iso"]:
            return dt.date.fromisoformat(match["iso"])
        month, day, year = (match["m1"], match["d1"], match["y1"]) if match["m1"] else (
            match["m2"], match["d2"], match["y2"])
        return dt.date(int(year), _MONTHS.index(month.lower()) + 1, int(day))
    except ValueError:
        return None


def stale_date_issues(ctx: CheckContext) -> list[Issue]:
    """Dates in the prose that call themselves the effective or last-updated date but differ from the version's."""
    issues = []
    for entry in ctx.paragraphs():
        for match in STATED_DATE.finditer(ctx.prose(entry)):
            stated = _parse(match)
            if stated is not None and stated != ctx.data.effective:
                issues.append(Issue(f"the text states '{match.group(0)}' but this version is effective "
                                    f"{ctx.data.effective}; let the page show the date (remove it from the text)",
                                    entry.loc, entry.id or None, problem=STALE_DATE))
    return issues


def representative_outcome(ctx: CheckContext, role: ContactRole, label: str, law: str) -> Outcome:
    """Passed when a representative of `role` is recorded and shown to readers; else where to add one."""
    for position, contact in ctx.contacts(role):
        if ctx.contact_published(contact):
            return misnamed_outcome(ctx, contact) or passed(f"{label} representative '{contact.name}' is shown to "
                                                            "readers", ("contacts", position))
        return failed(Issue(f"{label} representative '{contact.id}' is recorded but its details appear nowhere in "
                            "the text; add a contact block or its e-mail to the prose", ("contacts", position)))
    loc, where = ctx.home("complaint", "question", "contact")
    return failed(Issue(f"no {label} representative ({law}) is recorded; add a contact with role '{role.value}' "
                        f"and show it in {where}, or record the controller's {label} country on its contact if it "
                        "is established there", loc))
