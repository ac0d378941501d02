"""Regions as data: the built-in list with its laws and dates, ids checked against it, a site adding its own.

Each rule has a fixture that breaks it (a located error with a suggestion) and one that satisfies it;
the compliance checks select their families from the data and skip a region whose laws were not yet
in force on a version's effective date.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pydantic import BaseModel

from generator.adapters.cli import main
from generator.analyses.compliance import Status, check_library
from generator.analyses.compliance.catalog import families
from generator.library.loader import load_library
from generator.source import regions
from generator.source.regions import builtin_regions, in_force_from, known_regions, region_name
from tests.project import SITE, VERSION, make_project

ROOT = Path(__file__).resolve().parent.parent

STATES = {
    # The U.S. states with enacted comprehensive privacy laws, and the day each took effect.
    "us-ca": "2020-01-01", "us-va": "2023-01-01", "us-co": "2023-07-01", "us-ct": "2023-07-01",
    "us-ut": "2023-12-31", "us-tx": "2024-07-01", "us-or": "2024-07-01", "us-mt": "2024-10-01",
    "us-ia": "2025-01-01", "us-de": "2025-01-01", "us-ne": "2025-01-01", "us-nh": "2025-01-01",
    "us-nj": "2025-01-15", "us-tn": "2025-07-01", "us-mn": "2025-07-31", "us-md": "2025-10-01",
    "us-in": "2026-01-01", "us-ky": "2026-01-01", "us-ri": "2026-01-01",
}
"""Recorded here a second time on purpose: a change to a date in regions.yaml must be deliberate."""


def validate(root: Path) -> tuple[int, list[str]]:
    """`notices validate` run in `root`, so that paths are shown relative to it."""
    result = CliRunner().invoke(main, ["validate", "--root", "."], catch_exceptions=False)
    return result.exit_code, [line for line in result.output.splitlines() if ": error: " in line]


# --- the data -------------------------------------------------------------------------------------------

def test_the_built_in_regions_hold_every_state_law_with_its_date() -> None:
    regions = known_regions()
    assert len(regions) == len(builtin_regions()), "a region id is listed twice"
    for region_id, day in STATES.items():
        region = regions[region_id]
        assert region.laws, region_id
        state_law = next(law for law in region.laws if "CalOPPA" not in law.name)
        assert state_law.effective == dt.date.fromisoformat(day), region_id
        assert "us-states" in region.checks or region_id == "us-ca"
    for region_id in ("eea", "eu", "uk", "ch", "us", "ca", "br", "worldwide"):
        assert region_id in regions
    assert region_name("ca") == "Canada" and region_name("us-ca") == "California"
    assert in_force_from(regions["br"]) == dt.date(2020, 9, 18)
    assert in_force_from(regions["eea"]) is None  # no certain day recorded: always in force


def test_pyyaml_reads_the_built_in_regions_as_ruamel_does() -> None:
    """regions.yaml is read by PyYAML (YAML 1.1), a project's files by ruamel (1.2): the file must read alike in both
    (no `no`, `on` or `1:30` that YAML 1.1 reads as something else; quote such a value)."""
    from ruamel.yaml import YAML

    text = regions.BUILTIN_REGIONS.read_text(encoding="utf-8")
    # Dates as text, as `builtin_regions` reads them (this process may have given ruamel a timestamp constructor)
    by_ruamel = json.dumps(YAML(typ="safe").load(text), default=str)
    assert json.dumps(yaml.load(text, Loader=yaml.SafeLoader), default=str) == by_ruamel
    assert json.dumps(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), default=str) == by_ruamel
    other = "- id: no\n  name: 1:30\n"  # what the comparison catches: read as False and 90 by YAML 1.1
    assert yaml.load(other, Loader=yaml.SafeLoader) == [{"id": False, "name": 90}]
    assert YAML(typ="safe").load(other) == [{"id": "no", "name": "1:30"}]


def test_every_family_a_region_selects_exists() -> None:
    for region in builtin_regions():
        assert families(region.checks) == [f for f in families(region.checks) if f in region.checks]
        assert len(families([region.id])) == len(region.checks), region.id


# --- ids checked against the data ---------------------------------------------------------------------

def test_a_typo_in_a_region_is_located_with_a_suggestion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    version = VERSION.replace("sections:\n", "jurisdictions: [eea, us-vaa]\nsections:\n", 1).replace(
        "    title: Who we are\n", "    title: Who we are\n    jurisdictions: [califonia]\n", 1)
    make_project(tmp_path, notices={"privacy": {"notice.yaml": "title: Privacy Notice\nkind: notice\n"
                                                               "audiences: [all-users]\n",
                                                "2021-01-01.yaml": version}})
    code, errors = validate(tmp_path)
    assert code == 1
    assert errors == [
        "notices/privacy/2021-01-01.yaml:8:22: error: 'us-vaa' is not a known region; did you mean 'us-va'? (or "
        "add it under `regions:` in site_config/site.yaml)",
        "notices/privacy/2021-01-01.yaml:12:21: error: 'califonia' is not a known region; use a region id the "
        "README lists ('Regions'), or add it under `regions:` in site_config/site.yaml",
    ]


def test_site_regions_are_checked_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    make_project(tmp_path, site=SITE.replace("jurisdictions: [eea]", "jurisdictions: [eea, uk, brazil]"))
    code, errors = validate(tmp_path)
    assert code == 1 and len(errors) == 1
    assert errors[0].startswith("site_config/site.yaml:5:26: error: 'brazil' is not a known region")


MEXICO = """\
regions:
  - id: mx
    name: Mexico
    laws:
      - name: Ley Federal de Protección de Datos Personales en Posesión de los Particulares
        effective: 2025-03-21
"""


def test_a_site_adds_a_region_without_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    site = SITE.replace("jurisdictions: [eea]", "jurisdictions: [eea, mx]") + MEXICO
    version = VERSION.replace("sections:\n", "jurisdictions: [mx]\nsections:\n", 1)
    make_project(tmp_path, site=site, notices={"privacy": {
        "notice.yaml": "title: Privacy Notice\nkind: notice\naudiences: [all-users]\n", "2021-01-01.yaml": version}})
    assert validate(tmp_path) == (0, [])
    library = load_library(tmp_path)
    assert library.notices["privacy"].versions[0].data.jurisdictions == ["mx"]
    assert region_name("mx", library.site.regions) == "Mexico"


def test_a_site_cannot_redefine_a_built_in_region(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    site = SITE + MEXICO + "  - id: us-va\n    name: Virginia again\n  - id: mx\n    name: Mexico again\n"
    make_project(tmp_path, site=site)
    code, errors = validate(tmp_path)
    assert code == 1
    assert errors == [
        "site_config/site.yaml:16:9: error: region 'us-va' is built in already (README, 'Regions'); remove this "
        "entry or give it another id",
        "site_config/site.yaml:18:9: error: region 'mx' is declared twice; keep one entry",
    ]


def test_the_example_notices_stay_valid_and_mean_what_they_meant() -> None:
    library = load_library(ROOT)
    version = library.notices["privacy"].versions[0]
    assert version.data.jurisdictions == [] or all(r in known_regions() for r in version.data.jurisdictions)
    assert library.site.jurisdictions == ["eea", "uk", "ch", "us-ca"]
    assert [t.origins for t in version.data.transfers] == [["eea"], ["ch"]]


# --- the checks follow the data ---------------------------------------------------------------------

@pytest.mark.parametrize(("effective", "applies"), [("2022-12-01", False), ("2023-01-01", True)])
def test_a_state_is_checked_from_the_day_its_law_takes_effect(tmp_path: Path, effective: str,
                                                              applies: bool) -> None:
    site = SITE.replace("jurisdictions: [eea]", "jurisdictions: [us-va]")
    version = VERSION.replace("effective: 2021-01-01", f"effective: {effective}")
    make_project(tmp_path, site=site, notices={"privacy": {
        "notice.yaml": "title: Privacy Notice\nkind: notice\naudiences: [all-users]\n", f"{effective}.yaml": version}})
    report = check_library(load_library(tmp_path), dt.date(2023, 6, 1))
    assert report.families == ["us-states", "us-coppa", "us-ftc"]
    [finding] = [f for f in report.findings if f.check_id == "usstates.privacy_notice_core"]
    if applies:
        assert finding.status is Status.FAILED
    else:
        assert finding.status is Status.NOT_APPLICABLE
        assert finding.message == (f"no law it is checked for was in force on {effective}: Virginia Consumer Data "
                                   "Protection Act (VCDPA) (Virginia) takes effect on 2023-01-01")


def test_the_readme_lists_every_built_in_region() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for region in builtin_regions():
        assert f"| `{region.id}` | {region.name} |" in readme, region.id
        for law in region.laws:
            if law.effective is not None:
                assert f"{law.name} ({law.effective.isoformat()})" in readme, law.name


def test_check_takes_a_site_region_and_suggests_for_a_typo(tmp_path: Path) -> None:
    make_project(tmp_path, site=SITE + MEXICO)
    added = CliRunner().invoke(main, ["check", "--root", str(tmp_path), "--jurisdiction", "mx,+us-va"])
    assert added.exit_code in (0, 1), added.output
    assert "Compliance checks as of" in added.output and "for mx, us-va" in added.output
    typo = CliRunner().invoke(main, ["check", "--root", str(tmp_path), "--jurisdiction", "us-vaa"])
    assert typo.exit_code == 2 and "'us-vaa' is not a jurisdiction; did you mean 'us-va'?" in typo.output


def test_a_document_s_region_ids_are_found_once_per_document_and_checked_against_the_regions_of_the_day(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under `mkdocs serve` an unchanged version keeps its model from load to load; the region ids it names are
    found once, but checked against the regions the site declares at each load."""
    site = SITE.replace("jurisdictions: [eea]", "jurisdictions: [eea, mx]") + MEXICO
    version = VERSION.replace("sections:\n", "jurisdictions: [mx]\nsections:\n", 1)
    make_project(tmp_path, site=site, notices={"privacy": {
        "notice.yaml": "title: Privacy Notice\nkind: notice\naudiences: [all-users]\n", "2021-01-01.yaml": version}})
    library = load_library(tmp_path)
    document = library.notices["privacy"].versions[0].data
    with_mexico, without = known_regions(library.site.regions), known_regions([])
    walked: list[object] = []
    real = regions.region_ids

    def counted(model: BaseModel, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
        if not loc:
            walked.append(model)
        return real(model, loc)

    monkeypatch.setattr(regions, "region_ids", counted)
    path = tmp_path / "2021-01-01.yaml"
    regions._NAMED.clear()
    assert regions.unknown_regions(path, document, with_mexico) == []
    assert [p.message.split(";")[0] for p in regions.unknown_regions(path, document, without)] == [
        "'mx' is not a known region"]
    assert walked == [document]  # found once, checked twice
    copy = document.model_copy(deep=True)  # an equal document is another document: walked on its own
    assert regions.named_regions(copy) == regions.named_regions(document) == tuple(real(document))
    assert walked == [document, copy]
    copied = id(copy)
    walked.clear()
    del copy
    gc.collect()
    assert copied not in regions._NAMED  # the entry goes with its document
