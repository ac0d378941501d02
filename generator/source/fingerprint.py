"""The fingerprint of what readers see of a version, to tell a facts-only correction from a text one.

A published version is immutable, but its facts may be annotated after publication: a facet quoting
the words that state it, a facet moved to the paragraph that states it, an `unstated_reason`.
Those change the version's content hash, not a word readers see. The prose fingerprint hashes the
version without them: without the facets of its paragraphs and items (`collects`, `use`,
`discloses`, `right`, `legal_basis`) and without any `unstated_reason`. Everything else (the text,
dates, summary, contacts and every fact at the top of the version) counts as seen, so a change to
any of it is a text correction.
"""

from __future__ import annotations

from typing import Any

from .lock import content_hash
from .model import Facets, Version

_FACETS = frozenset(Facets.model_fields)
_ANNOTATIONS = frozenset({"unstated_reason"})


def _without(value: Any, keys: frozenset[str]) -> Any:
    if isinstance(value, dict):
        return {k: _without(v, keys) for k, v in value.items() if k not in keys}
    if isinstance(value, list):
        return [_without(v, keys) for v in value]
    return value


def prose_hash(version: Version) -> str:
    """SHA-256 of a version without its facets and annotations: equal when readers see the same words."""
    # Defaults left out: a field added to the schema later does not change the fingerprint of old versions.
    data = version.model_dump(mode="json", exclude_defaults=True)
    seen = {key: _without(value, _ANNOTATIONS) for key, value in data.items() if key != "sections"}
    seen["sections"] = _without(data["sections"], _FACETS | _ANNOTATIONS)
    return content_hash(seen)
