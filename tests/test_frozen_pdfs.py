"""Archival PDFs frozen at publish: written once, recorded under the lock's seal, served by every later build as is,
and neither lost nor swapped unnoticed (outputs/frozen_pdf.py, library/frozen_checks.py)."""

from __future__ import annotations

import filecmp
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from generator.adapters.cli import main
from generator.source.lock import LOCK_FILE, LockFile
from tests.project import SITE, VERSION, make_project, unfrozen_example

ROOT = Path(__file__).resolve().parent.parent
SECOND = VERSION.replace("effective: 2021-01-01", "effective: 2027-01-01").replace(
    "summary: First version.", "summary: Second version.")
"""A second version of the minimal project, neither announced nor in force in 2026: a draft then."""
FROZEN = Path("notices/privacy/pdf/2021-01-01.pdf")
SERVED = Path("privacy/2021-01-01/privacy-2021-01-01.pdf")


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error: " in line]


def lock_of(project: Path, notice: str = "privacy") -> LockFile:
    from ruamel.yaml import YAML

    return LockFile.model_validate(YAML(typ="safe", pure=True).load(project / "notices" / notice / LOCK_FILE))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The minimal project, its first version published (and its PDF frozen) on 2026-11-01, a draft beside it."""
    project = make_project(tmp_path / "project")
    monkeypatch.chdir(project)
    assert cli("publish", "--as-of", "2026-11-01")[0] == 0
    (project / "notices/privacy/2027-01-01.yaml").write_text(SECOND)
    return project


def test_publish_freezes_the_pdf_a_build_makes_and_records_it_under_the_seal(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "project")
    monkeypatch.chdir(project)
    assert cli("build", "--as-of", "2026-11-01", "--site-dir", str(tmp_path / "before"))[0] == 0
    code, output = cli("publish", "--as-of", "2026-11-01")
    assert code == 0, output
    assert output.splitlines() == [
        "Locked version 2021-01-01 of 'privacy' (notices/privacy/2021-01-01.yaml)",
        "Froze the archival PDF of 1 published version(s) of 'privacy' in notices/privacy/pdf: builds serve these "
        "bytes from now on",
        "Updated notices/privacy/versions.lock; commit it and the frozen PDFs.",
    ]
    assert (project / FROZEN).read_bytes() == (tmp_path / "before" / SERVED).read_bytes(), "a build's own bytes"
    lock = lock_of(project)
    assert lock.seal == lock.expected_seal()
    assert lock.pdfs[min(lock.versions)].sha256 == sha256(project / FROZEN)
    assert lock.pdfs[min(lock.versions)].content_sha256 == lock.versions[min(lock.versions)].sha256
    assert sorted(os.listdir(project / FROZEN.parent)) == [FROZEN.name], "written atomically: nothing left beside"
    before = (project / "notices/privacy" / LOCK_FILE).read_bytes()
    assert cli("lock", "--as-of", "2030-01-01") == (0, "")
    assert (project / "notices/privacy" / LOCK_FILE).read_bytes() == before


def test_a_build_serves_the_frozen_pdf_after_the_layout_changed_and_lays_out_the_draft(published: Path,
                                                                                     tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert cli("build", "--as-of", "2026-12-01", "--site-dir", str(site))[0] == 0
    draft = (site / "privacy/2027-01-01/privacy-2027-01-01.pdf").read_bytes()
    assert (site / SERVED).read_bytes() == (published / FROZEN).read_bytes()
    # The organisation's name is in every PDF's footer: a change lays out the draft anew, never the record.
    site_yaml = published / "site_config/site.yaml"
    site_yaml.write_text(SITE.replace("Example Ltd", "Example Group plc"))
    code, output = cli("build", "--as-of", "2026-12-01", "--site-dir", str(site))
    assert code == 0, output
    assert (site / SERVED).read_bytes() == (published / FROZEN).read_bytes()
    assert (site / "privacy/2027-01-01/privacy-2027-01-01.pdf").read_bytes() != draft
    # A later publish never writes a recorded PDF again, whatever the layout makes now.
    assert cli("publish", "--as-of", "2026-12-01")[0] == 0
    assert (site / SERVED).read_bytes() == (published / FROZEN).read_bytes()
    # Before its publication the version is shown as a draft: its PDF, labelled so, is laid out, not the record.
    (published / "notices/privacy/2027-01-01.yaml").unlink()
    assert cli("build", "--as-of", "2020-06-01", "--site-dir", str(tmp_path / "early"))[0] == 0
    early = (tmp_path / "early" / SERVED).read_bytes()
    assert early != (published / FROZEN).read_bytes()


def test_a_build_of_a_frozen_project_does_not_import_reportlab(published: Path, tmp_path: Path) -> None:
    (published / "notices/privacy/2027-01-01.yaml").unlink()
    script = ("import sys; from generator.adapters.cli import main\n"
              "try: main(['build', '--as-of', '2026-12-01', '--site-dir', sys.argv[1]])\n"
              "except SystemExit as end: assert not end.code, end.code\n"
              "print(json.dumps(sorted(m for m in sys.modules if m.startswith('reportlab'))))")
    env = {**os.environ, "NOTICES_CACHE_DIR": str(tmp_path / "empty-cache"), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-c", "import json\n" + script, str(tmp_path / "site")], cwd=published,
                            env=env, capture_output=True, text=True, check=True)
    assert json.loads(result.stdout.splitlines()[-1]) == []
    assert (tmp_path / "site" / SERVED).read_bytes() == (published / FROZEN).read_bytes()


def test_a_missing_changed_or_stray_frozen_pdf_is_one_line_each_and_the_site_stays(published: Path,
                                                                                 tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert cli("build", "--as-of", "2026-12-01", "--site-dir", str(site))[0] == 0
    served = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    frozen = published / FROZEN
    record = frozen.read_bytes()
    lock_line = (published / "notices/privacy" / LOCK_FILE).read_text().splitlines().index("pdfs:") + 2
    fix = f"restore it from version control: git checkout -- {FROZEN.as_posix()}"
    for damage, what in ((frozen.unlink, "is missing"),
                         (lambda: frozen.write_bytes(record + b"%"),
                          "was changed: its bytes differ from the SHA-256 the lock records")):
        damage()
        for command in ("validate", "build"):
            code, output = cli(command, "--as-of", "2026-12-01", *(["--site-dir", str(site)] if command == "build"
                                                                   else []))
            assert code == 1
            assert errors(output) == [
                f"notices/privacy/versions.lock:{lock_line}:3: error: the frozen archival PDF of version 2021-01-01 "
                f"of 'privacy' {what} ({FROZEN.as_posix()}); a published version's PDF is the record readers "
                f"downloaded and never changes: {fix}" + (
                    " (never committed? `notices publish` lays it out again if that gives the recorded bytes; else "
                    "git checkout -- notices/privacy/versions.lock, then `notices publish`)" if what == "is missing"
                    else "")]
        assert {path: path.read_bytes() for path in site.rglob("*") if path.is_file()} == served
        frozen.write_bytes(record)
    stray = published / "notices/privacy/pdf/2027-01-01.pdf"
    stray.write_bytes(record)
    code, output = cli("build", "--as-of", "2026-12-01", "--site-dir", str(site))
    assert code == 1
    assert errors(output) == [
        "notices/privacy/pdf/2027-01-01.pdf:1:1: error: notices/privacy/versions.lock records no frozen PDF "
        "by this name: only `notices publish` writes this folder, and a PDF it did not record is checked and served "
        "by nothing; delete it (or move it out of notices/privacy/pdf): `notices publish` freezes and records the "
        "PDF of every published version"]
    assert cli("publish", "--as-of", "2026-12-01")[0] == 1, "publishing waits for the folder to be as recorded"
    stray.unlink()
    # The folder as a link elsewhere: `notices publish` would write there.
    folder = published / FROZEN.parent
    folder.rename(tmp_path / "elsewhere")
    folder.symlink_to(tmp_path / "elsewhere")
    code, output = cli("publish", "--as-of", "2026-12-01")
    assert code == 1
    assert errors(output) == [
        "notices/privacy/pdf:1:1: error: is a link, but the frozen PDFs are kept in a folder of the notice's own, "
        "which `notices publish` writes into: replace the link with a folder holding the PDFs the lock records "
        "(restore it from version control: git checkout -- notices/privacy/pdf)"]
    assert {path: path.read_bytes() for path in site.rglob("*") if path.is_file()} == served


def test_mkdocs_build_refuses_a_missing_frozen_pdf(published: Path, tmp_path: Path) -> None:
    (published / FROZEN).unlink()
    config = load_config(str(published / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    with pytest.raises(Abort, match="the frozen archival PDF of version 2021-01-01 of 'privacy' is missing"):
        mkdocs_build(config)
    assert not (tmp_path / "out").exists()


def test_a_pdf_record_edited_by_hand_breaks_the_seal(published: Path) -> None:
    lock = published / "notices/privacy" / LOCK_FILE
    digest = sha256(published / FROZEN)
    (published / FROZEN).write_bytes(b"%PDF- another")
    lock.write_text(lock.read_text().replace(digest, hashlib.sha256(b"%PDF- another").hexdigest()))
    code, output = cli("validate", "--as-of", "2026-12-01")
    assert code == 1
    assert [line.split(": error: ")[1][:55] for line in errors(output)] == [
        "notices/privacy/versions.lock was edited by hand: its e"]


def test_correct_freezes_the_corrected_version_again(published: Path, tmp_path: Path) -> None:
    (published / "notices/privacy/2027-01-01.yaml").unlink()  # the draft would reword the corrected text
    before = (published / FROZEN).read_bytes()
    version = published / "notices/privacy/2021-01-01.yaml"
    version.write_text(version.read_text().replace("We are Example Ltd.", "We are Example Limited."))
    code, output = cli("correct", "privacy", "2021-01-01", "--reason", "Our full name", "--date", "2026-11-20")
    assert code == 0, output
    lock = lock_of(published)
    record = lock.pdfs[min(lock.versions)]
    assert record.content_sha256 == lock.corrections[-1].sha256 != lock.versions[min(lock.versions)].sha256
    assert record.sha256 == sha256(published / FROZEN) and (published / FROZEN).read_bytes() != before
    code, output = cli("build", "--as-of", "2026-12-01", "--site-dir", str(tmp_path / "site"))
    assert code == 0, output
    assert (tmp_path / "site" / SERVED).read_bytes() == (published / FROZEN).read_bytes()


def test_publish_back_fills_an_old_lock_and_changes_nothing_else(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The example's locks as written before PDFs were frozen: still valid; a publish adds the PDFs and the seal."""
    project = unfrozen_example(tmp_path / "project")
    monkeypatch.chdir(project)
    old = {notice: (project / "notices" / notice / LOCK_FILE).read_bytes() for notice in ("privacy", "live2coursera")}
    assert all(b"pdfs:" not in text for text in old.values())
    assert cli("validate", "--as-of", "2026-12-04")[0] == 0
    assert cli("build", "--as-of", "2026-12-04", "--site-dir", str(tmp_path / "laid-out"))[0] == 0
    code, output = cli("publish", "--as-of", "2026-12-04")
    assert code == 0, output
    for notice in ("privacy", "live2coursera"):
        lines = (project / "notices" / notice / LOCK_FILE).read_text().splitlines()
        removed = [line for line in old[notice].decode().splitlines() if line not in lines]
        assert [line[:5] for line in removed] == ["seal:"]
        for frozen in (project / "notices" / notice / "pdf").iterdir():
            date = frozen.stem
            assert frozen.read_bytes() == (tmp_path / "laid-out" / notice / date / f"{notice}-{date}.pdf").read_bytes()
    # Served from the frozen files, the site is byte for byte the one laid out without them.
    assert cli("build", "--as-of", "2026-12-04", "--site-dir", str(tmp_path / "frozen"))[0] == 0
    compared = filecmp.dircmp(tmp_path / "laid-out", tmp_path / "frozen")
    assert _differences(compared) == []


def _differences(compared: filecmp.dircmp[str]) -> list[str]:
    found = [*compared.diff_files, *compared.left_only, *compared.right_only, *compared.funny_files]
    for sub in compared.subdirs.values():
        found += _differences(sub)
    return found


def test_a_preview_links_the_frozen_pdfs_and_no_write_of_its_own_reaches_them(
        published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_serve_rebuilds import Preview

    from generator.adapters import kept_project

    frozen = published / FROZEN
    record = frozen.read_bytes()
    time.sleep(2 * kept_project.RACY_NS / 1e9)  # a library loaded within a tick of its files' writing is not kept
    preview = Preview(published, tmp_path / "served")
    try:
        preview.rebuild()
        preview.rebuild()  # the library kept: its checks, which read the frozen PDFs, are not run again
        served = preview.site / SERVED
        assert served.stat().st_ino == frozen.stat().st_ino, "the project's very file, nothing read or written"
        preview.rebuild(dirty=True)  # MkDocs writes in place over the last build's files: the links went first
        assert frozen.read_bytes() == record and served.stat().st_ino == frozen.stat().st_ino
        # A broken edit: the error page is written at every generated address, the PDFs' too, never through a link.
        draft = published / "notices/privacy/2027-01-01.yaml"
        draft.write_text(SECOND + "broken: [unclosed\n")
        assert preview.rebuild().problems
        assert frozen.read_bytes() == record and served.stat().st_ino != frozen.stat().st_ino
        draft.write_text(SECOND)

        def refuse(source: object, target: object) -> None:
            raise OSError("links refused")

        with monkeypatch.context() as patched:
            patched.setattr(os, "link", refuse)
            preview.rebuild()
        assert served.read_bytes() == record and served.stat().st_nlink == 1
    finally:
        preview.stop()
    assert frozen.read_bytes() == record and frozen.stat().st_nlink == 1
    # A build (not a preview) writes copies: a published site's files are its own.
    assert cli("build", "--as-of", "2026-12-01", "--site-dir", str(tmp_path / "built"))[0] == 0
    assert (tmp_path / "built" / SERVED).stat().st_nlink == 1 and frozen.stat().st_nlink == 1


def test_a_withdrawn_version_gets_no_frozen_pdf_and_its_earlier_one_stays_recorded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A withdrawn version's address says that it was withdrawn: no PDF is served there, so none is frozen."""
    withdraw = ("withdraw", "privacy", "2027-03-01", "--reason", "Not yet.", "--date", "2026-12-01")
    for name, frozen_before in (("old-lock", False), ("frozen", True)):
        project = unfrozen_example(tmp_path / name)
        monkeypatch.chdir(project)
        if frozen_before:
            assert cli("publish", "--as-of", "2026-11-30")[0] == 0
        assert cli(*withdraw, "--out", str(tmp_path / f"drafts-{name}"))[0] == 0
        assert cli("publish", "--as-of", "2026-12-02")[0] == 0
        pdfs = sorted(p.name for p in (project / "notices/privacy/pdf").iterdir())
        assert pdfs == (["2021-01-01.pdf", "2027-03-01.pdf"] if frozen_before else ["2021-01-01.pdf"])
        assert [f"{day}.pdf" for day in sorted(lock_of(project).pdfs)] == pdfs
        assert cli("build", "--as-of", "2026-12-02", "--site-dir", str(tmp_path / f"site-{name}"))[0] == 0
        assert not (tmp_path / f"site-{name}/privacy/2027-03-01/privacy-2027-03-01.pdf").exists()
        code, output = cli("correct", "privacy", "2027-03-01", "--reason", "A word added.")  # so none re-frozen
        assert code == 2 and "has no version 2027-03-01 (it was withdrawn on 2026-12-01, so it never applies)" in output


def test_a_renamed_notice_keeps_its_frozen_pdfs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A notice's folder renamed, its old address kept (README: "Old addresses"): the records are named by the date
    only, so they move with the folder and are served under the new address."""
    project = tmp_path / "project"
    for name in ("notices", "site_config", "templates"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    monkeypatch.chdir(project)
    (project / "notices/live2coursera").rename(project / "notices/live-notice")
    with (project / "notices/live-notice/notice.yaml").open("a") as meta:
        meta.write("redirect_from: [/live2coursera]\n")
    code, output = cli("validate", "--as-of", "2026-12-04")
    assert (code, errors(output)) == (0, []), output
    code, output = cli("build", "--as-of", "2026-12-04", "--site-dir", str(tmp_path / "site"))
    assert code == 0, output
    served = tmp_path / "site/live-notice/2021-01-01/live-notice-2021-01-01.pdf"
    assert served.read_bytes() == (project / "notices/live-notice/pdf/2021-01-01.pdf").read_bytes()
