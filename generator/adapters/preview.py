"""`mkdocs serve` with broken YAML: the problems are shown on the page instead of a stale site.

A failed rebuild would leave MkDocs serving the last good pages, with the problems only in the
terminal. Instead, every address the preview had (and the home page) serves one error page listing
each problem with its place, and the next save that fixes them brings the notices back.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..outputs.render import make_environment
from ..source.problems import Problem

TEMPLATE = "build_error.md"
HOME = "index.md"


def report_in_terminal(problems: list[Problem]) -> None:
    """One line per problem on stderr (MkDocs warnings would abort a strict preview build)."""
    for problem in problems:
        print(f"ERROR    -  notices: {problem}", file=sys.stderr)
    print(f"ERROR    -  notices: {len(problems)} problem(s); the preview shows them until they are fixed",
          file=sys.stderr)


def error_page(root: Path, problems: list[Problem]) -> str:
    return make_environment(root).get_template(TEMPLATE).render(problems=sorted(set(problems)))


def replace_pages(files: Files, config: MkDocsConfig, addresses: list[str], content: str) -> Files:
    """`files` with the page at each of `addresses` (and the home page) replaced by `content`."""
    for src in dict.fromkeys([HOME, *addresses]):
        existing = files.get_file_from_path(src)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, src, content=content))
    return files
