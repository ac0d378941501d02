"""Ids for imported units: the anchors their source's own site generates, never order-dependent."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Hashable
from typing import TypeVar

from ...source.model import ID_PATTERN

_GITHUB_DROP = re.compile(r"[^\w\- ]", re.UNICODE)
_NOT_ID = re.compile(r"[^a-z0-9]+")
LEAD_WORDS = (5, 9, 14, 20)


def github_slug(text: str) -> str:
    """The anchor GitHub (and GitHub Docs) gives a heading: lower case, punctuation dropped, spaces to '-'.

    Unlike GitHub, repeated headings get no '-1' suffix here: that suffix depends on order.
    """
    return _GITHUB_DROP.sub("", text.strip().lower()).replace(" ", "-")


def to_id(text: str) -> str:
    """A valid id from any text: ASCII lower-case words joined by single hyphens, at most 80 characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _NOT_ID.sub("-", ascii_text.lower()).strip("-")[:80].strip("-")
    return slug or "untitled"


def is_id(value: str) -> bool:
    return re.fullmatch(ID_PATTERN, value) is not None and len(value) <= 80


def lead_in(text: str, words: int) -> str:
    return to_id(" ".join(re.findall(r"\w+", text)[:words]))


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]


K = TypeVar("K", bound=Hashable)


def unique(keys: list[K], candidates: Callable[[K], list[str]], taken: set[str]) -> dict[K, str]:
    """Give each key the first of its candidate ids that no other key also wants.

    Whether a unit gets its short candidate depends only on which units want the same id, never on
    which came first: every unit that shares a candidate moves on to its next one together.
    """
    result: dict[K, str] = {}
    level = 0
    pending = list(keys)
    while pending:
        wanted: dict[str, list[K]] = defaultdict(list)
        for key in pending:
            options = candidates(key)
            wanted[options[min(level, len(options) - 1)]].append(key)
        pending = []
        for candidate, owners in wanted.items():
            if len(owners) == 1 and candidate not in taken:
                result[owners[0]] = candidate
                taken.add(candidate)
            else:
                pending += owners
        if level > 8:  # identical texts in one parent: tell them apart by their place in the source
            for key in pending:
                result[key] = f"{candidates(key)[-1][:72].strip('-')}-{digest(repr(key))}"
            break
        level += 1
    return result
