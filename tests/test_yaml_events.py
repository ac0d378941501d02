"""Plain documents read from libyaml's events give exactly what ruamel's safe loader gives; the rest is left to it.

`yaml_events.read_plain` is the fast path of `yamlio.load_data`: every value (type included, `repr` compares
True with 1 and 1.0 with 1), every key order, and every "not plain" answer matters, because a file it
declines is read by ruamel's loader, which reports the problems.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml.error import YAMLError

from generator.source.cache import CACHE_DIR
from generator.source.inputs import DEFAULT_LIMITS, check_structure
from generator.source.model import InputLimits
from generator.source.problems import Loc
from generator.source.yaml_events import read_placed, read_plain
from generator.source.yamlio import _safe_yaml, locate, round_trip_yaml
from tests.fuzz.fuzzing import TARGETS, mutate
from tests.project import NOTICE, SITE, VERSION, make_project
from tests.test_validate_cache import SCALARS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for folder in ("notices", "site_config") for p in (ROOT / folder).rglob("*.yaml")
                  if "schema" not in p.parts)


def reference(text: str) -> Any:
    return _safe_yaml().load(text)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_file_reads_as_ruamel_reads_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    plain = read_plain(text, DEFAULT_LIMITS)
    assert plain is not None and not plain.suspect
    assert repr(plain.data) == repr(reference(text))


def test_every_kind_of_scalar_resolves_as_in_ruamel() -> None:
    plain = read_plain(SCALARS, DEFAULT_LIMITS)
    assert plain is not None
    assert repr(plain.data) == repr(reference(SCALARS))
    assert plain.data["booleans"][0] == "yes" and plain.data["dates"] == ["2021-01-01", "2021-02-30"]


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",                      # anchor and alias
    "base: &b {a: 1}\nc:\n  <<: *b\n",         # merge key
    "<<: {a: 1}\n",                           # a merge key without an alias
    "a: !!str 1\n",                           # tag
    "a: ! 1\n",                               # non-specific tag
    "a: !!python/object/apply:os.system ['id']\n",
    "%YAML 1.1\n---\na: yes\n",               # directive: YAML 1.1 rules
    "%TAG !e! tag:example.com,2000:\n---\na: 1\n",
    "a: 1\na: 2\n",                           # repeated key
    "1: a\ntrue: b\n",                        # the same key to Python (1 == True), refused by ruamel
    "? [complex, key]\n: value\n",            # a list as a key
    "? {a: 1}\n: value\n",
    "a: 1\n---\nb: 2\n",                      # two documents
    "",                                       # no document
    "# only a comment\n",
    "a: [1, 2\n",                             # malformed
    "a: 'unclosed\n",
    "= : x\n",                                # the value key
    "!!set {a, b}\n",
])
def test_anything_but_a_plain_document_is_left_to_ruamel(text: str) -> None:
    assert read_plain(text, DEFAULT_LIMITS) is None


@pytest.mark.parametrize(("text", "limits"), [
    ('a: "\\x00"\n', DEFAULT_LIMITS),                               # an escape makes a control character
    ("a: " + "[" * 10 + "]" * 10 + "\n", InputLimits(max_depth=10)),   # nested to the limit
    ("a: " + "x" * 1000 + "\n", InputLimits(max_text_chars=1000)),     # more text than allowed
])
def test_a_document_near_a_limit_is_checked_in_full(text: str, limits: InputLimits) -> None:
    plain = read_plain(text, limits)
    assert plain is not None and plain.suspect
    assert check_structure(plain.data, text, "f.yaml", limits)


def test_a_plain_document_just_within_the_limits_is_not_suspect() -> None:
    limits = InputLimits(max_depth=10, max_text_chars=1000)
    text = "a: " + "[" * 9 + "]" * 9 + "\nb: " + "x" * 998 + "\n"
    plain = read_plain(text, limits)
    assert plain is not None and not plain.suspect and plain.data["b"] == "x" * 998
    assert check_structure(plain.data, text, "f.yaml", limits) == []


def test_mutated_example_files_read_as_ruamel_reads_them_or_are_left_to_it() -> None:
    """Differential fuzzing against ruamel: the fuzz suite's own mutations of the example's files."""
    rng = random.Random(12)
    originals = [(ROOT / target).read_bytes() for target in TARGETS if target.endswith(".yaml")]
    compared = declined = 0
    for _ in range(300):
        try:
            text = mutate(rng, rng.choice(originals)).decode("utf-8")
        except UnicodeDecodeError:
            continue
        plain = read_plain(text, DEFAULT_LIMITS)
        try:
            expected = reference(text)
        except (YAMLError, RecursionError):
            assert plain is None, text
            declined += 1
            continue
        if plain is None:
            declined += 1
            continue
        compared += 1
        assert repr(plain.data) == repr(expected), text
        if not plain.suspect:
            assert check_structure(plain.data, text, "f.yaml", DEFAULT_LIMITS) == []
    assert compared > 100 and declined > 50, (compared, declined)


PLANTED = {
    # version number: (what is planted, how), each in one of 70 versions (enough to parse on every core)
    3: ("a value of the wrong type", lambda text: text.replace("summary: First version.", "summary: [a, b]")),
    7: ("an unknown key", lambda text: text + "unknown_key: 1\n"),
    11: ("a repeated key", lambda text: text + "summary: Again.\n"),
    13: ("an anchored scalar (not plain)", lambda text: text.replace("summary: First", "summary: &s First")),
    17: ("a malformed file", lambda text: text.replace("summary: First version.", "summary: [unclosed")),
    19: ("a tab in the indentation", lambda text: text.replace("    role: privacy", "\trole: privacy")),
    23: ("an escaped control character", lambda text: text.replace("summary: First version.", 'summary: "\\x07"')),
    29: ("a directive", lambda text: "%YAML 1.2\n---\n" + text),
}


@pytest.mark.parametrize("planting", [True, False], ids=["problems planted", "facts against prose only"])
def test_validate_says_byte_for_byte_what_ruamels_loader_alone_says(tmp_path: Path, planting: bool) -> None:
    """A 70-version project (enough to parse on every core), with a problem planted in some versions, or only
    facts that disagree with the prose: the same lines and exit code, cold and warm, as when every file is read
    by ruamel's loader (the code before the event reader)."""
    from generator.source import yamlio
    from tests.test_validate_cache import DETAILS, RETENTION, WITHOUT_ANCHOR, validate_in_process

    files = {}
    for number in range(70):
        day = (dt.date(2027, 1, 1) + dt.timedelta(days=7 * number)).isoformat()
        text = VERSION.replace("effective: 2021-01-01\n", f"effective: {day}\n").replace(
            "sections:\n", RETENTION + "sections:\n") + DETAILS.replace(*WITHOUT_ANCHOR)
        planted = PLANTED.get(number) if planting else None
        files[f"{day}.yaml"] = planted[1](text) if planted else text
    root = make_project(tmp_path / "project", site=SITE + "links:\n  http: true\n",
                        notices={"privacy": {"notice.yaml": NOTICE, **files}})
    cold, warm = validate_in_process(root), validate_in_process(root)
    shutil.rmtree(root / CACHE_DIR)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlio, "read_plain", lambda text, limits: None)
        assert validate_in_process(root) == cold == warm
    assert cold[0] == 1
    lines = cold[1].splitlines()
    for number, (what, _) in PLANTED.items() if planting else []:
        assert any(line.startswith(f"notices/privacy/{sorted(files)[number]}:") for line in lines), what
    assert ("the fact says 2 years but the text of 'details' says" in cold[1]) == (not planting)


def places(data: Any, loc: Loc = ()) -> Iterator[Loc]:
    """Every place in `data`, and a missing key and item under each mapping and list."""
    yield loc
    if isinstance(data, dict):
        yield (*loc, "no-such-key")
        for key, value in data.items():
            yield from places(value, (*loc, key))
    elif isinstance(data, list):
        yield (*loc, len(data))
        for index, value in enumerate(data):
            yield from places(value, (*loc, index))


def assert_placed_as_round_trip(text: str) -> bool:
    """Every place in `text` has the same line and column from `read_placed` and from the round-trip loader
    (keys and values); False when `read_placed` declines the text."""
    text = text.replace("\t", " ")  # as `load_positions` does
    placed = read_placed(text)
    if placed is None:
        return False
    expected = round_trip_yaml(dates_as_text=True).load(text)
    assert repr(placed) == repr(expected)
    for loc in places(expected):
        for at_key in (False, True):
            assert locate(placed, loc, at_key=at_key) == locate(expected, loc, at_key=at_key), (loc, at_key)
    return True


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_place_in_an_example_file_is_where_the_round_trip_loader_puts_it(path: Path) -> None:
    assert assert_placed_as_round_trip(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", [
    "a:\n  b: 1\n  c:\n  - x\n  - {d: [1, 2], e: 'q'}\n",         # indentless list, flow collections
    "a: |\n  block\n  text\nb: >-\n  folded\nc: \"quoted\"\n",   # block and quoted scalars
    "a: ~\nb: null\nc: []\nd: {}\ne: ''\n",                      # nothing, written out
    "k\u00e9y: v\u00e4lue \U0001f600\n\u00fc: [\u00e9, \U0001f600, x]\n",  # characters of two to four bytes
    "? a\n: 1\n? b\n: 2\n",                                      # explicit keys
    "a: 1\r\nb:\r\n  - 2\r\n",                                   # CR LF (read_text turns it into LF)
    "- a\n- b: 1\n  c: 2\n",                                     # a list at the root
])
def test_every_place_in_tricky_documents_is_where_the_round_trip_loader_puts_it(text: str) -> None:
    assert assert_placed_as_round_trip(text)


@pytest.mark.parametrize("text", ["a: 1\u2028b: 2\n", "a: 1\x85b: 2\n", "\ufeffa: 1\n", "a: &x 1\nb: *x\n",
                                  "a:\nb: 1\n", "- \n- x\n", "? a\n"])
def test_other_line_breaks_a_byte_order_mark_empty_values_or_an_unplain_document_are_left_to_the_round_trip_loader(
        text: str) -> None:
    assert read_placed(text) is None


def test_every_place_in_mutated_example_files_is_where_the_round_trip_loader_puts_it() -> None:
    rng = random.Random(21)
    originals = [(ROOT / target).read_bytes() for target in TARGETS if target.endswith(".yaml")]
    compared = 0
    for _ in range(120):
        try:
            text = mutate(rng, rng.choice(originals)).decode("utf-8")
        except UnicodeDecodeError:
            continue
        try:
            round_trip_yaml(dates_as_text=True).load(text.replace("\t", " "))
        except (YAMLError, RecursionError, KeyError, ValueError):
            assert read_placed(text.replace("\t", " ")) is None or read_plain(text, DEFAULT_LIMITS) is not None
            continue
        compared += assert_placed_as_round_trip(text)
    assert compared > 40, compared


def test_without_libyaml_every_file_is_left_to_ruamel(monkeypatch: pytest.MonkeyPatch) -> None:
    """ruamel.yaml.clib is CPython-only; without its C parser the event reader steps aside (and the test above
    shows that ruamel's loader alone says the same)."""
    from generator.source import yaml_events

    text = EXAMPLES[0].read_text(encoding="utf-8")
    assert read_plain(text, DEFAULT_LIMITS) is not None and read_placed(text) is not None
    monkeypatch.setattr(yaml_events, "CParser", None)
    assert read_plain(text, DEFAULT_LIMITS) is None and read_placed(text) is None
