"""`notices import`: sources in, a checked notice with its history and an import report out.

Everything is converted, written into a scratch copy of the project and built there first; only
if that build succeeds is anything written into the project itself. A problem anywhere means
nothing is written.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

from ...library.loader import NOTICES, load_library, load_site
from ...library.project import Library
from ...source.model import NoticeMeta, Version
from ...source.problems import InvalidContent, Problem, display_path
from ..build import BuildFailed, build_site
from .assemble import assemble
from .carry import Rename, carry_over
from .convert import convert
from .draft import ImportDraft
from .fidelity import Fidelity, compare_words, page_words, source_words
from .id_map import IdMap, check_dates, check_entries, read_id_map
from .ids import assign_ids
from .regroup import Regrouping, regroupings
from .review import write_suggestions
from .scratch import copy_project
from .sources import SourceDocument, SourceError, read_source
from .suggest import Suggestion, suggest
from .writing import dump_yaml

REPORT_FOLDER = "import"
"""Inside the notice's folder: report.md, report.json (the loader reads only the folder's own files)."""


class ImportFailed(InvalidContent):
    """Raised with every located problem; nothing has been written."""


@dataclass
class ImportedVersion:
    source: SourceDocument
    draft: ImportDraft
    data: dict[str, Any]
    renames: list[Rename] = field(default_factory=list)
    regrouped: list[Regrouping] = field(default_factory=list)
    unresolved: list[tuple[str, str]] = field(default_factory=list)
    fidelity: Fidelity | None = None
    fidelity_as_written: Fidelity | None = None
    tables: int = 0

    @property
    def effective(self) -> dt.date:
        assert self.draft.effective is not None
        return self.draft.effective


@dataclass
class ImportResult:
    notice_id: str
    folder: Path
    versions: list[ImportedVersion]
    meta: dict[str, Any]
    report_dir: Path
    suggestions: list[Suggestion] = field(default_factory=list)


def _meta(library: Library, latest: ImportDraft, drafts: list[ImportDraft], audiences: list[str] | None,
          notice_id: str) -> dict[str, Any]:
    meta: dict[str, Any] = {"title": latest.title, "kind": "notice",
                            "audiences": audiences or [a.id for a in library.site.audiences]}
    if latest.description:
        meta["description"] = latest.description
    meta["import_review"] = True
    taken = set(library.notices) | {notice_id}
    paths: list[str] = []
    for draft in drafts:
        for path in draft.redirect_from:
            first = path.strip("/").split("/")[0]
            if path not in paths and first not in taken:
                paths.append(path)
    if paths:
        meta["redirect_from"] = paths
    return meta


def _link_problems(library: Library, versions: list[ImportedVersion]) -> list[Problem]:
    policy = library.site.links
    problems = []
    for version in versions:
        for note in version.draft.notes:
            if note.message.startswith("http:// link") and not policy.http:
                problems.append(Problem(version.source.display, note.line, 1, note.message.replace(
                    "the site must allow it (site.yaml links: http)",
                    "site_config/site.yaml does not allow http:// links: add 'links: {http: true}' there, "
                    "or change the link in the source")))
            if note.message.startswith("relative link") and not policy.relative:
                problems.append(Problem(version.source.display, note.line, 1, note.message + "; site_config/"
                                        "site.yaml does not allow relative links ('links: {relative: true}')"))
    return problems


def convert_all(paths: list[Path], base_url: str | None, effective: list[dt.date]) -> list[ImportedVersion]:
    """Read and convert every source, oldest first; raise with every problem of every source."""
    problems: list[Problem] = []
    versions: list[ImportedVersion] = []
    for position, path in enumerate(paths):
        display = display_path(path)
        try:
            source = read_source(path, display)
            given = effective[position] if position < len(effective) else None
            versions.append(ImportedVersion(source, convert(source, base_url, given), {}))
        except SourceError as error:
            problems += error.problems
    for before, after in pairwise(versions):
        if after.effective <= before.effective:
            problems.append(Problem(after.source.display, 1, 1,
                                    f"takes effect on {after.effective}, not after {before.source.display} "
                                    f"({before.effective}); list the sources oldest first, one version each"))
    if problems:
        raise ImportFailed(problems)
    return versions


def _identify(versions: list[ImportedVersion], id_map: IdMap | None) -> list[Problem]:
    """Ids for every version, carried over from the one before; the id mapping file's problems."""
    problems = check_dates(id_map, [v.effective for v in versions]) if id_map else []
    previous: ImportedVersion | None = None
    for version in versions:
        assign_ids(version.draft)
        if previous is not None:
            found = check_entries(id_map, version.effective, previous.draft, previous.effective,
                                  version.draft) if id_map else []
            problems += found
            fixed = {e.old_id: e.new_id for e in id_map.entries.get(version.effective, [])} if (
                id_map and not found) else {}
            version.regrouped = regroupings(previous.draft, version.draft)
            version.renames = carry_over(previous.draft, version.draft, fixed)
        previous = version
        summary = f"Imported from {version.source.path.name}."
        version.data, version.unresolved = assemble(version.draft, version.effective, summary)
        version.tables = sum(1 for s in version.draft.all_sections() for b in s.blocks
                             if type(b).__name__ == "DraftTable")
    return problems


def _write_notice(folder: Path, meta: dict[str, Any], versions: list[ImportedVersion]) -> None:
    folder.mkdir(parents=True)
    (folder / "notice.yaml").write_text(dump_yaml(meta), encoding="utf-8")
    for version in versions:
        (folder / f"{version.effective.isoformat()}.yaml").write_text(dump_yaml(version.data), encoding="utf-8")


def _measure(site: Path, notice_id: str, versions: list[ImportedVersion], base_url: str | None) -> None:
    for version in versions:
        html = (site / notice_id / version.effective.isoformat() / "index.html").read_text(encoding="utf-8")
        article = BeautifulSoup(html, "html.parser").select_one("article") or BeautifulSoup(html, "html.parser")
        built = page_words(article)
        title = version.draft.title
        names = version.draft.self_names
        version.fidelity = compare_words(source_words(version.source, title, base_url, names), built)
        version.fidelity_as_written = compare_words(
            source_words(version.source, title, base_url, names, fill_autotitle=False), built)


def import_notice(root: Path, notice_id: str, sources: list[Path], *, base_url: str | None = None,
                  effective: list[dt.date] | None = None, audiences: list[str] | None = None,
                  id_map: Path | None = None) -> ImportResult:
    """Import `sources` (oldest first) as the versions of a new notice `notice_id` in the project at `root`.

    `id_map` is the id mapping file that overrides the carry-over of ids between versions.
    """
    has_notices = (root / NOTICES).is_dir() and any(p.is_dir() for p in (root / NOTICES).iterdir())
    library = load_library(root) if has_notices else Library(root, load_site(root), {})
    folder = root / NOTICES / notice_id
    if folder.exists():
        raise ImportFailed([Problem(display_path(folder), 1, 1, f"notice '{notice_id}' already exists; import "
                                    "into a new notice id, or remove the folder first")])
    unknown = [a for a in audiences or [] if a not in {x.id for x in library.site.audiences}]
    if unknown:
        raise ImportFailed([Problem("site_config/site.yaml", 1, 1, f"audience '{a}' is not declared in "
                                    "site_config/site.yaml") for a in unknown])
    mapping, map_problems = read_id_map(id_map) if id_map else (None, [])
    try:
        versions = convert_all(sources, base_url, effective or [])
    except ImportFailed as error:
        raise ImportFailed([*map_problems, *error.problems]) from None
    problems = map_problems + _identify(versions, mapping)
    if problems:
        raise ImportFailed(problems)
    problems = _link_problems(library, versions)
    for version in versions:
        try:
            Version.model_validate(version.data)
        except ValueError as error:
            problems.append(Problem(version.source.display, 1, 1, f"cannot be held as a version: {error}"))
    meta = _meta(library, versions[-1].draft, [v.draft for v in versions], audiences, notice_id)
    NoticeMeta.model_validate(meta)
    if problems:
        raise ImportFailed(problems)
    last = max(v.effective for v in versions)
    with tempfile.TemporaryDirectory(prefix="notices-import-") as scratch_dir:
        scratch = Path(scratch_dir)
        copy_project(root, scratch)
        _write_notice(scratch / NOTICES / notice_id, meta, versions)
        try:
            site = build_site(scratch, last, scratch / "site")
        except (BuildFailed, InvalidContent) as error:
            raise ImportFailed([Problem(display_path(folder), 1, 1, "the imported notice does not build: "
                                        + str(error).replace(str(scratch) + "/", ""))]) from None
        _measure(site, notice_id, versions, base_url)
    _write_notice(folder, meta, versions)
    suggestions = suggest([v.data for v in versions])
    write_suggestions(folder, [s.as_yaml() for s in suggestions])
    report_dir = folder / REPORT_FOLDER
    return ImportResult(notice_id, folder, versions, meta, report_dir, suggestions)
