"""The characters a project file may not hold (source/inputs.py), written as the characters outside YAML's
printable set: the very class YAML 1.2 (5.1) describes, on every code point."""

from __future__ import annotations

import re

from generator.source.inputs import _NOT_PRINTABLE, NOT_PRINTABLE_VALUE

PRINTABLE = "\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff"
"""YAML's printable set, as the specification lists it."""
EVERY_CHARACTER = "".join(map(chr, range(0x110000)))


def found(pattern: re.Pattern[str]) -> list[int]:
    return [match.start() for match in pattern.finditer(EVERY_CHARACTER)]


def test_the_characters_refused_in_a_file_are_those_outside_yamls_printable_set() -> None:
    assert found(_NOT_PRINTABLE) == found(re.compile(f"[^{PRINTABLE}]"))
    assert 0x0D not in found(_NOT_PRINTABLE) and 0x85 not in found(_NOT_PRINTABLE)


def test_the_characters_refused_in_a_value_are_those_and_carriage_return() -> None:
    assert found(NOT_PRINTABLE_VALUE) == found(re.compile(f"[^{PRINTABLE.replace(chr(13), '')}]"))
    assert 0x0D in found(NOT_PRINTABLE_VALUE)


def test_a_text_python_prints_but_for_its_line_breaks_holds_no_refused_character() -> None:
    """`read_project_text` searches a text for refused characters only when Python would not print all of it (its
    line feeds aside): every refused character must be one Python does not print."""
    refused = found(_NOT_PRINTABLE)
    assert refused and ord("\n") not in refused
    assert [code for code in refused if chr(code).isprintable()] == []
