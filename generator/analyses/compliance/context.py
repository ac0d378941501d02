"""What a check sees of one version, and the questions checks ask of it.

Checks read the structured facts first (facets, contacts, transfers); where the schema holds no
fact for a requirement they fall back to the prose, within the sections addressed to the
jurisdiction, and say so in their messages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from ...library.project import Notice, NoticeVersion
from ...source.index import Entry, VersionIndex
from ...source.model import (
    Contact,
    ContactBlock,
    ContactRole,
    Controller,
    Facets,
    Item,
    Paragraph,
    Right,
    RightKind,
    Section,
    Version,
)
from ...source.problems import Loc

GDPR_REGIONS = ("eea", "eu", "uk", "ch")
EEA_COUNTRIES = frozenset({
    "austria", "belgium", "bulgaria", "croatia", "cyprus", "czech republic", "czechia", "denmark", "estonia",
    "finland", "france", "germany", "greece", "hungary", "ireland", "italy", "latvia", "lithuania",
    "luxembourg", "malta", "netherlands", "the netherlands", "poland", "portugal", "romania", "slovakia",
    "slovenia", "spain", "sweden", "iceland", "liechtenstein", "norway",
})
UK_COUNTRIES = frozenset({"united kingdom", "uk", "great britain", "england", "scotland", "wales",
                          "northern ireland"})


@dataclass
class CheckContext:
    """One version of one notice, checked for the selected jurisdictions as of a date."""

    notice: Notice
    version: NoticeVersion
    as_of: dt.date
    selected: frozenset[str]
    """Jurisdiction ids selected for this run (regions and check families)."""
    previous: NoticeVersion | None = None
    notice_period_days: int = 30
    """Advance notice of material changes: the notice's own setting, else the site's."""

    @property
    def data(self) -> Version:
        return self.version.data

    @property
    def index(self) -> VersionIndex:
        return self.version.index

    def regions(self, *candidates: str) -> list[str]:
        """The candidates that this run checks, in the order given."""
        return [c for c in candidates if c in self.selected]

    @property
    def gdpr_regions(self) -> list[str]:
        return self.regions(*GDPR_REGIONS) or ["eea"]

    # --- entries and their places -------------------------------------------------------------

    @cached_property
    def entries(self) -> list[Entry]:
        return [e for e in self.index.entries if isinstance(e.node, (Section, Paragraph, Item))]

    def faceted(self, facet: str) -> list[Entry]:
        """Paragraphs and items that carry `facet` (e.g. 'use'), in document order."""
        return [e for e in self.entries if isinstance(e.node, Facets) and getattr(e.node, facet) is not None]

    def ancestors(self, entry: Entry) -> list[Entry]:
        """Enclosing sections and items, innermost first."""
        return [e for e in reversed(self.entries) if len(e.loc) < len(entry.loc) and entry.loc[: len(e.loc)] == e.loc]

    def covered(self, entry: Entry, ids: set[str]) -> bool:
        """`entry` or an item that encloses it is among `ids` (a parent item speaks for its sub-items)."""
        return entry.id in ids or any(a.id in ids for a in self.ancestors(entry) if a.kind == "item")

    def section_of(self, entry: Entry) -> Entry | None:
        if entry.kind == "section":
            return entry
        return next((a for a in self.ancestors(entry) if a.kind == "section"), None)

    def addressed_to(self, entry: Entry, region: str | None) -> bool:
        """Whether the sections around `entry` address `region` (sections with no jurisdictions address all)."""
        if region is None:
            return True
        chain = [entry, *self.ancestors(entry)]
        for node in (e.node for e in chain if isinstance(e.node, Section)):
            if node.jurisdictions and region not in node.jurisdictions:
                return False
        return True

    # --- prose --------------------------------------------------------------------------------

    @staticmethod
    def prose(entry: Entry) -> str:
        node = entry.node
        parts = [getattr(node, "title", None), getattr(node, "text", None)]
        return " ".join(p for p in parts if p)

    def paragraphs(self, region: str | None = None) -> list[Entry]:
        """Paragraphs and items addressed to `region` (or to everyone)."""
        return [e for e in self.entries if e.kind != "section" and self.addressed_to(e, region)]

    def search(self, pattern: str | re.Pattern[str], region: str | None = None) -> Entry | None:
        """The first paragraph or item (addressed to `region`) whose prose matches `pattern`."""
        regex = re.compile(pattern, re.IGNORECASE) if isinstance(pattern, str) else pattern
        return next((e for e in self.paragraphs(region) if regex.search(self.prose(e))), None)

    def section_prose(self, section: Entry) -> str:
        """All prose inside a section and its sub-sections."""
        inside = [e for e in self.entries if e.loc[: len(section.loc)] == section.loc and e is not section]
        return " ".join([section.node.title or "", *(self.prose(e) for e in inside)])

    # --- where missing elements belong --------------------------------------------------------

    def find_section(self, *keywords: str, region: str | None = None) -> Entry | None:
        """The first section whose id or title contains a keyword (tried in order), addressed to `region`."""
        sections = [e for e in self.entries if e.kind == "section"]
        for keyword in keywords:
            for entry in sections:
                haystack = f"{entry.id} {entry.node.title or ''}".lower()
                if keyword.lower() in haystack and self.addressed_to(entry, region):
                    return entry
        return None

    def home(self, *keywords: str, region: str | None = None, near: Iterable[Entry] = ()) -> tuple[Loc, str]:
        """Where a missing element belongs: a section near related facts, else one named by a keyword.

        Returns the section's place and words for the message; the version's `sections` list when
        no section fits.
        """
        for entry in near:
            section = self.section_of(entry)
            if section is not None:
                return section.loc, f"section '{section.id}' ({section.node.title or 'untitled'})"
        section = self.find_section(*keywords, region=region)
        if section is not None:
            return section.loc, f"section '{section.id}' ({section.node.title or 'untitled'})"
        return ("sections",), "a new section of this version"

    def section_loc(self, section_id: str | None) -> Loc | None:
        entry = self.index.by_id.get(section_id or "")
        return entry.loc if entry is not None and entry.kind == "section" else None

    # --- facts --------------------------------------------------------------------------------

    @staticmethod
    def covers(right_regions: Iterable[str], region: str) -> bool:
        """A right stated for `right_regions` applies in `region` (the EEA includes the EU)."""
        regions = set(right_regions)
        if "worldwide" in regions or region in regions:
            return True
        return region in ("eea", "eu") and bool(regions & {"eea", "eu"})

    def rights(self, kinds: Iterable[RightKind], region: str | None = None) -> list[Entry]:
        """Entries granting any of `kinds` in `region` (any region when None)."""
        wanted = set(kinds)
        found = []
        for entry in self.faceted("right"):
            right: Right = entry.node.right
            if wanted & set(right.kinds) and (region is None or self.covers(right.regions, region)):
                found.append(entry)
        return found

    def contacts(self, *roles: ContactRole) -> list[tuple[int, Contact]]:
        return [(i, c) for i, c in enumerate(self.data.contacts) if not roles or c.role in roles]

    def contact_published(self, contact: Contact) -> bool:
        """The contact's details reach the reader: an address block, or its e-mail or phone in the prose."""
        for entry in self.index.entries:
            if isinstance(entry.node, ContactBlock) and entry.node.contact == contact.id:
                return True
        needles = [n for n in (contact.email, contact.phone) if n]
        texts = [self.prose(e) for e in self.paragraphs()]
        return any(needle in text for needle in needles for text in texts)

    @cached_property
    def controller_contact(self) -> Contact | None:
        controller = self.data.controller
        return self.index.contact(controller.contact) if controller else None

    def controllers(self) -> list[tuple[Loc, Controller]]:
        """The controller and the further controllers, each with its place."""
        main = [(("controller",), self.data.controller)] if self.data.controller is not None else []
        return main + [(("controllers", i), c) for i, c in enumerate(self.data.controllers)]

    def controller_for(self, region: str | None) -> tuple[Loc, Controller] | None:
        """The controller responsible for `region`: the one whose `jurisdictions` cover it, else one that names
        none (responsible wherever no other is); None when every controller names regions and none this one."""
        entries = self.controllers()
        if region is not None:
            for loc, controller in entries:
                if controller.jurisdictions and self.covers(controller.jurisdictions, region):
                    return loc, controller
        return next(((loc, c) for loc, c in entries if not c.jurisdictions), None)

    def contact_for(self, region: str | None) -> Contact | None:
        """The contact of the controller responsible for `region`."""
        found = self.controller_for(region)
        return self.index.contact(found[1].contact) if found is not None else None

    def controller_outside(self, countries: frozenset[str], region: str | None = None) -> bool:
        """True unless the contact of `region`'s controller says it is in one of `countries` (unknown: outside)."""
        contact = self.contact_for(region)
        country = (contact.country or "").strip().lower() if contact else ""
        return country not in countries

    def sensitive(self) -> list[Entry]:
        return [e for e in self.faceted("collects") if e.node.collects.sensitive]

    def bases(self, basis: str) -> list[Entry]:
        return [e for e in self.faceted("legal_basis") if e.node.legal_basis.basis == basis]

    def links_like(self, pattern: str) -> list[str]:
        """Ids of the version's links whose id or title matches `pattern` (e.g. a separate CCPA notice)."""
        regex = re.compile(pattern, re.IGNORECASE)
        return [link.id for link in self.data.links if regex.search(f"{link.id} {link.title}")]
