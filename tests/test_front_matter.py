"""A generated page's front matter read back without YAML (adapters/front_matter.py): exactly what MkDocs'
`get_data` gives wherever the shortcut answers, every generated page answered, and the built site the same."""

from __future__ import annotations

import json
import random
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from conftest import EXAMPLE_AS_OF
from mkdocs.structure.pages import Page
from mkdocs.utils import meta as mkdocs_meta
from test_cache import copy_example, files_of

from generator.adapters import front_matter
from generator.adapters.build import build_site
from generator.adapters.front_matter import read_directly
from generator.library.loader import load_library
from generator.outputs.page_meta import front_matter as written
from generator.outputs.site import SiteRenderer


def both_ways(source: str) -> tuple[str, dict[str, Any]] | None:
    """`read_directly(source)`, checked against MkDocs' own reading wherever it answers."""
    read = read_directly(source)
    if read is not None:
        markdown, meta = mkdocs_meta.get_data(source)
        assert read == (markdown, meta), source[:200]
        assert json.dumps(read[1]) == json.dumps(meta)  # the same types too (True is not 1), in the same order
    return read


def test_every_generated_page_of_the_example_is_read_as_mkdocs_reads_it(tmp_path: Path) -> None:
    project = copy_example(tmp_path / "project")
    for as_of in (EXAMPLE_AS_OF, EXAMPLE_AS_OF.replace(year=2027)):
        pages = [page for page in SiteRenderer(load_library(project), as_of).pages()
                 if isinstance(page.content, str) and page.meta]
        assert len(pages) > 5 and any("glance" in str(page.meta) for page in pages)
        for page in pages:
            source = page.source
            assert isinstance(source, str) and both_ways(source) is not None, page.src


ANSWERED: list[dict[str, Any]] = [
    {"title": "Privacy notice — archived version of 1 January 2021"},
    {"title": 'He said "no" \\ <b>&amp;</b>', "sitemap": False, "search": {"exclude": True}},
    {"glance": "<div>\n\t<p>line\r\nbreaks</p>\n</div>", "count": 12, "none": None, "big": 10**30, "neg": -3},
    {"tags": ["a", "b", []], "nested": {"a": {"b": [1, True, None, "é"]}}, "empty": {}, "emoji": "😀 ∑ ‘’ «»"},
    {"controls": "\x00\x01\x1f\b\f", "_private": "x", "with-hyphen": "y", "Upper": "z", "onboarding": "k"},
    {"pair": (1, 2), "int_keys": {1: 2}, "tuples": [(1,)]},  # written as JSON's lists and strings: YAML reads those
]
"""Front matter the shortcut reads (and must read as YAML does)."""

def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


LEFT_TO_YAML: list[dict[str, Any]] = [
    {"ratio": 1.5}, {"big": 1e16}, {"on": "a key YAML reads as true"}, {"No": 1}, {"null": 1},
    {"NEL": "a\x85b"}, {"DEL": "a\x7fb"}, {"line separator": "a\u2028b"}, {"bom": "\ufeffa"}, {"nbsp": "a\u00a0b"},
    {"lone": "\ud800"}, {"nonchar": "\uffff"}, {"1990": "a numeric key"}, {"": "empty key"}, {"a b": "space"},
    {"nested_float": {"a": 0.5}}, {"k" * 101: "too long a key"},
    {"nested": {"k" * 1030: "a key PyYAML refuses"}}, {"nested": {"k" * 1001: "a key near that"}},
    {"deep": nested(600)}, {"deep": nested(52)},
]
"""Front matter whose values or keys YAML may read otherwise: left to YAML."""


@pytest.mark.parametrize("meta", ANSWERED, ids=range(len(ANSWERED)))
def test_front_matter_the_shortcut_reads_is_what_yaml_reads(meta: dict[str, Any]) -> None:
    read = both_ways(written(meta) + "\n\n# Heading\n\nText.\n")
    assert read is not None and read[0] == "# Heading\n\nText.\n"


@pytest.mark.parametrize("meta", LEFT_TO_YAML, ids=range(len(LEFT_TO_YAML)))
def test_front_matter_yaml_may_read_otherwise_is_left_to_yaml(meta: dict[str, Any]) -> None:
    try:
        source = written(meta) + "Text.\n"
    except (TypeError, UnicodeEncodeError):
        return  # not even front matter we would write
    assert read_directly(source) is None


@pytest.mark.parametrize("source", [
    '---\ntitle: "a\\/b"\n---\nText',  # JSON's \/ is no escape of YAML 1.1
    '---\ntitle: "\\ud83d\\ude00"\n---\nText',  # JSON pairs escaped surrogates, YAML does not
    '---\ntitle: "\\udc00"\n---\nText',
    '---\nsearch: {"exclude":true}\n---\nText',  # not as json.dumps writes it
    '---\ntitle: "a" \n---\nText', '---\ntitle:  "a"\n---\nText', '---\ntitle: "a"  # note\n---\nText',
    '---\ntitle: \'a\'\n---\nText', '---\ntitle: a\n---\nText', '---\ntitle: "a"\ntitle: "b"\n---\nText',
    '---\n---\nText', '---\ntitle: "a"\n...\nText', '---\ntitle: "a"\n--- \nText', '--- \ntitle: "a"\n---\nText',
    '---\ntitle: "a"\n---', '---\r\ntitle: "a"\r\n---\r\nText', '\ufeff---\ntitle: "a"\n---\nText',
    'title: "a"\n\nText', '---\n- "a"\n---\nText', '---\ntitle: "a"\n\n---\nText',
])
def test_front_matter_not_in_the_written_form_is_left_to_yaml(source: str) -> None:
    assert read_directly(source) is None


def test_the_markdown_after_the_front_matter_is_cut_where_mkdocs_cuts_it() -> None:
    for body in ("", "\n", "\n\n\nText", "Text\n---\nmore", "---\nText", "\r\nText"):
        assert both_ways('---\ntitle: "a"\n---\n' + body) is not None


def test_random_front_matter_is_read_as_yaml_reads_it_whenever_it_is_read() -> None:
    rng = random.Random(12)
    alphabet = 'ab "\\/\n\t\r\x00\x1f\x7f\x85\xa0é—‘😀\u2028\ufeff\ufffd{}[]:#,-.'

    def value(depth: int) -> Any:
        kind = rng.randrange(8 if depth < 2 else 5)
        if kind <= 1:
            return "".join(rng.choice(alphabet) for _ in range(rng.randrange(12)))
        if kind == 2:
            return rng.choice([True, False, None, 0, -7, 2**70])
        if kind == 3:
            return rng.choice(["yes", "null", "1e3", "~", "0x1f", "2021-01-01", "", " "])
        if kind == 4:
            return rng.random()
        if kind <= 6:
            return [value(depth + 1) for _ in range(rng.randrange(3))]
        return {str(value(depth + 1)): value(depth + 1) for _ in range(rng.randrange(3))}

    read = 0
    for _ in range(3000):
        keys = rng.choices(["title", "search", "glance", "on", "x-y", "_k"], k=rng.randrange(1, 4))
        meta = {key: value(0) for key in keys}
        try:
            source = written(meta) + "Text"
        except (TypeError, ValueError):
            continue
        read += both_ways(source) is not None
    assert read > 500  # the shortcut was tried, and answered, often


def test_a_build_reads_no_generated_page_with_yaml_and_writes_the_same_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_example(tmp_path / "project")
    read_by_yaml: list[str] = []
    load = mkdocs_meta.yaml.load

    def counted(stream: str, loader: Any) -> Any:  # what get_data asks YAML to read: a page's front matter
        read_by_yaml.append(stream[:60])
        return load(stream, loader)

    monkeypatch.setattr(mkdocs_meta, "yaml", SimpleNamespace(load=counted))  # get_data's YAML alone
    direct = files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "direct"))
    assert read_by_yaml == []
    with monkeypatch.context() as patch:
        patch.setattr(front_matter, "read_directly", lambda source: None)
        assert files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "yaml")) == direct
    assert len(read_by_yaml) > 5
    # MkDocs reading pages otherwise than the MkDocs 1.6 code mirrored: it reads every page itself.
    read_by_yaml.clear()
    read_source = Page.read_source
    monkeypatch.setattr(Page, "read_source", lambda page, config: read_source(page, config))
    assert front_matter.mkdocs_reads_as_mirrored() is False
    assert files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "other")) == direct
    assert len(read_by_yaml) > 5
