"""Tags the text does not back: a compliance pass must not rest on them.

Two tags earn compliance passes on their own: the sources of collected information (GDPR Art.
14(2)(f) asks for the source of information not obtained from the reader) and the role of a
representative (Art. 27 and UK GDPR Art. 27). The text must back each of them:

* an indirect source (`third-parties`, `partners`) must be *named* by the unit's words: "via third
  parties" says that there is a source, not which; a quote that names it (`quote: {third-parties:
  "a third party site, e.g., Facebook"}`) or words such as "identity verification vendor" do;
* a representative named in the text must be introduced as that representative: a UK representative
  whose paragraph calls it the "EU Representative" is not stated.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ...source.index import Entry, VersionIndex
from ...source.model import Collects, Contact, ContactBlock, Source
from ...source.problems import Loc, PendingProblem
from .matching import normalised_words, quotes
from .named import text_loc, unit_name, unit_text
from .words import GENERIC_SOURCE_WORDS, REPRESENTATIVE_WORDS, SOURCE_WORDS

INDIRECT = (Source.THIRD_PARTIES, Source.PARTNERS)


@dataclass(frozen=True)
class UnnamedSource:
    """An indirect source its unit does not name: where, which, and the words that only allude to it."""

    entry: Entry
    loc: Loc
    source: str
    words: str | None


def _source_words(fact: Collects, source: str, text: str) -> str | None:
    quote = fact.quote.get(source)
    phrases = [] if quote is None else [quote] if isinstance(quote, str) else quote
    if phrases and all(quotes(text, phrase) for phrase in phrases):
        return " ".join(phrases)
    found = SOURCE_WORDS[source].search(text)
    return found.group(0) if found else None


def unnamed_sources(index: VersionIndex) -> list[UnnamedSource]:
    """Every third-party or partner source tag whose unit does not name the source."""
    found = []
    for entry in index.faceted():
        fact = entry.node.collects
        if fact is None or fact.unstated_reason:
            continue
        text = unit_text(entry.node)
        for position, source in enumerate(fact.sources):
            if source not in INDIRECT:
                continue
            words = _source_words(fact, str(source), text)
            if words is None or set(normalised_words(words)) <= GENERIC_SOURCE_WORDS:
                found.append(UnnamedSource(entry, (*entry.loc, "collects", "sources", position), str(source), words))
    return found


@dataclass(frozen=True)
class MisnamedRole:
    """A representative whose introducing paragraph does not call it that: the paragraph, and what it says."""

    position: int
    contact: Contact
    title: str
    entry: Entry | None
    said: str | None


def _introduction(index: VersionIndex, contact: Contact) -> Entry | None:
    """The paragraph that names the contact: the one just before its address block, else the first."""
    naming = [e for e in index.faceted() if contact.name in unit_text(e.node)]
    for block_entry in index.entries:
        node = block_entry.node
        if isinstance(node, ContactBlock) and node.contact == contact.id and isinstance(block_entry.loc[-1], int):
            before = (*block_entry.loc[:-1], block_entry.loc[-1] - 1)
            found = next((e for e in naming if e.loc == before), None)
            if found is not None:
                return found
    return naming[0] if naming else None


def misnamed_representatives(index: VersionIndex) -> Iterator[MisnamedRole]:
    """Every EU or UK representative whose introducing text does not name its role (or names the other)."""
    for position, contact in enumerate(index.version.contacts):
        role = str(contact.role)
        if role not in REPRESENTATIVE_WORDS:
            continue
        title, own = REPRESENTATIVE_WORDS[role]
        entry = _introduction(index, contact)
        if entry is None:
            continue  # not shown at all: the compliance checks report that
        text = unit_text(entry.node)
        if own.search(text):
            continue
        other = next((m.group(0) for r, (_, p) in REPRESENTATIVE_WORDS.items() if r != role and (m := p.search(text))),
                     None)
        yield MisnamedRole(position, contact, title, entry, other)


def representative_citations(path: Path, index: VersionIndex) -> Iterator[PendingProblem]:
    """A representative's role agrees with the words that introduce it."""
    for role in misnamed_representatives(index):
        assert role.entry is not None
        where = unit_name(index, role.entry)
        said = f"calls it \"{role.said}\"" if role.said else f"does not call it the {role.title}"
        yield PendingProblem(path, ("contacts", role.position, "role"),
                             f"the fact says '{role.contact.name}' is the {role.title} but the text of {where} {said}",
                             also=text_loc(role.entry))
