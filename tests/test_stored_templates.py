"""Compiled templates kept in the user's cache: reused by the next build, never stale, never from an unsafe folder."""

from __future__ import annotations

import gc
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import material
import pytest
from jinja2 import Environment, FileSystemLoader
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig

from generator.adapters import stored_templates
from generator.adapters.build import build_site
from generator.adapters.stored_templates import StoredTemplates, compiled_once, templates_folder, theme_compiled
from generator.outputs import private_folder
from generator.outputs.pdf_cache import CACHE_ENV
from generator.outputs.render import default_templates_dir
from generator.source.cache import CACHE_DIR
from tests.conftest import EXAMPLE_AS_OF, ROOT


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from source."""
    compiled: list[str] = []
    compile_source = Environment.compile

    def recorded(self: Environment, source: str, name: str | None = None, *args: object, **kwargs: object) -> object:
        compiled.append(str(name))
        return compile_source(self, source, name, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Environment, "compile", recorded)
    return compiled


def render(folder: Path, templates: Path, word: str = "<i>") -> str:
    """`page.html` of `templates`, in a new environment whose bytecode cache is `folder` (as a new build's is)."""
    env = Environment(loader=FileSystemLoader(templates), autoescape=True, bytecode_cache=StoredTemplates(folder))
    return env.get_template("page.html").render(word=word)


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text('{% import "macros.html" as m %}<p>{{ m.bold(word) }}</p>', encoding="utf-8")
    (folder / "macros.html").write_text("{% macro bold(word) %}<b>{{ word }}</b>{% endmacro %}", encoding="utf-8")
    return folder


def test_the_next_build_runs_the_stored_code_and_compiles_nothing(
        tmp_path: Path, templates: Path, compiles: list[str]) -> None:
    stored = tmp_path / "cache" / "templates"
    assert render(stored, templates) == "<p><b>&lt;i&gt;</b></p>"
    assert sorted(compiles) == ["macros.html", "page.html"]
    assert len(list(stored.iterdir())) == 2 and (stored.stat().st_mode & 0o777) == 0o700
    compiles.clear()
    assert render(stored, templates) == "<p><b>&lt;i&gt;</b></p>"
    assert compiles == []


def test_an_edited_template_is_compiled_again_never_run_from_its_old_entry(
        tmp_path: Path, templates: Path, compiles: list[str]) -> None:
    stored = tmp_path / "cache" / "templates"
    render(stored, templates)
    (templates / "macros.html").write_text("{% macro bold(word) %}<strong>{{ word }}</strong>{% endmacro %}",
                                           encoding="utf-8")
    compiles.clear()
    assert render(stored, templates) == "<p><strong>&lt;i&gt;</strong></p>"
    assert compiles == ["macros.html"]
    compiles.clear()
    assert render(stored, templates) == "<p><strong>&lt;i&gt;</strong></p>"  # the new code, stored in its place
    assert compiles == []


def test_code_compiled_under_other_settings_is_not_reused(tmp_path: Path, templates: Path) -> None:
    stored = tmp_path / "cache" / "templates"
    render(stored, templates)
    env = Environment(loader=FileSystemLoader(templates), autoescape=False, bytecode_cache=StoredTemplates(stored))
    assert env.get_template("page.html").render(word="<i>") == "<p><b><i></b></p>"


@pytest.mark.parametrize("make_unsafe", ["open to others", "a link"])
def test_a_folder_others_could_write_is_not_used(
        tmp_path: Path, templates: Path, compiles: list[str], make_unsafe: str,
        caplog: pytest.LogCaptureFixture) -> None:
    stored = tmp_path / "cache" / "templates"
    render(stored, templates)
    if make_unsafe == "open to others":
        stored.chmod(0o777)
        used = stored
    else:
        used = tmp_path / "cache" / "linked"
        used.symlink_to(stored)
    entries = {entry.name: entry.stat().st_mtime_ns for entry in stored.iterdir()}
    compiles.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.notices"):
        assert render(used, templates) == "<p><b>&lt;i&gt;</b></p>"
    assert sorted(compiles) == ["macros.html", "page.html"]  # nothing was read from it
    assert {entry.name: entry.stat().st_mtime_ns for entry in stored.iterdir()} == entries  # nor written
    assert [r.getMessage() for r in caplog.records if "Compiled templates are not kept" in r.getMessage()] != []


def test_an_entry_that_is_a_link_or_damaged_is_compiled_again(
        tmp_path: Path, templates: Path, compiles: list[str]) -> None:
    stored = tmp_path / "cache" / "templates"
    render(stored, templates)
    entries = sorted(stored.iterdir())
    elsewhere = tmp_path / "elsewhere"
    entries[0].rename(elsewhere)
    entries[0].symlink_to(elsewhere)
    entries[1].write_bytes(entries[1].read_bytes()[:20])
    compiles.clear()
    assert render(stored, templates) == "<p><b>&lt;i&gt;</b></p>"
    assert sorted(compiles) == ["macros.html", "page.html"]


def test_only_template_files_reach_the_folder(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a build stores comes from the shipped templates and the theme's, never from the project's YAML."""
    stored: list[str] = []
    get_bucket = StoredTemplates.get_bucket

    def recorded(self: StoredTemplates, environment: Environment, name: str, filename: str | None,
                 source: str) -> Bucket:
        stored.append(str(filename))
        return get_bucket(self, environment, name, filename, source)

    monkeypatch.setattr(StoredTemplates, "get_bucket", recorded)
    build_site(project, EXAMPLE_AS_OF, tmp_path / "site")
    folders = (Path(material.__file__).parent, default_templates_dir(), project / "templates")
    assert [any(Path(f).is_relative_to(folder) for f in stored) for folder in folders] == [True, False, True]
    assert all(any(Path(f).is_relative_to(folder) for folder in folders) for f in stored)


def test_a_build_in_a_new_process_compiles_none_of_the_templates_it_stored(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The generator's templates and the theme's: the second build compiles nothing and makes the same site."""
    # Nothing at all: Material's search plugin makes environments of its own too, to read its language, and those
    # take the stored templates as well (`theme_compiled`).
    script = (
        "import sys, datetime as dt; from pathlib import Path; import jinja2; compiled = []; "
        "compile_source = jinja2.Environment.compile; "
        "jinja2.Environment.compile = lambda self, *a, **k: "
        "compiled.append(a[1]) or compile_source(self, *a, **k); "
        "from generator.adapters.build import build_site; "
        f"build_site(Path({str(project)!r}), dt.date(2021, 6, 1), Path(sys.argv[1])); print(*compiled)"
    )
    env = {**os.environ, CACHE_ENV: str(tmp_path / "cache")}

    def build(name: str) -> list[str]:
        done = subprocess.run([sys.executable, "-c", script, str(tmp_path / name)], capture_output=True, text=True,
                              cwd=ROOT, env=env, check=True)
        shutil.rmtree(project / CACHE_DIR)  # the project's own cache would spare the theme's rendering
        return done.stdout.splitlines()[-1].split()

    assert {"notice.md", "blocks.html", "main.html", "base.html", "partials/nav.html",
            "partials/language.html"} <= set(build("first"))
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    assert templates_folder() == tmp_path / "cache" / "templates" and any(templates_folder().iterdir())
    assert build("second") == []
    first, second = (sorted(p.relative_to(tmp_path / n) for p in (tmp_path / n).rglob("*") if p.is_file())
                     for n in ("first", "second"))
    assert first == second
    assert all((tmp_path / "first" / p).read_bytes() == (tmp_path / "second" / p).read_bytes() for p in first)


def test_the_folder_is_the_one_the_environment_names_when_used(
        tmp_path: Path, templates: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """MkDocs may keep the plugin, and its caches, for several builds in one process; each build starts with
    `compiled_once`, and uses the folder named when it starts."""
    kept = StoredTemplates()
    for name in ("one", "two"):
        monkeypatch.setenv(CACHE_ENV, str(tmp_path / name))
        env = Environment(loader=FileSystemLoader(templates), autoescape=True)
        compiled_once(env, kept)
        env.get_template("page.html")
    assert len(list((tmp_path / "one" / "templates").iterdir())) == 1
    assert not (tmp_path / "two").exists()  # the second build found them in memory
    kept.code.clear()
    env = Environment(loader=FileSystemLoader(templates))
    compiled_once(env, kept)
    env.get_template("page.html")
    assert len(list((tmp_path / "two" / "templates").iterdir())) == 1


def test_the_theme_s_own_environments_use_the_folder_named_when_their_build_starts(
        tmp_path: Path, templates: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Material's search plugin makes environments of the theme before the plugin's `on_env` (`theme_compiled`):
    they too use the folder named when their build starts, and do not check a template's file at every use."""
    kept = StoredTemplates()
    for name in ("one", "two"):
        monkeypatch.setenv(CACHE_ENV, str(tmp_path / name))
        kept.code.clear()  # as in a new process
        theme = SimpleNamespace(get_env=lambda: Environment(loader=FileSystemLoader(templates), autoescape=True))
        theme_compiled(cast(MkDocsConfig, SimpleNamespace(theme=theme)), kept)
        env = theme.get_env()
        assert env.bytecode_cache is kept and not env.auto_reload
        env.get_template("page.html")
    assert [len(list((tmp_path / name / "templates").iterdir())) for name in ("one", "two")] == [1, 1]


def test_a_build_opens_and_checks_the_folder_once(tmp_path: Path, templates: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Not once per template loaded or stored (about fifty a build): once per build, which `compiled_once` starts."""
    checks: list[str] = []
    check = private_folder.unsafe

    def counted(info: os.stat_result) -> str | None:
        checks.append("checked")
        return check(info)

    monkeypatch.setattr(private_folder, "unsafe", counted)
    kept = StoredTemplates(tmp_path / "cache" / "templates")
    gc.collect()
    opened = len(os.listdir("/proc/self/fd"))
    for build in ("compiles and stores", "reads what the first stored"):
        kept.code.clear()  # as in a new process
        env = Environment(loader=FileSystemLoader(templates), autoescape=True)
        compiled_once(env, kept)
        assert env.get_template("page.html").render(word="x") == "<p><b>x</b></p>", build
        assert checks == ["checked"], build  # two templates, each loaded and, the first time, stored
        assert len(os.listdir("/proc/self/fd")) == opened + 1  # the folder, until the next build starts
        checks.clear()
    assert len(list((tmp_path / "cache" / "templates").iterdir())) == 2
    assert kept.checked and kept.descriptor is not None
    folder, inode = kept.descriptor, (tmp_path / "cache" / "templates").stat().st_ino
    assert os.fstat(folder).st_ino == inode
    del kept, env
    gc.collect()
    try:  # closed with the object that opened it (its number may name another file since)
        closed = os.fstat(folder).st_ino != inode
    except OSError:
        closed = True
    assert closed


def test_a_build_reads_each_template_file_s_time_once(project: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The plugin's environments serve one build each: a template is not checked for changes at every use."""
    read: list[str] = []
    modified = os.path.getmtime

    def recorded(path: Any) -> float:
        read.append(str(path))
        return modified(path)

    monkeypatch.setattr(os.path, "getmtime", recorded)
    build_site(project, EXAMPLE_AS_OF, tmp_path / "site")
    templates = [path for path in read if path.endswith((".html", ".md", ".xml"))]
    # Each file's time is read when Jinja's own loader loads it (Material's search plugin loads its language files
    # in environments of its own, a few times; the page memo compares templates with the shipped files): thousands
    # of reads before, one per load. The theme's and the generator's loaders ask none (template_files.py).
    assert len(set(templates)) > 5 and len(templates) < 2 * len(set(templates))


def test_the_folder_keeps_the_newest_entries(tmp_path: Path, templates: Path, monkeypatch: pytest.MonkeyPatch,
                                             compiles: list[str]) -> None:
    """Templates at other places add entries of their own: the folder keeps the most recently written."""
    monkeypatch.setattr(stored_templates, "KEPT", 3)  # past three, the newest two are kept
    stored = tmp_path / "cache" / "templates"
    render(stored, templates)
    oldest, older = sorted(stored.iterdir())
    os.utime(oldest, ns=(10**9, 10**9))
    os.utime(older, ns=(2 * 10**9, 2 * 10**9))
    (templates / "other.html").write_text("<i>{{ word }}</i>", encoding="utf-8")
    env = Environment(loader=FileSystemLoader(templates), autoescape=True, bytecode_cache=StoredTemplates(stored))
    assert env.get_template("other.html").render(word="w") == "<i>w</i>"
    (templates / "more.html").write_text("<b>{{ word }}</b>", encoding="utf-8")
    assert env.get_template("more.html").render(word="w") == "<b>w</b>"
    assert not oldest.exists() and not older.exists() and len(list(stored.iterdir())) == 2
    compiles.clear()
    assert render(stored, templates) == "<p><b>&lt;i&gt;</b></p>"  # its deleted entry compiled again
    assert sorted(compiles) == ["macros.html", "page.html"] and len(list(stored.iterdir())) <= 3
