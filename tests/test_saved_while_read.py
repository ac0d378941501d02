"""A file saved while the tool reads it never leaves data in the cache under the key of other bytes.

An editor under `mkdocs serve` may save a file between the moment its bytes are hashed and the moment they are
parsed. Were the file read twice, the new bytes' data would be stored under the old bytes' key, and given back
by every later build once the file holds the old bytes again (an undo, a `git checkout`). Each test saves the
file right after its bytes are hashed, as such an editor would, and checks every entry against the bytes its
key is made from.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE_AS_OF
from test_build_path import versions_project
from test_cache import files_of
from test_page_memo import override_template

from generator.adapters import kept_project
from generator.adapters.build import build_site
from generator.library.project import Library
from generator.outputs import page_memo
from generator.source import cache as cache_module
from generator.source import parallel, yamlio
from generator.source.cache import ContentCache, cache_key, project_cache, yaml_key
from generator.source.inputs import DEFAULT_LIMITS
from generator.source.lock import DIGEST, content_hash
from generator.source.problems import PendingProblem
from tests.project import NOTICE, VERSION, make_project

OLD = VERSION
NEW = VERSION.replace("summary: First version.", "summary: Saved meanwhile.")


def saving_after_hashing(monkeypatch: pytest.MonkeyPatch, path: Path, hashed: Callable[[tuple[object, ...]], bool],
                         new: str) -> None:
    """Write `new` into `path` just after the first key whose parts `hashed` recognises is worked out."""
    real = cache_module.cache_key
    saved = False

    def key_then_save(*parts: str | bytes) -> str:
        nonlocal saved
        key = real(*parts)
        if not saved and hashed(parts):
            saved = True
            path.write_text(new, encoding="utf-8")
        return key

    monkeypatch.setattr(cache_module, "cache_key", key_then_save)


def version_file(tmp_path: Path) -> tuple[Path, Path]:
    root = make_project(tmp_path / "project", notices={"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": OLD}})
    return root, root / "notices" / "privacy" / "2021-01-01.yaml"


def key_of(path: Path, root: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    key = yaml_key(path, str(path), root, DEFAULT_LIMITS)
    assert key is not None
    return key


def assert_entries_hold_their_bytes(cache: ContentCache, path: Path, root: Path) -> None:
    """Every entry under the key of either text holds that text's data (and content hash), or is not there."""
    for text in (OLD, NEW):
        key = key_of(path, root, text)
        data = yamlio.load_data(path, str(path), root)
        assert cache.get("yaml", key) in ((False, None), (True, data)), text
        assert cache.get(DIGEST, cache_key("content hash", key)) in ((False, None), (True, content_hash(data))), text


def is_old_bytes(parts: tuple[object, ...]) -> bool:
    return parts[0] == OLD.encode()


def test_the_loader_parses_the_bytes_it_hashed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, path = version_file(tmp_path)
    cache = project_cache(root)
    with monkeypatch.context() as patch:
        saving_after_hashing(patch, path, is_old_bytes, NEW)
        data, key = cache.load_yaml_keyed(path, str(path), root)
    assert path.read_text(encoding="utf-8") == NEW  # saved meanwhile
    assert data["summary"] == "First version." and key == key_of(path, root, OLD)
    assert_entries_hold_their_bytes(cache, path, root)
    path.write_text(OLD, encoding="utf-8")  # the save undone: the old bytes' data, not the new
    assert cache.load_yaml_keyed(path, str(path), root)[0]["summary"] == "First version."


def test_a_parse_ahead_worker_parses_the_bytes_it_hashed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The workers store a version's data and its content hash under the key of the bytes they parsed."""
    root, path = version_file(tmp_path)
    cache = project_cache(root)
    checked = key_of(path, root, OLD)
    with monkeypatch.context() as patch:
        saving_after_hashing(patch, path, is_old_bytes, NEW)
        assert parallel._parse_all(str(cache.folder), str(root), DEFAULT_LIMITS, [(str(path), checked)]) == 1
    assert cache.has("yaml", checked) and cache.has(DIGEST, cache_key("content hash", checked))
    assert_entries_hold_their_bytes(cache, path, root)


def test_problems_are_placed_in_the_bytes_their_key_hashed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A line added above a problem between hashing the file and placing its problems does not move the place
    stored for the old bytes."""
    root, path = version_file(tmp_path)
    problem = PendingProblem(path, ("summary",), "a problem with the summary")
    alone = yamlio.place_problems([problem])
    cache = project_cache(root)
    with monkeypatch.context() as patch:
        saving_after_hashing(patch, path, lambda parts: parts[0] == "positions", "# a line added\n" + OLD)
        cache.place_problems([problem])
    path.write_text(OLD, encoding="utf-8")
    assert project_cache(root).place_problems([problem]) == alone


def test_a_preview_keeps_no_library_loaded_while_a_file_was_saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                   ) -> None:
    """`mkdocs serve` keeps the library under the fingerprint of the files it is loaded from: one saved between
    the fingerprint and the load would have the new bytes' library given back after an undo."""
    root, path = version_file(tmp_path)
    time.sleep(0.1)  # written long enough before the load (kept_project.RACY_NS)
    kept = kept_project.KeptProject()
    first = kept.library_of(root)
    assert kept.library_of(root) is first  # nothing changed: kept

    def summary(library: Library) -> str:
        return library.notices["privacy"].versions[0].data.summary

    real = kept_project.load_library

    def saving_then_loading(*args: Any, **kwargs: Any) -> Library:
        path.write_text(NEW, encoding="utf-8")
        return real(*args, **kwargs)

    edited = OLD.replace("2021-01-01", "2021-01-01\nannounced: 2020-12-01")
    path.write_text(edited, encoding="utf-8")
    monkeypatch.setattr(kept_project, "load_library", saving_then_loading)
    assert summary(kept.library_of(root)) == "Saved meanwhile."
    monkeypatch.setattr(kept_project, "load_library", real)
    path.write_text(edited, encoding="utf-8")  # the save undone
    assert summary(kept.library_of(root)) == "First version."


def test_a_change_to_what_a_library_is_loaded_from_is_seen(tmp_path: Path) -> None:
    """Any write, removal or addition changes the state of the entries a library is loaded from (a write within a
    tick of the clock of the start may leave it as it was: such a moment is not settled either)."""
    root, path = version_file(tmp_path)
    time.sleep(0.05)
    started, before = time.time_ns(), kept_project.loaded_from(root)
    assert kept_project.settled(before, kept_project.loaded_from(root), started)
    for change in (lambda: path.write_bytes(path.read_bytes()), path.unlink, (path.parent / "drafts").mkdir,
                   (root / "site_config" / "site.yaml").touch):
        time.sleep(0.05)
        started, before = time.time_ns(), kept_project.loaded_from(root)
        change()
        after = kept_project.loaded_from(root)
        assert after != before and not kept_project.settled(after, after, started), change  # changed since


def test_pages_are_rendered_from_the_template_bytes_their_key_hashed(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A template saved between the page memo's hash of the templates and Jinja's reading it: the pages stored are
    those of the bytes hashed, so a build after the save is undone is a clean build's."""
    project = versions_project(tmp_path / "project")
    override_template(project)
    template = project / "templates" / "status.html"
    original = template.read_text(encoding="utf-8")
    real = page_memo.folders_digest

    def digest_then_save(*args: Any) -> str:
        digest = real(*args)
        template.write_text(original.replace("It stays published.", "Saved meanwhile."), encoding="utf-8")
        return digest

    with monkeypatch.context() as patch:
        patch.setattr(page_memo, "folders_digest", digest_then_save)
        build_site(project, EXAMPLE_AS_OF, tmp_path / "first")
    template.write_text(original, encoding="utf-8")  # the save undone
    again = files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "again"))
    clean = versions_project(tmp_path / "clean")
    override_template(clean)
    assert again == files_of(build_site(clean, EXAMPLE_AS_OF, tmp_path / "clean-site"))
    assert any(b"It stays published." in page for page in again.values())


def test_a_preview_keeps_no_library_loaded_while_a_file_was_saved_where_file_times_stand_still(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a file system whose times are coarser than assumed (NFS, a virtual machine's shared folder), a save during
    the load leaves every time as it was: the files hashed again after the load tell it."""
    root, path = version_file(tmp_path)
    frozen = kept_project.loaded_from(root)
    monkeypatch.setattr(kept_project, "loaded_from", lambda root: frozen)
    monkeypatch.setattr(kept_project, "settled", lambda before, after, started: before == after)
    real = kept_project.load_library

    def saving_then_loading(*args: Any, **kwargs: Any) -> Library:
        path.write_text(NEW, encoding="utf-8")
        return real(*args, **kwargs)

    kept = kept_project.KeptProject()
    monkeypatch.setattr(kept_project, "load_library", saving_then_loading)
    kept.library_of(root)
    monkeypatch.setattr(kept_project, "load_library", real)
    path.write_text(OLD, encoding="utf-8")  # the save undone
    assert kept.library_of(root).notices["privacy"].versions[0].data.summary == "First version."
