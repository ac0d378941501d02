"""Effective dates, the version in force, new versions and the immutability of published ones."""

from __future__ import annotations

import datetime as dt
import difflib
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from generator.adapters.cli import main
from generator.library.loader import load_library
from generator.library.timeline import Timeline, in_force

ROOT = Path(__file__).resolve().parent.parent
D = dt.date


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("day", "current", "upcoming", "archived"),
    [
        (D(2020, 12, 31), None, ["2021-01-01", "2027-03-01"], []),
        (D(2021, 1, 1), "2021-01-01", ["2027-03-01"], []),
        (D(2021, 6, 1), "2021-01-01", ["2027-03-01"], []),
        (D(2027, 2, 28), "2021-01-01", ["2027-03-01"], []),
        (D(2027, 3, 1), "2027-03-01", [], ["2021-01-01"]),
        (D(2030, 1, 1), "2027-03-01", [], ["2021-01-01"]),
    ],
)
def test_version_in_force_around_each_boundary(day: dt.date, current: str | None, upcoming: list[str],
                                               archived: list[str]) -> None:
    notice = load_library(ROOT).notices["privacy"]
    timeline = Timeline.of(notice, day)
    assert (timeline.current.date if timeline.current else None) == current
    assert [p.date for p in timeline.upcoming] == upcoming
    assert [p.date for p in timeline.archived] == archived
    version = in_force(notice, day)
    assert (version.effective.isoformat() if version else None) == current


def test_archived_period_ends_the_day_before_the_next_version() -> None:
    timeline = Timeline.of(load_library(ROOT).notices["privacy"], D(2027, 6, 1))
    first, second = timeline.periods
    assert (first.since, first.until, first.status) == (D(2021, 1, 1), D(2027, 2, 28), "archived")
    assert (second.since, second.until, second.status) == (D(2027, 3, 1), None, "current")


def test_show_names_the_version_in_force_and_prints_its_text(project: Path) -> None:
    result = CliRunner().invoke(main, ["show", "privacy", "--as-of", "2027-02-28"])
    assert result.exit_code == 0
    assert "version 2021-01-01 was in force on 2027-02-28 (from 2021-01-01 until 2027-02-28)" in result.output
    assert "Effective: January 1, 2021." in result.output
    assert "Terms of Use..Terms used" in result.output
    result = CliRunner().invoke(main, ["show", "privacy", "--as-of", "2027-03-01"])
    assert "Terms of Use. Terms used" in result.output
    result = CliRunner().invoke(main, ["show", "privacy", "--as-of", "2020-01-01"])
    assert result.exit_code == 1
    assert "no version of 'privacy' was in force on 2020-01-01" in result.output


def test_new_version_copies_the_latest_keeping_comments(project: Path) -> None:
    latest = project / "notices/privacy/2027-03-01.yaml"
    code, output = cli("new-version", "privacy", "--effective", "2028-01-01")
    assert code == 0, output
    created = (project / "notices/privacy/2028-01-01.yaml").read_text()
    expected = latest.read_text().replace("effective: 2027-03-01", "effective: 2028-01-01")
    announcement = expected[expected.index("announced: "):expected.index("\n\n", expected.index("change:"))]
    expected = expected.replace(announcement + "\n", "")
    assert created == expected
    assert "# ILLUSTRATIVE REVISION: NOT A REAL COURSERA NOTICE." in created
    code, output = cli("validate")
    assert code == 0, output


def test_new_version_keeps_every_other_byte_of_the_copied_file(project: Path) -> None:
    """Another team's layout (lists flush with their key, quotes, folded text, CRLF) survives the copy."""
    latest = project / "notices/privacy/2027-03-01.yaml"
    yaml = YAML()
    yaml.indent(mapping=3, sequence=2, offset=0)
    yaml.width = 70
    buffer = io.StringIO()
    yaml.dump(yaml.load(latest.read_text(encoding="utf-8")), buffer)
    restyled = (buffer.getvalue().replace("effective: 2027-03-01", "effective: '2027-03-01'  # the day it applies")
                .replace("\n", "\r\n"))
    assert "\n- id: dpo" in restyled.replace("\r", "")  # lists flush with their key
    latest.write_bytes(restyled.encode("utf-8"))
    assert cli("validate")[0] == 0
    code, output = cli("new-version", "privacy", "--effective", "2028-01-01")
    assert code == 0, output
    created = (project / "notices/privacy/2028-01-01.yaml").read_bytes().decode("utf-8")
    diff = list(difflib.ndiff(restyled.splitlines(keepends=True), created.splitlines(keepends=True)))
    removed = [line[2:] for line in diff if line.startswith("- ")]
    added = [line[2:] for line in diff if line.startswith("+ ")]
    assert added == ["effective: '2028-01-01'  # the day it applies\r\n"]
    assert removed[0] == "effective: '2027-03-01'  # the day it applies\r\n"
    assert removed[1].startswith("announced: ") and removed[2] == "change:\r\n"
    block = restyled[restyled.index("announced: "):restyled.index("\r\n\r\n", restyled.index("change:"))]
    assert "".join(removed[1:]) == block + "\r\n"


def test_new_version_refuses_to_overwrite_or_go_back(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1924992000")  # 2031-01-01: every version is in force
    before = (project / "notices/privacy/2027-03-01.yaml").read_bytes()
    code, output = cli("new-version", "privacy", "--effective", "2027-03-01")
    assert code == 1
    assert "Error: notices/privacy/2027-03-01.yaml already exists" in output
    code, output = cli("new-version", "privacy", "--effective", "2030-01-01")
    assert code == 0
    code, output = cli("new-version", "privacy", "--effective", "2029-01-01")
    assert code == 1
    assert "is not after the latest version (2030-01-01)" in output
    assert "use --effective 2030-01-02 or later" in output
    assert (project / "notices/privacy/2027-03-01.yaml").read_bytes() == before
    assert not (project / "notices/privacy/2029-01-01.yaml").exists()


def test_new_version_before_an_upcoming_version_suggests_the_ways_forward(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01: 2027-03-01 is upcoming
    code, output = cli("new-version", "privacy", "--effective", "2026-06-01")
    assert code == 1
    assert output.strip() == (
        "Error: version 2027-03-01 of 'privacy' is upcoming (it takes effect on 2027-03-01), and a new version "
        "must take effect after it: use --effective 2027-03-02 or later. To change the upcoming version itself, "
        "edit notices/privacy/2027-03-01.yaml (once it is announced, record the edit with `notices correct "
        'privacy 2027-03-01 --reason "..."`)')
    assert not (project / "notices/privacy/2026-06-01.yaml").exists()


def test_lock_catches_a_one_character_edit_to_a_published_version(project: Path) -> None:
    path = project / "notices/privacy/2021-01-01.yaml"
    path.write_text(path.read_text().replace("Coursera, Inc. is a Delaware", "Coursera, Inc. is a Delawarf"))
    code, output = cli("validate")
    assert code == 1
    assert output.splitlines()[0] == (
        "notices/privacy/2021-01-01.yaml:1:1: error: version 2021-01-01 is published and has changed since it "
        "was locked in notices/privacy/versions.lock; published versions are immutable: put the change in a "
        "new version (notices new-version privacy --effective YYYY-MM-DD), or record a correction "
        '(notices correct privacy 2021-01-01 --reason "...")'
    )


def test_comment_and_layout_changes_are_not_content_changes(project: Path) -> None:
    path = project / "notices/privacy/2021-01-01.yaml"
    path.write_text("# A new comment.\n" + path.read_text().replace("summary: Privacy", "summary:   Privacy"))
    assert cli("validate")[0] == 0


def test_a_recorded_correction_is_accepted_and_shown_in_history(project: Path) -> None:
    path = project / "notices/privacy/2021-01-01.yaml"
    path.write_text(path.read_text().replace("(link:terms-of-use)..Terms", "(link:terms-of-use). Terms"))
    assert cli("validate")[0] == 1
    code, output = cli("correct", "privacy", "2021-01-01", "--reason", "Typo: double full stop.",
                       "--date", "2026-12-01")
    assert code == 0, output
    assert cli("validate")[0] == 0
    lock = (project / "notices/privacy/versions.lock").read_text()
    assert "reason: 'Typo: double full stop.'" in lock
    code, output = cli("build", "--as-of", "2026-12-01", "--site-dir", str(project / "out"))
    assert code == 0, output
    history = (project / "out/privacy/history/index.html").read_text()
    assert "Corrected on December 1, 2026: Typo: double full stop." in history


def test_diff_lists_every_change_of_the_revision_and_nothing_else(project: Path) -> None:
    code, output = cli("diff", "privacy", "2021-01-01", "2027-03-01", "--format", "json")
    assert code == 0, output
    changes = {(c["category"], c["kind"], c["id"]) for c in json.loads(output)["changes"]}
    assert changes == {
        ("information-collected", "added", "collect-skills-assessments"),
        ("uses", "added", "use-personalised-recommendations"),
        ("recipients", "added", "learning-analytics-providers"),
        ("recipients", "added", "use-personalised-recommendations"),
        ("contacts", "changed", "dpo"),
        ("sections", "moved", "external-links"),
        ("wording", "reworded", "purpose-and-who-we-are/block-1"),
        ("wording", "reworded", "complaints"),
        ("wording", "reworded", "questions-and-complaints/block-4"),  # "EU" corrected to "UK Representative"
    }


def test_diff_text_is_plain_when_piped_and_names_unknown_versions(project: Path) -> None:
    code, output = cli("diff", "privacy", "2021-01-01", "2027-03-01")
    assert code == 0
    assert "\x1b[" not in output
    assert "[-security@coursera.org-]{+dpo@coursera.org+}" in output
    code, output = cli("diff", "privacy", "2021-01-01", "2022-01-01")
    assert code == 2
    assert "'privacy' has no version 2022-01-01; its versions are: 2021-01-01, 2027-03-01" in output


def test_reading_an_impossible_date_leaves_later_round_trip_loads_alone() -> None:
    from generator.source.yamlio import round_trip_yaml

    assert round_trip_yaml(dates_as_text=True).load("effective: 2021-02-30")["effective"] == "2021-02-30"
    assert round_trip_yaml().load("effective: 2021-02-01")["effective"] == D(2021, 2, 1)
