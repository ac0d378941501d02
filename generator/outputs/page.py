"""A generated page or file of the site, and writing pages for builders other than MkDocs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .page_meta import front_matter


@dataclass(frozen=True)
class Page:
    """A generated page: where it goes in the docs folder, its content, and whether the nav lists it."""

    src: str
    content: str | bytes
    title: str | None = None
    in_nav: bool = False
    meta: dict[str, Any] = field(default_factory=dict, hash=False)
    """Front matter: state title, search and sitemap exclusion, canonical address (outputs/page_meta.py)."""

    @property
    def source(self) -> str | bytes:
        """What the file holds: the front matter, then the content (binary files as they are)."""
        if isinstance(self.content, bytes) or not self.meta:
            return self.content
        return front_matter(self.meta) + self.content


def write_pages(pages: list[Page], folder: Path) -> None:
    """Write pages to `folder`, for builders other than MkDocs."""
    for page in pages:
        target = folder / page.src
        target.parent.mkdir(parents=True, exist_ok=True)
        source = page.source
        if isinstance(source, bytes):
            target.write_bytes(source)
        else:
            target.write_text(source, encoding="utf-8")
