"""A compliance pass earned by a bare tag the text does not state is a failure (sources, representatives)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.adapters.cli import main
from generator.analyses.compliance import Status, check_library
from generator.analyses.compliance.findings import Finding
from generator.library.loader import load_library
from tests.compliance_fails import apply
from tests.compliance_fixture import AS_OF, V2, VERSION, make_compliant

SOCIAL = "Your public profile from the social network you sign in with."
UK_BLOCK = "      - contact: uk-rep\n"
SOURCE, UK_REP = "gdpr.art14.2.f.source", "ukgdpr.art27.uk_representative"


def findings_of(root: Path, check_id: str) -> list[Finding]:
    report = check_library(load_library(root), AS_OF)
    return [f for f in report.findings if f.check_id == check_id and f.version == V2]


def introduce_uk_rep(words: str) -> list[tuple[str, str]]:
    return [(UK_BLOCK, f"      - text: Example UK Ltd serves as our {words} for Example Inc.\n{UK_BLOCK}")]


CASES = {
    # case: (check, edits that leave the tag bare, edits that state it, the start of the failure)
    "a third-party source alluded to, not named": (
        SOURCE, [(SOCIAL, "Your public profile, which we receive via third parties.")],
        [(SOCIAL, "Your public profile from the social network you sign in with, via third parties.")],
        "the information is tagged as coming from 'third-parties' but the text of 'collect-social' says only "
        "\"third parties\", without naming the source"),
    "a named source quoted": (
        SOURCE, [(SOCIAL, "Your public profile from Example Partner Ltd, via third parties.")],
        [(SOCIAL, "Your public profile from Example Partner Ltd, via third parties."),
         ("sources: [third-parties]}", "sources: [third-parties], quote: {third-parties: Example Partner Ltd}}")],
        "the information is tagged as coming from 'third-parties' but the text of 'collect-social' says only"),
    "a UK representative called the EU representative": (
        UK_REP, introduce_uk_rep("EU Representative"), introduce_uk_rep("UK Representative"),
        "the UK representative 'Example UK Ltd' is shown, but the text of a paragraph of 'your-rights' calls it "
        "\"EU Representative\", so readers are not told who their UK representative is"),
}


@pytest.mark.parametrize("case", CASES)
def test_a_bare_tag_fails_its_row_and_a_stated_one_passes(tmp_path: Path, case: str) -> None:
    check_id, bare, stated, message = CASES[case]
    found = findings_of(make_compliant(tmp_path / "bare", apply(VERSION, bare)), check_id)
    assert [f.status for f in found] == [Status.FAILED], [f.message for f in found]
    assert found[0].message.startswith(message), found[0].message
    found = findings_of(make_compliant(tmp_path / "stated", apply(VERSION, stated)), check_id)
    assert [f.status for f in found] == [Status.PASSED], [f.message for f in found]


def test_the_misnamed_representative_is_a_validate_error_with_both_places(tmp_path: Path) -> None:
    version = apply(VERSION, introduce_uk_rep("EU Representative"))
    root = make_compliant(tmp_path, version)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        result = CliRunner().invoke(main, ["validate", "--as-of", "2024-10-01"])
    role = next(n for n, line in enumerate(version.splitlines(), 1) if line == "    role: uk-representative")
    text = next(n for n, line in enumerate(version.splitlines(), 1) if "serves as our EU Representative" in line)
    assert result.exit_code == 1
    assert (f"notices/privacy/{V2}.yaml:{role}:11: error: the fact says 'Example UK Ltd' is the UK representative but "
            "the text of a paragraph of 'your-rights' calls it \"EU Representative\" "
            f"(notices/privacy/{V2}.yaml:{text}:15)") in result.output.splitlines()
