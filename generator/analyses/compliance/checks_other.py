"""UK differences from the GDPR, US state laws, COPPA, LGPD, PIPEDA and the FTC's change rule.

The notice schema has regions only for the EEA, the UK, Switzerland and the US; rights that a
Brazilian or Canadian reader has must therefore be stated for 'worldwide' to count.
"""

from __future__ import annotations

import datetime as dt
import re

from ...source.model import ChangeChannel, ContactRole, RecipientCategory, RightKind
from .catalog import check
from .context import UK_COUNTRIES, CheckContext
from .findings import Issue, Outcome, failed, outcome_of, passed
from .shared import representative_outcome, transfer_issues

ACTIVE = {ChangeChannel.EMAIL, ChangeChannel.IN_APP}


# --- United Kingdom ------------------------------------------------------------------------------

@check("ukgdpr.art13.2.d.ico")
def ico(ctx: CheckContext) -> Outcome:
    issues = []
    authorities = [(i, a) for i, a in enumerate(ctx.data.supervisory_authorities) if a.region == "uk"]
    if not authorities:
        issues.append(Issue("the ICO is not recorded as the UK supervisory authority; add it to "
                            "`supervisory_authorities` with region 'uk'", ("supervisory_authorities",)))
    if not ctx.rights([RightKind.COMPLAIN], "uk"):
        loc, where = ctx.home("complain", "question", near=ctx.rights([RightKind.COMPLAIN]))
        issues.append(Issue(f"the right to complain to the ICO is not stated for the UK; add it to {where}", loc))
    loc = ("supervisory_authorities", authorities[0][0]) if authorities else ()
    return outcome_of(issues, "the ICO is named for complaints", loc)


@check("ukgdpr.art27.uk_representative", applies=lambda ctx: ctx.controller_outside(UK_COUNTRIES, "uk"),
       when="the controller is not established in the UK (its contact's country is outside it, or unknown)")
def uk_representative(ctx: CheckContext) -> Outcome:
    return representative_outcome(ctx, ContactRole.UK_REPRESENTATIVE, "UK", "UK GDPR Art. 27")


@check("ukgdpr.art13.1.f.uk_transfer_tools",
       applies=lambda ctx: ctx.controller_outside(UK_COUNTRIES, "uk") or any("uk" in t.origins
                                                                             for t in ctx.data.transfers),
       when="personal data leaves the UK (a transfer is recorded, or the controller is outside the UK)")
def uk_transfer_tools(ctx: CheckContext) -> Outcome:
    return outcome_of(transfer_issues(ctx, ["uk"]), "transfers from the UK name a UK transfer tool", ("transfers",))


@check("uk.duaa.controller_complaints")
def controller_complaints(ctx: CheckContext) -> Outcome:
    channel = [e for e in ctx.rights([RightKind.COMPLAIN]) if e.node.right.channels]
    text = ctx.search(r"complain[^.]{0,200}(contact us|@|e-?mail)|(contact us|@|e-?mail)[^.]{0,200}complain")
    evidence = channel[0] if channel else text
    if evidence is not None:
        return passed("the text says how to complain to the organisation", evidence.loc, evidence.id or None)
    loc, where = ctx.home("complain", "question", "contact")
    return failed(Issue(f"the text does not say how to complain to the organisation itself; say it in {where}", loc))


# --- US states (Virginia, Colorado, Connecticut and similar) -------------------------------------

@check("usstates.privacy_notice_core", since=dt.date(2023, 1, 1))
def privacy_notice_core(ctx: CheckContext) -> Outcome:
    missing = [label for label, ok in (
        ("the categories of information processed", ctx.faceted("collects")),
        ("the purposes", ctx.faceted("use")),
        ("the categories shared and of third parties", ctx.faceted("discloses")),
        ("whether information is sold or used for targeted advertising or profiling, and how to opt out",
         ctx.search(r"targeted advertising|\bsell\b|\bsale\b", "us")),
        ("how to appeal a refused request", ctx.search(r"\bappeal", "us")),
        ("how to exercise the rights", ctx.rights([RightKind.ACCESS, RightKind.DELETE, RightKind.ERASURE], "us")),
        ("a contact", [c for _, c in ctx.contacts(ContactRole.PRIVACY, ContactRole.CONTROLLER) if c.email]),
    ) if not ok]
    if missing:
        loc, where = ctx.home("right", "united-states", "us", region="us")
        return failed(Issue(f"for US state laws the notice does not state {'; '.join(missing)}; add it to {where}",
                            loc))
    return passed("the core US state-law disclosures are present")


@check("usco.r6_04.material_change", since=dt.date(2023, 7, 1))
def colorado_material_change(ctx: CheckContext) -> Outcome:
    policy = ctx.data.change_policy
    issues = []
    if policy is None or not ACTIVE & set(policy.channels):
        issues.append(Issue("material changes are not announced through the channel used to reach consumers "
                            "(e-mail or in-app); add it to `change_policy.channels`",
                            ("change_policy", "channels") if policy else ("sections",)))
    if ctx.search(r"consent[^.]{0,200}(earlier|previously|already) collected|(secondary|new) (use|purpose)[^.]{0,200}"
                  r"consent") is None:
        loc, where = ctx.home("change", "update")
        issues.append(Issue(f"the text does not say that consent is asked before earlier data is used for a new "
                            f"purpose; say it in {where}", loc))
    return outcome_of(issues, "material changes are announced actively, with consent for new uses",
                      ("change_policy",))


# --- COPPA ---------------------------------------------------------------------------------------

@check("coppa.312_4d.online_notice",
       applies=lambda ctx: ctx.data.children is not None and (ctx.data.children.directed_to_children
                                                               or ctx.data.children.minimum_age < 13),
       when="the service is directed to children or admits children under 13")
def coppa_notice(ctx: CheckContext) -> Outcome:
    missing = [label for label, ok in (
        ("the operator's contact", [c for _, c in ctx.contacts() if c.email or c.phone]),
        ("what is collected from children", ctx.faceted("collects")),
        ("how it is used", ctx.faceted("use")),
        ("to whom it is disclosed", ctx.faceted("discloses")),
        ("the retention policy", ctx.data.retention),
        ("the parents' rights to review, delete and refuse further collection",
         ctx.search(r"parent[^.]{0,200}(review|delete|refuse)")),
    ) if not ok]
    if missing:
        assert ctx.data.children is not None
        loc = ctx.section_loc(ctx.data.children.section) or ("children",)
        return failed(Issue(f"the COPPA online notice lacks {'; '.join(missing)}", loc))
    return passed("the COPPA online notice elements are present")


# --- Brazil, Canada ------------------------------------------------------------------------------

def _worldwide(ctx: CheckContext, *kinds: RightKind) -> bool:
    return bool(ctx.rights(kinds, "worldwide"))


@check("lgpd.art9.information")
def lgpd(ctx: CheckContext) -> Outcome:
    missing = [label for label, ok in (
        ("the purposes", ctx.faceted("use")),
        ("how long information is kept", ctx.data.retention),
        ("the controller and its contact", ctx.contact_for("br")),
        ("shared use and its purpose", all(e.node.discloses.purpose for e in ctx.faceted("discloses"))),
        ("the Art. 18 rights for every reader (no 'br' region: state them for 'worldwide')",
         _worldwide(ctx, RightKind.ACCESS) and _worldwide(ctx, RightKind.RECTIFICATION, RightKind.CORRECT)
         and _worldwide(ctx, RightKind.ERASURE, RightKind.DELETE) and _worldwide(ctx, RightKind.PORTABILITY)),
        ("the DPO (encarregado) and its contact",
         [c for _, c in ctx.contacts(ContactRole.DPO) if ctx.contact_published(c)]),
    ) if not ok]
    if missing:
        loc, where = ctx.home("right", near=ctx.faceted("right"))
        return failed(Issue(f"for the LGPD the notice does not state {'; '.join(missing)}; add it to {where}", loc))
    return passed("the LGPD Art. 9 information is present")


@check("pipeda.4_8_2.openness")
def pipeda(ctx: CheckContext) -> Outcome:
    accountable = [c for _, c in ctx.contacts(ContactRole.DPO, ContactRole.PRIVACY) if c.address]
    related = ctx.search(r"\b(affiliates?|subsidiar(y|ies))\b")
    to_related = any(r.category == RecipientCategory.AFFILIATE for r in ctx.data.recipients)
    missing = [label for label, ok in (
        ("the accountable person's name or title and address", accountable),
        ("how to access personal information (for 'worldwide')", _worldwide(ctx, RightKind.ACCESS)),
        ("the kinds of information held and their use", ctx.faceted("collects") and ctx.faceted("use")),
        ("what is given to related organisations (a recipient of category 'affiliate')",
         to_related or related is None),
    ) if not ok]
    if missing:
        loc, where = ctx.home("right", "contact", near=ctx.faceted("right"))
        return failed(Issue(f"for PIPEDA the notice does not state {'; '.join(missing)}; add it to {where}", loc))
    return passed("the PIPEDA openness information is present")


# --- FTC -----------------------------------------------------------------------------------------

@check("ftc.s5.retroactive_change")
def retroactive_change(ctx: CheckContext) -> Outcome:
    policy = ctx.data.change_policy
    section = ctx.index.by_id.get(policy.section or "") if policy else None
    section = section or ctx.find_section("change", "update")
    if section is None:
        return passed("the notice makes no claim about applying changes")
    text = ctx.section_prose(section)
    immediate = re.search(r"effective immediately|at any time without notice|apply to all (personal )?information",
                          text, re.IGNORECASE)
    consent = re.search(r"consent", text, re.IGNORECASE)
    if immediate and not consent:
        return failed(Issue(f"the change clause says changes are '{immediate.group(0)}' and does not promise to ask "
                            "consent before a material change applies to information already collected",
                            section.loc, section.id))
    return passed("the change clause does not apply material changes to earlier data without consent",
                  section.loc, section.id)
