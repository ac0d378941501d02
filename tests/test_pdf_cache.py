"""The user's PDF cache is bounded: past `KEPT` PDFs a build deletes the least recently used, never its own.

Real builds (the CLI) into a cache folder of the test's own, filled beforehand with other projects' PDFs.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.adapters.cli import main
from generator.outputs import pdf_cache
from tests.project import NOTICE, VERSION, make_project
from tests.test_serve_rebuilds import EPOCH_OF_AS_OF, Preview, versions_project

LATER = VERSION.replace("effective: 2021-01-01", "effective: 2021-06-01").replace("First version.", "Second.")
LONG_AGO = 946_684_800  # 2000-01-01


def build(root: Path) -> dict[str, bytes]:
    """Build the site; its PDFs by address."""
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--as-of", "2021-07-01"])
    assert result.exit_code == 0, result.output
    return {str(pdf.relative_to(root / "site")): pdf.read_bytes() for pdf in (root / "site").rglob("*.pdf")}


def others(folder: Path, count: int, used: float = LONG_AGO, prefix: str = "0") -> list[Path]:
    """`count` PDFs of other projects, each used a day after the one before, the first at `used`."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for number in range(count):
        path = folder / f"{prefix}{number:063x}.pdf"
        path.write_bytes(b"%PDF-1.4 another project's")
        os.utime(path, (used + number * 86400,) * 2)
        made.append(path)
    return made


def test_a_build_keeps_the_cache_to_its_bound_keeping_its_own_pdfs_and_the_most_recently_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "project", notices={
        "privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": VERSION, "2021-06-01.yaml": LATER}})
    folder = tmp_path / "cache" / "pdf"
    monkeypatch.setenv(pdf_cache.CACHE_ENV, str(folder.parent))
    monkeypatch.setattr(pdf_cache, "KEPT", 10)
    old = others(folder, 30)
    abandoned, writing = folder / "a.1.partial", folder / "b.2.partial"
    abandoned.write_bytes(b"half")
    writing.write_bytes(b"half")
    os.utime(abandoned, (LONG_AGO,) * 2)

    first = build(root)  # its two PDFs laid out, then the cache swept
    assert len(first) == 2
    own = {path.name for path in folder.glob("*.pdf")} - {path.name for path in old}
    assert len(own) == 2
    # Four fifths of KEPT stay: the build's two PDFs, and the six most recently used of the others.
    assert sorted(path.name for path in folder.glob("*.pdf")) == sorted([*own, *(path.name for path in old[-6:])])
    assert not abandoned.exists() and writing.exists()  # a build beside this one may be writing that one

    # The build's own PDFs, now the least recently used of all, are taken from the cache and so stay.
    for name in own:
        os.utime(folder / name, (LONG_AGO - 86400,) * 2)
    newer = others(folder, 5, used=LONG_AGO + 365 * 86400, prefix="1")
    assert build(root) == first  # 2 + 6 + 5 PDFs: past 10, down to 8
    remaining = {path.name for path in folder.glob("*.pdf")}
    assert remaining == own | {path.name for path in [old[-1], *newer]}
    assert all((folder / name).stat().st_mtime > LONG_AGO + 3650 * 86400 for name in own)  # marked used now


def test_below_its_bound_the_cache_is_left_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "pdf"
    old = others(folder, 10)
    pdf_cache.keep_recent(folder, set(), kept=10)
    assert sorted(folder.iterdir()) == old
    pdf_cache.keep_recent(folder, {old[0].name[:-4]}, kept=9)  # past it: down to 7, the one in use kept
    assert sorted(folder.iterdir()) == [old[0], *old[-6:]]
    pdf_cache.keep_recent(tmp_path / "missing", set(), kept=1)  # no folder yet: nothing to do


def test_a_preview_keeps_the_pdfs_it_links_in_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A preview links its cached PDFs into its folder rather than writing them: they are still its own."""
    project = versions_project(tmp_path / "project")
    monkeypatch.chdir(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_OF_AS_OF)
    folder = tmp_path / "cache" / "pdf"
    monkeypatch.setenv(pdf_cache.CACHE_ENV, str(folder.parent))
    preview = Preview(project, tmp_path / "served")
    try:
        preview.rebuild()  # lays its PDFs out into the cache
        own = {path.name for path in folder.glob("*.pdf")}
        newer = others(folder, 2 * len(own), used=4_102_444_800)  # used after ours (2100): deleted last
        monkeypatch.setattr(pdf_cache, "KEPT", len(own) + len(newer) - 1)
        preview.rebuild()  # every PDF linked from the cache, which is then swept
    finally:
        preview.stop()
    remaining = {path.name for path in folder.glob("*.pdf")}
    assert own <= remaining and len(remaining) < len(own) + len(newer)
