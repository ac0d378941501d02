"""Several controllers by region in the compliance checks: each region's checks use its own controller.

The compliant fixture's controller (Example Inc., United States) becomes the controller for the United
States, and a second one, Example Europe B.V. in the Netherlands, the controller for the EEA and
Switzerland. The EU checks then read the Dutch controller (no EU representative is needed), and the
United Kingdom, which the site checks, has no controller until one names it.
"""

from __future__ import annotations

from pathlib import Path

from generator.analyses.compliance import Status, check_library
from generator.analyses.compliance.findings import Finding
from generator.library.loader import load_library
from tests.compliance_fixture import AS_OF, V2, VERSION, make_compliant

IDENTITY = "gdpr.art13.1.a.controller_identity"
EU_REPRESENTATIVE = "gdpr.art13.1.a.eu_representative"
UK_REPRESENTATIVE = "ukgdpr.art27.uk_representative"

MAIN = "controller:\n  name: Example Inc.\n  contact: example-inc\n"
BY_REGION = """\
controller:
  name: Example Inc.
  contact: example-inc
  regions: [the United States]
  jurisdictions: [us, us-ca]
controllers:
  - name: Example Europe B.V.
    contact: example-eu
    regions: [the EEA and Switzerland]
    jurisdictions: [eea, ch]
"""
EU_OFFICE = """\
  - id: example-eu
    role: controller
    name: Example Europe B.V.
    address: ["Herengracht 1", "1015 BA Amsterdam"]
    country: Netherlands
    email: europe@example.org
  - id: privacy-team
"""


def findings(tmp_path: Path, *edits: tuple[str, str]) -> dict[str, Finding]:
    version = VERSION.replace(MAIN, BY_REGION).replace("  - id: privacy-team\n", EU_OFFICE, 1)
    card = "      - contact: example-inc\n"
    version = version.replace(card, card + card.replace("example-inc", "example-eu"))
    for old, new in edits:
        assert old in version
        version = version.replace(old, new)
    report = check_library(load_library(make_compliant(tmp_path, version)), AS_OF)
    return {f.check_id: f for f in report.findings if f.version == V2}


def test_a_region_without_a_controller_is_a_finding(tmp_path: Path) -> None:
    found = findings(tmp_path)
    identity = found[IDENTITY]
    assert identity.status is Status.FAILED
    assert identity.message.startswith("no controller is recorded for the United Kingdom: every controller names "
                                       "the regions it is responsible for and none names 'uk'")
    # At the list of controllers, where the missing one belongs: its first entry, after the main controller's
    # five lines.
    first_line = VERSION.count("\n", 0, VERSION.index(MAIN)) + 1
    assert (identity.path, identity.line) == (f"notices/privacy/{V2}.yaml", first_line + 6)


def test_naming_the_region_satisfies_it_and_each_controller_is_named(tmp_path: Path) -> None:
    found = findings(tmp_path, ("jurisdictions: [eea, ch]", "jurisdictions: [eea, ch, uk]"))
    identity = found[IDENTITY]
    assert identity.status is Status.PASSED
    assert identity.message == "Example Europe B.V., reached at contact 'example-eu'"


def test_a_controller_for_every_other_region_covers_the_rest(tmp_path: Path) -> None:
    found = findings(tmp_path, ("  jurisdictions: [us, us-ca]\n", ""))
    assert found[IDENTITY].status is Status.PASSED
    assert found[IDENTITY].message == ("Example Europe B.V., reached at contact 'example-eu'; Example Inc., reached "
                                       "at contact 'example-inc'")


def test_the_eu_checks_use_the_eu_controller(tmp_path: Path) -> None:
    found = findings(tmp_path, ("jurisdictions: [eea, ch]", "jurisdictions: [eea, ch, uk]"))
    # Example Europe B.V. is established in the Netherlands: no EU representative is needed ...
    assert found[EU_REPRESENTATIVE].status is Status.NOT_APPLICABLE
    # ... nor a UK one, as it is the UK's controller too but is not in the UK: that check applies.
    assert found[UK_REPRESENTATIVE].status is Status.PASSED


def test_with_one_controller_outside_the_eea_the_representative_is_needed(tmp_path: Path) -> None:
    report = check_library(load_library(make_compliant(tmp_path)), AS_OF)
    [finding] = [f for f in report.findings if f.version == V2 and f.check_id == EU_REPRESENTATIVE]
    assert finding.status is Status.PASSED  # applies: Example Inc. is in the United States; its EU rep is shown


def test_the_regional_controllers_own_address_is_checked(tmp_path: Path) -> None:
    found = findings(tmp_path, ("jurisdictions: [eea, ch]", "jurisdictions: [eea, ch, uk]"),
                     ('    address: ["Herengracht 1", "1015 BA Amsterdam"]\n', ""))
    identity = found[IDENTITY]
    assert identity.status is Status.FAILED
    assert identity.message == "contact 'example-eu' of the controller Example Europe B.V. has no postal address"
