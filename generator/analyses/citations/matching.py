"""How a fact's words are found in a unit's text: a normalised match, or a verbatim quote.

A normalised match ignores case, punctuation, spacing and inflection: the fact's words must follow
each other in the text ("email address" is found in "E-mail addresses,"). The stemmer is crude on
purpose and applied to both sides, so it only has to be consistent: it folds plurals and common
verb endings ("parties" and "party", "visited" and "visits"). A quote, for a text that words the
fact differently, must occur verbatim, spacing aside.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+")
_APOSTROPHE_S = re.compile(r"['’]s\b")
_SPACE = re.compile(r"\s+")
_FINAL = re.compile(r"(ie|y|e)$")
_LETTER_HYPHEN = re.compile(r"\b([a-z])-(?=[a-z])")
"""'e-mail' is 'email'; other hyphens separate words ('third-party' is 'third party')."""


def stem(word: str) -> str:
    """A crude stem: plural and verb endings folded ('addresses' → 'address', 'cookies' and 'cookie' → 'cooki')."""
    for suffixes in (("ing", "ed", "es", "s"), ("ing",)):  # 'offerings' → 'offering' → 'offer'
        suffix = next((s for s in suffixes if word.endswith(s)), "")
        if not suffix or len(word) - len(suffix) < 3 or word.endswith("ss"):
            break
        word = word[: -len(suffix)]
    return _FINAL.sub(lambda m: "" if m.group(0) == "e" else "i", word) if len(word) > 3 else word


@lru_cache(maxsize=4096)  # a unit's text is matched once per fact it carries
def normalised_words(text: str) -> tuple[str, ...]:
    """The stems of `text`'s words, lower case, without punctuation or possessive 's."""
    return tuple(stem(word) for word in _WORD.findall(_LETTER_HYPHEN.sub(r"\1", _APOSTROPHE_S.sub("", text.lower()))))


def says(text: str, words: str) -> bool:
    """True when `text` contains `words` as consecutive words, case, punctuation and inflection aside."""
    needle, haystack = normalised_words(words), normalised_words(text)
    if not needle:
        return True
    size = len(needle)
    return any(haystack[start:start + size] == needle for start in range(len(haystack) - size + 1))


@lru_cache(maxsize=4096)
def spaced(text: str) -> str:
    """`text` with every run of whitespace as one space."""
    return _SPACE.sub(" ", text).strip()


def quotes(text: str, quote: str) -> bool:
    """True when `quote` occurs verbatim in `text`, whitespace aside (case and punctuation count)."""
    return spaced(quote) in spaced(text)
