"""The last site's files kept beside the site: a rebuild puts back the files it writes again byte for byte, writes
the others, and publishes exactly what a clean build does."""

from __future__ import annotations

import os
from pathlib import Path

import mkdocs.utils
import pytest
from test_site_dir import build, files_in, snapshot

from generator.adapters import kept_files
from generator.adapters.kept_files import KEPT, drop_kept, keep_files, keep_identical_writes, kept_name, written
from tests.project import make_project

MODE = 0o644
COPIED = {"feed.xml", "privacy/feed.xml", "banner.html"}
"""Generated files that MkDocs copies from memory (`File.copy_file`, not `write_file`): written anew every build."""


def inodes(folder: Path, suffixes: tuple[str, ...] = (".html", ".xml", ".json", ".pdf")) -> dict[str, int]:
    """The inode of each file that MkDocs or the plugin writes (not the theme's assets, which MkDocs copies)."""
    return {str(p.relative_to(folder)).replace(KEPT, ""): p.stat().st_ino for p in folder.rglob("*")
            if p.is_file() and p.suffix in suffixes}


def test_a_rebuild_puts_back_what_it_writes_again_and_writes_anew_what_changed(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    assert build(root)[0] == 0
    assert build(root)[0] == 0
    kept = inodes(root / ".site.building")
    assert "index.html" in kept and "privacy/2021-01-01/privacy-2021-01-01.pdf" in kept
    assert build(root)[0] == 0
    again = inodes(root / "site")
    assert {name for name in again if again[name] == kept[name]} == kept.keys() - COPIED  # pages, index, PDF
    # The same number of bytes, other words: only the bytes tell the kept pages from the new ones.
    version = root / "notices" / "privacy" / "2021-01-01.yaml"
    version.write_text(version.read_text(encoding="utf-8").replace("your name", "your nick"), encoding="utf-8")
    kept, before = inodes(root / ".site.building"), snapshot(root / "site")
    assert build(root)[0] == 0
    site = snapshot(root / "site")
    again = inodes(root / "site")
    changed = {name for name in site if site[name] != before[name]}
    assert {"privacy/index.html", "privacy/2021-01-01/index.html"} <= changed
    assert {name for name in again if again[name] != kept[name]} - COPIED == changed - COPIED  # only those written
    assert not [name for name in files_in(root / "site") if KEPT in name]
    clean = make_project(tmp_path / "clean")
    (clean / "notices" / "privacy" / "2021-01-01.yaml").write_bytes(version.read_bytes())
    assert build(clean)[0] == 0
    assert site == snapshot(clean / "site")


def _kept(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    Path(kept_name(str(path))).write_bytes(content)
    os.chmod(kept_name(str(path)), MODE)
    return path


def test_a_kept_file_is_put_back_only_if_it_is_what_writing_would_make(tmp_path: Path) -> None:
    same = _kept(tmp_path, "same.html", b"<p>page</p>")
    assert written(b"<p>page</p>", str(same), MODE)
    assert same.read_bytes() == b"<p>page</p>" and not Path(kept_name(str(same))).exists()
    refused = {
        "other bytes": (_kept(tmp_path, "bytes.html", b"<p>page</p>"), b"<p>pago</p>"),
        "other size": (_kept(tmp_path, "size.html", b"<p>page</p>"), b"<p>pages</p>"),
        "longer": (_kept(tmp_path, "longer.html", b"<p>page</p>!"), b"<p>page</p>"),
        "other mode": (_kept(tmp_path, "mode.html", b"<p>page</p>"), b"<p>page</p>"),
        "linked": (_kept(tmp_path, "linked.html", b"<p>page</p>"), b"<p>page</p>"),
    }
    os.chmod(kept_name(str(tmp_path / "mode.html")), 0o600)
    os.link(kept_name(str(tmp_path / "linked.html")), tmp_path / "elsewhere.html")
    (tmp_path / "target.html").write_bytes(b"<p>page</p>")
    Path(kept_name(str(tmp_path / "symlink.html"))).symlink_to(tmp_path / "target.html")
    refused["symlink"] = (tmp_path / "symlink.html", b"<p>page</p>")
    assert [why for why, (path, content) in refused.items() if written(content, str(path), MODE)] == []
    assert not [path for path, _ in refused.values() if path.exists()]
    assert not written(b"<p>page</p>", str(tmp_path / "never-kept.html"), MODE)


def test_keep_and_drop(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "index.html").write_text("top", encoding="utf-8")
    (tmp_path / "a" / "b" / "page.html").write_text("deep", encoding="utf-8")
    (tmp_path / "a" / "link").symlink_to(tmp_path / "index.html")
    keep_files(tmp_path)
    assert sorted(files_in(tmp_path)) == [f"{KEPT}index.html", f"a/b/{KEPT}page.html"]
    (tmp_path / "a" / "b" / "page.html").write_text("written by another plugin", encoding="utf-8")
    drop_kept(tmp_path)
    assert files_in(tmp_path) == ["a/b/page.html"]


def test_only_mkdocs_own_write_file_is_stood_in_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mkdocs.utils, "write_file", mkdocs.utils.write_file)
    standing = keep_identical_writes()
    assert standing is not None and mkdocs.utils.write_file is standing
    assert keep_identical_writes() is not standing and mkdocs.utils.write_file.original is standing.original  # type: ignore[attr-defined]
    path = tmp_path / "page.html"
    mode = kept_files._new_file_mode()
    Path(kept_name(str(path))).write_bytes(b"kept")
    os.chmod(kept_name(str(path)), mode)
    inode = Path(kept_name(str(path))).stat().st_ino
    mkdocs.utils.write_file(b"kept", str(path))
    assert path.stat().st_ino == inode

    def write_file(content: bytes, output_path: str) -> None:  # another MkDocs' write_file
        Path(output_path).write_bytes(content)

    monkeypatch.setattr(mkdocs.utils, "write_file", write_file)
    assert keep_identical_writes() is None and mkdocs.utils.write_file is write_file
