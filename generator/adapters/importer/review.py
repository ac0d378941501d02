"""Reviewing suggested facts: a lawyer's decisions, and accepted facets written into the versions.

Decisions are kept in `import/suggestions.yaml` (`decision: accept` or `reject`), so a review can
be done by editing that file or interactively, in several sittings. Accepting is not a correction:
an imported history stays unlocked until the team accepts it.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from ...library.loader import NOTICES, load_library
from ...source.problems import InvalidContent, Problem, display_path
from ...source.yamlio import round_trip_yaml
from .scratch import copy_project
from .slugs import LEAD_WORDS, lead_in
from .writing import dump_yaml

SUGGESTIONS = Path("import") / "suggestions.yaml"
HEADER = ("# Suggested facts from `notices import`: set `decision: accept` or `decision: reject` on each\n"
          "# (or answer `notices import --review NOTICE`); only accepted ones are written into the versions.\n")
Decide = Callable[[dict[str, Any]], str | None]


class ReviewFailed(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class ReviewResult:
    accepted: int
    rejected: int
    open: int
    applied: list[str]


def write_suggestions(folder: Path, suggestions: list[dict[str, Any]]) -> Path:
    path = folder / SUGGESTIONS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + dump_yaml(suggestions), encoding="utf-8")
    return path


def _ids(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["id"]} if isinstance(node.get("id"), str) else set()
        return found.union(*(_ids(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_ids(v) for v in node))
    return set()


VERSION_LISTS = ("transfers", "retention")
"""Suggested facts that are the version's own (pointing at the unit's section), not a facet of the unit."""


def _apply(document: Any, suggestion: dict[str, Any]) -> None:
    if suggestion["facet"] in VERSION_LISTS:
        listed = document.setdefault(suggestion["facet"], [])
        if all(entry.get("id") != suggestion["value"]["id"] for entry in listed):
            listed.append(dict(suggestion["value"]))
        return
    unit = document
    for part in suggestion["path"]:
        unit = unit[part]
    if "id" not in unit:
        taken = _ids(document)
        text = " ".join(str(unit.get(k, "")) for k in ("title", "text"))
        new_id = next((c for c in (lead_in(text, n) for n in LEAD_WORDS) if c not in taken), None)
        if new_id is None:
            new_id = next(f"{lead_in(text, LEAD_WORDS[0])}-{n}" for n in range(2, 999)
                          if f"{lead_in(text, LEAD_WORDS[0])}-{n}" not in taken)
        unit.insert(0, "id", new_id)
    unit[suggestion["facet"]] = suggestion["value"]
    for fact in suggestion.get("needs", []):
        listed = document.setdefault("recipients", [])
        if all(entry.get("id") != fact["id"] for entry in listed):
            listed.append(dict(fact))


def review(root: Path, notice_id: str, decide: Decide) -> ReviewResult:
    """Ask `decide` about every open suggestion, then write accepted facets into the versions."""
    folder = root / NOTICES / notice_id
    path = folder / SUGGESTIONS
    if not path.is_file():
        raise ReviewFailed([Problem(display_path(path), 1, 1, f"no suggestions for '{notice_id}'; they are "
                                    "written by `notices import`")])
    suggestions: list[dict[str, Any]] = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")) or []
    by_key = {(s["version"], s["unit"], s["facet"], repr(s["value"])): s for s in suggestions}
    for suggestion in suggestions:
        if suggestion.get("decision") is None and suggestion["value"] is not None and not suggestion.get("same_as"):
            suggestion["decision"] = decide(suggestion)
    for suggestion in suggestions:
        earlier = by_key.get((suggestion.get("same_as"), suggestion["unit"], suggestion["facet"],
                              repr(suggestion["value"])))
        if suggestion.get("decision") is None and earlier is not None:
            suggestion["decision"] = earlier.get("decision")
    yaml = round_trip_yaml()
    documents: dict[str, Any] = {}
    applied: list[str] = []
    for suggestion in suggestions:
        if suggestion.get("decision") == "accept" and not suggestion.get("applied") and suggestion["value"]:
            version = suggestion["version"]
            if version not in documents:
                documents[version] = yaml.load((folder / f"{version}.yaml").read_text(encoding="utf-8"))
            _apply(documents[version], suggestion)
            suggestion["applied"] = True
            applied.append(f"{version} {suggestion['unit']}: {suggestion['facet']}")
    texts = {}
    for version, document in documents.items():
        buffer = io.StringIO()
        yaml.dump(document, buffer)
        texts[version] = buffer.getvalue()
    _check(root, notice_id, texts)
    for version, text in texts.items():
        (folder / f"{version}.yaml").write_text(text, encoding="utf-8")
    write_suggestions(folder, suggestions)
    decisions = [s.get("decision") for s in suggestions if s["value"] is not None]
    return ReviewResult(decisions.count("accept"), decisions.count("reject"), decisions.count(None), applied)


def _check(root: Path, notice_id: str, texts: dict[str, str]) -> None:
    """Load the project with the changed versions in a scratch copy: nothing is written if it fails."""
    with tempfile.TemporaryDirectory(prefix="notices-review-") as scratch_dir:
        scratch = Path(scratch_dir)
        copy_project(root, scratch)
        for version, text in texts.items():
            (scratch / NOTICES / notice_id / f"{version}.yaml").write_text(text, encoding="utf-8")
        try:
            load_library(scratch)
        except InvalidContent as error:
            raise ReviewFailed([Problem(p.path.replace(str(scratch) + "/", ""), p.line, p.column, p.message)
                                for p in error.problems]) from None
