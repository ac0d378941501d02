"""A generated page or file of the site, and writing pages for builders other than MkDocs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Page:
    """A generated page: where it goes in the docs folder, its content, and whether the nav lists it."""

    src: str
    content: str
    title: str | None = None
    in_nav: bool = False


def write_pages(pages: list[Page], folder: Path) -> None:
    """Write pages to `folder`, for builders other than MkDocs."""
    for page in pages:
        target = folder / page.src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
