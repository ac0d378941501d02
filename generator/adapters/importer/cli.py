"""The `notices import` command: a thin layer over `import_notice`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from ...source.dates import parse_date
from ...source.problems import InvalidContent, display_path
from ..cli_help import example
from ..options import root_option


def _ask(suggestion: dict[str, Any]) -> str | None:
    click.echo(f"\n{suggestion['version']} {suggestion['unit']}: {suggestion['text']}")
    click.echo(f"  suggested {suggestion['facet']}: {suggestion['value']}")
    click.echo(f"  because of: {'; '.join(dict.fromkeys(suggestion['evidence']))}")
    answer = click.prompt("  accept? (y)es, (n)o, (s)kip for now", type=click.Choice(["y", "n", "s"]), default="s")
    return {"y": "accept", "n": "reject"}.get(answer)


def _review(root: Path, notice_id: str) -> None:
    from .review import ReviewFailed, review

    try:
        result = review(root, notice_id, _ask)
    except ReviewFailed as error:
        raise InvalidContent(error.problems) from None
    for line in result.applied:
        click.echo(f"Applied {line}")
    click.echo(f"{result.accepted} accepted, {result.rejected} rejected, {result.open} still open.")


def _dates(values: tuple[str, ...]) -> list[dt.date]:
    try:
        return [parse_date(v) for v in values]
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--effective") from None


@click.command("import", epilog=example(
    "notices import privacy old/2022-09-01.md old/2022-12-15.md --base-url https://docs.github.com/en",
    "notices import privacy notice.docx --effective 2024-03-01"))
@click.argument("notice_id", metavar="NOTICE")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path), metavar="SOURCE...")
@click.option("--review", is_flag=True,
              help="Accept or reject the suggested facts of an imported NOTICE (no SOURCE), then write the "
                   "accepted ones into its versions.")
@click.option("--base-url", default=None, metavar="URL",
              help="Where the source was published, e.g. https://docs.github.com/en: relative links become "
                   "links to it.")
@click.option("--effective", multiple=True, metavar="YYYY-MM-DD",
              help="Effective date of each source, in order [default: its date line or front matter].")
@click.option("--audience", "audiences", multiple=True, metavar="ID",
              help="Audience of the notice [default: every audience in site.yaml]; repeat for several.")
@click.option("--ids", "id_map", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              metavar="FILE", help="Id mapping file: for a later version, which earlier id each unit takes "
                                   "(overrides the carry-over by similarity).")
@root_option
def import_command(notice_id: str, sources: tuple[Path, ...], review: bool, base_url: str | None,
                   effective: tuple[str, ...], audiences: tuple[str, ...], id_map: Path | None, root: Path) -> None:
    """Import SOURCE files (Markdown, HTML or Word .docx), oldest first, as the versions of a new NOTICE.

    Each source becomes one version. Nothing is written unless every source converts and the result
    builds. The import report (notices/NOTICE/import/report.md and .json) lists what was approximated,
    the word fidelity of each version and the ids carried over.
    """
    if review:
        if sources:
            raise click.UsageError("--review takes the NOTICE only, no SOURCE")
        _review(root, notice_id)
        return
    if not sources:
        raise click.UsageError("name at least one SOURCE to import (or --review an imported NOTICE)")
    # Imported here, not at the top, so that `notices --help` does not load the converters.
    from .command import import_notice
    from .report import write_report

    result = import_notice(root, notice_id, list(sources), base_url=base_url, effective=_dates(effective),
                           audiences=list(audiences) or None, id_map=id_map)
    json_path, md_path = write_report(result)
    open_facts = sum(1 for s in result.suggestions if s.value is not None and not s.same_as)
    for version in result.versions:
        ratio = version.fidelity.ratio if version.fidelity else "n/a"
        click.echo(f"{version.effective}: {version.source.display} -> word fidelity {ratio}, "
                   f"{version.tables} table(s), {len(version.draft.notes)} approximation(s), "
                   f"{len(version.renames)} id(s) carried over, {len(version.regrouped)} split(s) or merge(s)")
    click.echo(f"Wrote {display_path(result.folder)}/ and the report {display_path(md_path)} "
               f"({display_path(json_path)}).")
    click.echo(f"{open_facts} suggested fact(s) await review: notices import --review {notice_id}")
    click.echo("Review the report, then remove 'import_review: true' from notice.yaml and run `notices publish`.")
