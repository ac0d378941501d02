"""YAML is data: never template source, HTML escaped, links and ids restricted."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator.adapters.build import build_site
from generator.adapters.cli import main
from generator.library.loader import load_library
from generator.outputs.site import render_pages
from tests.project import NOTICE, VERSION, make_project

HOSTILE = VERSION.replace(
    "We are Example Ltd.",
    "'{{ 7*7 }} {% raw %} <script>alert(1)</script> & <b>bold</b> 2 * 3 [site](https://example.org/a?b=1&c=2)'",
)


def privacy_page(root: Path) -> str:
    pages = render_pages(load_library(root), dt.date(2021, 6, 1))
    return next(p.content for p in pages if p.src == "privacy/index.md")


def test_template_syntax_and_html_in_text_are_shown_literally(tmp_path: Path) -> None:
    make_project(tmp_path, notices={"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": HOSTILE}})
    content = privacy_page(tmp_path)
    assert "{{ 7*7 }} {% raw %}" in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in content
    assert "<script>" not in content
    assert '<a href="https://example.org/a?b=1&amp;c=2">site</a>' in content


def test_literal_markup_is_reported_as_warnings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_project(tmp_path, notices={"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": HOSTILE}})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--root", str(tmp_path), "--as-of", "2021-06-01"])
    assert result.exit_code == 0, result.output
    place = "notices/privacy/2021-01-01.yaml:12:15: warning: text holds"
    for what in ("raw HTML", "template syntax ('{{ }}' or '{% %}')", "a lone '*'"):
        assert f"{place} {what}" in result.output
    strict = CliRunner().invoke(main, ["build", "--root", str(tmp_path), "--as-of", "2021-06-01"])
    assert strict.exit_code == 1
    assert "Aborted with 3 warnings in strict mode" in strict.output


def test_built_page_shows_the_text_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_project(tmp_path, notices={"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": HOSTILE}})
    monkeypatch.chdir(tmp_path)
    build_site(tmp_path, dt.date(2021, 6, 1), strict=False)
    soup = BeautifulSoup((tmp_path / "site/privacy/index.html").read_text(), "html.parser")
    article = soup.select_one("article")
    assert article is not None
    assert article.find("script") is None
    assert "{{ 7*7 }} {% raw %} <script>alert(1)</script> & <b>bold</b> 2 * 3 site" in article.get_text()


@pytest.mark.parametrize("target", ["javascript:alert(1)", "http://example.org/", "data:text/html,x", "ftp://x",
                                    "/relative/path", "//example.org/x"])
def test_only_https_mailto_tel_and_references_are_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         target: str) -> None:
    version = VERSION.replace("We are Example Ltd.", f"'We are [Example]({target}).'")
    make_project(tmp_path, notices={"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": version}})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert (f"notices/privacy/2021-01-01.yaml:12:15: error: link target '{target}' is not allowed; use https://, "
            "mailto:, tel:, #id, notice:ID or link:ID (relative and http:// links only where site.yaml's `links:` "
            "allows them)") in result.output


@pytest.mark.parametrize("bad_id", ["../../etc", "Intro", "a/b", "a--b", "-a", "a b"])
def test_ids_cannot_leave_their_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bad_id: str) -> None:
    version = VERSION.replace("  - id: intro", f"  - id: '{bad_id}'")
    make_project(tmp_path, notices={"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": version}})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert f"notices/privacy/2021-01-01.yaml:9:9: error: '{bad_id}' is not a valid id" in result.output


def test_mkdocs_build_reports_problems_and_writes_nothing(tmp_path: Path) -> None:
    version = VERSION.replace("title: Who we are", "titel: Who we are")
    make_project(tmp_path, notices={"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": version}})
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "published.html").write_text("kept")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=tmp_path,
                            capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""})
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "notices/privacy/2021-01-01.yaml:10:5: error: unknown key 'titel'; did you mean 'title'?" in output
    assert "Traceback" not in output
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["published.html"]
