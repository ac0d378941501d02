"""What `mkdocs serve` and the template memos hash is walked into linked folders, as the code that reads them
enters them, and a link cycle ends the walk (folder_walk.py)."""

from __future__ import annotations

import time
from pathlib import Path

from generator.adapters import kept_project
from generator.library.loader import load_library
from generator.outputs.template_files import FolderSnapshot
from generator.source.folder_walk import entries_under
from tests.project import NOTICE, VERSION, make_project


def tree(root: Path) -> Path:
    for name in ("a/b/c.txt", "a/b.txt", "a.b/x", "a.txt", "A/z", "a b/y", ".hidden/h"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name, encoding="utf-8")
    (root / "empty").mkdir()
    return root


def test_without_links_the_walk_is_rglob_in_its_order(tmp_path: Path) -> None:
    root = tree(tmp_path / "root")
    assert entries_under(root) == sorted(root.rglob("*"))
    assert entries_under(root, lambda name: name != "b") == [
        path for path in sorted(root.rglob("*")) if "b" not in path.relative_to(root).parts[:-1]]


def test_a_linked_folder_is_entered_and_a_link_cycle_is_not_entered_again(tmp_path: Path) -> None:
    outside = tree(tmp_path / "outside")
    root = tmp_path / "root"
    (root / "folder").mkdir(parents=True)
    (root / "linked").symlink_to(outside)
    (root / "folder" / "up").symlink_to("..")  # the root again: a cycle
    (outside / "back").symlink_to(root)  # another, through the linked folder
    names = [path.relative_to(root).as_posix() for path in entries_under(root)]
    assert names == ["folder", "folder/up", "linked", *(f"linked/{path.relative_to(outside).as_posix()}"
                                                       for path in sorted(outside.rglob("*")))]
    assert "linked/back" in names and "linked/a/b/c.txt" in names
    assert FolderSnapshot(root).files["linked/a/b/c.txt"] == b"a/b/c.txt"


def test_a_preview_sees_an_edit_inside_a_notice_folder_that_is_a_link(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", notices={})
    sources = root / "sources" / "privacy"
    sources.mkdir(parents=True)
    (sources / "notice.yaml").write_text(NOTICE, encoding="utf-8")
    version = sources / "2021-01-01.yaml"
    version.write_text(VERSION, encoding="utf-8")
    (root / "notices").mkdir(exist_ok=True)
    (root / "notices" / "privacy").symlink_to("../sources/privacy")
    (sources / "loop").symlink_to("..")  # a cycle ends the walk
    time.sleep(0.1)  # written long enough before the load (kept_project.RACY_NS)
    kept = kept_project.KeptProject()
    first = kept.library_of(root)
    assert kept.library_of(root) is first
    version.write_text(VERSION.replace("summary: First version.", "summary: Edited."), encoding="utf-8")
    time.sleep(0.1)
    assert kept.library_of(root).notices["privacy"].versions[0].data.summary == "Edited." \
        == load_library(root).notices["privacy"].versions[0].data.summary
