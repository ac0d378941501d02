"""The import report, as JSON for tools and Markdown for the people who review the import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .command import ImportedVersion, ImportResult
from .regroup import Piece, Regrouping

SHOWN_DIFFERENCES = 20


def _version(version: ImportedVersion) -> dict[str, Any]:
    fidelity, as_written = version.fidelity, version.fidelity_as_written
    return {
        "source": version.source.display,
        "format": version.source.kind,
        "effective": version.effective.isoformat(),
        "version_file": f"{version.effective.isoformat()}.yaml",
        "date_line": version.draft.date_line,
        "tables": version.tables,
        "word_fidelity": None if fidelity is None else {
            "ratio": fidelity.ratio,
            "ratio_with_placeholders_as_written": as_written.ratio if as_written else None,
            "source_words": fidelity.source_words,
            "page_words": fidelity.page_words,
            "differences": list(fidelity.differences[:SHOWN_DIFFERENCES]),
        },
        "approximated": [{"line": n.line, "yaml_path": n.yaml_path, "what": n.message}
                         for n in sorted(version.draft.notes, key=lambda n: n.line)],
        "source_notes": version.source.notes,
        "links_to_unknown_anchors": [{"anchor": a, "words": w} for a, w in version.unresolved],
        "ids_carried_over": [{"kind": r.kind, "id": r.old_id, "would_have_been": r.new_id, "old": r.old_label,
                              "new": r.new_label, "similarity": r.similarity, "why": r.reason}
                             for r in version.renames],
        "splits_and_merges": [_regrouping(g) for g in version.regrouped],
    }


def _piece(piece: Piece) -> dict[str, Any]:
    return {"kind": piece.kind, "line": piece.line, "words": piece.label}


def _regrouping(found: Regrouping) -> dict[str, Any]:
    """Lines of `before` are in the previous version's source, lines of `after` in this one's."""
    whole, parts = [_piece(found.whole)], [_piece(p) for p in found.parts]
    split = found.kind == "split"
    return {"kind": found.kind, "before": whole if split else parts, "after": parts if split else whole}


def report_data(result: ImportResult) -> dict[str, Any]:
    return {"notice": result.notice_id, "folder": str(result.folder), "review_pending": True,
            "versions": [_version(v) for v in result.versions],
            "suggested_facts": [s.as_yaml() for s in result.suggestions if not s.same_as]}


def _markdown(data: dict[str, Any]) -> str:
    lines = [f"# Import report: {data['notice']}", "",
             "The imported history is **not locked** until the team has reviewed it: check the points below, "
             "then remove `import_review: true` from `notice.yaml` and run `notices publish`.", ""]
    lines += ["| version | source | word fidelity | tables | approximations | ids carried over |",
              "| --- | --- | --- | --- | --- | --- |"]
    for v in data["versions"]:
        ratio = v["word_fidelity"]["ratio"] if v["word_fidelity"] else "n/a"
        lines.append(f"| {v['effective']} | `{v['source']}` | {ratio} | {v['tables']} | {len(v['approximated'])} "
                     f"| {len(v['ids_carried_over'])} |")
    for v in data["versions"]:
        lines += ["", f"## {v['effective']} from `{v['source']}`", ""]
        fidelity = v["word_fidelity"]
        if fidelity:
            lines.append(f"Word fidelity {fidelity['ratio']} ({fidelity['source_words']} words in the source as "
                         f"its site shows it, {fidelity['page_words']} on the built page; "
                         f"{fidelity['ratio_with_placeholders_as_written']} counting placeholders as written).")
            if fidelity["differences"]:
                lines += ["", "Differences (source → page):", ""]
                lines += [f"- `{d}`" for d in fidelity["differences"]]
        if v["approximated"]:
            lines += ["", "Dropped or approximated:", ""]
            lines += [f"- line {n['line']} (`{n['yaml_path'] or 'version'}`): {n['what']}" for n in v["approximated"]]
        if v["ids_carried_over"]:
            lines += ["", "Ids carried over from the previous version (the unit's own id is kept as an alias):", ""]
            lines += [f"- {r['kind']} `{r['id']}` (would have been `{r['would_have_been']}`): “{r['old']}” → "
                      f"“{r['new']}”, similarity {r['similarity']} ({r['why']})" for r in v["ids_carried_over"]]
        if v["splits_and_merges"]:
            lines += ["", "Split or merged since the previous version (lines: before in the previous source, "
                      "after in this one):", ""]
            lines += [f"- {g['kind']}: " + " + ".join(f"“{p['words']}” (line {p['line']})" for p in g["before"])
                      + " → " + " + ".join(f"“{p['words']}” (line {p['line']})" for p in g["after"])
                      for g in v["splits_and_merges"]]
        if v["links_to_unknown_anchors"]:
            lines += ["", "Links to anchors the document does not have (kept as plain words):", ""]
            lines += [f"- `#{a['anchor']}` ({a['words']})" for a in v["links_to_unknown_anchors"]]
    suggested = data["suggested_facts"]
    if suggested:
        lines += ["", "## Suggested facts", "",
                  f"{len(suggested)} candidate facets (text repeated unchanged in later versions is listed once), "
                  "in `import/suggestions.yaml`: accept or reject each with `notices import --review "
                  f"{data['notice']}` or by editing the file. Nothing is applied until accepted.", "",
                  "| version | unit | facet | words that suggest it |", "| --- | --- | --- | --- |"]
        lines += [f"| {s['version']} | `{s['unit']}` | {s['facet']}"
                  f"{'' if s['value'] is not None else ' (write by hand: needs a legal decision)'} | "
                  f"{'; '.join(dict.fromkeys(s['evidence']))} |" for s in suggested]
    return "\n".join(lines) + "\n"


def write_report(result: ImportResult) -> tuple[Path, Path]:
    """Write `report.json` and `report.md` into the report folder; return their paths."""
    data = report_data(result)
    result.report_dir.mkdir(parents=True, exist_ok=True)
    json_path = result.report_dir / "report.json"
    md_path = result.report_dir / "report.md"
    json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(_markdown(data), encoding="utf-8")
    return json_path, md_path
