"""The "At a glance" layer of a notice page (the layered notice of the WP29 transparency guidelines, WP260
para 35-38), built from one version's facts: what information, from where, why, on what legal basis, shared
with whom, sent where, kept how long, the rights and how to use them, and whom to contact.

Every answer names the unit of the notice that states it (its anchor on the page), so a reader can go from
the summary to the words that govern. Where a version states no fact for a question, the answer says so
(`Answer.missing`) instead of guessing. The facts are read through the version's index and the registry of
fact kinds; `GlanceRow.kinds` names the kinds each question reads (tests check them against the registry).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..source.index import Entry, VersionIndex, node_attribute
from ..source.inline import plain
from ..source.model import Contact, Item, Paragraph, Retention, Section
from .glance_words import (
    BASIS_WORDS,
    RECIPIENT_WORDS,
    RIGHT_WORDS,
    ROLE_WORDS,
    SOURCE_WORDS,
    in_words,
    mechanism_words,
    region_words,
)

NOT_STATED = "Not stated in this notice"


@dataclass(frozen=True)
class Ref:
    """A link to a unit of the notice (`anchor`, an id on the page) or to an address (`href`)."""

    label: str
    anchor: str = ""
    href: str = ""


@dataclass(frozen=True)
class Answer:
    """One line of a row: `text` (linked to `anchor` when the unit is on the page), `detail`, further links."""

    text: str
    anchor: str = ""
    detail: str = ""
    refs: tuple[Ref, ...] = ()
    """The units that state it, when there are several (or the text is not itself linked)."""
    how: tuple[Ref, ...] = ()
    """Addresses to use: e-mail, telephone, web page."""
    missing: bool = False
    """The version states no fact here: the line says so."""

    def words(self) -> str:
        """The line as plain words, for comparing two versions' layers."""
        refs = ", ".join(ref.label for ref in self.refs)
        how = ", ".join(ref.label for ref in self.how)
        rest = " — ".join(part for part in (self.detail, refs, how) if part)
        separator = " " if self.text.endswith(":") else " — "
        return self.text + (separator + rest if rest else "")


@dataclass(frozen=True)
class GlanceRow:
    key: str
    question: str
    kinds: tuple[str, ...]
    """The fact kinds (registry names) the answers come from."""
    answers: tuple[Answer, ...]


@dataclass
class Units:
    """The version's units with facts: labels, anchors on the page and which units enclose which."""

    index: VersionIndex
    entries: list[Entry] = field(init=False)
    at: dict[tuple[object, ...], Entry] = field(init=False)
    faceted: dict[str, list[Entry]] = field(default_factory=dict)
    # Worked out once per entry: the rows and the CCPA tables ask about the same entries again and again.
    around: dict[tuple[object, ...], list[Entry]] = field(default_factory=dict)
    speakers: dict[tuple[object, ...], tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.entries = self.index.entries
        self.at = {entry.loc: entry for entry in self.entries}
        self.with_facets = list(self.index.faceted())

    def enclosing(self, entry: Entry) -> list[Entry]:
        """Sections and items around `entry`, innermost first (the entries whose place starts its place)."""
        found = self.around.get(entry.loc)
        if found is None:
            found = self.around[entry.loc] = [self.at[entry.loc[:end]] for end in range(len(entry.loc) - 1, 0, -1)
                                              if entry.loc[:end] in self.at]
        return found

    def anchor(self, entry: Entry) -> str:
        """The id of the unit on the page, else of the section around it."""
        if entry.id:
            return entry.id
        section = next((e for e in self.enclosing(entry) if e.kind == "section"), None)
        return section.id if section else ""

    def label(self, entry: Entry) -> str:
        node = entry.node
        if isinstance(node, (Paragraph, Item, Section)) and node.title:
            return plain(node.title).rstrip(" .:")
        # Imported here: the comparison's modules took about 0.015 s of every build's start, and a rebuild whose
        # layers are all in the cache labels nothing.
        from ..analyses.redline.compare import first_words

        text = node_attribute(node, "text")
        return first_words(plain(text)) if text else entry.id

    def covered(self, entry: Entry, ids: Iterable[str]) -> bool:
        """`entry`, or an item around it, is among `ids` (a parent item speaks for its sub-items)."""
        speakers = self.speakers.get(entry.loc)
        if speakers is None:
            speakers = self.speakers[entry.loc] = (entry.id, *(e.id for e in self.enclosing(entry) if e.kind == "item"))
        named = set(ids)
        return any(speaker in named for speaker in speakers)

    def with_facet(self, facet: str) -> list[Entry]:
        if facet not in self.faceted:
            self.faceted[facet] = [e for e in self.with_facets if getattr(e.node, facet) is not None]
        return self.faceted[facet]

    def ref(self, entry: Entry) -> Ref:
        return Ref(self.label(entry), self.anchor(entry))

    def by_id(self, ids: Iterable[str]) -> list[Entry]:
        return [self.index.by_id[i] for i in ids if i in self.index.by_id]


def _missing(text: str = NOT_STATED) -> tuple[Answer, ...]:
    return (Answer(text, missing=True),)


def _information(units: Units) -> tuple[Answer, ...]:
    answers = []
    for entry in units.with_facet("collects"):
        collects = entry.node.collects
        detail = ", ".join(collects.data) + ("; sensitive information" if collects.sensitive else "")
        answers.append(Answer(units.label(entry), units.anchor(entry), detail))
    return tuple(answers) or _missing()


def _sources(units: Units) -> tuple[Answer, ...]:
    by_source: dict[str, list[Ref]] = {}
    unsourced = []
    for entry in units.with_facet("collects"):
        sources = entry.node.collects.sources
        for source in sources:
            by_source.setdefault(str(source), []).append(units.ref(entry))
        if not sources:
            unsourced.append(units.ref(entry))
    answers = [Answer(in_words(SOURCE_WORDS, source) + ":", refs=tuple(refs)) for source, refs in by_source.items()]
    if unsourced:
        answers.append(Answer("Source not stated:", refs=tuple(unsourced), missing=True))
    return tuple(answers) or _missing()


def _purposes(units: Units) -> tuple[Answer, ...]:
    answers = []
    for entry in units.with_facet("use"):
        answers.append(Answer(entry.node.use.purpose, units.anchor(entry)))
    return tuple(answers) or _missing()


def _legal_bases(units: Units) -> tuple[Answer, ...]:
    uses = units.with_facet("use")
    answers = []
    for entry in units.with_facet("legal_basis"):
        purposes = [u.node.use.purpose for u in uses if entry.id and entry.id in u.node.use.legal_bases]
        detail = "for " + "; ".join(purposes) if purposes else ""
        answers.append(Answer(in_words(BASIS_WORDS, entry.node.legal_basis.basis), units.anchor(entry), detail))
    untied = [u for u in uses if not u.node.use.legal_bases]
    if untied and answers:
        answers.append(Answer(f"which basis applies is not stated for {len(untied)} of the {len(uses)} purposes",
                              missing=True))
    return tuple(answers) or _missing()


def _recipients(units: Units) -> tuple[Answer, ...]:
    version = units.index.version
    disclosures = units.with_facet("discloses")
    answers = []
    for recipient in version.recipients:
        stating = [units.ref(e) for e in disclosures if recipient.id in e.node.discloses.recipients]
        anchor = stating[0].anchor if stating else ""
        kind = in_words(RECIPIENT_WORDS, recipient.category)
        answers.append(Answer(recipient.name, anchor, "" if kind.casefold() == recipient.name.casefold() else kind,
                              refs=tuple(stating[1:])))
    return tuple(answers) or _missing()


def _transfers(units: Units) -> tuple[Answer, ...]:
    answers = []
    for transfer in units.index.version.transfers:
        origins = region_words(list(transfer.origins)).removeprefix("people in ")
        answers.append(Answer(f"From {origins} to {transfer.destination}", transfer.section or "",
                              mechanism_words(transfer.mechanism)))
    return tuple(answers) or _missing()


def _covers(retention: Retention, units: Units, entry: Entry) -> bool:
    return not retention.information or units.covered(entry, retention.information)


def _retention(units: Units) -> tuple[Answer, ...]:
    rules = units.index.version.retention
    answers = []
    for rule in rules:
        covers = "all information" if not rule.information else "; ".join(
            units.label(e) for e in units.by_id(rule.information))
        if rule.period or rule.criteria:
            text = rule.period or rule.criteria or ""
            answers.append(Answer(text, rule.section or "", covers))
        else:
            answers.append(Answer("No period or criteria stated", rule.section or "", covers, missing=True))
    uncovered = [units.ref(e) for e in units.with_facet("collects")
                 if not any(_covers(rule, units, e) for rule in rules)]
    if uncovered and rules:
        answers.append(Answer("No retention stated for:", refs=tuple(uncovered), missing=True))
    return tuple(answers) or _missing()


def contact_refs(contact: Contact) -> tuple[Ref, ...]:
    refs = []
    if contact.email:
        refs.append(Ref(contact.email, href=f"mailto:{contact.email}"))
    if contact.phone:
        refs.append(Ref(contact.phone, href="tel:" + contact.phone.replace(" ", "")))
    return tuple(refs)


def _rights(units: Units) -> tuple[Answer, ...]:
    """The rights by the people they are for: each right linked to its words, then the addresses to use."""
    groups: dict[str, tuple[list[Ref], list[Ref]]] = {}
    for entry in units.with_facet("right"):
        right = entry.node.right
        kinds, how = groups.setdefault(region_words(list(right.regions)), ([], []))
        for kind in right.kinds:
            label = in_words(RIGHT_WORDS, kind)
            # A right stated twice for the same people links its second unit by that unit's own words.
            kinds.append(Ref(units.label(entry) if label in [ref.label for ref in kinds] else label,
                             units.anchor(entry)))
        for contact in units.by_id(right.channels):
            how.extend(ref for ref in contact_refs(contact.node) if ref not in how)
    answers = [Answer(f"For {people}:", refs=tuple(kinds), how=tuple(how)) for people, (kinds, how) in groups.items()]
    return tuple(answers) or _missing()


def _contacts(units: Units) -> tuple[Answer, ...]:
    version = units.index.version
    shown = {block.node.contact for block in units.entries if block.kind == "contact-block"}
    contacts = {contact.id: contact for contact in version.contacts}

    def anchor(contact_id: str) -> str:
        return f"contact-{contact_id}" if contact_id in shown else ""

    controllers = [c for c in (version.controller, *version.controllers) if c is not None]
    answers = []
    for controller in controllers:
        where = f" ({', '.join(controller.regions)})" if controller.regions else ""
        contact = contacts.get(controller.contact)
        address, how = (", ".join(contact.address), contact_refs(contact)) if contact else ("", ())
        answers.append(Answer(f"Controller{where}: {controller.name}", anchor(controller.contact), address, how=how))
    for contact in version.contacts:
        if any(contact.id == controller.contact for controller in controllers):
            continue
        answers.append(Answer(f"{in_words(ROLE_WORDS, contact.role)}: {contact.name}", anchor(contact.id),
                              ", ".join(contact.address), how=contact_refs(contact)))
    for authority in version.supervisory_authorities:
        region = region_words([authority.region]).removeprefix("people in ")
        how = (Ref(authority.url, href=authority.url),) if authority.url else ()
        answers.append(Answer(f"Supervisory authority ({region}): {authority.name}", how=how))
    return tuple(answers) or _missing()


QUESTIONS = (
    ("information", "What information we collect", ("collects",), _information),
    ("sources", "Where it comes from", ("collects",), _sources),
    ("purposes", "Why we use it", ("use",), _purposes),
    ("legal-bases", "On what legal basis", ("legal_basis", "use"), _legal_bases),
    ("recipients", "Who we share it with", ("recipients", "discloses"), _recipients),
    ("transfers", "Transfers to other countries", ("transfers",), _transfers),
    ("retention", "How long we keep it", ("retention", "collects"), _retention),
    ("rights", "Your rights and how to use them", ("right", "contacts"), _rights),
    ("contacts", "Who we are and how to reach us",
     ("controller", "controllers", "contacts", "supervisory_authorities"), _contacts),
)
"""The layer's questions, in the order of GDPR Art. 13-14 as WP260 lays them out, with the fact kinds each reads."""


def glance_rows(index: VersionIndex, units: Units | None = None) -> tuple[GlanceRow, ...]:
    """The "At a glance" rows of one version; `units`, when given, are its units (shared with the CCPA tables)."""
    units = units or Units(index)
    return tuple(GlanceRow(key, question, kinds, build(units)) for key, question, kinds, build in QUESTIONS)
