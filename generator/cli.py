"""The `notices` command: a thin layer over the Python API."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from .build import BuildFailed, build_site
from .dates import parse_date, resolve_as_of
from .loader import load_library
from .schema import SCHEMAS, schema_json, write_schemas


class DateParam(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


root_option = click.option(
    "--root", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."),
    show_default=True, help="Project folder holding notices/, site_config/ and mkdocs.yml.",
)
as_of_option = click.option(
    "--as-of", type=DateParam(), default=None,
    help="Date that decides which versions are in force [default: SOURCE_DATE_EPOCH, else today].",
)


@click.group()
@click.version_option(package_name="privacy-notices")
def main() -> None:
    """Privacy notices as code: validate, build and publish notices kept as YAML."""


@main.command()
@root_option
def validate(root: Path) -> None:
    """Check every YAML file and report all problems, one line each."""
    library = load_library(root)
    for warning in library.warnings:
        click.echo(str(warning), err=True)
    versions = sum(len(n.versions) for n in library.notices.values())
    click.echo(f"OK: {len(library.notices)} notice(s), {versions} version(s), no errors.")


@main.command()
@root_option
@as_of_option
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site [default: site_dir of mkdocs.yml].")
def build(root: Path, as_of: dt.date | None, site_dir: Path | None) -> None:
    """Validate, then build the static site with MkDocs (strict); the old site stays on failure."""
    library = load_library(root)
    try:
        target = build_site(root, resolve_as_of(as_of), site_dir, library=library)
    except BuildFailed as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Built {target}")


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write every schema into this folder instead of printing one.")
@click.option("--kind", type=click.Choice(sorted(SCHEMAS)), default="version", show_default=True,
              help="Which schema to print.")
def schema(out: Path | None, kind: str) -> None:
    """Print the JSON Schema of a YAML file kind, or write them all with --out."""
    if out is None:
        click.echo(schema_json(kind), nl=False)
        return
    for path in write_schemas(out):
        click.echo(f"Wrote {path}")


if __name__ == "__main__":  # pragma: no cover
    main()
