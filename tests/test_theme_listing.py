"""MkDocs' listing of the theme's files without walking dot folders (adapters/theme_listing.py): the same files as
Jinja's full walk through MkDocs' filter, used only for that filter, and the same site."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE_AS_OF
from jinja2 import Environment, FileSystemLoader
from mkdocs.config import load_config
from mkdocs.structure.files import Files
from test_cache import copy_example, files_of

from generator.adapters import theme_listing
from generator.adapters.build import build_site
from generator.adapters.mirrored import is_mirrored
from generator.adapters.theme_listing import list_templates_quickly


def mkdocs_filter(config: Any) -> Callable[[str], bool]:
    """The filter MkDocs' `Files.add_files_from_theme` hands the theme's environment, for `config`."""
    handed: list[Callable[[str], bool]] = []

    class Listing:
        def list_templates(self, filter_func: Callable[[str], bool]) -> list[str]:
            handed.append(filter_func)
            return []

    Files([]).add_files_from_theme(Listing(), config)  # type: ignore[arg-type]
    return handed[0]


@pytest.fixture
def theme_folder(tmp_path: Path) -> Path:
    """A theme folder with dot folders and dot files at every depth, beside files MkDocs keeps."""
    folder = tmp_path / "theme"
    for name in ("main.html", "assets/app.js", "assets/.hidden.js", ".icons/a/b.svg", ".icons/c.svg",
                 "assets/.cache/x.css", "assets/fonts/.git/HEAD", "a/b/.c/d/e.png", "README.md", "locales/x.txt",
                 "mkdocs_theme.yml", "x.py", ".top", "deep/er/still.css", "Upper/.Dot/f.JS", "dots.in.name/f.css"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(name, encoding="utf-8")
    return folder


def test_the_theme_files_listed_are_those_jinja_lists_through_mkdocs_filter(tmp_path: Path, theme_folder: Path
                                                                             ) -> None:
    project = copy_example(tmp_path / "project")
    config = load_config(str(project / "mkdocs.yml"))
    config.theme.dirs.insert(0, str(theme_folder))
    env = config.theme.get_env()
    keep = mkdocs_filter(config)
    walked = env.list_templates(filter_func=keep)
    everything = env.list_templates()
    list_templates_quickly(env)
    assert env.list_templates(filter_func=keep) == walked
    assert {"assets/app.js", "deep/er/still.css", "dots.in.name/f.css"} <= set(walked)
    assert any(name.startswith(".icons/") for name in everything)  # Material's icons, among others
    assert not any("/." in f"/{name}" for name in walked)
    # Any other listing is Jinja's own: dot folders included.
    assert env.list_templates() == everything
    assert env.list_templates(filter_func=lambda name: True) == everything
    assert env.list_templates(extensions=["svg"]) == [name for name in everything if name.endswith(".svg")]


def test_the_quick_listing_walks_no_dot_folder(theme_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    walked: list[str] = []
    real = theme_listing.os.walk

    def spy(top: str, **options: Any) -> Any:
        for folder, subfolders, names in real(top, **options):
            walked.append(folder)
            yield folder, subfolders, names

    monkeypatch.setattr(theme_listing.os, "walk", spy)
    names = theme_listing.names_outside_dot_folders(FileSystemLoader([str(theme_folder)]))
    assert walked and not any(part.startswith(".") for folder in walked
                              for part in Path(folder).relative_to(theme_folder).parts)
    assert ".top" in names and "assets/.hidden.js" in names  # dot files are listed; MkDocs' filter leaves them out


def test_another_filter_or_loader_is_listed_as_jinja_lists(theme_folder: Path, monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    def quick(loader: Any) -> list[str]:
        raise AssertionError("not MkDocs' filter: Jinja lists")

    monkeypatch.setattr(theme_listing, "names_outside_dot_folders", quick)
    env = Environment(loader=FileSystemLoader([str(theme_folder)]))
    list_templates_quickly(env)
    assert ".icons/c.svg" in env.list_templates(filter_func=lambda name: not name.endswith(".py"))

    class OwnLoader(FileSystemLoader):
        pass

    own = Environment(loader=OwnLoader([str(theme_folder)]))
    list_templates_quickly(own)
    assert "list_templates" not in vars(own)


def test_mkdocs_filter_and_jinja_listing_are_the_mirrored_ones(tmp_path: Path) -> None:
    config = load_config(str(copy_example(tmp_path / "project") / "mkdocs.yml"))
    keep = mkdocs_filter(config)
    assert is_mirrored(keep, theme_listing.MKDOCS_FILTER, theme_listing.MKDOCS_IMPORTS)
    assert is_mirrored(FileSystemLoader.list_templates, theme_listing.JINJA_LISTING, "import os")
    # Another filter is not taken for MkDocs': a pattern less, or its generator expression changed.
    for other in (theme_listing.MKDOCS_FILTER.replace("'.*', ", ""),
                  theme_listing.MKDOCS_FILTER.replace("f'*{x}' for x", "f'*.{x}' for x")):
        assert not is_mirrored(keep, other, theme_listing.MKDOCS_IMPORTS)


def test_a_build_lists_the_theme_quickly_and_writes_the_same_site(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_example(tmp_path / "project")
    listed: list[int] = []
    names = theme_listing.names_outside_dot_folders

    def counted(loader: Any) -> list[str]:
        listed.append(1)
        return names(loader)

    monkeypatch.setattr(theme_listing, "names_outside_dot_folders", counted)
    quick = files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "quick"))
    assert listed == [1]
    monkeypatch.setattr("generator.adapters.build.theme_listed_quickly", lambda config: None)  # Jinja's walk
    assert files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "walked")) == quick
    assert listed == [1]
