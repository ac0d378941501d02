"""`mkdocs serve` rebuilds only what an edit touches, shows the edit, and gives the site a clean build gives."""

from __future__ import annotations

import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import cache_entries
import pytest
from conftest import EXAMPLE_AS_OF
from jinja2 import DictLoader, Environment
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from test_build_path import YEARS, versions_project
from test_cache import files_of

from generator.adapters import kept_project
from generator.adapters.build import build_site
from generator.adapters.compiled_templates import CompiledTemplates
from generator.adapters.plugin import NoticesPlugin
from generator.adapters.sitedir import MARKER
from generator.analyses import changes, citations, redlines
from generator.analyses.citations import check as citation_check
from generator.library import loader
from generator.outputs.pdf_cache import CACHE_ENV
from generator.outputs.render import default_templates_dir
from generator.source import cache, cache_pack, yamlio

NEWEST = f"notices/privacy/{YEARS[-1]}-01-01.yaml"
EPOCH_OF_AS_OF = "1622505600"  # EXAMPLE_AS_OF, 2021-06-01, as serve reads it: from SOURCE_DATE_EPOCH


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often each costly step ran: loading the library, parsing a YAML file, validating one (by model), each
    check, each comparison."""
    counted: Counter[str] = Counter()

    def count(module: Any, name: str) -> None:
        original: Callable[..., Any] = getattr(module, name)

        def run(*args: Any, **kwargs: Any) -> Any:
            counted[name] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, run)

    count(kept_project, "load_library")
    validate = loader.validate

    def validate_counted(model: type[Any], *args: Any) -> Any:
        counted["validate " + model.__name__] += 1
        return validate(model, *args)

    monkeypatch.setattr(loader, "validate", validate_counted)
    count(yamlio, "load_data")
    count(changes, "check_changes")
    count(citations, "check_citations")
    count(citation_check, "version_citations")
    count(redlines, "compare")
    return counted


class Preview:
    """What `mkdocs serve` does on each change: load the config again (MkDocs hands back the same plugin,
    which has on_startup) and build into the same folder."""

    def __init__(self, project: Path, site: Path) -> None:
        self.project, self.site = project, site
        self.started = False

    def rebuild(self, dirty: bool = False) -> NoticesPlugin:
        # MkDocs warns of a dirty build, which would abort a strict one.
        config = load_config(str(self.project / "mkdocs.yml"), site_dir=str(self.site), **(
            {"strict": False} if dirty else {}))
        if not self.started:
            config.plugins.on_startup(command="serve", dirty=dirty)
            self.started = True
        mkdocs_build(config, dirty=dirty)
        plugin = config.plugins["notices"]
        assert isinstance(plugin, NoticesPlugin)
        return plugin

    def page(self, address: str = "privacy/index.html") -> str:
        return (self.site / address).read_text(encoding="utf-8")

    def stop(self) -> None:
        """As serve ends: MkDocs keeps the plugin for the rest of the process, no longer serving."""
        load_config(str(self.project / "mkdocs.yml")).plugins.on_shutdown()


@pytest.fixture
def preview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Preview]:
    project = versions_project(tmp_path / "project")
    time.sleep(2 * kept_project.RACY_NS / 1e9)  # a library loaded within a tick of its files' writing is not kept
    monkeypatch.chdir(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_OF_AS_OF)
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "pdf-cache"))
    served = Preview(project, tmp_path / "served")
    try:
        yield served
    finally:
        served.stop()


def edit(project: Path, old: str, new: str) -> str:
    path = project / NEWEST
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path.read_text(encoding="utf-8")


def clean_build_of(tmp_path: Path, newest: str) -> dict[str, bytes]:
    """The site a clean build gives of a fresh copy of the project whose newest version reads `newest`
    (without the mark `notices build` leaves in a site folder it owns, which a preview's has not)."""
    project = versions_project(tmp_path / "clean-project")
    (project / NEWEST).write_text(newest, encoding="utf-8")
    site = files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "clean"))
    del site[MARKER]
    return site


def test_a_rebuild_redoes_only_what_the_edit_touches_and_equals_a_clean_build(
        tmp_path: Path, preview: Preview, calls: Counter[str]) -> None:
    plugin = preview.rebuild()
    assert calls["load_library"] == 1 and calls["check_citations"] == 1
    calls.clear()

    # Nothing changed: the library and its checks are kept, nothing is compared or parsed again.
    assert preview.rebuild() is plugin
    assert calls == Counter()

    # The newest version, in force, is edited: it alone is parsed and checked again, and compared with each
    # earlier version (its redline, and the comparison pages of the version in force); the history's outcome
    # of that version reuses its redline.
    newest = edit(preview.project, "since 2021", "since the start of 2021")
    preview.rebuild()
    assert calls["load_library"] == 1
    assert calls["load_data"] == 1 and calls["validate Version"] == 1
    assert calls["check_changes"] == 1 and calls["check_citations"] == 1
    assert calls["version_citations"] == 1
    assert calls["compare"] == len(YEARS) - 1
    assert "since the start of 2021" in preview.page()
    served = files_of(preview.site)
    preview.stop()
    clean = clean_build_of(tmp_path, newest)
    assert served.keys() == clean.keys()
    assert [name for name in clean if clean[name] != served[name]] == []


def test_a_preview_links_the_cached_pdfs_and_no_later_write_reaches_the_cache(
        tmp_path: Path, preview: Preview, monkeypatch: pytest.MonkeyPatch) -> None:
    preview.rebuild()  # lays the PDFs out, into the cache
    preview.rebuild()  # finds them there
    cached = {path.stat().st_ino: path.read_bytes() for path in (tmp_path / "pdf-cache" / "pdf").glob("*.pdf")}
    served = sorted(preview.site.rglob("*.pdf"))
    assert len(served) == len(YEARS) == len(cached)
    assert all(path.stat().st_ino in cached for path in served)  # each is the cache's very file

    def cache_is_intact() -> None:
        assert {path.stat().st_ino: path.read_bytes()
                for path in (tmp_path / "pdf-cache" / "pdf").glob("*.pdf")} == cached

    # A dirty rebuild: MkDocs writes every generated file in place over the last build's, the PDFs' too.
    preview.rebuild(dirty=True)
    cache_is_intact()
    # The error page of a broken edit is written at every generated address, the PDFs' too.
    edit(preview.project, "since 2021", "since 2021\nbroken: [unclosed")
    assert preview.rebuild().problems
    cache_is_intact()
    assert not any(path.stat().st_ino in cached for path in preview.site.rglob("*.pdf"))
    edit(preview.project, "since 2021\nbroken: [unclosed", "since 2021")

    # Where the file system refuses links, the PDFs are copies with the same bytes.
    def refuse(source: object, target: object) -> None:
        raise OSError("links refused")

    with monkeypatch.context() as patched:
        patched.setattr(os, "link", refuse)
        preview.rebuild()
    served = sorted(preview.site.rglob("*.pdf"))
    assert sorted(path.read_bytes() for path in served) == sorted(cached.values())
    assert all(path.stat().st_nlink == 1 for path in served)
    cache_is_intact()

    # A build (not a preview) writes copies: a published site's files are its own.
    preview.stop()
    built = build_site(preview.project, EXAMPLE_AS_OF, tmp_path / "built")
    assert all(path.stat().st_nlink == 1 for path in built.rglob("*.pdf"))


def test_a_broken_edit_shows_the_error_and_the_next_good_one_recovers(
        tmp_path: Path, preview: Preview, calls: Counter[str]) -> None:
    preview.rebuild()
    good = (preview.project / NEWEST).read_text(encoding="utf-8")
    broken = edit(preview.project, "since 2021", "since 2021\nbroken: [unclosed")
    assert broken != good
    plugin = preview.rebuild()
    assert plugin.problems and all(p.path == NEWEST for p in plugin.problems)
    shown = preview.page()
    assert "could not be rebuilt" in shown and NEWEST in shown
    calls.clear()

    # Fixed: loaded and checked again (nothing of a failed load is kept), and the site is a clean build's.
    fixed = edit(preview.project, "since 2021\nbroken: [unclosed", "since the start of 2021")
    plugin = preview.rebuild()
    assert plugin.problems == []
    assert calls["load_library"] == 1 and calls["check_citations"] == 1
    assert "since the start of 2021" in preview.page()
    served = files_of(preview.site)
    preview.stop()
    clean = clean_build_of(tmp_path, fixed)
    assert [name for name in clean if clean.get(name) != served.get(name)] == []
    assert served.keys() == clean.keys()


def test_a_rebuild_after_a_change_outside_the_versions_loads_again(preview: Preview, calls: Counter[str]) -> None:
    # A new, empty notice folder is a change too (the loader reports it): the fingerprint covers folders.
    preview.rebuild()
    calls.clear()
    (preview.project / "notices" / "cookies").mkdir()
    plugin = preview.rebuild()
    assert calls["load_library"] == 1
    assert any("cookies" in problem.path for problem in plugin.problems)


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The name of every template Jinja compiles."""
    compiled: list[str | None] = []
    compile_source = Environment.compile

    def counted(self: Environment, source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        compiled.append(name)
        return compile_source(self, source, name, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counted)
    return compiled


def test_templates_are_compiled_once_per_session_and_again_when_their_source_changes(
        tmp_path: Path, preview: Preview, compiles: list[str | None]) -> None:
    preview.rebuild()
    assert "history.md" in compiles and "main.html" in compiles  # the generator's templates and the theme's
    compiles.clear()
    preview.rebuild()
    assert compiles == []

    # A project's own template, then an edit of it: compiled, each time, and shown.
    history = preview.project / "templates" / "history.md"
    history.parent.mkdir()
    default = (default_templates_dir() / "history.md").read_text(encoding="utf-8")
    for words in ("Every version, first edit.", "Every version, second edit."):
        history.write_text(default + f"\n{words}\n", encoding="utf-8")
        preview.rebuild()
        assert compiles == ["history.md"]
        assert words in preview.page("privacy/history/index.html")
        compiles.clear()
    served = files_of(preview.site)
    preview.stop()
    clean_project = versions_project(tmp_path / "clean-project")
    shutil.copytree(history.parent, clean_project / "templates")
    clean = files_of(build_site(clean_project, EXAMPLE_AS_OF, tmp_path / "clean"))
    del clean[MARKER]
    assert [name for name in clean if clean[name] != served.get(name)] == []


def test_compiled_code_is_reused_only_under_the_settings_it_was_compiled_with() -> None:
    kept = CompiledTemplates()
    source = "{% if true %}\n<b>{{ word }}</b>{% endif %}"
    outputs = []
    for settings in ({}, {}, {"trim_blocks": True}, {"autoescape": True}):
        env = Environment(loader=DictLoader({"t.html": source}), bytecode_cache=kept, **settings)
        outputs.append(env.get_template("t.html").render(word="<i>"))
    assert outputs == ["\n<b><i></b>", "\n<b><i></b>", "<b><i></b>", "\n<b>&lt;i&gt;</b>"]
    assert len(kept.code) == 3


def test_rebuilds_take_cache_entries_from_memory(preview: Preview, monkeypatch: pytest.MonkeyPatch) -> None:
    preview.rebuild()
    assert cache_entries.stored(preview.project, "rendered")
    read: list[tuple[str, str]] = []
    get = cache_pack.Pack.get

    def recorded(self: cache_pack.Pack, kind: str, key: str) -> str | None:
        text = get(self, kind, key)
        if text is not None:  # an entry found on disk, not a miss
            read.append((kind, key))
        return text

    monkeypatch.setattr(cache_pack.Pack, "get", recorded)
    preview.rebuild()
    edit(preview.project, "since 2021", "since the start of 2021")
    preview.rebuild()
    assert read == []
    assert "since the start of 2021" in preview.page()
    preview.stop()
    assert cache._RECENT is None  # a later build in this process reads the disk again


def test_recent_entries_keep_the_most_recently_used_within_their_limit(tmp_path: Path) -> None:
    recent = cache.RecentEntries(limit=10)
    first, second, third = ((tmp_path, "page", name) for name in ("first", "second", "third"))
    recent.put(first, "aaaa")
    recent.put(second, "bbbb")
    assert recent.get(first) == "aaaa"  # now the most recently used
    recent.put(third, "cccc")
    assert (recent.get(first), recent.get(second), recent.get(third)) == ("aaaa", None, "cccc")
    assert recent.size == 8
