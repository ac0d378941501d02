"""What the prose says, as the citation rules read it: durations, transfer mechanisms, change clauses."""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBERS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty": 20,
           "twenty-four": 24, "thirty": 30, "thirty-six": 36, "sixty": 60, "ninety": 90}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
DURATION = re.compile(r"\b(\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")(?:\s*\(\d+\))?[\s-]+"
                      r"(day|week|month|year)s?\b", re.IGNORECASE)


@dataclass(frozen=True)
class Duration:
    days: int
    words: str


def durations(text: str) -> list[Duration]:
    """Every period a text states ('five years', '30 days', 'a year')."""
    found = []
    for match in DURATION.finditer(text):
        count = match.group(1).lower()
        number = int(count) if count.isdigit() else NUMBERS[count]
        found.append(Duration(number * _UNIT_DAYS[match.group(2).lower()], match.group(0)))
    return found


MECHANISM_NAMES: dict[str, tuple[str, re.Pattern[str]]] = {
    "eu-us-privacy-shield": ("the EU-U.S. Privacy Shield", re.compile(
        r"\bEU[-–‑ ]U\.?S\.?\b.{0,40}Privacy Shield|\bPrivacy Shield\b(?!.{0,20}Swiss)", re.IGNORECASE)),
    "swiss-us-privacy-shield": ("the Swiss-U.S. Privacy Shield", re.compile(
        r"\bSwiss[-–‑ ]U\.?S\.?\b.{0,40}Privacy Shield", re.IGNORECASE)),
    "eu-us-data-privacy-framework": ("the Data Privacy Framework", re.compile(
        r"\bData Privacy Framework\b|\bDPF\b", re.IGNORECASE)),
    "standard-contractual-clauses": ("Standard Contractual Clauses", re.compile(
        r"\bstandard (contractual|data protection) clauses\b|\bSCCs\b|\bmodel clauses\b", re.IGNORECASE)),
    "adequacy": ("an adequacy decision", re.compile(r"\badequacy (decision|finding|regulations?)\b|\badequate level "
                                                      r"of (data )?protection\b", re.IGNORECASE)),
    "binding-corporate-rules": ("Binding Corporate Rules", re.compile(
        r"\bbinding corporate rules\b|\bBCRs?\b", re.IGNORECASE)),
    "uk-idta": ("the UK International Data Transfer Agreement", re.compile(
        r"\bInternational Data Transfer Agreement\b|\bIDTA\b", re.IGNORECASE)),
    "uk-addendum": ("the UK Addendum", re.compile(r"\bUK Addendum\b|\bInternational Data Transfer Addendum\b",
                                                  re.IGNORECASE)),
}
"""For each transfer mechanism: what it is called, and how the text names it."""

DPF_VARIANTS: dict[str, tuple[str, re.Pattern[str]]] = {
    "uk": ("the UK Extension to the EU-U.S. Data Privacy Framework", re.compile(r"\bUK Extension\b", re.IGNORECASE)),
    "ch": ("the Swiss-U.S. Data Privacy Framework", re.compile(
        r"\bSwiss[-–‑ ]U\.?S\.?\b.{0,10}(Data Privacy Framework|DPF)\b", re.IGNORECASE)),
}
"""The Data Privacy Framework's variants by origin: a transfer from the UK or Switzerland names its own."""

IMMEDIATE = re.compile(r"\beffective immediately\b|\bimmediately upon posting\b|\bwithout (prior )?notice\b",
                       re.IGNORECASE)
IN_ADVANCE = re.compile(r"\bin advance\b|\bbefore (it|they|the changes?) (takes?|come) (into )?effect\b|"
                        r"\b(at least )?\d+ days'? (before|prior|in advance)\b|\bprior notice\b", re.IGNORECASE)
CHANNEL_WORDS: dict[str, re.Pattern[str]] = {
    "email": re.compile(r"\be-?mail\b", re.IGNORECASE),
    "site-notice": re.compile(r"\b(post(ing|ed)?|notice on our (site|website)|homepage|banner)\b", re.IGNORECASE),
    "in-app": re.compile(r"\b(in[- ]app|in the app|notification)\b", re.IGNORECASE),
    "effective-date": re.compile(r"\b(effective|last updated|revision) date\b|\bdate (at|on) the top\b",
                                 re.IGNORECASE),
}
"""How a change clause names each channel of the change policy."""

# What an automated decision's own section must say: that it is automated, and the safeguards the fact claims.
AUTOMATED = re.compile(r"automated decision|automatically decide|profiling|predictive", re.IGNORECASE)
HUMAN_REVIEW = re.compile(r"\bhuman (review|intervention|reviewer)|\breviewed by (a |an |our )?(person|human|member|"
                          r"staff|reviewer)|\b(a person|staff member|member of (our )?staff|reviewer) (will |then )?"
                          r"reviews?\b|\bmanual(ly)? review", re.IGNORECASE)
CONTEST = re.compile(r"\bcontest\b|\bchallenge\b|\bappeal\b|\bexpress (your|their) (point of )?view", re.IGNORECASE)
NOT_SOLD = re.compile(r"\b(do|does|will) not sell\b|\bnever sells?\b|\bnot sold\b", re.IGNORECASE)
SOLD = re.compile(r"\bwe (may |also )?sell\b|\b(is|are|may be) sold\b", re.IGNORECASE)
NOT_SHARED = re.compile(r"\b(do|does|will) not (sell (or|and) )?share\b[^.]{0,120}(cross-context|advertis)|"
                        r"\bnot share\b[^.]{0,40}for (cross-context|targeted|behaviou?ral)", re.IGNORECASE)
SHARED = re.compile(r"\bwe (may |also )?share\b[^.]{0,120}\b(cross-context|targeted|behaviou?ral|interest-based) "
                    r"advertis", re.IGNORECASE)
"""Statements of selling and of sharing for targeted advertising, and their denials ("we do not sell")."""

SOURCE_WORDS: dict[str, re.Pattern[str]] = {
    "you": re.compile(r"\byou(r)?\b[^.]{0,80}\b(provid|giv|submit|enter|send|post|upload|shar|suppl|creat|complet|"
                      r"fill|regist|sign|mak|contact|communicat|participat|respond|choos|add|writ|record)|\bfrom you\b",
                      re.IGNORECASE),
    "automatic": re.compile(r"\bautomatic(ally)?\b|\bcookies?\b|\blog (files?|data|information)\b|\bbeacons?\b|"
                            r"\bpixels?\b|\btracking\b|\bwhen you (use|visit|access|browse|interact|navigate)\b|"
                            r"\b(collect|receiv|record)[a-z]*\b[^.]{0,80}\b(your use|device|browser)\b", re.IGNORECASE),
    "third-parties": re.compile(r"\bthird[- ]part(y|ies)\b|"
                                r"\bfrom (other|outside) (sources|companies|organi[sz]ations)\b|"
                                r"\bsocial (media|network)|\bservice providers?\b|\bvendors?\b", re.IGNORECASE),
    "partners": re.compile(r"\bpartners?\b|\bpartner (sites?|institutions?)\b", re.IGNORECASE),
}
"""How a unit's text names each source of information it collects (`collects.sources`)."""

GENERIC_SOURCE_WORDS = frozenset({"via", "from", "by", "through", "third", "parti", "partner", "other", "our", "the",
                                  "a", "some", "certain", "outside", "sourc"})
"""Words (as `matching.normalised_words` gives them) that say information comes from others without naming them."""

REPRESENTATIVE_WORDS: dict[str, tuple[str, re.Pattern[str]]] = {
    "eu-representative": ("EU representative", re.compile(
        r"\b(EU|EEA|European Union|European)\s+representative\b|\brepresentative in the (EU|EEA|European Union)\b",
        re.IGNORECASE)),
    "uk-representative": ("UK representative", re.compile(
        r"\b(UK|United Kingdom)\s+representative\b|\brepresentative in the (UK|United Kingdom)\b", re.IGNORECASE)),
}
"""How the text introducing a representative names its role (GDPR and UK GDPR Art. 27)."""
