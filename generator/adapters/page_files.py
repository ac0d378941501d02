"""The generated pages as MkDocs files, kept on disk rather than in memory until MkDocs converts them.

MkDocs reads a hand-written page from its file when it comes to convert it, so plain Material never
holds every page's Markdown at once. The generated pages used to be: all made while MkDocs loads its
config, then all held by MkDocs' files until each was converted (27 MB at 100 versions, about 135 MB
at 500), and that, beside the library that made them, was a build's peak. A build now writes each
page into a private temporary folder as soon as it is made, keeps only its address, title and place
in the nav, and hands MkDocs files backed by those paths; the folder goes when the build ends.

The same goes for a generated page's HTML between MkDocs converting it and rendering it through the
theme: MkDocs converts every page before it renders any, so plain Material holds all their HTML at
once (25 MB at 100 versions). A build keeps it on disk meanwhile (`put_html`, `take_html`), read back
just before the theme and the search index see the page, and let go once the page is written; not when a
theme template of the project's own may read a page's texts (it might read another page's).

MkDocs reads a page's file with universal newlines and drops a leading byte-order mark, so a page
holding a carriage return or starting with a mark is kept in memory instead: read back, its text
would differ. `mkdocs serve` keeps every page in memory: a preview's rebuild should not write them
all out again.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from ..outputs.page import Page

CONVERTED = ".converted"
"""Where in the folder a page's HTML waits between its conversion and its rendering through the theme
(a page's address never starts with a dot)."""


@dataclass(frozen=True)
class Listed:
    """What the build still needs of a page once its text is handed on: where it goes and its nav entry."""

    src: str
    title: str | None
    in_nav: bool


def reads_back_the_same(source: str | bytes) -> bool:
    """Whether MkDocs, reading `source` from a file, gets it unchanged (bytes are copied, never read)."""
    return isinstance(source, bytes) or not ("\r" in source or source.startswith("\ufeff"))


class PageFiles:
    """The generated pages of one build, each written to disk as it is added (`on_disk`) or held."""

    def __init__(self, *, on_disk: bool) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="notices-pages-") if on_disk else None
        self.listed: list[Listed] = []
        self.held: dict[str, str | bytes] = {}
        """The texts kept in memory: every page's without `on_disk`, else those that would not read back."""
        self.html_on_disk = on_disk
        """Whether `put_html` keeps HTML on disk: not when the theme may read other pages' texts (the plugin
        says, from theme_memo.py's look at the project's theme templates)."""

    def add(self, page: Page) -> None:
        self.listed.append(Listed(page.src, page.title, page.in_nav))
        source = page.source
        if self.folder is None or not reads_back_the_same(source):
            self.held[page.src] = source
            return
        path = self.path(page.src)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(source.encode("utf-8") if isinstance(source, str) else source)

    def path(self, src: str) -> Path:
        assert self.folder is not None
        return Path(self.folder.name, src)

    def files(self, config: MkDocsConfig) -> Iterator[File]:
        """Each page as a MkDocs file, in the order added; the texts held in memory go to their files."""
        held, self.held = self.held, {}
        for listed in self.listed:
            if listed.src in held:
                yield File.generated(config, listed.src, content=held.pop(listed.src))
            else:
                yield File.generated(config, listed.src, abs_src_path=str(self.path(listed.src)))

    def put_html(self, src: str, html: str) -> bool:
        """Keep a converted page's HTML on disk until the theme renders the page; False when kept nowhere
        (the pages are in memory)."""
        if self.folder is None or not self.html_on_disk:
            return False
        path = Path(self.folder.name, CONVERTED, src)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(html.encode("utf-8"))
        return True

    def take_html(self, src: str) -> str | None:
        """The HTML `put_html` kept for `src` (read back byte for byte), or None if it kept none."""
        if self.folder is None:
            return None
        path = Path(self.folder.name, CONVERTED, src)
        try:
            html = path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            return None
        path.unlink()
        return html

    def close(self) -> None:
        """Remove the folder (once MkDocs has read and copied every file); safe to call more than once."""
        self.held = {}
        if self.folder is not None:
            self.folder.cleanup()
