"""What a generated page's key follows of its templates is parsed once per source, not on every preview rebuild
(outputs/page_memo.py, `references`)."""

from __future__ import annotations

from typing import Any

import pytest
from jinja2 import Environment
from test_serve_rebuilds import Preview, preview  # noqa: F401  # the fixture

from generator.outputs import page_memo
from generator.outputs.page_memo import references


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sources Jinja parsed to be read (not compiled)."""
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
