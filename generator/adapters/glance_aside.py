"""A build's "At a glance" layers, held in memory only while they are used.

Each notice page carries its layer's HTML in its front matter (`GLANCE_KEY`, outputs/glance_layer.py), which
only the page's own theme template shows. MkDocs reads every page's front matter before it renders any and
keeps it until the build ends: about 42 KB a version page (Python holds the text two bytes a character),
4 MB at 100 versions, alive through the build's peak of memory. So during a build (not a preview, which
keeps its pages in memory anyway):

* once MkDocs has converted a page, its layer goes to the build's spool (page_files.py), and comes back just
  before the page's template renders it (`on_page_context`, which runs before any other plugin's); after
  the page is rendered, nothing reads it again and it is let go;
* the layers' rows and tables, worked out once per version while the pages are made, and the lines the
  redline pages compare, are let go once the pages are made (`glance_layer.forget_glances`,
  `glance_changes.forget_lines`, if those modules were imported at all); a preview keeps them for its next
  rebuild.

Only when no theme template may read another page's layer (theme_memo.py's `read_of_others`): then no other
page's HTML, nor its theme-memo key, can tell whether that page's layer was there.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..outputs.page_meta import GLANCE_KEY
from .page_files import Spool

_OUTPUTS = __name__.rpartition(".adapters.")[0] + ".outputs"


class GlanceAside:
    """The layers of the pages MkDocs has converted but not rendered yet, in `spool` (None: left in place)."""

    def __init__(self, spool: Spool | None = None) -> None:
        self.spool = spool
        self.places: dict[str, tuple[int, int]] = {}
        self.digests: dict[str, str] = {}
        """The SHA-256 of each spooled layer in UTF-8, hashed as it is spooled."""
        self.taken: dict[str, tuple[str, str]] = {}
        """The layer given back to each page until it is rendered, with its digest."""

    def put(self, page: Page) -> None:
        """Move the page's layer to the spool, if it has one."""
        if self.spool is not None and isinstance(layer := page.meta.get(GLANCE_KEY), str):
            self.places[page.file.src_uri], self.digests[page.file.src_uri] = self.spool.put_hashed(layer)
            del page.meta[GLANCE_KEY]

    def settle(self, files: Files, read_of_others: Callable[[str], bool]) -> None:
        """Once every page is converted and the theme known: the layers' rows, tables and lines let go (a preview
        keeps them for its next rebuild), and every layer back in place if a theme template may read another
        page's."""
        if self.spool is None:
            return
        forget_layers()
        if read_of_others(GLANCE_KEY):
            for file in files.documentation_pages():
                if file.page is not None:
                    self.take(file.page)
            self.spool = None

    def take(self, page: Page) -> None:
        """Give the page its layer back, to render it."""
        place = self.places.pop(page.file.src_uri, None)
        if self.spool is not None and place is not None:
            layer = page.meta[GLANCE_KEY] = self.spool.get(place)
            self.taken[page.file.src_uri] = (layer, self.digests.pop(page.file.src_uri))

    def hashed(self, page: Page) -> dict[str, str]:
        """The front matter of a page being rendered that is known by its digest: its layer, while its front matter
        holds the very text given back (a plugin that changed it put another there). The theme memo's key takes
        the digest for the text (theme_memo.py): 2.2 MB of layers at 100 versions not written as JSON, encoded
        and hashed again, about 0.02 s of CPU a build."""
        taken = self.taken.get(page.file.src_uri)
        return {GLANCE_KEY: taken[1]} if taken is not None and page.meta.get(GLANCE_KEY) is taken[0] else {}

    def drop(self, page: Page) -> None:
        """Let the rendered page's layer go."""
        self.taken.pop(page.file.src_uri, None)
        if self.spool is not None:
            page.meta.pop(GLANCE_KEY, None)


def forget_layers() -> None:
    """Let go of the layers' rows and tables and of the lines the redline pages compare (`forget_glances`,
    `forget_lines`): only the modules that work them out hold any, and a rebuild that took every page from the cache
    never imports them (about 0.01 s of its start)."""
    layer, changes = sys.modules.get(f"{_OUTPUTS}.glance_layer"), sys.modules.get(f"{_OUTPUTS}.glance_changes")
    if layer is not None:
        layer.forget_glances()
    if changes is not None:
        changes.forget_lines()
