"""Text triggers: sentences inserted into (or removed from) a notice that speak of a subject the
lexicon (`lexicon.yaml`) names, such as selling data or training AI models, are material unless a
lawyer decides otherwise.

A sentence counts as inserted when its words (punctuation and case aside) are not a sentence of the
old text, so rewording "We do not sell your data" into "We sell your data" is caught even though
the trigger word itself was there before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ruamel.yaml import YAML

from ..redline import TextDiff, Unit

LEXICON = Path(__file__).with_name("lexicon.yaml")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")
_NOT_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class Trigger:
    id: str
    title: str
    patterns: tuple[re.Pattern[str], ...]

    def hits(self, sentence: str) -> bool:
        return any(pattern.search(sentence) for pattern in self.patterns)


@dataclass(frozen=True)
class Hit:
    """A trigger found in a sentence of a unit that the change inserted or removed."""

    trigger: Trigger
    inserted: bool
    sentence: str
    unit: Unit


@cache
def lexicon() -> tuple[Trigger, ...]:
    data = YAML(typ="safe").load(LEXICON.read_text(encoding="utf-8"))
    return tuple(
        Trigger(entry["id"], entry["title"], tuple(re.compile(p, re.IGNORECASE) for p in entry["patterns"]))
        for entry in data["triggers"]
    )


def words(text: str) -> str:
    """The text's words only: case, punctuation and spacing do not count."""
    return " ".join(_NOT_WORD.sub(" ", text).casefold().split())


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _changed_sentences(diff: TextDiff) -> tuple[list[str], list[str]]:
    """Sentences only in the new text, and sentences only in the old text."""
    old, new = sentences(diff.old), sentences(diff.new)
    old_words, new_words = {words(s) for s in old}, {words(s) for s in new}
    return [s for s in new if words(s) not in old_words], [s for s in old if words(s) not in new_words]


def unit_hits(unit: Unit) -> Iterator[Hit]:
    """Triggers in the sentences that a change to this unit's own title or text inserted or removed.

    A subject found in an inserted sentence is reported once; the removed sentences are searched for
    the other subjects (a deleted "We do not sell your information" removes a protection).
    """
    inserted: list[str] = []
    removed: list[str] = []
    for diff in (unit.title, unit.text):
        if diff is not None and diff.changed:
            added, gone = _changed_sentences(diff)
            inserted += added
            removed += gone
    for trigger in lexicon():
        found = next((s for s in inserted if trigger.hits(s)), None)
        if found is not None:
            yield Hit(trigger, True, found, unit)
            continue
        found = next((s for s in removed if trigger.hits(s)), None)
        if found is not None:
            yield Hit(trigger, False, found, unit)
