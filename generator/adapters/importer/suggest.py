"""Suggested facts: candidate facets for each paragraph and item, with the words that justify them.

Each suggested facet quotes the words that justify it (`quote:`), as a facet must name its facts in
its unit's own words. Nothing here is applied silently. `suggest` writes candidates to
`import/suggestions.yaml`; a lawyer accepts or rejects each (`notices import --review NOTICE`, or
`decision: accept` by hand), and only accepted ones are written into the versions. A unit whose
text is the same as in the previous version follows the decision taken there, so later versions
queue only changed text.
Purposes, transfers and retention are suggested with values (`practices.py`); a transfer whose
origin or mechanism the text does not name, the controller and contacts need a legal decision to
state: they are listed with their words but have no value to accept, and are written by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ...source.inline import plain
from .practices import Candidate, purposes, retention, transfers

_RIGHTS = (
    (r"right to know|right to access|access (to )?(your|the) (personal )?(data|information)", "know"),
    (r"\bdelet(e|ion)\b", "delete"),
    (r"right to correct|\bcorrect(ion)? (of )?(inaccurate|your)", "correct"),
    (r"opt[- ]out (of|from) (the |future )?[“\"']?sales?\b|do not sell my", "opt-out-of-sale"),
    (r"opt[- ]out of [“\"']?sharing\b|do not (sell or )?share my", "opt-out-of-sharing"),
    (r"non-?discriminat", "non-discrimination"),
    (r"portab", "portability"),
    (r"\brectif", "rectification"),
    (r"\berasure\b", "erasure"),
    (r"right to object|\bobject to\b", "object"),
    (r"restrict(ion)? (of )?(the )?processing", "restriction"),
    (r"withdraw (your )?consent", "withdraw-consent"),
    (r"lodge a complaint|complain to (a|the|your) (data protection|supervisory)", "complain"),
)
_BASES = (
    (r"legitimate interests?", "legitimate-interests"),
    (r"\b(your|with) consent\b|consent to", "consent"),
    (r"perform(ance of)? (a|the|our) contract|necessary to (perform|fulfil)", "contract"),
    (r"legal obligations?", "legal-obligation"),
)
_SENSITIVE = r"sensitive (personal )?(data|information)"
_ADVERTISING = r"targeted advertising|cross[- ]context(ual)? (behavioral )?advertising|sell(ing)? (your )?personal"
_BY_HAND = (
    ("controller", r"data controller|\bcontroller\b"),
    ("contacts", r"contact us|\bdata protection officer\b"),
)
_REGIONS = (("california", "us-ca"), ("u.s.", "us"), ("united states", "us"), ("europe", "eea"), ("eea", "eea"),
            ("united kingdom", "uk"))
ADVERTISERS = {"id": "advertisers", "name": "Advertisers", "category": "third-party"}


@dataclass
class Suggestion:
    version: str
    path: list[str | int]
    unit: str
    facet: str
    value: dict[str, Any] | None
    evidence: list[str]
    text: str
    decision: str | None = None
    same_as: str | None = None
    applied: bool = False
    needs: list[dict[str, Any]] = field(default_factory=list)

    def as_yaml(self) -> dict[str, Any]:
        data: dict[str, Any] = {"version": self.version, "path": self.path, "unit": self.unit, "text": self.text,
                                "facet": self.facet, "value": self.value, "evidence": self.evidence,
                                "decision": self.decision}
        if self.same_as:
            data["same_as"] = self.same_as
        if self.needs:
            data["needs"] = self.needs
        if self.applied:
            data["applied"] = True
        return data


def _found(pattern: str, text: str) -> list[str]:
    return [m.group(0) for m in re.finditer(pattern, text, re.IGNORECASE)]


def _regions(context: str) -> list[str]:
    lowered = context.casefold()
    found = [region for word, region in _REGIONS if word in lowered]
    return sorted(set(found)) or ["worldwide"]


FoundUnit = tuple[list[str | int], dict[str, Any], str, str | None]
"""(YAML path, the paragraph or item, the titles of the sections it is in, the id of its section)."""


def candidates(text: str, context: str, section: str | None = None) -> Iterator[Candidate]:
    """The candidate facets of one unit's text; `section` is the id of the section it is in."""
    words = plain(text)
    kinds: dict[str, list[str]] = {}
    for pattern, kind in _RIGHTS:
        for hit in _found(pattern, words):
            kinds.setdefault(kind, []).append(hit)
    if kinds and re.search(r"\bright|\bopt[- ]out|\brequest", words, re.IGNORECASE):
        evidence = [hit for hits in kinds.values() for hit in hits]
        yield "right", {"kinds": sorted(kinds), "regions": _regions(context)}, evidence, []
    sensitive = _found(_SENSITIVE, words)
    if sensitive:
        data = sensitive[0].lower()
        yield "collects", {"data": [data], "sensitive": True, "quote": {data: sensitive[0]}}, sensitive, []
    refused = re.search(r"\b(do|does|will) not sell|\bnever sell", words, re.IGNORECASE)
    advertising = [hit for hit in _found(_ADVERTISING, words) if not (refused and hit.lower().startswith("sell"))]
    if advertising and re.search(r"\bshar|\bsell|\bdisclos", words, re.IGNORECASE):
        # The words that justify the suggestion are the words that state the recipient and the purpose.
        value = {"recipients": ["advertisers"], "purpose": "targeted advertising",
                 "quote": {"advertisers": advertising[0], "purpose": advertising[0]}}
        yield "discloses", value, advertising, [ADVERTISERS]
    for pattern, basis in _BASES:
        hits = _found(pattern, words)
        if hits and re.search(r"legal basis|lawful basis|bases|basis", words, re.IGNORECASE):
            yield "legal_basis", {"basis": basis}, hits, []
            break
    yield from purposes(words)
    yield from transfers(words, section)
    yield from retention(words, section)
    for facet, pattern in _BY_HAND:
        hits = _found(pattern, words)
        if hits:
            yield facet, None, hits, []


def _units(sections: list[dict[str, Any]], path: list[str | int], context: str) -> Iterator[FoundUnit]:
    for s_index, section in enumerate(sections):
        here: list[str | int] = [*path, s_index]
        where = f"{context} {section.get('title', '')}"
        for b_index, block in enumerate(section.get("blocks", [])):
            b_path: list[str | int] = [*here, "blocks", b_index]
            if "text" in block and "header" not in block:
                yield b_path, block, where, section.get("id")
            yield from _items(block.get("items", []), [*b_path, "items"], where, section.get("id"))
        yield from _units(section.get("sections", []), [*here, "sections"], where)


def _items(items: list[dict[str, Any]], path: list[str | int], context: str,
           section: str | None) -> Iterator[FoundUnit]:
    for index, item in enumerate(items):
        yield [*path, index], item, context, section
        yield from _items(item.get("items", []), [*path, index, "items"], context, section)


def _text(unit: dict[str, Any]) -> str:
    return " ".join(str(unit.get(k, "")) for k in ("title", "text", "after") if unit.get(k))


def suggest(versions: list[dict[str, Any]]) -> list[Suggestion]:
    """Suggestions for every version, oldest first; unchanged units point at their earlier suggestion."""
    found: list[Suggestion] = []
    earlier: dict[tuple[str, str, str], str] = {}
    for data in versions:
        date = data["effective"].isoformat()
        for path, unit, context, section in _units(data["sections"], ["sections"], ""):
            text = _text(unit)
            if not text:
                continue
            label = unit.get("id") or " ".join(plain(text).split()[:8])
            for facet, value, evidence, needs in candidates(text, context, section):
                key = (text, facet, repr(value))
                found.append(Suggestion(date, path, label, facet, value, evidence, text[:200],
                                        same_as=earlier.get(key), needs=needs))
                earlier.setdefault(key, date)
    return found
