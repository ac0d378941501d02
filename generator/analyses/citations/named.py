"""Facets are named in the words of the unit that carries them.

A paragraph or list item that carries `collects`, `use` or `discloses` must itself say what the
facet says: each data element, each source, the purpose and each recipient. Its text says it when
the fact's words occur in it (case, punctuation, spacing and inflection aside), or when the facet
quotes the words that state it (`quote:`), which must then occur in the text verbatim. A facet the
text cannot state carries an `unstated_reason` and is not checked.

A unit's text is its title, its paragraphs and, for a list item, its nested items: what a reader
sees of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ...source.index import Entry, VersionIndex
from ...source.inline import plain
from ...source.model import Collects, Discloses, Item, Paragraph, Use
from ...source.model.content import Quote
from ...source.problems import Loc, PendingProblem
from .matching import quotes, says
from .words import SOURCE_WORDS

QUOTE_PURPOSE = "purpose"
"""The key of `discloses.quote` that quotes the disclosure's purpose (other keys are recipient ids)."""


@dataclass(frozen=True)
class Claim:
    """One thing a facet names: where it is, what it says, and the key a quote of it uses."""

    loc: Loc
    what: str
    words: str
    key: str | None
    """The key of the facet's `quote` mapping; None for `use`, whose quote is the purpose's."""
    source: str | None = None
    """For a source tag: its value, matched by the words of `SOURCE_WORDS` rather than by `words`."""


def unit_text(node: Paragraph | Item) -> str:
    """What a reader sees of a paragraph or item: title, text, nested items and the text after them."""
    parts = [node.title, node.text]
    if isinstance(node, Item):
        parts += [unit_text(item) for item in node.items] + [node.after]
    return "\n".join(plain(part) for part in parts if part)


def unit_name(index: VersionIndex, entry: Entry) -> str:
    """How an error names the unit: its id, or the section a paragraph without id is in."""
    if entry.id:
        return f"'{entry.id}'"
    section = next((e.id for e in reversed(index.entries)
                    if e.kind == "section" and entry.loc[:len(e.loc)] == e.loc), "?")
    return f"a paragraph of '{section}'"


def text_loc(entry: Entry) -> Loc:
    node = entry.node
    return (*entry.loc, "text" if node.text else "title")


def _collects(loc: Loc, fact: Collects) -> Iterator[Claim]:
    for position, data in enumerate(fact.data):
        yield Claim((*loc, "data", position), f"'{data}'", data, data)
    for position, source in enumerate(fact.sources):
        yield Claim((*loc, "sources", position), f"it comes from '{source}'", str(source), str(source), str(source))


def _use(loc: Loc, fact: Use) -> Iterator[Claim]:
    yield Claim((*loc, "purpose"), f"the purpose '{fact.purpose}'", fact.purpose, None)


def _discloses(loc: Loc, fact: Discloses, index: VersionIndex) -> Iterator[Claim]:
    recipients = index.of_kind("recipients")
    for position, recipient in enumerate(fact.recipients):
        named = recipients.get(recipient)
        if named is not None:  # a dangling id is reported by the reference checker
            yield Claim((*loc, "recipients", position), f"the recipient '{named.name}'", named.name, recipient)
    if fact.purpose:
        yield Claim((*loc, "purpose"), f"the purpose '{fact.purpose}'", fact.purpose, QUOTE_PURPOSE)


def _phrases(quote: Quote | None) -> list[str]:
    return [] if quote is None else [quote] if isinstance(quote, str) else quote


def _stated(claim: Claim, text: str, quote: Quote | None) -> bool:
    phrases = _phrases(quote)
    if phrases and all(quotes(text, phrase) for phrase in phrases):
        return True
    if claim.source is not None:
        return SOURCE_WORDS[claim.source].search(text) is not None
    return says(text, claim.words)


def _quote_of(fact: Collects | Use | Discloses, claim: Claim) -> Quote | None:
    if isinstance(fact, Use):
        return fact.quote
    return fact.quote.get(claim.key) if claim.key is not None else None


def _quote_hint(claim: Claim) -> str:
    form = '"…"' if claim.key is None else f'{{{claim.key}: "…"}}'
    return f"; quote the words that state it (quote: {form}) or add unstated_reason"


def facet_citations(version_path: Path, index: VersionIndex) -> Iterator[PendingProblem]:
    """Every facet element its unit's text does not state, and every quote its text does not hold."""
    for entry in index.faceted():
        node = entry.node
        text = unit_text(node)
        for name, fact in (("collects", node.collects), ("use", node.use), ("discloses", node.discloses)):
            if fact is None or fact.unstated_reason:
                continue
            loc = (*entry.loc, name)
            claims = list(_claims(loc, fact, index))
            yield from _bad_quotes(version_path, index, entry, loc, fact, claims, text)
            for claim in claims:
                if not _stated(claim, text, _quote_of(fact, claim)):
                    yield PendingProblem(version_path, claim.loc,
                                         f"the fact says {claim.what} but the text of {unit_name(index, entry)} "
                                         "does not say it", also=text_loc(entry), advice=_quote_hint(claim))


def _claims(loc: Loc, fact: Collects | Use | Discloses, index: VersionIndex) -> Iterator[Claim]:
    if isinstance(fact, Collects):
        yield from _collects(loc, fact)
    elif isinstance(fact, Use):
        yield from _use(loc, fact)
    else:
        yield from _discloses(loc, fact, index)


def _bad_quotes(path: Path, index: VersionIndex, entry: Entry, loc: Loc, fact: Collects | Use | Discloses,
                claims: list[Claim], text: str) -> Iterator[PendingProblem]:
    given = {None: fact.quote} if isinstance(fact, Use) else dict(fact.quote)
    keys = {claim.key for claim in claims}
    for key, quote in given.items():
        here = (*loc, "quote") if key is None else (*loc, "quote", key)
        if key not in keys:
            yield PendingProblem(path, here, f"the quote for '{key}' names nothing the fact says: use one of its "
                                 "data elements, sources, recipient ids or 'purpose' as the key", at_key=True)
            continue
        for position, phrase in enumerate(_phrases(quote)):
            if not quotes(text, phrase):
                yield PendingProblem(path, here if isinstance(quote, str) else (*here, position),
                                     f"the quote \"{phrase}\" is not in the text of {unit_name(index, entry)}: copy "
                                     "the words exactly as the text has them", also=text_loc(entry))
