"""Bad and hostile input: every case ends in located lines and exit 1 (2 for usage), never a traceback."""

from __future__ import annotations

import os
import re
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.adapters.cli import main
from generator.library.loader import load_library
from generator.source.problems import InvalidContent
from tests.project import NOTICE, SITE, VERSION, make_project

VERSION_FILE = "notices/privacy/2021-01-01.yaml"
NOTICE_FILE = "notices/privacy/notice.yaml"
LOCATED = re.compile(r"^[^\s:][^:]*:\d+:\d+: (error|warning): \S")


def invoke(root: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    cwd = os.getcwd()
    os.chdir(root)  # paths in messages are relative to the working directory
    try:
        return CliRunner().invoke(main, list(args), env=env)
    finally:
        os.chdir(cwd)


def assert_refused(result: Result, *expected: str, code: int = 1) -> None:
    """Exit `code`, no traceback, every problem line located, and each `expected` line among them."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    summaries = ("Error:", "Usage:", "Try ", "note:")
    problems = [line for line in lines if not line.startswith(summaries) and not line.endswith(
        ("nothing was written.", "the site was not built.")) and line.strip()]
    assert all(LOCATED.match(line) for line in problems), result.output
    for line in expected:
        assert any(line in shown for shown in lines), f"{line!r} not in:\n{result.output}"


def edit(root: Path, name: str, change: Callable[[str], str]) -> None:
    path = root / name
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


# Item 4: files from outside the project.

def test_a_version_linked_to_a_file_outside_the_project_is_refused(project: Path, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "version.yaml"
    outside.write_text(VERSION, encoding="utf-8")
    (project / VERSION_FILE).unlink()
    (project / VERSION_FILE).symlink_to(outside)
    assert_refused(invoke(project, "validate"), f"{VERSION_FILE}:1:1: error: is a link to {outside}, outside the "
                   "project; the tool reads only files inside the project")


def test_a_page_linked_to_the_environment_is_refused_and_not_published(project: Path) -> None:
    (project / "site_config" / "pages" / "env.md").symlink_to("/proc/self/environ")
    result = invoke(project, "build", "--as-of", "2021-06-01", env={"SECRET_TOKEN": "hunter2"})
    assert_refused(result, "site_config/pages/env.md:1:1: error: is a link to /proc/")
    assert not (project / "site").exists()
    assert "hunter2" not in result.output


def test_a_symlink_inside_the_project_is_read(project: Path) -> None:
    (project / "shared.yaml").write_text(NOTICE, encoding="utf-8")
    (project / NOTICE_FILE).unlink()
    (project / NOTICE_FILE).symlink_to(project / "shared.yaml")
    assert load_library(project).notices["privacy"].title == "Privacy Notice"


# Item 7: denial of service.

def alias_bomb(levels: int) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        name, previous = f"l{level}", "a" if level == 1 else f"l{level - 1}"
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_quickly_and_in_little_memory(project: Path) -> None:
    text = VERSION.replace("      - text: We are Example Ltd.\n", "      - text: We are Example Ltd.\n") + \
        "bomb:\n" + "".join(f"  {line}\n" for line in alias_bomb(12).splitlines())
    (project / VERSION_FILE).write_text(text, encoding="utf-8")
    tracemalloc.start()
    started = time.monotonic()
    with pytest.raises(InvalidContent) as raised:
        load_library(project.relative_to(Path.cwd()) if project.is_relative_to(Path.cwd()) else project)
    elapsed = time.monotonic() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 2 and peak < 200 * 1024 * 1024, (elapsed, peak)
    assert [str(p).replace(f"{project}/", "") for p in raised.value.problems] == [
        f"{VERSION_FILE}:19:12: error: aliases of lists or mappings (*name) are not allowed: a few of them can "
        "expand into billions of entries; write the content out instead"]


def test_deep_nesting_is_refused_at_its_place(project: Path) -> None:
    (project / VERSION_FILE).write_text("effective: 2021-01-01\nsummary: " + "[" * 10000 + "]" * 10000 + "\n",
                                        encoding="utf-8")
    assert_refused(invoke(project, "validate"), f"{VERSION_FILE}:2:59: error: nested more than 50 levels deep")


def test_a_file_over_the_size_limit_is_refused_and_the_limit_is_configurable(project: Path) -> None:
    big = VERSION + "".join(f"      - text: Paragraph {i} {'x' * 1000}\n" for i in range(5000))
    (project / VERSION_FILE).write_text(big, encoding="utf-8")
    assert_refused(invoke(project, "validate"), f"{VERSION_FILE}:1:1: error: file is {len(big):,} bytes, over the "
                   "limit of 4,194,304; split it, or raise limits.max_file_bytes in site_config/site.yaml")
    edit(project, "site_config/site.yaml", lambda s: s + "limits:\n  max_file_bytes: 8000000\n")
    assert_refused(invoke(project, "validate"), f"{VERSION_FILE}:1:1: error: holds more than 2,000,000 characters "
                   "of text; split it into several notices, or raise limits.max_text_chars")
    edit(project, "site_config/site.yaml", lambda s: s + "  max_text_chars: 9000000\n")
    assert invoke(project, "validate", "--as-of", "2021-06-01").exit_code == 0


# Item 8: no traceback, ever.

CONTROL = {"NUL": "\x00", "ESC": "\x1b", "DEL": "\x7f", "U+FFFE": "\ufffe", "C1": "\x9b"}


@pytest.mark.parametrize("name", sorted(CONTROL))
@pytest.mark.parametrize("file", [VERSION_FILE, NOTICE_FILE, "site_config/site.yaml", "notices/privacy/versions.lock"])
def test_control_characters_are_located(project: Path, name: str, file: str) -> None:
    path = project / file
    text = path.read_text(encoding="utf-8") if path.exists() else "versions: {}\n"
    path.write_text(text.replace("\n", f" {CONTROL[name]}\n", 2), encoding="utf-8")
    line_end = text.index("\n")
    code = f"U+{ord(CONTROL[name]):04X}"
    assert_refused(invoke(project, "validate"), f"{file}:1:{line_end + 2}: error: control character {code} is not "
                   "allowed in YAML; delete it")


def test_an_escaped_control_character_or_surrogate_is_located(project: Path) -> None:
    edit(project, VERSION_FILE, lambda s: s.replace("summary: First version.", 'summary: "First \\x1b[31m"'))
    assert_refused(invoke(project, "validate"), f"{VERSION_FILE}:2:10: error: an escape in this quoted text makes a "
                   "control character or half a surrogate pair")


def test_invalid_utf8_is_located_at_its_line_and_column(project: Path) -> None:
    path = project / VERSION_FILE
    path.write_bytes(path.read_bytes().replace(b"First version.", b"First \xe9t\xff version."))
    assert_refused(invoke(project, "validate"), f"{VERSION_FILE}:2:16: error: not UTF-8 text (byte 0xe9 cannot "
                   "start or continue a character here); save the file as UTF-8")


def test_tabs_after_a_key_and_in_a_flow_sequence_are_accepted_and_placed(project: Path) -> None:
    edit(project, VERSION_FILE, lambda s: s.replace("summary: First", "summary:\tFirst").replace(
        "role: privacy", "role:\tprivcy"))
    edit(project, NOTICE_FILE, lambda s: s.replace("[all-users]", "[\tall-users,\tnobody]"))
    assert_refused(invoke(project, "validate"),
                   f"{NOTICE_FILE}:3:25: error: 'nobody' is not an audience in site_config/site.yaml",
                   f"{VERSION_FILE}:5:11: error: 'privcy' is not allowed for 'role'")


def test_a_problem_inside_a_merge_key_is_reported(project: Path) -> None:
    edit(project, NOTICE_FILE, lambda s: "base: &base {kind: notise}\n" + s.replace("kind: notice\n", "<<: *base\n"))
    assert_refused(invoke(project, "validate"), f"{NOTICE_FILE}:1:20: error: 'notise' is not allowed for 'kind'",
                   f"{NOTICE_FILE}:1:1: error: unknown key 'base'")


def test_a_folder_named_like_a_yaml_file_and_a_symlink_loop_are_reported(project: Path) -> None:
    (project / "notices/privacy/2022-01-01.yaml").mkdir()
    (project / "notices/privacy/2023-01-01.yaml").symlink_to("2023-01-01.yaml")
    assert_refused(invoke(project, "validate"),
                   "notices/privacy/2022-01-01.yaml:1:1: error: is a folder, not a file",
                   "notices/privacy/2023-01-01.yaml:1:1: error: a symlink loop; replace it with a regular file")


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31"])
def test_dates_out_of_range_are_errors(project: Path, date: str) -> None:
    (project / VERSION_FILE).rename(project / f"notices/privacy/{date}.yaml")
    edit(project, f"notices/privacy/{date}.yaml", lambda s: s.replace("2021-01-01", date))
    assert_refused(invoke(project, "build"), f"notices/privacy/{date}.yaml:1:12: error: '{date}' is a date "
                   "outside 1970-2100; check the year")


def test_huge_day_counts_are_errors(project: Path) -> None:
    edit(project, "site_config/site.yaml", lambda s: s + "notice_period_days: 99999999999\nbanner_days_after: 1e9\n")
    assert_refused(invoke(project, "build"), "site_config/site.yaml:10:21: error: 'notice_period_days': input "
                   "should be less than or equal to 3650",
                   "site_config/site.yaml:11:20: error: 'banner_days_after': input should be less than or equal to "
                   "3650")


@pytest.mark.parametrize(("epoch", "message"), [
    ("abc", "SOURCE_DATE_EPOCH='abc' is not a number of seconds since 1970-01-01"),
    ("99999999999999999", "SOURCE_DATE_EPOCH='99999999999999999' is not a number of seconds"),
    ("9999999999", "SOURCE_DATE_EPOCH=9999999999 is 2286-11-20 is outside 1970-2100"),
])
def test_a_bad_source_date_epoch_is_a_usage_error(project: Path, epoch: str, message: str) -> None:
    assert_refused(invoke(project, "validate", env={"SOURCE_DATE_EPOCH": epoch}), message, code=2)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2021-1-1", "20210101", "2021-02-30"])
def test_as_of_outside_the_range_or_loose_is_a_usage_error(project: Path, day: str) -> None:
    result = invoke(project, "build", "--as-of", day)
    assert_refused(result, "Invalid value for '--as-of'", code=2)
    assert not (project / "site").exists()


@pytest.mark.parametrize(("args", "message", "code"), [
    (["check", "--as-of", "2021-06-01", "-o", "/nonexistent/x"],
     "cannot write -o /nonexistent/x: No such file or directory", 2),
    (["schema", "--out", "/proc/schemas"], "cannot write --out /proc/schemas: No such file or directory", 2),
    (["build", "--as-of", "2021-06-01", "--site-dir", "/proc/site"],
     "cannot write the site to /proc/.site.lock: No such file or directory", 1),
])
def test_output_paths_that_cannot_be_written_are_reported(project: Path, args: list[str], message: str,
                                                          code: int) -> None:
    assert_refused(invoke(project, *args), message, code=code)


@pytest.mark.parametrize(("file", "old", "new", "message"), [
    ("site_config/site.yaml", "sender: Example Privacy <privacy@example.org>",
     'sender: "Example <privacy@example.org>\\nBcc: all@example.org"',
     "site_config/site.yaml:4:9: error: 'Example <privacy@example.org>\\nBcc: all@example.org' must be one line"),
    ("site_config/site.yaml", "name: All users", 'name: "All\\nBcc: evil@example.org"',
     "site_config/site.yaml:8:11: error: 'All\\nBcc: evil@example.org' must be one line"),
    ("site_config/site.yaml", "email: users@example.org", 'email: "a,b@example.org"',
     "site_config/site.yaml:9:12: error: 'a,b@example.org' is not a valid e-mail address"),
    (NOTICE_FILE, "title: Privacy Notice", 'title: "Privacy\\nBcc: a@example.org"',
     f"{NOTICE_FILE}:1:8: error: 'Privacy\\nBcc: a@example.org' must be one line"),
])
def test_email_header_values_are_checked(project: Path, file: str, old: str, new: str, message: str) -> None:
    edit(project, file, lambda s: s.replace(old, new))
    assert_refused(invoke(project, "notify", "privacy", "2021-01-01", "--out", "drafts"), message)
    assert not (project / "drafts").exists()


# Item 9: validation.

def test_a_supplement_of_itself_and_a_cycle_are_errors(tmp_path: Path) -> None:
    supplement = "title: {title}\nkind: supplement\nsupplements: {target}\naudiences: [all-users]\n"
    root = make_project(tmp_path, notices={
        "a": {"notice.yaml": supplement.format(title="A", target="b"), "2021-01-01.yaml": VERSION},
        "b": {"notice.yaml": supplement.format(title="B", target="a"), "2021-01-01.yaml": VERSION},
        "c": {"notice.yaml": supplement.format(title="C", target="c"), "2021-01-01.yaml": VERSION},
    })
    assert_refused(invoke(root, "validate"),
                   "notices/a/notice.yaml:3:14: error: 'a' supplements itself (through a -> b -> a)",
                   "notices/b/notice.yaml:3:14: error: 'b' supplements itself (through b -> a -> b)",
                   "notices/c/notice.yaml:3:14: error: 'c' supplements itself (through c -> c)")


def test_duplicate_audience_ids_are_errors(project: Path) -> None:
    duplicate = "  - id: all-users\n    name: Others\n    email: o@example.org\n"
    edit(project, "site_config/site.yaml", lambda s: s + duplicate)
    assert_refused(invoke(project, "validate"), "site_config/site.yaml:10:9: error: audience id 'all-users' is "
                   "declared twice")


@pytest.mark.parametrize("value", ["1609459200", "1609459200.5", "2021-01-01T00:00:00", "2021-01-01 00:00",
                                   "'20210101'", "true"])
def test_dates_are_yyyy_mm_dd_only(project: Path, value: str) -> None:
    edit(project, VERSION_FILE, lambda s: s.replace("effective: 2021-01-01", f"effective: {value}"))
    assert_refused(invoke(project, "validate"), f"{VERSION_FILE}:1:12: error: ")
    assert "write it as YYYY-MM-DD" in invoke(project, "validate").output


def test_announced_after_effective_is_an_error(project: Path) -> None:
    edit(project, VERSION_FILE, lambda s: s.replace("summary:", "announced: 2021-02-01\nsummary:"))
    assert_refused(invoke(project, "validate"), f"{VERSION_FILE}:2:12: error: announced 31 day(s) after it takes "
                   "effect on 2021-01-01 (announced: 2021-02-01)")


def test_a_value_with_a_newline_cannot_forge_an_error_line(project: Path) -> None:
    edit(project, VERSION_FILE, lambda s: s + '"x\\nnotices/a.yaml:1:1: error: forged": 1\n')
    result = invoke(project, "validate")
    assert_refused(result, f"{VERSION_FILE}:17:1: error: unknown key 'x\\nnotices/a.yaml:1:1: error: forged'")
    assert not any(line.startswith("notices/a.yaml") for line in result.output.splitlines())


def test_an_error_in_a_notice_yaml_gives_no_follow_on_error(project: Path) -> None:
    edit(project, NOTICE_FILE, lambda s: s + "titel: x\n")
    folder = project / "notices" / "sup"
    folder.mkdir()
    (folder / "notice.yaml").write_text("title: S\nkind: supplement\nsupplements: privacy\naudiences: [all-users]\n",
                                        encoding="utf-8")
    (folder / "2021-01-01.yaml").write_text(VERSION, encoding="utf-8")
    result = invoke(project, "validate")
    assert_refused(result, f"{NOTICE_FILE}:4:1: error: unknown key 'titel'; did you mean 'title'?")
    assert "is not a notice" not in result.output


def test_correct_with_an_empty_reason_is_a_usage_error(project: Path) -> None:
    assert invoke(project, "lock", "--as-of", "2021-06-01").exit_code == 0
    result = invoke(project, "correct", "privacy", "2021-01-01", "--reason", " ")
    assert_refused(result, "Invalid value for --reason: say why the published text was corrected", code=2)
    assert "pydantic" not in result.output


def test_site_template_is_unchanged() -> None:
    """The minimal project these tests edit must keep the lines the expected messages point at."""
    assert SITE.splitlines()[3] == "sender: Example Privacy <privacy@example.org>"
    assert SITE.splitlines()[7:9] == ["    name: All users", "    email: users@example.org"]
