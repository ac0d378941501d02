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
  `glance_changes.forget_lines`); a preview keeps them for its next rebuild.

Only when no theme template may read another page's layer (theme_memo.py's `read_of_others`): then no other
page's HTML, nor its theme-memo key, can tell whether that page's layer was there.
"""

from __future__ import annotations

from collections.abc import Callable

from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..outputs.glance_changes import forget_lines
from ..outputs.glance_layer import GLANCE_KEY, forget_glances
from .page_files import Spool


class GlanceAside:
    """The layers of the pages MkDocs has converted but not rendered yet, in `spool` (None: left in place)."""

    def __init__(self, spool: Spool | None = None) -> None:
        self.spool = spool
        self.places: dict[str, tuple[int, int]] = {}

    def put(self, page: Page) -> None:
        """Move the page's layer to the spool, if it has one."""
        if self.spool is not None and isinstance(layer := page.meta.get(GLANCE_KEY), str):
            self.places[page.file.src_uri] = self.spool.put(layer)
            del page.meta[GLANCE_KEY]

    def settle(self, files: Files, read_of_others: Callable[[str], bool]) -> None:
        """Once every page is converted and the theme known: the layers' rows, tables and lines let go (a preview
        keeps them for its next rebuild), and every layer back in place if a theme template may read another
        page's."""
        if self.spool is None:
            return
        forget_glances()
        forget_lines()
        if read_of_others(GLANCE_KEY):
            for file in files.documentation_pages():
                if file.page is not None:
                    self.take(file.page)
            self.spool = None

    def take(self, page: Page) -> None:
        """Give the page its layer back, to render it."""
        place = self.places.pop(page.file.src_uri, None)
        if self.spool is not None and place is not None:
            page.meta[GLANCE_KEY] = self.spool.get(place)

    def drop(self, page: Page) -> None:
        """Let the rendered page's layer go."""
        if self.spool is not None:
            page.meta.pop(GLANCE_KEY, None)
