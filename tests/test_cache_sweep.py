"""A successful build deletes the page-making cache entries it did not use (source/cache.py `sweep_unused`):
the cache holds what the next build needs, not every edit's pages (18 MB an edit at 100 versions)."""

from __future__ import annotations

from pathlib import Path

import cache_entries
import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_AS_OF
from test_build_path import YEARS, versions_project
from test_cache import files_of

from generator.adapters.build import BuildFailed, build_site
from generator.adapters.cli import main
from generator.source.cache import CACHE_DIR, SWEPT, ContentCache
from generator.source.cache_pack import close_packs
from generator.source.problems import InvalidContent


def entries(project: Path) -> dict[str, set[str]]:
    """The cache's entries of the swept kinds, by kind."""
    return {kind: set(cache_entries.stored(project, kind)) for kind in SWEPT}


def reword_newest(project: Path, words: str) -> None:
    path = project / "notices" / "privacy" / f"{YEARS[-1]}-01-01.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("since", words, 1), encoding="utf-8")


def test_an_edit_replaces_the_entries_it_outdates_instead_of_adding_to_them(tmp_path: Path) -> None:
    project = versions_project(tmp_path / "project")
    build_site(project, EXAMPLE_AS_OF, tmp_path / "site")
    first = entries(project)
    assert all(first[kind] for kind in ("rendered", "theme", "redline"))
    reword_newest(project, "ever since")
    build_site(project, EXAMPLE_AS_OF, tmp_path / "site")
    second = entries(project)
    # As many entries as one build makes: the edited version's outdated pages are gone, the rest kept.
    assert {kind: len(names) for kind, names in second.items()} == {kind: len(names) for kind, names in first.items()}
    assert second["rendered"] != first["rendered"] and second["rendered"] & first["rendered"]
    # Around their content, the edited pages' HTML is what it was (adapters/theme_content.py).
    assert second["theme"] == first["theme"]

    # What is left is exactly what the next build needs: nothing is computed again, nothing is deleted.
    build_site(project, EXAMPLE_AS_OF, tmp_path / "again")
    assert entries(project) == second
    assert files_of(tmp_path / "again") == files_of(tmp_path / "site")


def test_a_build_gives_back_the_space_it_freed_when_it_is_most_of_the_pack(tmp_path: Path) -> None:
    project = versions_project(tmp_path / "project")
    build_site(project, EXAMPLE_AS_OF, tmp_path / "site")
    pack = cache_entries.pack_path(project)

    def size() -> int:
        close_packs()  # the log is written back and removed with the last connection
        return sum(path.stat().st_size for path in (pack, Path(f"{pack}-wal")) if path.exists())

    built = size()
    stale = ContentCache(project / CACHE_DIR)  # pages of an earlier template, say: twice what the build stored
    for number in range(2 * built // 100_000 + 1):
        stale.put("rendered", f"stale-{number}", "x" * 100_000)
    assert size() > 3 * built
    build_site(project, EXAMPLE_AS_OF, tmp_path / "again")
    assert built * 0.8 < size() < built * 1.2
    assert files_of(tmp_path / "again") == files_of(tmp_path / "site")


def test_a_failed_build_deletes_nothing(tmp_path: Path) -> None:
    project = versions_project(tmp_path / "project")
    build_site(project, EXAMPLE_AS_OF, tmp_path / "site")
    before = entries(project)
    path = project / "notices" / "privacy" / f"{YEARS[-1]}-01-01.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("effective:", "effective: [", 1), encoding="utf-8")
    with pytest.raises((BuildFailed, InvalidContent)):
        build_site(project, EXAMPLE_AS_OF, tmp_path / "site")
    assert entries(project) == before


def test_a_build_run_in_the_project_folder_sweeps_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The library names the project `.` there and the plugin names it in full: the same cache all the same."""
    project = versions_project(tmp_path / "project")
    monkeypatch.chdir(project)
    command = ["build", "--as-of", EXAMPLE_AS_OF.isoformat(), "--site-dir", str(tmp_path / "site")]
    assert CliRunner().invoke(main, command).exit_code == 0
    first = entries(project)
    reword_newest(project, "ever since")
    assert CliRunner().invoke(main, command).exit_code == 0
    assert {kind: len(names) for kind, names in entries(project).items()} == \
        {kind: len(names) for kind, names in first.items()}
