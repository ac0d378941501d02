"""A rebuild into the same site folder keeps its folders, writes only files, and leaves what a clean build leaves."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cache import files_of
from test_serve_rebuilds import Preview, clean_build_of, edit, preview
from test_site_dir import folders_in

from generator.adapters import served_folder
from generator.adapters.served_folder import SET_ASIDE

__all__ = ["preview"]  # the fixture, shared with test_serve_rebuilds.py


def assert_clean_build(tmp_path: Path, preview: Preview, newest: str) -> None:
    """The served folder holds exactly the files and folders a clean build of the same project makes."""
    served, folders = files_of(preview.site), folders_in(preview.site)
    preview.stop()
    clean = clean_build_of(tmp_path, newest)
    assert served.keys() == clean.keys()
    assert [name for name in clean if clean[name] != served[name]] == []
    assert folders == folders_in(tmp_path / "clean")


def test_a_rebuild_keeps_the_folders_and_removes_every_file_and_folder_it_does_not_write(
        tmp_path: Path, preview: Preview) -> None:
    about = preview.project / "site_config" / "pages" / "about.md"
    about.parent.mkdir(parents=True, exist_ok=True)
    about.write_text("# About\n\nA page that goes away.\n", encoding="utf-8")
    preview.rebuild()
    site = preview.site
    assert (site / "about" / "index.html").is_file()
    kept = {name: (site / name).stat().st_ino for name in ("privacy", "privacy/2014-01-01", "assets")}
    # What the last build left and this one does not write: files and folders, at the top and deeper.
    (site / "stale" / "deeper").mkdir(parents=True)
    (site / "stale" / "deeper" / "old.html").write_text("old", encoding="utf-8")
    (site / "privacy" / "2014-01-01" / "left-over.html").write_text("old", encoding="utf-8")
    (site / "empty" / "inner").mkdir(parents=True)
    (site / "old.txt").write_text("old", encoding="utf-8")
    (site / ".hidden").write_text("not the build's", encoding="utf-8")  # MkDocs' clean keeps hidden entries
    about.unlink()
    newest = edit(preview.project, "since 2021", "since the start of 2021")

    preview.rebuild()

    assert {name: (site / name).stat().st_ino for name in kept} == kept  # the same folders, not made again
    assert not (site / SET_ASIDE).exists()
    assert (site / ".hidden").read_text(encoding="utf-8") == "not the build's"
    (site / ".hidden").unlink()
    assert "since the start of 2021" in preview.page()
    assert not (site / "about").exists() and not (site / "stale").exists() and not (site / "empty").exists()
    assert_clean_build(tmp_path, preview, newest)


def test_a_file_is_written_where_the_last_build_had_a_folder(tmp_path: Path, preview: Preview) -> None:
    preview.rebuild()
    page = preview.site / "privacy" / "2014-01-01" / "index.html"
    page.unlink()
    (page / "inner").mkdir(parents=True)
    (page / "inner" / "file.html").write_text("old", encoding="utf-8")
    newest = (preview.project / "notices" / "privacy" / "2021-01-01.yaml").read_text(encoding="utf-8")

    preview.rebuild()

    assert page.is_file()
    assert_clean_build(tmp_path, preview, newest)


def test_after_a_failed_build_the_next_one_starts_from_a_clean_folder(
        tmp_path: Path, preview: Preview, monkeypatch: pytest.MonkeyPatch) -> None:
    emptied: list[str] = []
    delete_files = served_folder.delete_files

    def counted(folder: str) -> None:
        emptied.append(folder)
        delete_files(folder)

    monkeypatch.setattr(served_folder, "delete_files", counted)
    preview.rebuild()
    with monkeypatch.context() as patched:  # a build that fails once MkDocs has begun writing
        patched.setattr("mkdocs.commands.build._build_theme_template", _fail)
        with pytest.raises(RuntimeError, match="build failed"):
            preview.rebuild()
    assert emptied and (preview.site / SET_ASIDE).is_dir()  # what says the build did not finish
    emptied.clear()

    preview.rebuild()  # nothing kept: MkDocs' own clean
    assert emptied == [] and not (preview.site / SET_ASIDE).exists()
    privacy = (preview.site / "privacy").stat().st_ino
    preview.rebuild()  # and the next rebuild keeps the folders again
    assert emptied and (preview.site / "privacy").stat().st_ino == privacy
    newest = (preview.project / "notices" / "privacy" / "2021-01-01.yaml").read_text(encoding="utf-8")
    assert_clean_build(tmp_path, preview, newest)


def _fail(*args: object, **kwargs: object) -> None:
    raise RuntimeError("build failed")
