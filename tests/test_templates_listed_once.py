"""Which template files there are, and their bytes, are taken once for a build: the hash its pages are kept under
and the templates Jinja renders them from are the same files.

An override added, removed or saved in a project's `templates/` or its theme folder between the two (an editor
under `mkdocs serve`, a `git checkout` or `git stash`) would have pages rendered from other templates stored under
the key of the files hashed, and given back by every later build once the folder holds those files again. Each
test changes a template folder right after it is hashed, undoes the change, builds again and compares the site
with a clean build's.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import EXAMPLE_AS_OF
from test_build_path import versions_project
from test_cache import ROOT, files_of
from test_page_memo import edit

from generator.adapters import theme_memo
from generator.adapters.build import build_site
from generator.outputs import page_memo
from generator.outputs.render import default_templates_dir
from tests.project import make_project

MARK = "<!-- changed meanwhile -->"


def changing_after_first_call(monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str,
                              change: Callable[[], None]) -> None:
    """`change()` right after the first call of `module.name` returns."""
    real = getattr(module, name)
    changed = False

    def call_then_change(*args: Any) -> Any:
        nonlocal changed
        found = real(*args)
        if not changed:
            changed = True
            change()
        return found

    monkeypatch.setattr(module, name, call_then_change)


def after_undo_and_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Callable[[Path], Path],
                         hashed: tuple[ModuleType, str], change: Callable[[Path], None],
                         undo: Callable[[Path], None]) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The site built after a build during which `change` came right after `hashed` returned, and `undo`; and a
    clean build of the same project (its own project and user caches)."""
    project = make(tmp_path / "project")
    monkeypatch.setenv("NOTICES_CACHE_DIR", str(tmp_path / "user-cache"))
    with monkeypatch.context() as patch:
        changing_after_first_call(patch, *hashed, lambda: change(project))
        build_site(project, EXAMPLE_AS_OF, tmp_path / "first")
    undo(project)
    again = files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "again"))
    monkeypatch.setenv("NOTICES_CACHE_DIR", str(tmp_path / "clean-user-cache"))
    return again, files_of(build_site(make(tmp_path / "clean"), EXAMPLE_AS_OF, tmp_path / "clean-site"))


def notice_override(project: Path) -> Path:
    return project / "templates" / "notice.md"


def override_notice(project: Path) -> None:
    """A notice.md of the project's own: the shipped one with `MARK` (every notice's main page renders it)."""
    shipped = (default_templates_dir() / "notice.md").read_text(encoding="utf-8")
    notice_override(project).write_text(f"{shipped}\n{MARK}\n", encoding="utf-8")


def with_templates(folder: Path, *, overridden: bool = False) -> Path:
    project = versions_project(folder)
    (project / "templates").mkdir()
    if overridden:
        override_notice(project)
    return project


def test_an_override_removed_right_after_the_hash_leaves_no_page_of_the_shipped_template(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    again, clean = after_undo_and_clean(
        tmp_path, monkeypatch, lambda folder: with_templates(folder, overridden=True), (page_memo, "folders_digest"),
        lambda project: notice_override(project).rename(project / "notice.md"),
        lambda project: (project / "notice.md").rename(notice_override(project)))
    assert again == clean
    assert MARK.encode() in again["privacy/index.html"]


def test_an_override_added_right_after_the_hash_leaves_no_page_of_it(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    again, clean = after_undo_and_clean(tmp_path, monkeypatch, with_templates, (page_memo, "folders_digest"),
                                        override_notice, lambda project: notice_override(project).unlink())
    assert again == clean
    assert not any(MARK.encode() in page for page in again.values())


def themed(folder: Path) -> Path:
    """A project whose theme folder (`custom_dir`) is a copy of the tool's Material overrides, with a footer."""
    project = make_project(folder)
    shutil.copytree(ROOT / "templates" / "theme", project / "templates" / "theme")
    edit(project / "mkdocs.yml", "name: material", "name: material\n  custom_dir: templates/theme")
    footer = project / "templates" / "theme" / "partials" / "footer.html"
    footer.write_text(f"<footer>{MARK}</footer>\n", encoding="utf-8")
    return project


def theme_file(project: Path, name: str) -> Path:
    return project / "templates" / "theme" / name


THEME_CHANGES: dict[str, tuple[Callable[[Path], None], Callable[[Path], None]]] = {
    "saved": (lambda project: edit(theme_file(project, "main.html"), "{% extends", f"{MARK}{MARK}\n{{% extends"),
              lambda project: edit(theme_file(project, "main.html"), f"{MARK}{MARK}\n{{% extends", "{% extends")),
    "removed": (lambda project: theme_file(project, "partials/footer.html").rename(project / "footer.html"),
                lambda project: (project / "footer.html").rename(theme_file(project, "partials/footer.html"))),
    "added": (lambda project: theme_file(project, "partials/header.html").write_text(MARK, encoding="utf-8"),
              lambda project: theme_file(project, "partials/header.html").unlink()),
}


@pytest.mark.parametrize("change", THEME_CHANGES.values(), ids=THEME_CHANGES.keys())
def test_a_theme_template_changed_right_after_the_hash_leaves_no_page_of_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        change: tuple[Callable[[Path], None], Callable[[Path], None]]) -> None:
    again, clean = after_undo_and_clean(tmp_path, monkeypatch, themed, (theme_memo, "theme_files"), *change)
    assert again == clean
    assert any(f"<footer>{MARK}</footer>".encode() in page for page in clean.values())


def test_an_icon_of_the_projects_theme_folder_is_part_of_the_key(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Material includes `.icons/<name>.svg` from any theme folder: one of the project's own, edited, is in the
    next build's pages (Material's own icons are named by its version)."""
    def with_icon(folder: Path, icon: str) -> Path:
        project = themed(folder)
        edit(project / "mkdocs.yml", "custom_dir: templates/theme", "custom_dir: templates/theme\n  icon:\n"
                                                                    "    menu: mine/menu")
        (theme_file(project, ".icons/mine")).mkdir(parents=True)
        theme_file(project, ".icons/mine/menu.svg").write_text(icon, encoding="utf-8")
        return project

    project = with_icon(tmp_path / "project", '<svg id="first"></svg>')
    build_site(project, EXAMPLE_AS_OF, tmp_path / "first")
    theme_file(project, ".icons/mine/menu.svg").write_text('<svg id="edited"></svg>', encoding="utf-8")
    again = files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "again"))
    monkeypatch.setenv("NOTICES_CACHE_DIR", str(tmp_path / "clean-user-cache"))
    clean = with_icon(tmp_path / "clean", '<svg id="edited"></svg>')
    assert again == files_of(build_site(clean, EXAMPLE_AS_OF, tmp_path / "clean-site"))
    assert b'<svg id="edited">' in again["index.html"]


def test_the_page_memo_hashes_the_files_jinja_already_read(tmp_path: Path) -> None:
    # A build renders its first template before it asks for the memo's key: a file changed in between must
    # not be in the key (review 13, finding 3: a digest of a second listing passed every other test).
    from jinja2 import Environment, TemplateNotFound

    from generator.outputs.template_files import FolderSnapshot, SnapshotLoader

    folder, reference = tmp_path / "templates", tmp_path / "reference"
    for where in (folder, reference):
        where.mkdir()
        (where / "page.md").write_text("first words", encoding="utf-8")
    loader = SnapshotLoader(str(folder))
    environment = Environment(loader=loader)
    assert environment.get_template("page.md").render() == "first words"
    (folder / "page.md").write_text("other words", encoding="utf-8")
    (folder / "added.md").write_text("added", encoding="utf-8")
    digest = page_memo.folders_digest(page_memo.search_paths(loader))
    assert digest == page_memo.folders_digest([FolderSnapshot(reference)]), "the files Jinja read, not the new"
    with pytest.raises(TemplateNotFound):
        environment.get_template("added.md")
