"""Commands load what they need: `--help` imports neither MkDocs nor the schema, `diff`, `show` and
`notify` read only the versions they name (and the neighbours their output needs)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_cache import copy_example

from generator.adapters.check_command import FAIL_ON
from generator.adapters.cli import main
from generator.source.cache import ContentCache
from generator.source.model.compliance import FailOn
from generator.source.schema import SCHEMA_KINDS, schema_model
from tests import project

HEAVY = ("mkdocs", "material", "pydantic", "ruamel", "jinja2", "markdown", "generator.source.model",
         "generator.library", "generator.analyses", "generator.outputs")


def test_help_imports_neither_mkdocs_nor_the_schema() -> None:
    script = ("import sys; from generator.adapters.cli import main\n"
              "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
              f"print(sorted(m for m in sys.modules if m.startswith({HEAVY!r})))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert "Commands:" in result.stdout
    assert result.stdout.splitlines()[-1] == "[]"


PREVIEW_ONLY = ("generator.analyses.compliance", "watchdog")
"""What a build imports only for a compliance page its site publishes, or for a preview's watching."""


@pytest.mark.parametrize("publish", [False, True], ids=["no compliance page", "a compliance page"])
def test_a_build_imports_the_compliance_checks_only_for_a_compliance_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, publish: bool) -> None:
    project = copy_example(tmp_path / "project")
    if publish:
        site_yaml = project / "site_config" / "site.yaml"
        site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + "compliance:\n  publish_page: true\n",
                             encoding="utf-8")
    script = ("import sys, datetime as dt; from pathlib import Path; from generator.adapters.build import build_site\n"
              "build_site(Path(sys.argv[1]), dt.date(2021, 6, 1), Path(sys.argv[2]))\n"
              f"print(sorted({{m.rpartition('.')[2] for m in sys.modules if m.startswith({PREVIEW_ONLY!r})}}))")
    monkeypatch.setenv("NOTICES_CACHE_DIR", str(tmp_path / "user-cache"))
    done = subprocess.run([sys.executable, "-c", script, str(project), str(tmp_path / "site")],
                          capture_output=True, text=True, check=True)
    page = tmp_path / "site" / "privacy" / "compliance" / "index.html"
    assert page.is_file() == publish
    imported = done.stdout.splitlines()[-1]
    assert ("'engine'" in imported and "watchdog" not in imported) if publish else imported == "[]"


def test_choices_named_without_the_schema_match_it() -> None:
    assert set(FAIL_ON) == {level.value for level in FailOn}
    assert {schema_model(kind).__name__ for kind in SCHEMA_KINDS} == {"Version", "NoticeMeta", "SiteConfig"}


DAYS = [dt.date(2020, 1, 1) + dt.timedelta(days=30 * n) for n in range(8)]


@pytest.fixture
def many_versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A project of eight versions; returns the names of the version files read, as the test goes on."""
    files = {"notice.yaml": project.NOTICE}
    for n, day in enumerate(DAYS):
        files[f"{day}.yaml"] = project.VERSION.replace("effective: 2021-01-01", f"effective: {day}").replace(
            "We are Example Ltd.", f"We are Example Ltd, version {n}.")
    project.make_project(tmp_path, notices={"privacy": files})
    monkeypatch.chdir(tmp_path)
    read: list[str] = []
    real = ContentCache.load_yaml_keyed

    def recording(cache: ContentCache, path: Path, *args: Any) -> object:
        read.append(path.name)
        return real(cache, path, *args)

    monkeypatch.setattr(ContentCache, "load_yaml_keyed", recording)
    return read


def versions_read(read: list[str]) -> list[str]:
    return sorted(name for name in read if name[0].isdigit())


def test_diff_reads_only_the_two_versions(many_versions: list[str]) -> None:
    result = CliRunner().invoke(main, ["diff", "privacy", str(DAYS[2]), str(DAYS[5]), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"version 2"' not in result.output and "version 5" in result.output
    assert versions_read(many_versions) == [f"{DAYS[2]}.yaml", f"{DAYS[5]}.yaml"]


def test_diff_of_a_missing_version_lists_every_version(many_versions: list[str]) -> None:
    result = CliRunner().invoke(main, ["diff", "privacy", str(DAYS[2]), "2099-01-01"])
    assert result.exit_code == 2
    assert f"its versions are: {', '.join(map(str, DAYS))}" in result.output


def test_show_reads_the_version_in_force_and_the_next(many_versions: list[str]) -> None:
    day = DAYS[3] + dt.timedelta(days=3)
    result = CliRunner().invoke(main, ["show", "privacy", "--as-of", str(day)])
    assert result.exit_code == 0, result.output
    assert f"version {DAYS[3]} was in force on {day} (from {DAYS[3]} until {DAYS[4] - dt.timedelta(days=1)})" \
        in result.output
    assert "version 3." in result.output
    assert versions_read(many_versions) == [f"{DAYS[3]}.yaml", f"{DAYS[4]}.yaml"]


def test_notify_reads_the_version_and_the_one_it_replaces(many_versions: list[str], tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["notify", "privacy", str(DAYS[6]), "--out", str(tmp_path / "drafts")])
    assert result.exit_code == 0, result.output
    assert versions_read(many_versions) == [f"{DAYS[5]}.yaml", f"{DAYS[6]}.yaml"]
    assert list((tmp_path / "drafts").glob("*.eml"))


def test_validate_still_reads_every_version(many_versions: list[str]) -> None:
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert versions_read(many_versions) == [f"{day}.yaml" for day in DAYS]


REBUILD_SKIPS = ("generator.analyses.redline", "generator.analyses.changes.classifier", "ruamel",
                 "generator.outputs.glance", "generator.analyses.citations.check", "generator.analyses.citations.words")
"""What a rebuild that finds every file, comparison, page and citation check in the project's cache (and has no
upcoming version to classify) never runs, and so does not import: the comparison, the YAML reader, the "At a glance"
layer and the citation rules."""


def test_an_unchanged_rebuild_imports_no_comparison_no_yaml_reader_no_layer_and_no_citation_rules(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_example(tmp_path / "project")
    script = ("import sys; from generator.adapters.cli import main\n"
              "try:\n    main(['build', '--root', sys.argv[1], '--as-of', '2100-01-01', '--site-dir', sys.argv[2]])\n"
              "except SystemExit as stop:\n    assert not stop.code, stop.code\n"
              f"print(sorted({{m for m in sys.modules if m.startswith({REBUILD_SKIPS!r})}}))")
    monkeypatch.setenv("NOTICES_CACHE_DIR", str(tmp_path / "user-cache"))
    imported = [subprocess.run([sys.executable, "-c", script, str(project), str(tmp_path / "site")],
                               capture_output=True, text=True, check=True).stdout.splitlines()[-1] for _ in range(2)]
    assert "'generator.analyses.redline.compare'" in imported[0] and "'ruamel'" in imported[0]  # a first build
    assert "'generator.outputs.glance_layer'" in imported[0] and "'generator.analyses.citations.words'" in imported[0]
    assert imported[1] == "[]"
