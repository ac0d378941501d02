"""GDPR Art. 13(2)(b)-(d): the rights a reader has, how to withdraw consent and where to complain.

A right counts for a region when a `right:` facet states it for that region or for 'worldwide';
every GDPR-like region the run checks (EEA, UK, Switzerland) must be covered.
"""

from __future__ import annotations

import re

from ...source.model import RightKind
from .catalog import check
from .context import CheckContext
from .findings import Issue, Outcome, failed, outcome_of, passed


def _uses_legitimate_interests(ctx: CheckContext) -> bool:
    return bool(ctx.bases("legitimate-interests"))


def _right_check(check_id: str, label: str, *kinds: RightKind) -> None:
    @check(check_id)
    def run(ctx: CheckContext) -> Outcome:
        regions = ctx.gdpr_regions
        missing = [r for r in regions if not ctx.rights(kinds, r)]
        found = ctx.rights(kinds)
        if not missing:
            return passed(f"the {label} is stated for {', '.join(regions)}", found[0].loc, found[0].id or None)
        loc, where = ctx.home("right", near=ctx.faceted("right"))
        scope = f" for {', '.join(missing)}" if found else ""
        kind_names = " or ".join(f"'{k}'" for k in kinds)
        return failed(Issue(f"the {label} is not stated{scope}; add an item with a `right:` facet of kind "
                            f"{kind_names} covering {', '.join(missing)} to {where}", loc))


_right_check("gdpr.art13.2.b.right_access", "right of access", RightKind.ACCESS)
_right_check("gdpr.art13.2.b.right_rectification", "right to rectification", RightKind.RECTIFICATION,
             RightKind.CORRECT)
_right_check("gdpr.art13.2.b.right_erasure", "right to erasure", RightKind.ERASURE, RightKind.DELETE)
_right_check("gdpr.art13.2.b.right_restriction", "right to restriction", RightKind.RESTRICTION)
_right_check("gdpr.art13.2.b.right_portability", "right to data portability", RightKind.PORTABILITY)


@check("gdpr.art13.2.b.right_object")
def right_object(ctx: CheckContext) -> Outcome:
    regions = ctx.gdpr_regions
    found = ctx.rights([RightKind.OBJECT])
    missing = [r for r in regions if not ctx.rights([RightKind.OBJECT], r)]
    if missing:
        loc, where = ctx.home("right", near=ctx.faceted("right"))
        return failed(Issue(f"the right to object is not stated for {', '.join(missing)}; add it to {where}", loc))
    if _uses_legitimate_interests(ctx):
        general = re.compile(r"legitimate interest|public interest|particular situation|any processing", re.I)
        if not any(general.search(ctx.prose(e)) or "marketing" not in ctx.prose(e).lower() for e in found):
            entry = found[0]
            return failed(Issue("the right to object is stated only for direct marketing, yet legitimate interests "
                                "are a legal basis: state the right to object to that processing too, clearly and "
                                "separately (Art. 21(4))", entry.loc, entry.id or None))
    return passed("the right to object is stated", found[0].loc, found[0].id or None)


@check("gdpr.art13.2.c.withdraw_consent", applies=lambda ctx: bool(ctx.bases("consent")),
       when="consent is a legal basis")
def withdraw_consent(ctx: CheckContext) -> Outcome:
    found = ctx.rights([RightKind.WITHDRAW_CONSENT])
    if not found:
        loc, where = ctx.home("right", near=ctx.bases("consent"))
        return failed(Issue(f"consent is a legal basis but the right to withdraw it is not stated; add it to {where}",
                            loc))
    entry = found[0]
    section = ctx.section_of(entry)
    text = ctx.section_prose(section) if section else ctx.prose(entry)
    how = re.compile(r"\bby (visiting|contacting|e-?mailing|clicking|using|logging|going|writing)|settings|"
                     r"unsubscribe|profile|@", re.IGNORECASE)
    issues = []
    if not re.search(r"at any time", text, re.IGNORECASE):
        issues.append("that consent can be withdrawn at any time")
    if not re.search(r"lawful", text, re.IGNORECASE):
        issues.append("that withdrawing does not affect the lawfulness of processing before it")
    if not (entry.node.right.channels or how.search(ctx.prose(entry))):
        issues.append("how to withdraw")
    if issues:
        return failed(Issue(f"the text does not say {' or '.join(issues)}", entry.loc, entry.id or None))
    return passed("the right to withdraw consent is stated, with how and its effect", entry.loc, entry.id or None)


@check("gdpr.art13.2.d.complaint_sa")
def complaint_sa(ctx: CheckContext) -> Outcome:
    regions = ctx.gdpr_regions
    missing = [r for r in regions if not ctx.rights([RightKind.COMPLAIN], r)]
    found = ctx.rights([RightKind.COMPLAIN])
    loc, where = ctx.home("complain", "question", "right", near=found)
    issues = []
    if missing:
        issues.append(Issue(f"the right to complain to a supervisory authority is not stated for "
                            f"{', '.join(missing)}; add a `right:` facet of kind 'complain' in {where}", loc))
    if ctx.regions("eea", "eu") and not any(a.region in ("eea", "eu") for a in ctx.data.supervisory_authorities):
        issues.append(Issue("no EEA supervisory authority is recorded; add one to `supervisory_authorities`",
                            ("supervisory_authorities",)))
    return outcome_of(issues, "the right to complain to a supervisory authority is stated", loc)
