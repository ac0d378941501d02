"""GDPR Art. 12-14 and 26: what the notice tells the reader (EU/EEA, and the UK and Swiss baseline)."""

from __future__ import annotations

import re

from ...source.model import ContactRole, Source
from ...source.regions import region_name
from ..changes.classifier import classify
from .bare_tags import unnamed_source_issues
from .catalog import check
from .context import EEA_COUNTRIES, CheckContext
from .findings import Issue, Outcome, failed, outcome_of, passed
from .shared import NO_SOURCE, OUTSIDE, representative_outcome, retention_issues, stale_date_issues, transfer_issues

VAGUE_PURPOSE = re.compile(
    r"\b(other purposes|any (other )?purposes?|or other\b|etc\b|including but not limited to)", re.IGNORECASE)
ART9_CONDITION = re.compile(r"explicit consent|art(icle|\.)?\s*9\s*\(2\)|substantial public interest", re.IGNORECASE)
SAFEGUARD_MECHANISMS = {"standard-contractual-clauses", "binding-corporate-rules", "uk-idta", "uk-addendum"}


@check("gdpr.art13.1.a.controller_identity")
def controller_identity(ctx: CheckContext) -> Outcome:
    """The controller of each region checked (several controllers: each for its `jurisdictions`), with its address."""
    if not ctx.controllers():
        where = ctx.home("who-we-are", "purpose", "controller")[1]
        return failed(Issue(f"the controller is not recorded; add `controller:` with its contact ({where} "
                            "should name it)", ()))
    issues, named, seen = [], [], set()
    for region in ctx.gdpr_regions:
        found = ctx.controller_for(region)
        if found is None:
            issues.append(Issue(f"no controller is recorded for the {region_name(region)}: every controller names "
                                f"the regions it is responsible for and none names '{region}'; add it to a "
                                "controller's `jurisdictions`, or add a controller for it",
                                ("controllers",) if ctx.data.controllers else ("controller",),
                                problem="regions checked have no controller"))
            continue
        loc, controller = found
        contact = ctx.index.contact(controller.contact)
        if loc in seen or contact is None:
            continue
        seen.add(loc)
        named.append(f"{controller.name}, reached at contact '{contact.id}'")
        if not contact.address:
            issues.append(Issue(f"contact '{contact.id}' of the controller {controller.name} has no postal address",
                                (*loc, "contact")))
    reachable = [c for _, c in ctx.contacts(ContactRole.CONTROLLER, ContactRole.PRIVACY, ContactRole.DPO)
                 if c.email or c.phone]
    if not reachable:
        issues.append(Issue("no e-mail or phone reaches the controller or its privacy team", ("contacts",)))
    return outcome_of(issues, "; ".join(named), ("controller",) if ctx.data.controller else ("controllers",))


def _outside_eea(ctx: CheckContext) -> bool:
    return bool(ctx.regions("eea", "eu")) and ctx.controller_outside(EEA_COUNTRIES, "eea")


@check("gdpr.art13.1.a.eu_representative", applies=_outside_eea,
       when="the controller is not established in the EEA (its contact's country is outside it, or unknown)")
def eu_representative(ctx: CheckContext) -> Outcome:
    return representative_outcome(ctx, ContactRole.EU_REPRESENTATIVE, "EU", "Art. 27")


@check("gdpr.art13.1.b.dpo_contact", applies=lambda ctx: bool(ctx.contacts(ContactRole.DPO)),
       when="a Data Protection Officer is designated (a contact with role 'dpo')")
def dpo_contact(ctx: CheckContext) -> Outcome:
    issues = []
    for position, contact in ctx.contacts(ContactRole.DPO):
        if not (contact.email or contact.phone or contact.address):
            issues.append(Issue(f"DPO contact '{contact.id}' has no e-mail, phone or address", ("contacts", position)))
        elif not ctx.contact_published(contact):
            issues.append(Issue(f"DPO contact '{contact.id}' is recorded but its details appear nowhere in the text",
                                ("contacts", position)))
    return outcome_of(issues, "the DPO's contact details are shown to readers", ("contacts",))


@check("gdpr.art13.1.c.purposes", inherits=False)
def purposes(ctx: CheckContext) -> Outcome:
    uses = ctx.faceted("use")
    if not uses:
        loc, where = ctx.home("use", "purpose")
        return failed(Issue(f"no purpose of processing is recorded; add `use:` facets to the paragraphs of {where}",
                            loc))
    issues = [Issue(f"purpose '{e.node.use.purpose}' ends in a catch-all ('{m.group(0)}'); name each purpose",
                    (*e.loc, "use", "purpose"), e.id, problem="purposes end in a catch-all")
              for e in uses if (m := VAGUE_PURPOSE.search(e.node.use.purpose))]
    return outcome_of(issues, f"{len(uses)} purposes are stated", uses[0].loc)


@check("gdpr.art13.1.c.legal_basis_per_purpose", inherits=False)
def legal_basis_per_purpose(ctx: CheckContext) -> Outcome:
    uses = ctx.faceted("use")
    if not uses:
        return failed(Issue("no purpose is recorded, so no legal basis is tied to one", ("sections",)))
    where = ctx.home("legal-bas", "agree", near=ctx.faceted("legal_basis"))[1]
    issues = [Issue(f"purpose '{e.node.use.purpose}' names no legal basis; add `legal_bases:` with the id of "
                    f"the basis it relies on (the bases are in {where})", (*e.loc, "use"), e.id,
                    problem="purposes name no legal basis")
              for e in uses if not e.node.use.legal_bases]
    return outcome_of(issues, f"each of the {len(uses)} purposes names its legal basis", uses[0].loc)


@check("gdpr.art13.1.c.art9_condition", applies=lambda ctx: bool(ctx.sensitive()),
       when="special-category (sensitive) information is collected")
def art9_condition(ctx: CheckContext) -> Outcome:
    evidence = ctx.search(ART9_CONDITION)
    if evidence is not None:
        return passed("an Art. 9(2) condition is named in the text", evidence.loc, evidence.id or None)
    return failed(*(Issue("sensitive information is collected here but no Art. 9(2) condition (e.g. explicit "
                          "consent) is named; the schema has no field for it, so state it in the text and tie it "
                          "to the use of this information", (*e.loc, "collects", "sensitive"), e.id,
                          problem="no Art. 9(2) condition is named for the sensitive information collected")
                    for e in ctx.sensitive()))


def _uses_legitimate_interests(ctx: CheckContext) -> bool:
    return bool(ctx.bases("legitimate-interests"))


@check("gdpr.art13.1.d.legitimate_interests", applies=_uses_legitimate_interests,
       when="legitimate interests (Art. 6(1)(f)) are a legal basis")
def legitimate_interests(ctx: CheckContext) -> Outcome:
    issues = [Issue("legitimate interests are named as a basis without saying which interests; list them as "
                    "sub-items or in the text", (*e.loc, "legal_basis"), e.id,
                    problem="legitimate interests are named without saying which interests")
              for e in ctx.bases("legitimate-interests")
              if not getattr(e.node, "items", None) and len(ctx.prose(e).split()) < 25]
    first = ctx.bases("legitimate-interests")[0]
    return outcome_of(issues, "the legitimate interests pursued are listed", first.loc, first.id)


@check("gdpr.wp260.li_balancing_info", applies=_uses_legitimate_interests,
       when="legitimate interests (Art. 6(1)(f)) are a legal basis")
def li_balancing_info(ctx: CheckContext) -> Outcome:
    pattern = re.compile(r"balanc\w*.{0,200}(on request|upon request|request (a copy|it|more|information|details)"
                         r"|contact us)", re.IGNORECASE)
    evidence = ctx.search(pattern)
    if evidence is not None:
        return passed("the text offers the balancing-test information on request", evidence.loc)
    mention = ctx.search(r"balanc\w* test")
    first = ctx.bases("legitimate-interests")[0]
    entry = mention or first
    return failed(Issue("the text does not say that information on the balancing test is available on request",
                        entry.loc, entry.id or None))


@check("gdpr.art13.1.e.recipients")
def recipients(ctx: CheckContext) -> Outcome:
    disclosed = {r for e in ctx.faceted("discloses") for r in e.node.discloses.recipients}
    if not ctx.data.recipients or not disclosed:
        loc, where = ctx.home("shar", "disclos", "use")
        return failed(Issue(f"no recipient is recorded; add `recipients:` and `discloses:` facets in {where}", loc))
    issues = [Issue(f"recipient '{r.id}' is declared but no paragraph says what is disclosed to it",
                    ("recipients", i), r.id, problem="recipients are declared with no disclosure to them")
              for i, r in enumerate(ctx.data.recipients) if r.id not in disclosed]
    return outcome_of(issues, f"{len(ctx.data.recipients)} recipients, each tied to a disclosure", ("recipients",))


@check("gdpr.wp260.recipients_specific", inherits=False, applies=lambda ctx: bool(ctx.data.recipients),
       when="the version declares recipients")
def recipients_specific(ctx: CheckContext) -> Outcome:
    issues = [Issue(f"recipient '{r.name}' has no type (category 'third-party'); name the recipient or give its "
                    "type, sector and location", ("recipients", i, "category"), r.id,
                    problem="recipients are neither named nor typed")
              for i, r in enumerate(ctx.data.recipients) if r.category == "third-party"]
    return outcome_of(issues, "every recipient is named or typed (the schema holds no sector or location)",
                      ("recipients",))


def _data_leaves(ctx: CheckContext) -> bool:
    origins = {o for t in ctx.data.transfers for o in t.origins}
    regions = ctx.regions("eea", "eu", "ch")
    return bool(regions) and (bool(origins & {"eea", "eu", "ch"})
                              or any(ctx.controller_outside(OUTSIDE[r], r) for r in regions))


@check("gdpr.art13.1.f.transfers", applies=_data_leaves,
       when="personal data leaves the EEA or Switzerland (a transfer is recorded, or the controller is outside)")
def transfers(ctx: CheckContext) -> Outcome:
    issues = transfer_issues(ctx, ctx.regions("eea", "eu", "ch"))
    return outcome_of(issues, "each transfer names a mechanism valid on the effective date", ("transfers",))


def _has_safeguards(ctx: CheckContext) -> bool:
    return any(t.mechanism in SAFEGUARD_MECHANISMS for t in ctx.data.transfers)


@check("gdpr.art13.1.f.safeguards_copy", applies=_has_safeguards,
       when="a transfer relies on Art. 46 safeguards (standard clauses, BCRs, IDTA, UK Addendum)")
def safeguards_copy(ctx: CheckContext) -> Outcome:
    pattern = re.compile(r"cop(y|ies).{0,150}(request|contact|available|link|\]\()|(request|obtain).{0,80}cop(y|ies)",
                         re.IGNORECASE)
    issues = []
    for position, transfer in enumerate(ctx.data.transfers):
        if transfer.mechanism not in SAFEGUARD_MECHANISMS:
            continue
        section = ctx.index.by_id.get(transfer.section or "")
        text = ctx.section_prose(section) if section is not None else ""
        if not pattern.search(text):
            issues.append(Issue(f"transfer '{transfer.id}' relies on {transfer.mechanism} but its section does not "
                                "say how to get a copy of the safeguards", ("transfers", position), transfer.id))
    return outcome_of(issues, "the text says how to obtain a copy of the safeguards", ("transfers",))


@check("gdpr.art13.2.a.retention", inherits=False)
def retention(ctx: CheckContext) -> Outcome:
    return outcome_of(retention_issues(ctx), "a retention period or criteria is stated for each kind of information",
                      ("retention",))


@check("gdpr.art13.2.e.provision_requirement",
       applies=lambda ctx: any(Source.YOU in e.node.collects.sources for e in ctx.faceted("collects")),
       when="information is collected from the reader (source 'you')")
def provision_requirement(ctx: CheckContext) -> Outcome:
    requirement = re.compile(r"\b(required|mandatory|obligatory|must provide|need to (provide|submit))", re.I)
    consequence = re.compile(r"if you (do not|don't|choose not to) provide|without (providing|revealing|it)|"
                             r"(unable|not be able) to|cannot (use|access|provide)", re.IGNORECASE)
    nature = re.compile(r"\b(statutory|by law|legal(ly)? (requirement|obligation)|contract(ual)?)\b", re.I)
    stated = [e for e in ctx.paragraphs() if requirement.search(ctx.prose(e))]
    with_consequence = [e for e in stated if consequence.search(ctx.prose(e))]
    if with_consequence and any(nature.search(ctx.prose(e)) for e in stated):
        return passed("the text says what must be provided, why and what follows from refusing",
                      with_consequence[0].loc)
    entry = (with_consequence or stated or ctx.faceted("collects"))[0]
    missing = ["whether providing the information is a statutory or contractual requirement"]
    if not with_consequence:
        missing.append("the consequences of not providing it")
    return failed(Issue(f"the text does not say {' or '.join(missing)}", entry.loc, entry.id or None))


def _indirect(ctx: CheckContext) -> bool:
    indirect = {Source.THIRD_PARTIES, Source.PARTNERS}
    return any(indirect & set(e.node.collects.sources) for e in ctx.faceted("collects"))


@check("gdpr.art14.1.d.data_categories", applies=_indirect, inherits=False,
       when="information comes from third parties or partners")
def data_categories(ctx: CheckContext) -> Outcome:
    indirect = {Source.THIRD_PARTIES, Source.PARTNERS}
    entries = [e for e in ctx.faceted("collects") if indirect & set(e.node.collects.sources)]
    issues = [Issue("information from third parties is collected here without naming its categories; list them "
                    "in `collects.data`", (*e.loc, "collects"), e.id,
                    problem="information from third parties is collected without naming its categories")
              for e in entries if not e.node.collects.data]
    return outcome_of(issues, "the categories of information obtained from others are listed", entries[0].loc)


@check("gdpr.art14.2.f.source", inherits=False,
       applies=lambda ctx: _indirect(ctx) or any(not e.node.collects.sources for e in ctx.faceted("collects")),
       when="information comes from third parties or partners, or its source is not recorded")
def source(ctx: CheckContext) -> Outcome:
    issues = [Issue("the source of this information is not recorded; add `collects.sources`",
                    (*e.loc, "collects"), e.id, problem=NO_SOURCE) for e in ctx.faceted("collects")
              if not e.node.collects.sources]
    issues += unnamed_source_issues(ctx)
    return outcome_of(issues, "each kind of information names its source (the schema has no field for "
                      "'publicly accessible': say it in the text where it applies)", ctx.faceted("collects")[0].loc)


def _new_purposes(ctx: CheckContext) -> list[str]:
    if ctx.previous is None:
        return []
    before = {e.node.use.purpose for e in ctx.previous.index.entries if getattr(e.node, "use", None)}
    return [e.node.use.purpose for e in ctx.faceted("use") if e.node.use.purpose not in before]


@check("gdpr.art13.3.further_processing", applies=lambda ctx: bool(_new_purposes(ctx)),
       when="the version adds a purpose that the previous version did not state")
def further_processing(ctx: CheckContext) -> Outcome:
    announced, effective = ctx.data.announced, ctx.data.effective
    if announced is not None and announced < effective:
        return passed(f"the new purposes were announced on {announced}, before they apply on {effective}",
                      ("announced",))
    new = ", ".join(f"'{p}'" for p in _new_purposes(ctx))
    return failed(Issue(f"this version adds purposes ({new}) but records no announcement before {effective}; "
                        "readers must be told before the new processing starts: set `announced`",
                        ("announced",) if announced else ("effective",)))


@check("gdpr.wp260.material_change_notice")
def material_change_notice(ctx: CheckContext) -> Outcome:
    policy = ctx.data.change_policy
    if policy is None:
        loc, where = ctx.home("change", "update")
        return failed(Issue(f"no change policy is recorded; add `change_policy:` and describe it in {where}", loc))
    issues = []
    if not {"email", "in-app"} & set(policy.channels):
        issues.append(Issue("material changes are not announced actively (by e-mail or in the app); add a channel",
                            ("change_policy", "channels")))
    if not policy.advance_notice:
        issues.append(Issue("the change policy does not promise to announce material changes before they apply "
                            "(change_policy.advance_notice is false)", ("change_policy", "advance_notice")))
    # The notice period binds material changes only (WP260 para 29-31), as `notices validate` decides them:
    # an editorial version (declared, or derived) may take effect without one.
    if ctx.previous is not None and classify(ctx.previous.data, ctx.data).material:
        announced, days = ctx.data.announced, ctx.notice_period_days
        if announced is None or (ctx.data.effective - announced).days < days:
            when = f"on {announced}" if announced else "on no recorded day"
            issues.append(Issue(f"this change was announced {when}, less than the notice period of {days} days "
                                f"before it takes effect on {ctx.data.effective}",
                                ("announced",) if announced else ("effective",)))
    return outcome_of(issues, "material changes are announced actively and in advance", ("change_policy",))


@check("gdpr.art26.2.joint_controllers", applies=lambda ctx: ctx.search(r"joint(ly)? controll") is not None,
       when="the text mentions joint controllers")
def joint_controllers(ctx: CheckContext) -> Outcome:
    evidence = ctx.search(r"joint(ly)? controll[^.]{0,300}(arrangement|essence|responsib)")
    if evidence is not None:
        return passed("the essence of the joint-controller arrangement is stated", evidence.loc)
    entry = ctx.search(r"joint(ly)? controll")
    assert entry is not None
    return failed(Issue("joint controllers are mentioned without the essence of their arrangement (who does what)",
                        entry.loc, entry.id or None))


@check("gdpr.art12.1.children",
       applies=lambda ctx: ctx.data.children is not None and (ctx.data.children.directed_to_children
                                                               or ctx.data.children.minimum_age < 16),
       when="children are addressed or admitted (children.minimum_age below 16, GDPR Art. 8)")
def children(ctx: CheckContext) -> Outcome:
    young = ctx.find_section("young", "teen", "kids", "for-children", "for children")
    if young is not None:
        return passed("a section is written for young readers", young.loc, young.id)
    assert ctx.data.children is not None
    return failed(Issue(f"readers from {ctx.data.children.minimum_age} are admitted but no part of the notice is "
                        "written for them; add a section in words a child understands (the schema has no "
                        "child summary)", ("children", "minimum_age")))


@check("gdpr.wp260.layering")
def layering(ctx: CheckContext) -> Outcome:
    loc = ctx.section_loc(ctx.data.key_information)
    if loc is None:
        return failed(Issue("no first layer: set `key_information` to a section that summarises the notice",
                            ("key_information",) if ctx.data.key_information else ("sections",)))
    text = ctx.section_prose(ctx.index.by_id[ctx.data.key_information or ""]).lower()
    wanted = {"the controller": ("controller",), "the purposes": ("purpose", "use"), "the rights": ("right",)}
    missing = [label for label, words in wanted.items() if not any(w in text for w in words)]
    if missing:
        return failed(Issue(f"the key-information section does not mention {', '.join(missing)}", loc))
    return passed("the key-information section names the controller, the purposes and the rights", loc)


@check("gdpr.version_metadata")
def version_metadata(ctx: CheckContext) -> Outcome:
    issues = stale_date_issues(ctx)
    if ctx.previous is not None and ctx.previous.data.summary.strip() == ctx.data.summary.strip():
        issues.append(Issue("the summary repeats the previous version's; say what this version changes", ("summary",)))
    return outcome_of(issues, "the effective date names the version and the earlier versions stay in the "
                      "repository", ("effective",))
