"""Every kind of bad input gives one located line per problem, exit code 1 and no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.adapters.cli import main
from tests.project import NOTICE, VERSION, make_project

V = "notices/privacy/2021-01-01.yaml"


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root)], catch_exceptions=False)
    return result.exit_code, result.output


def lines_of(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error: " in line or ": warning: " in line]


def validate_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: str, notice: str = NOTICE
                     ) -> list[str]:
    make_project(tmp_path, notices={"privacy": {"notice.yaml": notice, "2021-01-01.yaml": version}})
    monkeypatch.chdir(tmp_path)
    code, output = run(tmp_path, "validate")
    assert code == 1, output
    assert "Traceback" not in output
    return lines_of(output)


def test_valid_project_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, output = run(tmp_path, "validate")
    assert code == 0, output
    assert "1 notice(s), 1 version(s)" in output


def test_malformed_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = VERSION.replace("jurisdictions", "x").replace("summary: First version.", "summary: [First version.")
    lines = validate_version(tmp_path, monkeypatch, bad)
    assert len(lines) == 1
    assert lines[0] == (f"{V}:3:9: error: malformed YAML: did not find expected ',' or ']' (while parsing a flow "
                        "sequence started at line 2, column 10); check the indentation, quotes and brackets on this "
                        "line and the one before")


def test_tab_in_indentation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = VERSION.replace("    role: privacy", "\trole: privacy").replace("    name: Privacy", "  \tname: Privacy")
    lines = validate_version(tmp_path, monkeypatch, bad)
    assert lines == [
        f"{V}:5:1: error: tab character in indentation; YAML indents with spaces only, so replace the tab "
        "with spaces",
        f"{V}:6:3: error: tab character in indentation; YAML indents with spaces only, so replace the tab "
        "with spaces",
    ]


def test_unknown_key_suggests_the_right_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = VERSION.replace("            title: Account.", "            titel: Account.")
    lines = validate_version(tmp_path, monkeypatch, bad)
    assert lines == [f"{V}:15:13: error: unknown key 'titel'; did you mean 'title'?"]


def test_wrong_type(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = VERSION.replace("    title: Who we are", "    title: [Who, we, are]")
    lines = validate_version(tmp_path, monkeypatch, bad)
    assert lines == [f"{V}:10:12: error: 'title' should be text, not a list"]


def test_missing_required_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = VERSION.replace("summary: First version.\n", "")
    lines = validate_version(tmp_path, monkeypatch, bad)
    assert lines == [f"{V}:1:1: error: missing required key 'summary'; add it here"]


def test_impossible_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = VERSION.replace("effective: 2021-01-01", "effective: 2021-02-30")
    lines = validate_version(tmp_path, monkeypatch, bad)
    assert lines == [
        f"{V}:1:12: error: '2021-02-30' is not a real date (day value is outside expected range); "
        "write it as YYYY-MM-DD"
    ]


def test_effective_date_must_match_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = VERSION.replace("effective: 2021-01-01", "effective: 2021-01-02")
    lines = validate_version(tmp_path, monkeypatch, bad)
    assert lines == [f"{V}:1:12: error: effective date 2021-01-02 does not match the file name 2021-01-01.yaml; "
                     "make them the same"]


def test_duplicate_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = VERSION.replace("          - id: account", "          - id: intro")
    lines = validate_version(tmp_path, monkeypatch, bad)
    assert lines == [f"{V}:14:17: error: duplicate id 'intro' (already used by a section); ids must be unique "
                     "within a version, so rename one"]


def test_duplicate_yaml_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = VERSION.replace("summary: First version.\n", "summary: First version.\nsummary: Again.\n")
    lines = validate_version(tmp_path, monkeypatch, bad)
    assert lines == [f"{V}:3:1: error: duplicate key 'summary'; each key may appear once in a mapping, "
                     "so remove or rename one"]


def test_unknown_reference(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = VERSION + "      - contact: privacy-teem\n"
    lines = validate_version(tmp_path, monkeypatch, bad)
    assert lines == [f"{V}:17:18: error: 'privacy-teem' is not a known contact id; did you mean 'privacy-team'?"]


def test_unknown_notice_and_audience(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notice = "title: Supplement\nkind: supplement\nsupplements: privcy\naudiences: [all-usres]\n"
    make_project(tmp_path, notices={
        "privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": VERSION},
        "extra": {"notice.yaml": notice, "2021-01-01.yaml": VERSION},
    })
    monkeypatch.chdir(tmp_path)
    code, output = run(tmp_path, "validate")
    assert code == 1
    assert lines_of(output) == [
        "notices/extra/notice.yaml:3:14: error: 'privcy' is not a notice in notices/; did you mean 'privacy'?",
        "notices/extra/notice.yaml:4:13: error: 'all-usres' is not an audience in site_config/site.yaml; "
        "did you mean 'all-users'?",
    ]


def test_all_problems_at_once_across_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad_version = VERSION.replace("summary: First version.\n", "").replace("title: Account.", "titel: Account.")
    bad_notice = NOTICE.replace("kind: notice", "kind: notise")
    lines = validate_version(tmp_path, monkeypatch, bad_version, bad_notice)
    assert lines == [
        f"{V}:1:1: error: missing required key 'summary'; add it here",
        f"{V}:14:13: error: unknown key 'titel'; did you mean 'title'?",
        "notices/privacy/notice.yaml:2:7: error: 'notise' is not allowed for 'kind'; did you mean 'notice'?; "
        "choose one of: notice, supplement",
    ]


def test_bad_file_and_folder_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_project(tmp_path, notices={"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": VERSION,
                                                "2021-13-01.yaml": VERSION}})
    (tmp_path / "notices" / "Bad Name").mkdir()
    monkeypatch.chdir(tmp_path)
    code, output = run(tmp_path, "validate")
    assert code == 1
    assert lines_of(output) == [
        "notices/Bad Name:1:1: error: folder name 'Bad Name' is not a valid notice id; use lower-case letters, "
        "digits and hyphens, e.g. 'privacy'",
        "notices/privacy/2021-13-01.yaml:1:1: error: file name '2021-13-01.yaml' is not a version date; name "
        "version files by their effective date, e.g. '2021-01-01.yaml', and keep notice settings in "
        "'notice.yaml'",
    ]


def test_bad_as_of_is_a_usage_error(tmp_path: Path) -> None:
    make_project(tmp_path)
    result = CliRunner().invoke(main, ["build", "--root", str(tmp_path), "--as-of", "2021-02-30"])
    assert result.exit_code == 2
    assert "'2021-02-30' is not a date; write it as YYYY-MM-DD" in result.output


def test_failed_build_keeps_the_published_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, output = run(tmp_path, "build", "--as-of", "2021-06-01")
    assert code == 0, output
    published = (tmp_path / "site" / "privacy" / "index.html").read_bytes()
    version = tmp_path / V
    version.write_text(version.read_text().replace("title: Who we are", "titel: Who we are"))
    code, output = run(tmp_path, "build", "--as-of", "2021-06-01")
    assert code == 1
    assert f"{V}:10:5: error: unknown key 'titel'; did you mean 'title'?" in output
    assert (tmp_path / "site" / "privacy" / "index.html").read_bytes() == published
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", ".site.lock", "mkdocs.yml", "notices", "site",
                                                          "site_config"]


def test_a_wrong_entry_of_a_list_is_named_by_its_list_not_its_index(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    version = VERSION.replace("text: We collect your name.",
                              "text: We collect your name.\n            collects: {data: [name], sources: [automatc]}")
    lines = validate_version(tmp_path, monkeypatch, version)
    assert len(lines) == 1
    assert "error: 'automatc' is not allowed for an entry of 'sources'; did you mean 'automatic'?" in lines[0]
    assert "'0'" not in lines[0]
