"""The generated pages as MkDocs files, kept on disk rather than in memory until MkDocs converts them.

MkDocs reads a hand-written page from its file when it comes to convert it, so plain Material never
holds every page's Markdown at once. The generated pages used to be: all made while MkDocs loads its
config, then all held by MkDocs' files until each was converted (27 MB at 100 versions, about 135 MB
at 500), and that, beside the library that made them, was a build's peak. A build now appends each
page to a private temporary file (the spool) as soon as it is made, keeps only its address, title,
place in the nav and where its text lies in the spool, and hands MkDocs files that read their text
from there (`SpooledFile`); the spool goes when the build ends.

The same goes for a generated page's HTML between MkDocs converting it and rendering it through the
theme: MkDocs converts every page before it renders any, so plain Material holds all their HTML at
once (25 MB at 100 versions). A build keeps it in the spool meanwhile (`put_html`, `take_html`), read
back just before the theme and the search index see the page, and let go once the page is written; not
when a theme template of the project's own may read a page's texts (it might read another page's).

One spool, not a file per page: a file per page (in a folder per page) cost every build, rebuilds
included, about 600 files and 300 folders made and removed at 100 versions, most of it system CPU. A
spooled page reads back exactly the text it was given, as a page held in memory does; binary files and
the few pages that are not `.md` are held in memory (MkDocs copies them, it does not read them as pages).
`mkdocs serve` keeps every page in memory: a preview's rebuild should not write them all out again.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page as MkDocsPage

from ..outputs.page import Page
from .front_matter import read_front_matter_directly

PAGE_SUFFIX = ".md"
"""The files MkDocs reads as pages (through `content_string`); only they are spooled."""


@dataclass(frozen=True)
class Listed:
    """What the build still needs of a page once its text is handed on: where it goes and its nav entry."""

    src: str
    title: str | None
    in_nav: bool


class Spool:
    """Texts appended to one unnamed temporary file and read back by where they lie in it."""

    def __init__(self) -> None:
        self.file: IO[bytes] = tempfile.TemporaryFile(prefix="notices-pages-")  # noqa: SIM115  # closed by close()
        self.end = 0

    def put(self, text: str) -> tuple[int, int]:
        """Append `text`; return its place (offset, length in bytes) for `get`."""
        return self._append(text.encode("utf-8"))

    def put_hashed(self, text: str) -> tuple[tuple[int, int], str]:
        """Append `text`; return its place and the SHA-256 of its UTF-8, taken as it is spooled (to stand for the
        text in a cache key while it is the very string read back)."""
        data = text.encode("utf-8")
        return self._append(data), hashlib.sha256(data).hexdigest()

    def _append(self, data: bytes) -> tuple[int, int]:
        self.file.seek(self.end)
        self.file.write(data)
        place = (self.end, len(data))
        self.end += len(data)
        return place

    def get(self, place: tuple[int, int]) -> str:
        offset, length = place
        self.file.seek(offset)
        data = self.file.read(length)
        if len(data) != length:
            raise OSError(f"the build's page spool {self.file.name} lost a page ({len(data)} of {length} bytes)")
        return data.decode("utf-8")

    def close(self) -> None:
        self.file.close()


class SpooledFile(File):
    """A generated page whose text waits in the build's spool until MkDocs reads it: to MkDocs (and to any
    plugin) it is a generated file held in memory, as under `mkdocs serve`, with no `abs_src_path`."""

    spool: Spool
    place: tuple[int, int]

    @classmethod
    def of(cls, config: MkDocsConfig, src: str, spool: Spool, place: tuple[int, int]) -> SpooledFile:
        file = cls.generated(config, src, content="")  # a generated file, as MkDocs makes one
        assert isinstance(file, SpooledFile)
        file._content = None
        file.spool, file.place = spool, place
        return file

    def is_modified(self) -> bool:
        return True  # as MkDocs answers for every generated file (one in memory); a dirty build writes it again

    @property
    def content_string(self) -> str:
        if self._content is None:
            return self.spool.get(self.place)
        return super().content_string

    @content_string.setter
    def content_string(self, value: str) -> None:
        assert isinstance(value, str)
        self.unspool(value)

    @property
    def content_bytes(self) -> bytes:
        if self._content is None:
            return self.spool.get(self.place).encode("utf-8")
        return super().content_bytes

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        assert isinstance(value, bytes)
        self.unspool(value)

    def unspool(self, content: str | bytes) -> None:
        """Hold `content` from now on, as a generated file does: the place in the spool goes (as MkDocs' setters
        unset `abs_src_path`), so that the file's attributes are those of any generated file held in memory."""
        self._content = content
        vars(self).pop("spool", None)
        vars(self).pop("place", None)


class PageFiles:
    """The generated pages of one build, each spooled to disk as it is added (`on_disk`) or held."""

    def __init__(self, *, on_disk: bool) -> None:
        self.spool = Spool() if on_disk else None
        self.listed: list[Listed] = []
        self.held: dict[str, str | bytes] = {}
        """The texts kept in memory: every page's without `on_disk`, else the files that are not pages."""
        self.spooled: dict[str, tuple[int, int]] = {}
        """Where each page's text lies in the spool."""
        self.digests: dict[str, str] = {}
        """The SHA-256 of each spooled page's text in UTF-8, hashed as it is spooled."""
        self.read: dict[str, tuple[str, str]] = {}
        """The Markdown read from each spooled page's own text, with that text's digest, until converted."""
        self.srcs: set[str] = set()
        """The addresses of the pages added."""
        self.html: dict[str, tuple[int, int]] = {}
        """Where each converted page's HTML lies in the spool, until `take_html`."""
        self.html_on_disk = on_disk
        """Whether `put_html` keeps HTML on disk: not when the theme may read other pages' texts (the plugin
        says, from theme_memo.py's look at the project's theme templates)."""

    def add(self, page: Page) -> None:
        self.listed.append(Listed(page.src, page.title, page.in_nav))
        self.srcs.add(page.src)
        source = page.source
        if self.spool is None or isinstance(source, bytes) or not page.src.endswith(PAGE_SUFFIX):
            self.held[page.src] = source
            return
        self.spooled[page.src], self.digests[page.src] = self.spool.put_hashed(source)

    def files(self, config: MkDocsConfig) -> Iterator[File]:
        """Each page as a MkDocs file, in the order added; the texts held in memory go to their files."""
        held, self.held = self.held, {}
        for listed in self.listed:
            if listed.src in held:
                yield File.generated(config, listed.src, content=held.pop(listed.src))
            else:
                assert self.spool is not None
                yield SpooledFile.of(config, listed.src, self.spool, self.spooled[listed.src])

    def prepare(self, page: MkDocsPage) -> None:
        """Before MkDocs reads a page: a generated page's front matter is read without YAML where that is exact."""
        if page.file.src_uri in self.srcs:
            read_front_matter_directly(page, lambda own: self.note_read(page, own))

    def note_read(self, page: MkDocsPage, own: bool) -> None:
        """Note the Markdown read from a page whose text was its spooled file's own (`own`: no plugin gave another)
        and still is (no plugin set the file's content), with the digest of that text (see `source_digest`)."""
        file, src = page.file, page.file.src_uri
        spooled = isinstance(file, SpooledFile) and self.spool is not None and vars(file).get("spool") is self.spool \
            and vars(file).get("place") == self.spooled.get(src)
        if own and spooled and src in self.digests and page.markdown is not None:
            self.read[src] = (page.markdown, self.digests[src])

    def source_digest(self, page: MkDocsPage) -> str | None:
        """The digest of the spooled text a page's Markdown was read from, while its Markdown is the very string read
        from it (a plugin that changed it made another); None otherwise. The Markdown is a function of that text (the
        front matter read from it, by MkDocs or `read_front_matter_directly`), so the digest stands for it in a key:
        the Markdown is not encoded and hashed again (about 0.03 s of CPU a build at 100 versions)."""
        markdown, digest = self.read.pop(page.file.src_uri, (None, None))
        return digest if markdown is not None and page.markdown is markdown else None

    def put_html(self, src: str, html: str) -> bool:
        """Keep a converted page's HTML on disk until the theme renders the page; False when kept nowhere
        (the pages are in memory)."""
        if self.spool is None or not self.html_on_disk:
            return False
        self.html[src] = self.spool.put(html)
        return True

    def take_html(self, src: str) -> str | None:
        """The HTML `put_html` kept for `src` (read back byte for byte), or None if it kept none."""
        place = self.html.pop(src, None)
        if self.spool is None or place is None:
            return None
        return self.spool.get(place)

    def close(self) -> None:
        """Remove the spool (once MkDocs has read and copied every file); safe to call more than once."""
        self.held, self.spooled, self.html, self.digests, self.read = {}, {}, {}, {}, {}
        if self.spool is not None:
            self.spool.close()
