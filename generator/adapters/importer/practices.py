"""Suggested purposes, international transfers and retention, each with the words that justify it.

Purposes become a `use` facet on the unit that states them; transfers and retention are facts of
the version (`transfers:`, `retention:`) pointing at the unit's section. A transfer is suggested
only when the text names where the data comes from and the mechanism that makes it lawful; a
retention rule always quotes its criteria, and its period when the text states one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .slugs import lead_in, to_id

Candidate = tuple[str, dict[str, Any] | None, list[str], list[dict[str, Any]]]
"""(facet, value or None when it needs a legal decision, evidence words, facts it needs)."""

_PURPOSE = re.compile(
    r"\b(?:use|uses|process|processes)\s+(?:your\s+|the\s+|this\s+|such\s+)?(?:personal\s+)?"
    r"(?:data|information|[\w-]+\s+address)\b(?:\s+we\s+collect)?\s+(?:to|for)\s+(?!the following)([^.;:]{4,160})",
    re.IGNORECASE)
_MECHANISMS = (
    (r"standard contractual clauses", "standard-contractual-clauses"),
    (r"data privacy framework", "eu-us-data-privacy-framework"),
    (r"swiss[- ]u\.?s\.? privacy shield", "swiss-us-privacy-shield"),
    (r"privacy shield", "eu-us-privacy-shield"),
    (r"binding corporate rules", "binding-corporate-rules"),
    (r"international data transfer agreement", "uk-idta"),
    (r"adequacy decisions?", "adequacy"),
)
_ORIGINS = (("european economic area", "eea"), ("eea", "eea"), ("european union", "eu"), ("united kingdom", "uk"),
            ("switzerland", "ch"))
_TRANSFER = re.compile(r"\btransfer\w*\b[^.]{0,160}?\bto\s+(the United States|the U\.S\.|other countries|third "
                       r"countries|countries outside [^,.;]+)", re.IGNORECASE)
_RETAIN = re.compile(r"\b(?:retain|retention|keep your (?:personal )?(?:data|information))\b", re.IGNORECASE)
_HOW_LONG = re.compile(r"as long as|period|until|\b(days?|weeks?|months?|years?)\b|delet|necessary", re.IGNORECASE)
_PERIOD = re.compile(r"\b(?:within|for|after|up to)\s+(\d+\s+(?:days?|weeks?|months?|years?)[^,.;]{0,40})",
                     re.IGNORECASE)


def _sentence(words: str, start: int) -> str:
    """The sentence of `words` around position `start`."""
    begin = max(words.rfind(". ", 0, start) + 2, 0) if words.rfind(". ", 0, start) >= 0 else 0
    end = words.find(". ", start)
    return words[begin:end + 1 if end >= 0 else len(words)].strip()


def purposes(words: str) -> Iterator[Candidate]:
    """The unit's first stated purpose: a unit holds one `use`."""
    match = _PURPOSE.search(words)
    if match:
        purpose = re.sub(r"\s+", " ", match.group(1)).strip(" ,")
        yield "use", {"purpose": purpose, "quote": match.group(0)}, [match.group(0)], []


def transfers(words: str, section: str | None) -> Iterator[Candidate]:
    route = _TRANSFER.search(words)
    if route is None:
        return
    lowered = words.casefold()
    origins = sorted({region for name, region in _ORIGINS if name in lowered})
    mechanisms = [(re.search(pattern, words, re.IGNORECASE), mechanism) for pattern, mechanism in _MECHANISMS]
    found = [(hit.group(0), mechanism) for hit, mechanism in mechanisms if hit]
    evidence = [route.group(0), *(hit for hit, _ in found)]
    if not origins or not found:
        yield "transfers", None, evidence, []
        return
    destination = re.sub(r"^the\s+", "", route.group(1))
    destination = "United States" if re.search(r"united states|u\.s\.", destination, re.IGNORECASE) else (
        destination[0].upper() + destination[1:])
    mechanism = found[0][1]
    value = {"id": to_id(f"{'-'.join(origins)} to {destination} {mechanism}"), "origins": origins,
             "destination": destination, "mechanism": mechanism}
    if section:
        value["section"] = section
    yield "transfers", value, evidence, []


def retention(words: str, section: str | None) -> Iterator[Candidate]:
    hit = _RETAIN.search(words)
    criteria = _sentence(words, hit.start()) if hit else ""
    if hit is None or not _HOW_LONG.search(criteria):  # "we collect and retain messages" says nothing of how long
        return
    value: dict[str, Any] = {"id": to_id(f"retention {section or ''} {lead_in(criteria, 4)}"), "criteria": criteria}
    period = _PERIOD.search(criteria)
    if period:
        value["period"] = period.group(1).strip()
    if section:
        value["section"] = section
    yield "retention", value, [hit.group(0), *([period.group(0)] if period else [])], []
