"""A broken template override is bad input: one located line, exit status 1, no traceback, the site kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.adapters.cli import main

NOT_FOUND = "not found; add that file or change the name that includes or extends it"
BREAKS = {  # the override broken, the text added, the error line expected (after `path:line:0: error: `)
    "syntax": ("notice.md", b"{% if %}\n",
               "Expected an expression, got 'end of statement block'; fix the template's Jinja syntax"),
    "not-utf8": ("notice.md", b"\xff\xfe\n",
                 "the template is not UTF-8 text (byte 0xff cannot be read); save it as UTF-8"),
    "missing-include": ("notice.md", b'{% include "nothere.html" %}\n', f"template 'nothere.html' {NOT_FOUND}"),
    "theme-missing-include": ("theme/main.html", b'{% include "partials/nothere.html" %}\n',
                              f"template 'partials/nothere.html' {NOT_FOUND}"),
}


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def contents(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def append(template: Path, data: bytes) -> int:
    """Add `data` at the end of `template`; the line it starts on."""
    old = template.read_bytes()
    template.write_bytes(old + data)
    return old.count(b"\n") + 1


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_a_broken_override_is_reported_and_the_site_kept(project: Path, case: str) -> None:
    site = project / "out"
    assert run(project, "build", "--as-of", "2021-06-01", "--site-dir", str(site))[0] == 0
    before = contents(site)
    name, data, expected = BREAKS[case]
    line = append(project / "templates" / name, data)
    code, output = run(project, "build", "--as-of", "2021-06-01", "--site-dir", str(site))
    assert code == 1, output
    assert "Traceback" not in output
    assert f"templates/{name}:{line}:0: error: {expected}" in output.splitlines(), output
    assert contents(site) == before
    assert not (project / ".out.building").exists()  # the half-built site is removed


def test_a_broken_email_template_is_reported(project: Path, tmp_path: Path) -> None:
    line = append(project / "templates" / "email" / "change.txt", b"{{ x | nosuchfilter }}\n")
    code, output = run(project, "notify", "privacy", "2027-03-01", "--out", str(tmp_path / "drafts"),
                       "--as-of", "2027-03-01")
    assert code == 1, output
    assert "Traceback" not in output
    assert (f"templates/email/change.txt:{line}:0: error: No filter named 'nosuchfilter'.; fix the template's "
            "Jinja syntax") in output.splitlines(), output


def test_mkdocs_build_reports_a_broken_theme_override(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.__main__ import cli

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    line = append(project / "templates" / "theme" / "main.html", b"{% block %}\n")
    result = CliRunner().invoke(cli, ["build", "-d", str(project / "out")])
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    assert (f"templates/theme/main.html:{line}:0: error: expected token 'name', got 'end of statement block'; fix "
            "the template's Jinja syntax") in result.output.splitlines(), result.output
