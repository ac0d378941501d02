"""California: CCPA/CPRA and its regulations (11 CCR 7010-7016), CalOPPA and Shine the Light.

Most CCPA disclosures have no field in the schema (statutory categories, sale and sharing,
authorised agents), so these checks read the prose addressed to California. A notice that sends
Californians to a separate CCPA notice is told so: that document is not in the repository, so
the finding stands until a lawyer checks it there and records a waiver.
"""

from __future__ import annotations

import datetime as dt
import re

from ...source.model import ContactRole, RecipientCategory, RightKind, Source
from .catalog import Condition, check
from .context import CheckContext
from .findings import Issue, Outcome, failed, outcome_of, passed
from .shared import NO_SOURCE, retention_issues, stale_date_issues

CPRA = dt.date(2023, 1, 1)
"""The CPRA amendments (sharing, sensitive information, correction, retention) apply from this day."""
CA = "us-ca"

STATUTORY_CATEGORIES = re.compile(
    r"\b(identifiers|customer records|protected classifications?|commercial information|biometric information|"
    r"internet or other (similar )?(electronic )?network activity|geolocation data|audio, electronic, visual|"
    r"professional or employment|education information|inferences|sensitive personal information)\b",
    re.IGNORECASE,
)
NO_SALE = re.compile(r"\b(do|does|will) not sell\b|\bnever sells?\b", re.IGNORECASE)
NO_SHARING = re.compile(r"\b(do|does|will) not (sell (or|and) )?share\b[^.]{0,120}(cross-context|advertis)|"
                        r"\bnot share\b[^.]{0,40}for (cross-context|targeted|behaviou?ral)", re.IGNORECASE)
SALE_PURPOSE = re.compile(r"\bsell|\bsale of (personal )?(information|data)|cross-context|targeted advertising|"
                          r"behaviou?ral advertising", re.IGNORECASE)


def _elsewhere(ctx: CheckContext) -> str:
    """A note when the notice sends Californians to a separate document that the check cannot read."""
    links = ctx.links_like(r"ccpa|california")
    return (f" (the notice refers to a separate document, link '{links[0]}', that is not in this repository: "
            "if it covers this, record a waiver)") if links else ""


def _missing(ctx: CheckContext, what: str) -> Outcome:
    loc, where = ctx.home("ccpa", "california", region=CA)
    return failed(Issue(f"{what}; state it in {where}{_elsewhere(ctx)}", loc))


def _mention(
    check_id: str, pattern: str, what: str, found: str, *, applies: Condition | None = None, when: str = "",
    since: dt.date | None = None,
) -> None:
    """A check that passes when the prose addressed to California says `what` (matches `pattern`)."""
    regex = re.compile(pattern, re.IGNORECASE)

    @check(check_id, applies=applies, when=when, since=since)
    def run(ctx: CheckContext) -> Outcome:
        entry = ctx.search(regex, CA)
        if entry is not None:
            return passed(found, entry.loc, entry.id or None)
        return _missing(ctx, f"the text addressed to California does not say {what}")


def sells_or_shares(ctx: CheckContext) -> bool:
    """The data says personal information is sold or shared: the `sale_and_sharing` fact when there is one (its
    agreement with the text is checked by `notices validate`), else a disclosure for such a purpose, or a sale
    statement in the text."""
    fact = ctx.data.sale_and_sharing
    if fact is not None:
        return fact.sells or fact.shares_for_targeted_advertising
    if any(SALE_PURPOSE.search(e.node.discloses.purpose or "") for e in ctx.faceted("discloses")):
        return True
    says = ctx.search(r"\bwe (may )?(sell|share your personal information for (cross-context|targeted))", CA)
    return says is not None and not NO_SALE.search(ctx.prose(says))


@check("ccpa.7011.e1A.categories_collected")
def categories_collected(ctx: CheckContext) -> Outcome:
    names = {m.group(0).lower() for e in ctx.paragraphs(CA) for m in STATUTORY_CATEGORIES.finditer(ctx.prose(e))}
    if len(names) >= 3:
        return passed(f"statutory categories are named: {', '.join(sorted(names))}")
    return _missing(ctx, "the categories collected in the last 12 months are not given by their statutory names "
                    "(identifiers, internet activity, geolocation, inferences...); the schema holds no CCPA category")


@check("ccpa.7011.e1B.sources", inherits=False, applies=lambda ctx: bool(ctx.faceted("collects")),
       when="information is collected")
def sources(ctx: CheckContext) -> Outcome:
    issues = [Issue("the source of this information is not recorded; add `collects.sources`",
                    (*e.loc, "collects"), e.id, problem=NO_SOURCE) for e in ctx.faceted("collects")
              if not e.node.collects.sources]
    return outcome_of(issues, "each kind of information names its sources", ("sections",))


@check("ccpa.7011.e1C.collection_purposes", inherits=False, applies=lambda ctx: bool(ctx.faceted("collects")),
       when="information is collected")
def collection_purposes(ctx: CheckContext) -> Outcome:
    used = {ref for e in ctx.faceted("use") for ref in e.node.use.information}
    collected = ctx.faceted("collects")
    related = [e for e in collected if ctx.covered(e, used)
               or any(e in ctx.ancestors(d) and ctx.covered(d, used) for d in collected)]
    issues = [Issue("no purpose is tied to this information; add a `use:` facet whose `information` names it",
                    (*e.loc, "collects"), e.id, problem="kinds of information are tied to no purpose")
              for e in collected if e not in related]
    return outcome_of(issues, "each kind of information is tied to a purpose", ("sections",))


@check("ccpa.7011.e1DEF.sold_shared")
def sold_shared(ctx: CheckContext) -> Outcome:
    statement = ctx.search(NO_SALE, CA)
    if sells_or_shares(ctx):
        categories = ctx.search(r"categor[^.]{0,80}\b(sold|shared)\b", CA)
        if categories is not None:
            return passed("the text names the categories sold or shared", categories.loc, categories.id or None)
        return _missing(ctx, "personal information is sold or shared but the text does not name the categories "
                        "sold or shared (the schema has no field for them)")
    if statement is None:
        return _missing(ctx, "the text does not say whether personal information is sold (or shared)")
    if ctx.data.effective >= CPRA and ctx.search(NO_SHARING, CA) is None:
        return failed(Issue("the text says the business does not sell, but not whether it shares personal "
                            "information for cross-context behavioural advertising (CPRA, from 2023)",
                            statement.loc, statement.id or None))
    return passed("the text says personal information is not sold", statement.loc, statement.id or None)


_mention("ccpa.7011.e1G.under16", r"(under|younger than) (the age of )?(16|sixteen)|minors under 16",
         "whether the business knowingly sells or shares personal information of consumers under 16",
         "the text speaks to the personal information of consumers under 16")


@check("ccpa.7011.e1HIJ.business_purpose_disclosures", inherits=False,
       applies=lambda ctx: bool(ctx.faceted("discloses")), when="information is disclosed to recipients")
def business_purpose_disclosures(ctx: CheckContext) -> Outcome:
    issues = []
    for entry in ctx.faceted("discloses"):
        facet = entry.node.discloses
        missing = [what for what, ok in (("which information", facet.information), ("why", facet.purpose)) if not ok]
        if missing:
            key = "information" if not facet.information else "purpose"
            issues.append(Issue(f"a disclosure to {', '.join(facet.recipients)} does not record "
                                f"{' or '.join(missing)}; add `discloses.{key}`", (*entry.loc, "discloses"),
                                entry.id or None))
    return outcome_of(issues, "each disclosure names the information, the recipients and why", ("recipients",))


_mention("ccpa.7011.e1K.spi_use",
         r"sensitive personal information[^.]{0,200}(only|do not|does not|not use|7027)|(only|do not|does not)"
         r"[^.]{0,120}sensitive personal information",
         "whether sensitive personal information is used beyond the purposes of 11 CCR 7027(m)",
         "the text says how sensitive personal information is used", since=CPRA)


@check("ccpa.7011.e2.rights")
def rights(ctx: CheckContext) -> Outcome:
    wanted = [("know", (RightKind.KNOW, RightKind.ACCESS)), ("delete", (RightKind.DELETE, RightKind.ERASURE)),
              ("opt out of sale", (RightKind.OPT_OUT_OF_SALE,)),
              ("non-discrimination", (RightKind.NON_DISCRIMINATION,))]
    if ctx.data.effective >= CPRA:
        wanted.append(("correct", (RightKind.CORRECT, RightKind.RECTIFICATION)))
    missing = [label for label, kinds in wanted if not ctx.rights(kinds, CA)]
    if ctx.data.effective >= CPRA and ctx.sensitive() and ctx.search(r"limit the use", CA) is None:
        missing.append("limit the use of sensitive personal information (no right kind in the schema: say it)")
    found = ctx.rights([k for _, kinds in wanted for k in kinds], CA)
    if missing:
        return _missing(ctx, f"the California rights to {', '.join(missing)} are not stated")
    return passed("the California rights are stated", found[0].loc, found[0].id or None)


@check("ccpa.7011.e3.request_methods", applies=lambda ctx: bool(ctx.rights([RightKind.KNOW, RightKind.DELETE], CA)),
       when="California rights are stated")
def request_methods(ctx: CheckContext) -> Outcome:
    entries = ctx.rights([RightKind.KNOW, RightKind.DELETE, RightKind.CORRECT, RightKind.OPT_OUT_OF_SALE], CA)
    channels = {c for e in entries for c in e.node.right.channels}
    self_service = ctx.search(r"log in|settings|web ?form|online form|toll-free|call", CA) is not None
    methods = len(channels) + int(self_service)
    issues = []
    if methods < 2:
        issues.append(Issue("fewer than two ways to submit a request are stated (contacts in `right.channels`, "
                            "or a form or account setting in the text)", entries[0].loc, entries[0].id or None))
    if ctx.search(r"verif|confirm your identity") is None:
        issues.append(Issue("the text does not describe how requests are verified", entries[0].loc,
                            entries[0].id or None))
    phones = [c for c in channels if (contact := ctx.index.contact(c)) is not None and contact.phone]
    note = "" if phones else "; no phone number: allowed only for a business that operates exclusively online"
    return outcome_of(issues, f"{methods} request methods and a verification process are stated{note}",
                      entries[0].loc, entries[0].id or None)


_mention("ccpa.7011.e3F.opt_out_signal", r"global privacy control|opt-out preference signal|\bGPC\b",
         "how opt-out preference signals (Global Privacy Control) are processed",
         "the text explains opt-out preference signals", since=CPRA, applies=sells_or_shares,
         when="personal information is sold or shared")
_mention("ccpa.7011.e3H.authorized_agent", r"authori[sz]ed agent", "how an authorized agent can submit a request",
         "the text explains requests through an authorized agent")


@check("ccpa.7011.e3J.contact")
def contact(ctx: CheckContext) -> Outcome:
    for position, candidate in ctx.contacts(ContactRole.PRIVACY, ContactRole.CONTROLLER, ContactRole.DPO):
        if (candidate.email or candidate.phone) and ctx.contact_published(candidate):
            return passed(f"privacy questions go to '{candidate.id}'", ("contacts", position), candidate.id)
    return _missing(ctx, "no privacy contact with an e-mail or phone is shown in the text")


_mention("ccpa.1798_135.links", r"do not sell (or share )?my personal information|alternative opt-out link",
         "the 'Do Not Sell or Share My Personal Information' link (or the alternative opt-out link)",
         "the opt-out link is given", applies=sells_or_shares, when="personal information is sold or shared")


@check("ccpa.1798_100.retention", since=CPRA, inherits=False)
def retention(ctx: CheckContext) -> Outcome:
    return outcome_of(retention_issues(ctx), "a retention period or criteria is stated for each category",
                      ("retention",))


@check("ccpa.7011.e4.last_updated")
def last_updated(ctx: CheckContext) -> Outcome:
    age = (ctx.as_of - ctx.data.effective).days
    issues = stale_date_issues(ctx)
    if age > 365:
        issues.append(Issue(f"this version has been in force for {age} days on {ctx.as_of}; the CCPA asks for a "
                            "review at least every 12 months: publish a new version", ("effective",)))
    return outcome_of(issues, "the version is less than 12 months old and the page shows its date", ("effective",))


_mention("ccpa.7016.financial_incentive", r"notice of financial incentive",
         "a Notice of Financial Incentive", "a Notice of Financial Incentive is given",
         applies=lambda ctx: ctx.search(r"financial incentive|price or service difference|loyalty|rewards? program")
         is not None, when="the text mentions a financial incentive, loyalty or rewards programme")


def _third_party_marketing(ctx: CheckContext) -> bool:
    others = {r.id for r in ctx.data.recipients if r.category in (
        RecipientCategory.BUSINESS_PARTNER, RecipientCategory.CONTENT_PROVIDER, RecipientCategory.THIRD_PARTY)}
    return any(re.search(r"marketing", e.node.discloses.purpose or "", re.I)
               and others & set(e.node.discloses.recipients) for e in ctx.faceted("discloses"))


@check("ca.civ_1798_83.shine_the_light", applies=_third_party_marketing,
       when="information is disclosed to third parties for their own marketing")
def shine_the_light(ctx: CheckContext) -> Outcome:
    found = ctx.rights([RightKind.SHINE_THE_LIGHT], CA)
    designated = [e for e in found if e.node.right.channels]
    if designated:
        return passed("the Shine the Light request and its designated contact are stated", designated[0].loc,
                      designated[0].id or None)
    return _missing(ctx, "information is shared for third parties' direct marketing, but no Shine the Light "
                    "right with a designated contact (`right.channels`) is stated")


@check("caloppa.22575.b1.categories_third_parties")
def categories_third_parties(ctx: CheckContext) -> Outcome:
    issues = []
    if not ctx.faceted("collects"):
        issues.append(Issue("no information collected is recorded (`collects:` facets)", ("sections",)))
    if not ctx.data.recipients or not ctx.faceted("discloses"):
        issues.append(Issue("no category of third parties receiving information is recorded", ("recipients",)))
    return outcome_of(issues, "the categories collected and the categories of recipients are stated", ("recipients",))


@check("caloppa.22575.b2.review_process",
       applies=lambda ctx: bool(ctx.rights([RightKind.ACCESS, RightKind.RECTIFICATION, RightKind.CORRECT])),
       when="readers can review or correct their information")
def review_process(ctx: CheckContext) -> Outcome:
    entries = ctx.rights([RightKind.ACCESS, RightKind.RECTIFICATION, RightKind.CORRECT])
    how = [e for e in entries
           if e.node.right.channels or re.search(r"log(ging)? in|settings|contact", ctx.prose(e), re.I)]
    if how:
        return passed("the text says how to review and change information", how[0].loc, how[0].id or None)
    return failed(Issue("a right to review or correct is stated without saying how to use it",
                        entries[0].loc, entries[0].id or None))


@check("caloppa.22575.b3.change_process")
def change_process(ctx: CheckContext) -> Outcome:
    policy = ctx.data.change_policy
    if policy is None:
        loc, where = ctx.home("change", "update")
        return failed(Issue(f"how readers are told of material changes is not recorded; add `change_policy:` and "
                            f"describe it in {where}", loc))
    return passed(f"changes are announced by {', '.join(policy.channels)}", ("change_policy",))


@check("caloppa.22575.b4.effective_date")
def effective_date(ctx: CheckContext) -> Outcome:
    return outcome_of(stale_date_issues(ctx), "the page shows the version's effective date", ("effective",))


_mention("caloppa.22575.b5.dnt", r"do not track|do-not-track|\bDNT\b",
         "how the site responds to Do Not Track signals", "the response to Do Not Track is stated",
         applies=lambda ctx: any(Source.AUTOMATIC in e.node.collects.sources for e in ctx.faceted("collects")),
         when="information about online activity is collected automatically")
_mention("caloppa.22575.b6.third_party_tracking",
         r"third[- ]part(y|ies)[^.]{0,200}(over time|across (different |other |third[- ]party )?(web ?)?sites)|"
         r"(do|does) not (allow|permit) third[- ]part(y|ies)[^.]{0,80}collect",
         "whether other parties may collect personal information about a reader's activity over time and across sites",
         "the text says whether third parties track readers across sites")
