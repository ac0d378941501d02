"""A correction that changes no word readers see (facts annotated) is told apart from one that changes the text."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from click.testing import CliRunner
from ruamel.yaml import YAML

from generator.adapters.cli import main
from generator.library.loader import load_library
from generator.source.lock import LOCK_FILE

VERSION = "notices/privacy/2021-01-01.yaml"
LOCK = f"notices/privacy/{LOCK_FILE}"


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def history_summary(project: Path) -> str:
    code, output = cli("build", "--as-of", "2026-12-05", "--site-dir", str(project / "out"))
    assert code == 0, output
    soup = BeautifulSoup((project / "out/privacy/history/index.html").read_text(encoding="utf-8"), "html.parser")
    row = soup.find("tr", id="version-2021-01-01")
    assert row is not None
    return " ".join(row.find("td", attrs={"data-label": "Summary"}).get_text(" ").split())


def annotate(project: Path) -> None:
    """Quote fewer words of 'collect-surveys' for its data element: a facts-only edit."""
    path = project / VERSION
    text = path.read_text(encoding="utf-8")
    quote = "survey responses: provide information in response to a survey\n"
    assert quote in text
    path.write_text(text.replace(quote, "survey responses: in response to a survey\n", 1), encoding="utf-8")


def lock_entries(project: Path) -> list[dict[str, object]]:
    corrections: list[dict[str, object]] = YAML(typ="safe").load((project / LOCK).read_text())["corrections"]
    return corrections


def test_the_example_locks_record_what_readers_see(project: Path) -> None:
    """Every published example version has a prose fingerprint, and its facts-only annotations are recorded."""
    library = load_library(project)
    for notice in library.notices.values():
        for version in notice.versions:
            assert notice.lock.expected_prose_hash(version.effective) is not None, (notice.id, version.effective)
            assert notice.lock.annotations_of(version.effective), (notice.id, version.effective)


def test_a_quote_added_to_a_published_version_is_a_facts_only_correction(project: Path) -> None:
    annotate(project)
    assert cli("validate")[0] == 1  # the lock still holds the version
    code, output = cli("correct", "privacy", "2021-01-01", "--reason", "Quoted the survey words.", "--date",
                       "2026-12-04")
    assert code == 0, output
    assert output.startswith("Recorded a facts-only correction in notices/privacy/versions.lock")
    assert lock_entries(project)[-1]["facts_only"] is True
    assert cli("validate")[0] == 0
    summary = history_summary(project)
    assert "Facts annotated on December 4, 2026, text unchanged" in summary
    assert "Quoted the survey words" not in summary and "Corrected" not in summary


def test_a_changed_word_is_still_announced_as_corrected(project: Path) -> None:
    annotate(project)
    path = project / VERSION
    path.write_text(path.read_text(encoding="utf-8").replace("Coursera, Inc. is a Delaware", "Coursera, Inc. is "
                                                             "a Delaware-registered"), encoding="utf-8")
    code, output = cli("correct", "privacy", "2021-01-01", "--reason", "Said where Coursera is registered.",
                       "--date", "2026-12-04")
    assert code == 0, output
    assert output.startswith("Recorded the correction in notices/privacy/versions.lock; the history page shows it")
    assert "facts_only" not in lock_entries(project)[-1]
    summary = history_summary(project)
    assert "Corrected on December 4, 2026: Said where Coursera is registered." in summary


def test_without_a_recorded_fingerprint_an_edit_counts_as_a_text_correction(project: Path) -> None:
    """A lock written before fingerprints cannot vouch for the old words: the tool does not guess."""
    lock = YAML(typ="safe").load((project / LOCK).read_text())
    for entry in lock["versions"].values():
        entry.pop("prose_sha256", None)
    for entry in lock["corrections"]:
        entry.pop("prose_sha256", None)
        entry.pop("facts_only", None)
    from generator.source.lock import LockFile, write_lock

    write_lock(project / "notices/privacy", LockFile.model_validate(lock))
    annotate(project)
    code, output = cli("correct", "privacy", "2021-01-01", "--reason", "Quoted the survey words.")
    assert code == 0, output
    assert output.startswith("The lock has no fingerprint of the words this version showed before the edit")
    assert "facts_only" not in lock_entries(project)[-1]


def test_publish_records_the_fingerprint_of_versions_still_as_locked(project: Path) -> None:
    lock = YAML(typ="safe").load((project / LOCK).read_text())
    for entry in [*lock["versions"].values(), *lock["corrections"]]:
        entry.pop("prose_sha256", None)
    from generator.source.lock import LockFile, write_lock

    write_lock(project / "notices/privacy", LockFile.model_validate(lock))
    code, output = cli("publish", "--as-of", "2026-12-05")
    assert code == 0, output
    assert "Recorded what readers see of the locked versions of 'privacy'" in output
    annotate(project)
    code, output = cli("correct", "privacy", "2021-01-01", "--reason", "Quoted the survey words.")
    assert output.startswith("Recorded a facts-only correction"), output
