"""What the theme's templates ask of a page's content is worked out once per theme, not once per project cache: a
project's first build (its `.cache/` deleted) finds it in the user's cache, beside the PDFs (theme_memo.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cache import AS_OF, copy_example, files_of

from generator.adapters import theme_memo
from generator.adapters.build import build_site
from generator.outputs.pdf_cache import CACHE_ENV


def test_a_first_build_finds_the_theme_content_tests_in_the_users_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "user-cache"))
    worked_out: list[str] = []
    work_out = theme_memo.content_tests

    def counted(*args: object) -> tuple[str, ...] | None:
        worked_out.append(str(args[1]))
        return work_out(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(theme_memo, "content_tests", counted)
    project = copy_example(tmp_path / "project")
    first = files_of(build_site(project, AS_OF, tmp_path / "first"))
    assert "main.html" in worked_out
    worked_out.clear()
    other = copy_example(tmp_path / "other")  # another project's first build, with the same theme
    assert files_of(build_site(other, AS_OF, tmp_path / "other-site")) == first
    assert worked_out == []
    main = other / "templates" / "theme" / "main.html"  # a theme template changed: worked out again
    main.write_text(main.read_text(encoding="utf-8").replace("</article>", "</article>\n", 1), encoding="utf-8")
    build_site(other, AS_OF, tmp_path / "changed")
    assert "main.html" in worked_out
