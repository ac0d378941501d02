"""How `notices publish` and `notices correct` write frozen PDFs (outputs/frozen_pdf.py `freeze`): never through a
linked folder, never from the user's PDF cache, and a publish failing midway leaves nothing unrecorded behind."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import IO, Any

import pytest

from generator.outputs import frozen_pdf
from generator.source.lock import LOCK_FILE
from tests.project import make_project, unfrozen_example
from tests.test_frozen_pdfs import FROZEN, SERVED, cli, errors

LINKED = ("notices/privacy/pdf:1:1: error: is a link, but the frozen PDFs are kept in a folder of the notice's own, "
          "which `notices publish` writes into: replace the link with a folder holding the PDFs the lock records "
          "(restore it from version control: git checkout -- notices/privacy/pdf)")


def files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_a_first_publish_refuses_a_linked_pdf_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No lock yet, so no seal: the link is refused all the same, and nothing is written."""
    project = make_project(tmp_path / "project")
    monkeypatch.chdir(project)
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / FROZEN.parent).symlink_to(outside)
    code, output = cli("publish", "--as-of", "2026-11-01")
    assert (code, errors(output)) == (1, [LINKED])
    assert list(outside.iterdir()) == [] and not (project / "notices/privacy" / LOCK_FILE).exists()


def test_correct_refuses_a_linked_pdf_folder_and_writes_nothing(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """`notices correct` runs no frozen-PDF checks (it loads a lock about to change): `freeze` refuses itself."""
    project = make_project(tmp_path / "project")
    monkeypatch.chdir(project)
    assert cli("publish", "--as-of", "2026-11-01")[0] == 0
    outside = tmp_path / "outside"
    (project / FROZEN.parent).rename(outside)
    (project / FROZEN.parent).symlink_to(outside)
    before, lock = files(outside), (project / "notices/privacy" / LOCK_FILE).read_bytes()
    version = project / "notices/privacy/2021-01-01.yaml"
    version.write_text(version.read_text().replace("We are Example Ltd.", "We are Example Limited."))
    code, output = cli("correct", "privacy", "2021-01-01", "--reason", "Our full name", "--date", "2026-11-20")
    assert (code, errors(output)) == (1, [
        "notices/privacy/pdf:1:1: error: is a link, but the frozen PDFs are written into a folder of the notice's "
        "own (a link could carry them out of the project); nothing was written: replace it with a folder, then run "
        "the command again"])
    assert files(outside) == before and (project / "notices/privacy" / LOCK_FILE).read_bytes() == lock


def test_publish_freezes_a_fresh_layout_never_the_user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A damaged cache entry (the cache is keyed by its inputs, not its bytes) must not become the sealed record;
    the fresh layout replaces it in the cache."""
    project = make_project(tmp_path / "project")
    monkeypatch.chdir(project)
    monkeypatch.setenv("NOTICES_CACHE_DIR", str(tmp_path / "cache"))
    assert cli("build", "--as-of", "2026-11-01", "--site-dir", str(tmp_path / "site"))[0] == 0
    clean = (tmp_path / "site" / SERVED).read_bytes()
    [entry] = (tmp_path / "cache" / "pdf").glob("*.pdf")
    entry.write_bytes(clean.replace(b"Example Ltd", b"Example Lxd"))
    assert cli("publish", "--as-of", "2026-11-01")[0] == 0
    assert (project / FROZEN).read_bytes() == clean
    assert entry.read_bytes() == clean


def test_hidden_files_in_the_pdf_folder_are_not_strays(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "project")
    monkeypatch.chdir(project)
    assert cli("publish", "--as-of", "2026-11-01")[0] == 0
    (project / FROZEN.parent / ".DS_Store").write_bytes(b"Finder")
    (project / FROZEN.parent / ".2027-01-01.pdf.123.partial").write_bytes(b"%PDF- killed")
    code, output = cli("validate", "--as-of", "2026-12-01")
    assert (code, errors(output)) == (0, []), output


def test_a_publish_failing_midway_leaves_no_unrecorded_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The example's locks as before PDFs were frozen: the privacy notice's two PDFs are frozen in one publish, and
    the disk fills on the second. The first, recorded nowhere, goes; the error is one line; the re-run works."""
    project = unfrozen_example(tmp_path / "project")
    monkeypatch.chdir(project)
    lock = (project / "notices/privacy" / LOCK_FILE).read_bytes()
    opened = os.fdopen

    def disk_full(handle: int, *args: Any, **kwargs: Any) -> IO[Any]:
        if os.readlink(f"/proc/self/fd/{handle}").endswith(f"/privacy/pdf/.2027-03-01.pdf.{os.getpid()}.partial"):
            os.close(handle)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return opened(handle, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(frozen_pdf.os, "fdopen", disk_full)
        code, output = cli("publish", "--as-of", "2026-12-04")
    assert (code, errors(output)) == (1, [
        "notices/privacy/pdf/2027-03-01.pdf:1:1: error: cannot write the frozen PDF (No space left on device); "
        "nothing was recorded: free the space or make the folder writable, then run the command again"])
    assert os.listdir(project / "notices/privacy/pdf") == []
    assert (project / "notices/privacy" / LOCK_FILE).read_bytes() == lock
    code, output = cli("publish", "--as-of", "2026-12-04")
    assert code == 0, output
    assert sorted(os.listdir(project / "notices/privacy/pdf")) == ["2021-01-01.pdf", "2027-03-01.pdf"]


def test_a_frozen_pdf_that_is_a_link_is_called_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same bytes through a link are not the committed file; the error says what is wrong, not "missing"."""
    project = make_project(tmp_path / "project")
    monkeypatch.chdir(project)
    assert cli("publish", "--as-of", "2026-11-01")[0] == 0
    (project / FROZEN).rename(tmp_path / "copy.pdf")
    (project / FROZEN).symlink_to(tmp_path / "copy.pdf")
    code, output = cli("validate", "--as-of", "2026-12-01")
    assert code == 1
    assert [line.split(": error: ")[1][:90] for line in errors(output)] == [
        "the frozen archival PDF of version 2021-01-01 of 'privacy' is a link, not the file itself "]


def test_publish_restores_a_missing_pdf_only_when_it_is_the_record(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A recorded PDF that never reached version control (`git clean`): laid out again, written only if its bytes
    are the ones the lock records; with the layout changed since, it stays an error that names the lock."""
    project = make_project(tmp_path / "project")
    monkeypatch.chdir(project)
    assert cli("publish", "--as-of", "2026-11-01")[0] == 0
    record = (project / FROZEN).read_bytes()
    lock = (project / "notices/privacy" / LOCK_FILE).read_bytes()
    (project / FROZEN).unlink()
    assert cli("publish", "--as-of", "2026-11-01") == (0, f"Restored {FROZEN.as_posix()}: laid out again, it has "
                                                          "the SHA-256 the lock records\n")
    assert (project / FROZEN).read_bytes() == record
    assert (project / "notices/privacy" / LOCK_FILE).read_bytes() == lock
    (project / FROZEN).unlink()
    site = project / "site_config/site.yaml"
    site.write_text(site.read_text().replace("Example Ltd", "Example Group plc"))  # in every PDF's footer
    code, output = cli("publish", "--as-of", "2026-11-01")
    assert code == 1 and not (project / FROZEN).exists()
    assert [line.split("; else ")[1] for line in errors(output)] == [
        "git checkout -- notices/privacy/versions.lock, then `notices publish`)"]
