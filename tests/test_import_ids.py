"""`notices import --ids FILE`: a person overrides the carry-over of ids; splits and merges are reported."""

from __future__ import annotations

import json
from pathlib import Path

from generator.library.loader import load_library
from generator.source.index import VersionIndex
from tests.test_import import BASE_URL, GITHUB, empty_project, run

PAIR = ("2022-09-01", "2022-12-15")


def _import(root: Path, *extra: str) -> tuple[int, str]:
    return run("import", "github", *(str(GITHUB / f"{v}.md") for v in PAIR), "--base-url", BASE_URL,
               "--root", str(root), *extra)


def _carried(root: Path) -> dict[str, dict[str, object]]:
    report = json.loads((root / "notices/github/import/report.json").read_text(encoding="utf-8"))
    return {r["id"]: r for r in report["versions"][1]["ids_carried_over"]}


def test_the_mapping_file_overrides_the_carry_over(tmp_path: Path) -> None:
    plain = empty_project(tmp_path / "plain")
    assert _import(plain)[0] == 0
    assert _carried(plain)["usage-information"]["would_have_been"] == "usage-information-and-interactions"
    assert "cookies" not in _carried(plain)
    ids = tmp_path / "ids.yaml"
    ids.write_text("2022-12-15:\n"
                   "  usage-information: null        # no successor: the new section keeps its own id\n"
                   "  githubs-notice-to-california-residents: us-state-data-privacy\n", encoding="utf-8")
    root = empty_project(tmp_path / "mapped")
    code, output = _import(root, "--ids", str(ids))
    assert code == 0, output
    carried = _carried(root)
    assert "usage-information" not in carried
    assert carried["githubs-notice-to-california-residents"]["why"] == "the id mapping file"
    section_ids = VersionIndex.build(load_library(root).notices["github"].versions[1].data).section_ids()
    assert {"usage-information-and-interactions", "githubs-notice-to-california-residents"} <= section_ids
    assert "usage-information" not in section_ids
    markdown = (root / "notices/github/import/report.md").read_text(encoding="utf-8")
    assert "(the id mapping file)" in markdown


def test_bad_entries_of_the_mapping_file_are_located_errors_and_nothing_is_written(tmp_path: Path) -> None:
    root = empty_project(tmp_path / "project")
    ids = tmp_path / "ids.yaml"
    ids.write_text("2022-12-15:\n"
                   "  no-such-section: us-state-data-privacy\n"
                   "  usage-information: no-such-new-id\n"
                   "  cookies: [a, b]\n"
                   "  githubs-notice-to-california-residents: you-may-use-the-global\n"
                   "2022-09-01:\n"
                   "  cookies: cookies\n"
                   "next year: {}\n", encoding="utf-8")
    code, output = _import(root, "--ids", str(ids))
    assert code == 1, output
    lines = [line for line in output.splitlines() if "ids.yaml:" in line]
    assert any(":2:3: error: 'no-such-section' is not a section or item id of the 2022-09-01 version" in line
               for line in lines), output
    assert any(":3:22: error: 'no-such-new-id' is not a section or item id that the 2022-12-15 source gives"
               in line for line in lines), output
    assert any(":4:12: error: the new id of 'cookies' must be an id or null" in line for line in lines), output
    assert any(":5:43: error: 'githubs-notice-to-california-residents' is a section but 'you-may-use-the-global' "
               "is an item" in line for line in lines), output
    assert any(":6:1: error: 2022-09-01 is not the effective date of a later version of this import" in line
               for line in lines), output
    assert any(":8:1: error: 'next year' is not a date" in line for line in lines), output
    assert "Traceback" not in output
    assert not (root / "notices" / "github").exists()


HTML_BEFORE = """<h1>Acme Privacy Policy</h1><p>Effective: 2023-01-01</p>
<h2>Sharing</h2>
<p>We share your contact details with couriers so that they can deliver your orders, and we share your payment
details with our bank so that it can take your payments.</p>
<ul><li>Partners who run our warehouse on our behalf.</li><li>Auditors who check our yearly accounts.</li></ul>
"""
HTML_AFTER = """<h1>Acme Privacy Policy</h1><p>Effective: 2024-01-01</p>
<h2>Sharing</h2>
<p>We share your contact details with couriers so that they can deliver your orders.</p>
<p>We share your payment details with our bank so that it can take your payments.</p>
<ul><li>Partners who run our warehouse on our behalf, and auditors who check our yearly accounts.</li></ul>
"""


def test_splits_and_merges_are_reported(tmp_path: Path) -> None:
    root = empty_project(tmp_path / "project")
    for name, text in (("before", HTML_BEFORE), ("after", HTML_AFTER)):
        (tmp_path / f"{name}.html").write_text(text, encoding="utf-8")
    code, output = run("import", "acme", str(tmp_path / "before.html"), str(tmp_path / "after.html"),
                       "--root", str(root))
    assert code == 0, output
    assert "1 split(s) or merge(s)" not in output and "2 split(s) or merge(s)" in output
    report = json.loads((root / "notices/acme/import/report.json").read_text(encoding="utf-8"))
    found = {(g["kind"], len(g["before"]), len(g["after"])): g for g in report["versions"][1]["splits_and_merges"]}
    assert set(found) == {("split", 1, 2), ("merge", 2, 1)}
    split = found["split", 1, 2]
    assert split["before"][0]["words"].startswith("We share your contact details with couriers")
    assert [p["words"][:29] for p in split["after"]] == ["We share your contact details",
                                                        "We share your payment details"]
    assert [p["kind"] for p in found["merge", 2, 1]["before"]] == ["item", "item"]
    markdown = (root / "notices/acme/import/report.md").read_text(encoding="utf-8")
    assert "- split: “We share your contact details" in markdown and "- merge: “Partners who run" in markdown
