"""Reader words for the schema's choices, as the "At a glance" layer and the CCPA tables show them.

These are labels, not facts: the facts and their kinds come from the version and the registry of fact
kinds (source/fact_kinds.py). A choice missing here reads as its slug with spaces ("opt-out-of-sale" →
"opt out of sale"), so a new choice added to the schema still shows in plain words.
"""

from __future__ import annotations

from ..analyses.citations.words import MECHANISM_NAMES
from ..source.regions import builtin_regions

SOURCE_WORDS: dict[str, str] = {
    "you": "From you",
    "automatic": "Collected automatically when you use the site",
    "third-parties": "From third parties",
    "partners": "From our partners",
}

BASIS_WORDS: dict[str, str] = {
    "contract": "Performance of a contract with you",
    "legal-obligation": "Compliance with a legal obligation",
    "legitimate-interests": "Legitimate interests",
    "consent": "Your consent",
    "vital-interests": "Vital interests",
    "public-task": "A task in the public interest",
}

RIGHT_WORDS: dict[str, str] = {
    "access": "access your information",
    "rectification": "have it corrected",
    "erasure": "have it erased",
    "restriction": "restrict its use",
    "object": "object to its use",
    "portability": "take it with you (portability)",
    "withdraw-consent": "withdraw your consent",
    "complain": "complain to a supervisory authority",
    "know": "know what is collected and shared",
    "delete": "have it deleted",
    "correct": "have it corrected",
    "opt-out-of-sale": "opt out of its sale or sharing",
    "opt-out-of-sharing": "opt out of its sharing for cross-context behavioral advertising",
    "non-discrimination": "not be discriminated against for using your rights",
    "shine-the-light": "ask about disclosures for direct marketing (Shine the Light)",
    "marketing-choices": "choose which marketing you receive",
}

RECIPIENT_WORDS: dict[str, str] = {
    "service-provider": "Service providers",
    "business-partner": "Business partners",
    "content-provider": "Content providers",
    "instructor": "Instructors",
    "public": "The public",
    "authority": "Public authorities",
    "acquirer": "Acquirers and successors",
    "affiliate": "Affiliates",
    "third-party": "Third parties",
}

ROLE_WORDS: dict[str, str] = {
    "controller": "Controller",
    "privacy": "Privacy questions",
    "dpo": "Data protection officer",
    "eu-representative": "Representative in the EU",
    "uk-representative": "Representative in the UK",
    "support": "Support",
}

_REGIONS = {region.id: region.name for region in builtin_regions()}


def in_words(table: dict[str, str], value: object) -> str:
    """A choice in words: from `table`, else its slug with spaces."""
    key = str(value)
    return table.get(key) or key.replace("-", " ")


def region_words(regions: list[object]) -> str:
    """'everyone' for a worldwide right, else the regions' names ('European Economic Area, United Kingdom')."""
    keys = [str(region) for region in regions]
    if not keys or "worldwide" in keys:
        return "everyone"
    return "people in " + ", ".join(_REGIONS.get(key, key) for key in keys)


def mechanism_words(mechanism: object) -> str:
    key = str(mechanism)
    name = MECHANISM_NAMES[key][0] if key in MECHANISM_NAMES else key.replace("-", " ")
    return name[:1].upper() + name[1:]
