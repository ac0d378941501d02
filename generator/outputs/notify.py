"""Change e-mails: a draft per affected audience telling it about a change to a notice.

Drafts only. This module writes what each draft says; `email_draft.py` makes it an RFC 5322 `.eml` file
and a Markdown preview for legal review. Neither holds code that talks to a mail server, so nothing can
be sent by accident. What a draft says
follows `change-notices.md` ("How to notify"): a dedicated subject naming the notice and the
effective date, what changes and why with the likely impact (WP260 paras 29, 31), links to the new
version, its redline (LGPD Art. 8 s6) and the previous version, the reader's choices, the privacy
contact and the right to complain, and nothing promotional.

    drafts = draft_notices(library, notice, version)
    email_draft.write_drafts(drafts, Path("drafts"))   # <notice>-<date>-<audience>.eml and .md
"""

from __future__ import annotations

import datetime as dt
from email.headerregistry import Address
from typing import Any

from jinja2 import Environment

from ..analyses.changes import Classification, Verdict, classify_version
from ..analyses.redline import Category, Change, ChangeKind
from ..analyses.redlines import redline_between
from ..library.loader import SITE_CONFIG
from ..library.project import Library, Notice, NoticeVersion
from ..library.rules import announcement_day, previous_version
from ..source import inline
from ..source.dates import long_date
from ..source.index import walk_sections
from ..source.inline import plain
from ..source.model import (
    Audience,
    Contact,
    ContactRole,
    RightKind,
    SupervisoryAuthority,
    Version,
)
from ..source.model.documents import ChangeNotes
from ..source.regions import region_name
from .change_words import what_changes
from .context import resolve_reference
from .email_draft import Draft, NotifyError, bullet, compose, fill, markdown_escape, preview_headers
from .mailings import Mailing, plan_mailings
from .paths import absolute_url, notice_src, redline_src, version_src
from .render import make_environment

TEMPLATES = ("email/change.txt", "email/change.html", "email/change.md")
EEA_REGIONS = frozenset({"eea", "eu", "uk", "ch"})
"""Audiences in these regions get the GDPR rights and complaint paragraph (Art. 13(2)(b), (d))."""

def affected_audiences(library: Library, notice: Notice, version: NoticeVersion) -> list[Audience]:
    """The audiences the change names, else every audience of the notice, in that order."""
    change = version.data.change
    ids = change.audiences if change and change.audiences else notice.meta.audiences
    by_id = {a.id: a for a in library.site.audiences}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise NotifyError(f"{', '.join(repr(i) for i in unknown)} not an audience in {SITE_CONFIG}; "
                          f"declare it there or fix the change's 'audiences' in {version.path.name}")
    missing = [i for i in ids if by_id[i].email is None]
    if missing:
        raise NotifyError(f"audience {', '.join(repr(i) for i in missing)} has no list address; add its "
                          f"'email' in {SITE_CONFIG}")
    return [by_id[i] for i in ids]


def draft_notices(library: Library, notice: Notice, version: NoticeVersion,
                  as_of: dt.date | None = None) -> list[Draft]:
    """A draft change e-mail for each audience affected by `version` of `notice`, one per person.

    Each is dated the day it will be sent: the announcement day, or `as_of` when that is later.
    """
    previous = previous_version(notice, version)
    classification = classify_version(library, notice, version)
    if previous is None or classification is None:
        raise NotifyError(f"nothing to announce: {version.effective} is the first version of '{notice.id}', "
                          "so there is no change to tell anyone about")
    env, markdown_env = email_environments(library, version)
    day = max(announcement_day(library, notice, version), as_of or dt.date.min)
    left_out = _audiences_left_out(library, notice, version)
    if left_out and classification.material:
        raise NotifyError(left_out[0])
    return [
        _draft(library, notice, version, previous, classification, mailing, day, left_out, env, markdown_env)
        for mailing in plan_mailings(affected_audiences(library, notice, version))
    ]


def _audiences_left_out(library: Library, notice: Notice, version: NoticeVersion) -> tuple[str, ...]:
    """When the change names no audiences and an audience for a region of the notice would get nothing: the
    problem, an error for a material change (those people must be told), a warning for an editorial one."""
    change = version.data.change
    if change and change.audiences:
        return ()
    regions = set(version.data.jurisdictions)
    missed = [a.id for a in library.site.audiences
              if a.id not in notice.meta.audiences and set(a.regions) & regions]
    if not missed:
        return ()
    return (f"{version.path.name}: the change names no audiences, so only the notice's "
            f"({', '.join(notice.meta.audiences)}) would get a draft, not {', '.join(missed)}, although the notice "
            f"covers their regions: list who is told under 'change:', e.g. 'audiences: "
            f"[{', '.join([*notice.meta.audiences, *missed])}]'",)


def email_environments(library: Library, version: NoticeVersion) -> tuple[Environment, Environment]:
    """Template environments for the e-mail parts (text and HTML), and for the Markdown preview."""
    resolve = _resolver(library, version)
    env = make_environment(library.root)
    env.filters.update(fill=fill, bullet=bullet, md=markdown_escape, plain=plain,
                       linked=lambda text: inline.render(text, resolve))
    # The preview holds header lines in a code block, where HTML escaping would show as `&lt;`;
    # prose in it goes through the `md` filter instead (see templates/email/change.md).
    return env, env.overlay(autoescape=False)


def privacy_contact(library: Library, version: NoticeVersion) -> Contact:
    """Who readers write to: the version's privacy contact, else the site's privacy address."""
    return _contact(version.data.contacts, ContactRole.PRIVACY, set()) or Contact(
        id="privacy", role=ContactRole.PRIVACY, name=library.site.organisation, email=library.site.privacy_email)


def _draft(library: Library, notice: Notice, version: NoticeVersion, previous: NoticeVersion,
           classification: Classification, mailing: Mailing, day: dt.date, left_out: tuple[str, ...],
           env: Environment, markdown_env: Environment) -> Draft:
    new, audience = version.data, mailing.audience
    subject = f"Changes to our {notice.title}, effective {long_date(new.effective)}"
    eea = bool(EEA_REGIONS & set(audience.regions))
    context = _content(library, notice, version, previous, classification, audience, eea)
    notes = _notes(classification, new.change) + mailing.warnings + left_out

    values = {"subject": subject, **context}
    text = env.get_template(TEMPLATES[0]).render(values)
    html = env.get_template(TEMPLATES[1]).render(values)
    message = compose(library, audience, subject, day,
                      f"{notice.id}.{new.effective.isoformat()}.{audience.id}", text, html)
    if mailing.excluded:
        # For whoever sends it: the lists whose members get another variant of this e-mail instead.
        excluded = (Address(a.name, addr_spec=a.email or "") for a in mailing.excluded)
        message["X-Notices-Exclude"] = ", ".join(map(str, excluded))
    headers = preview_headers(message)
    markdown = markdown_env.get_template(TEMPLATES[2]).render(
        values, headers=headers, file=f"{notice.id}-{new.effective.isoformat()}-{audience.id}.eml", notes=notes)
    return Draft(notice.id, new.effective, audience, classification.material, subject, text, html, markdown,
                 message, notes)


def _content(library: Library, notice: Notice, version: NoticeVersion, previous: NoticeVersion,
             classification: Classification, audience: Audience, eea: bool) -> dict[str, Any]:
    """Every sentence of the e-mail, shared by the text, HTML and Markdown templates so they agree.

    Prose from the YAML (reasons, impact, choices) keeps its inline markup: the HTML template
    renders it with `linked`, the others with `plain`.
    """
    site, new, change = library.site, version.data, version.data.change
    parent = library.notices.get(notice.meta.supplements or "")
    new_url = absolute_url(site.site_url, version_src(notice.id, version.effective.isoformat()))
    rights = _rights_section(version)
    privacy = privacy_contact(library, version)
    choices = list(change.choices) if change else []
    if not choices:
        where = f" in {rights[0]}" if rights else ""
        choices = [f"You can use the rights the notice describes{where}: for example, to see, correct or "
                   "delete your information, or to object to a use of it."]
    until = version.effective - dt.timedelta(days=1)
    return {
        "language": site.languages[0] if site.languages else "en",
        "organisation": site.organisation,
        "title": notice.title,
        "effective": long_date(new.effective),
        "audience": audience,
        "intro": (f"We are updating our {notice.title}"
                  + (f", which supplements our {parent.title}" if parent else "")
                  + f". The new version takes effect on {long_date(new.effective)}."),
        # Material reasons, and changes that narrow what we do (readers care about those too);
        # wording and order are summed up in one closing line.
        "changes": what_changes(redline_between(library, notice, previous, version),
                                _not_editorial(classification)),
        "other": _editorial(classification),
        "reasons": list(change.reasons) if change else [],
        "impact": change.impact if change else None,
        "choices": choices,
        "rights": {"name": rights[0], "url": f"{new_url}#{rights[1]}"} if rights else None,
        "links": [
            ("The new version", new_url),
            ("What changes, marked up (redline)",
             absolute_url(site.site_url, redline_src(notice.id, version.effective.isoformat()))),
            (f"The previous version, in force until {long_date(until)}",
             absolute_url(site.site_url, version_src(notice.id, previous.effective.isoformat()))),
        ],
        "contact": (f"Write to {privacy.name} at {privacy.email} with any question about this change or "
                    "about your information."),
        "complain": ("If you are not satisfied with our answer, you may have the right to complain to the "
                     "data-protection authority where you live."),
        "eea": _eea(new, audience) if eea else None,
        "footer": (f"This is a service message about our {notice.title}. It goes to everyone the change "
                   f"applies to ({audience.name}), including people who have turned off marketing e-mails, "
                   "and it contains no advertising."),
    }


def _eea(new: Version, audience: Audience) -> dict[str, Any]:
    """The GDPR paragraph: the rights (Art. 15-21, 7(3)), the DPO, and the right to complain (Art. 77)."""
    regions = set(audience.regions)
    # The EU is part of the EEA: an authority of either serves readers of both.
    if regions & {"eea", "eu"}:
        regions |= {"eea", "eu"}
    authorities: list[SupervisoryAuthority] = [a for a in new.supervisory_authorities if a.region in regions]
    authorities = authorities or list(new.supervisory_authorities)
    names = [region_name(r) for r in audience.regions if r in EEA_REGIONS]
    where = _join([n if n == "Switzerland" else "the " + n for n in names])
    dpo = _contact(new.contacts, ContactRole.DPO, regions)
    such_as = f", for example the {_join([a.name for a in authorities], 'or the')}" if authorities else ""
    return {
        "heading": f"Your rights in {where}",
        "rights": ("You have the right to access your personal information, to have it corrected or erased, "
                   "to restrict its use, to receive it in a portable format, and to object to its use, "
                   "including for direct marketing. Where we rely on your consent, you can withdraw it at any "
                   "time; this does not affect what we did before you withdrew it."),
        "dpo": f"You can contact our Data Protection Officer ({dpo.name}) at {dpo.email}." if dpo else None,
        "complaint": ("You also have the right to lodge a complaint with a supervisory authority, in "
                      "particular in the country where you live or work or where you think the law was "
                      f"broken{such_as}."),
        "authorities": [a for a in authorities if a.url],
    }


def _contact(contacts: list[Contact], role: ContactRole, regions: set[str]) -> Contact | None:
    """The first contact of a role with an e-mail address that serves the regions (or everywhere)."""
    return next((c for c in contacts if c.role is role and c.email
                 and (not c.regions or not regions or regions & set(c.regions))), None)


def _rights_section(version: NoticeVersion) -> tuple[str, str] | None:
    """How to name, and the id of, the section that states most of the rights a reader exercises.

    Complaints aside: they have their own paragraph. The name is the quoted title, or a description
    for a section without a heading.
    """
    counts: dict[str, int] = {}
    titles: dict[str, str] = {}
    section = None
    for entry in walk_sections(version.data.sections):
        if entry.kind == "section":
            section = entry.node
        right = getattr(entry.node, "right", None)
        if section is not None and right is not None and set(right.kinds) - {RightKind.COMPLAIN}:
            counts[section.id] = counts.get(section.id, 0) + 1
            titles[section.id] = f"\u201c{plain(section.title)}\u201d" if section.title else "the notice"
    if not counts:
        return None
    best = max(counts, key=lambda i: counts[i])  # max keeps the first of equals: document order
    return titles[best], best


def _resolver(library: Library, version: NoticeVersion) -> inline.Resolver:
    """Absolute URLs for the references in YAML prose: an e-mail is read away from the site."""
    site_url = library.site.site_url
    new_url = absolute_url(site_url, version_src(version.notice_id, version.effective.isoformat()))
    links = {link.id: link.url for link in version.data.links}

    def notice_url(notice_id: str) -> str | None:
        return absolute_url(site_url, notice_src(notice_id)) if notice_id in library.notices else None

    def resolve(target: str) -> str | None:
        return resolve_reference(target, version.index.by_id, links, notice_url, anchor_url=new_url)

    return resolve



def _not_editorial(classification: Classification) -> list[Change]:
    """The changes of the material reasons, each once (two triggers may share a paragraph); when legal declared
    material a change the tool left to its decision, the changes it decided on."""
    wanted = Verdict.MATERIAL if classification.derived else Verdict.DECISION
    seen: set[tuple[str, str, str]] = set()
    changes = []
    for reason in classification.reasons:
        key = (reason.change.category, reason.change.kind, reason.change.id)
        if reason.outcome is wanted and key not in seen:
            seen.add(key)
            changes.append(reason.change)
    return changes


# What an editorial change touches, in the words of the closing line of "What changes".
_EDITORIAL_WORDS = {ChangeKind.MOVED: "order", ChangeKind.RENAMED: "headings", ChangeKind.REWORDED: "wording"}


def _editorial(classification: Classification) -> str | None:
    """One line for the changes that are only editorial, or None when there are none.

    It never calls the change editorial when the lawyer declared it material."""
    words: list[str] = []
    reasons = classification.reasons
    for reason in reasons:
        if reason.outcome is not Verdict.EDITORIAL:
            continue
        change = reason.change
        if change.category is Category.WORDING:
            word = "wording"
        elif change.category is Category.SECTIONS:
            word = _EDITORIAL_WORDS.get(change.kind, "structure")
        else:
            word = "details of " + change.category.value.replace("-", " ")
        if word not in words:
            words.append(word)
    if not words:
        return None
    if all(reason.outcome is Verdict.EDITORIAL for reason in reasons):
        if classification.material:
            return f"The changes concern {_join(sorted(words))}."
        return f"The changes are editorial: {_join(sorted(words))}."
    return f"Other changes are editorial: {_join(sorted(words))}."


def _notes(classification: Classification, change: ChangeNotes | None) -> tuple[str, ...]:
    """What a reviewer should settle before the draft goes out."""
    notes = []
    if not classification.material:
        notes.append("The change is editorial: no change e-mail is required; send one only if legal decides to.")
    if classification.undecided:
        notes.append("The change needs a legal decision: " + "; ".join(
            f"it {r.message} ({r.decide})" for r in classification.decision_reasons) + ". Record it as "
            "'change: {material: …, decided_by: …, decided_on: …}' before sending.")
    if classification.disagreement:
        notes.append(f"The recorded 'material:' disagrees with the data: {classification.disagreement}.")
    notes.extend(f"{r.message[:1].upper()}{r.message[1:]}: it {r.note}." for r in classification.reasons if r.note)
    if classification.material and not (change and change.reasons):
        notes.append("The version's 'change' gives no 'reasons': say why the notice changes.")
    if classification.material and not (change and change.impact):
        notes.append("The version's 'change' has no 'impact': say what the change means for readers "
                     "(WP260 para 31).")
    return tuple(notes)


def _join(words: list[str], conjunction: str = "and") -> str:
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"
