"""The plain Python API: problems without click, models that dump cleanly, formats that take a date formatter."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

import click
import pytest

from generator.analyses.redline import compare, to_html, to_markdown, to_text
from generator.library.loader import load_library
from generator.source.problems import InvalidContent
from tests.project import NOTICE, VERSION, make_project

ROOT = Path(__file__).resolve().parent.parent


def test_invalid_content_knows_nothing_of_the_command_line(tmp_path: Path) -> None:
    make_project(tmp_path, notices={"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": VERSION + "  bogus: 1\n"}})
    assert not issubclass(InvalidContent, click.ClickException)
    with pytest.raises(InvalidContent) as raised:
        load_library(tmp_path)
    assert raised.value.error_count == len(raised.value.problems) >= 1
    assert str(raised.value).splitlines() == [str(p) for p in raised.value.problems]


def test_versions_dump_without_serializer_warnings() -> None:
    library = load_library(ROOT)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for notice in library.notices.values():
            for version in notice.versions:
                version.data.model_dump()
                version.data.model_dump(mode="json")


def test_redline_formats_take_a_date_formatter() -> None:
    library = load_library(ROOT)
    old, new = library.notices["privacy"].versions[:2]
    redline = compare(old.data, new.data)

    def european(day: dt.date) -> str:
        return day.strftime("%d.%m.%Y")

    assert to_text(redline).startswith("Changes from January 1, 2021 to March 1, 2027")
    assert to_text(redline, date_format=european).startswith("Changes from 01.01.2021 to 01.03.2027")
    assert to_markdown(redline, date_format=european).startswith("## Changes from 01.01.2021 to 01.03.2027")
    assert '<time datetime="2021-01-01">01.01.2021</time>' in str(to_html(redline, date_format=european))
