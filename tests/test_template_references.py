"""What a generated page's key follows of its templates is parsed once per source, not on every preview rebuild,
and kept in the user's cache for the next build's process (outputs/page_memo.py, `references`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment
from test_serve_rebuilds import Preview, preview  # noqa: F401  # the fixture

from generator.outputs import page_memo
from generator.outputs.page_memo import references
from generator.outputs.pdf_cache import user_cache_dir
from generator.source.cache_pack import pack_of


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """The sources Jinja parsed to be read (not compiled), with an empty user's cache."""
    monkeypatch.setenv("NOTICES_CACHE_DIR", str(tmp_path / "user-cache"))
    sources: list[str] = []
    parse = Environment.parse

    def spy(self: Environment, source: str, *args: Any, **kwargs: Any) -> Any:
        sources.append(source)
        return parse(self, source, *args, **kwargs)

    monkeypatch.setattr(Environment, "parse", spy)
    monkeypatch.setattr(page_memo, "_REFERENCES", {})
    return sources


def test_a_source_is_parsed_once_for_each_way_of_reading_it(parsed: list[str]) -> None:
    source = '{% import "a.html" as a %}{% include name %}<% include "b.html" %>'
    assert references(Environment(), source) == ("a.html", None)
    assert references(Environment(), source) == ("a.html", None)
    assert len(parsed) == 1
    # Another syntax reads other tags: parsed again.
    other = Environment(block_start_string="<%", block_end_string="%>")
    assert references(other, source) == ("b.html",)
    assert len(parsed) == 2


def test_a_preview_rebuild_parses_no_template_again(preview: Preview, parsed: list[str]) -> None:  # noqa: F811
    preview.rebuild()
    assert parsed  # the shipped templates each page's key follows (and the theme's, once per theme)
    parsed.clear()
    preview.rebuild()
    assert parsed == []


def test_the_next_process_reads_them_from_the_users_cache(parsed: list[str]) -> None:
    source = '{% extends "base.html" %}{% from "m.html" import x %}{% include ["a", "b"] %}'
    expected = ("base.html", "m.html", "a", "b")
    assert references(Environment(), source) == expected
    page_memo._REFERENCES.clear()  # as a new process finds it
    assert references(Environment(), source) == expected
    assert len(parsed) == 1
    # Read another way, or by another environment class, the same source is parsed again.
    assert references(Environment(trim_blocks=True), source) == expected
    assert references(type("Other", (Environment,), {})(), source) == expected
    assert len(parsed) == 3


def test_an_entry_that_is_not_a_list_of_names_is_parsed_again(parsed: list[str]) -> None:
    source = '{% import "a.html" as a %}'
    assert references(Environment(), source) == ("a.html",)
    pack = pack_of(user_cache_dir() / "theme")
    with pack.lock:
        connection = pack._connect()
        assert connection is not None
        assert connection.execute("UPDATE entries SET value = ? WHERE kind = ?",
                                  (b'["a.html", 1]', page_memo.REFERENCES_KIND)).rowcount == 1
    page_memo._REFERENCES.clear()
    assert references(Environment(), source) == ("a.html",)
    assert len(parsed) == 2
