"""Material's search index, made cheaper for pages it has indexed before: the same entries, less work.

Material's search plugin does two things with every page before the theme renders it (its
`on_page_context`): it indexes the page's HTML (an HTML parser over the whole page, unless the page is
left out of search), and it removes any `data-search-*` attribute from the HTML with a regular
expression run over every page, indexed or not. At 100 versions the expression alone read about 12 MB
of HTML a build (about 0.1 s), and parsing the three indexed pages (a notice's main page lists every
version) another 0.04 s; both grow with the versions, and both were paid by every rebuild.

* A page's entries are a function of its HTML, address, table of contents, title and what of its front
  matter the index reads (`search`, `tags`, `title`), and of Material's code: `MemoSearchIndex` stores
  them in the project's cache under a key that hashes all of them (and, through `cache_key`, the tool),
  and a hit adds the very entries indexing the page again would add, in the same place.
* The expression can only match where the HTML holds `data-search-`; where it does not, removing the
  attributes leaves the HTML as it is, so the expression is not run. Material's handler is replaced by
  one that does exactly what it does but for that test, and only when Material's handler is, to the
  bytecode, the one the replacement mirrors (`MATERIAL_HANDLER`): another version of Material runs its own.

Entries live in the project's `.cache/notices/` under the kind `search`; a build deletes those it did not
use, as it does the pages' (source/cache.py).
"""

from __future__ import annotations

import json
import re
import textwrap
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from ..source.cache import ContentCache, cache_key, package_version
from .converted_pages import toc_tokens
from .mirrored import is_mirrored

KIND = "search"
SEARCH_PLUGIN = ("material.plugins.search.plugin", "SearchPlugin")
"""Material's search plugin, by module and class name (the module is imported only if a build uses it)."""
MARKER = "data-search-"
"""What every match of Material's expression holds."""
MATERIAL_HANDLER = textwrap.dedent('''
    def on_page_context(self, context, *, page, config, nav):
        if not self.config.enabled:
            return

        # Index page
        self.search_index.add_entry_from_context(page)
        page.content = re.sub(
            r"\\s?data-search-\\w+=\\"[^\\"]+\\"",
            "",
            page.content
        )
''')
"""Material's `SearchPlugin.on_page_context` (mkdocs-material 9.x), which `attributes_removed` mirrors."""
_ATTRIBUTES = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


def entry_key(page: Page) -> str | None:
    """What a page's search entries are made from, hashed; None when the front matter the index reads is not
    plain data (then the page is indexed as usual)."""
    try:
        read = json.dumps([page.meta.get(name) for name in ("search", "tags", "title")], sort_keys=True)
        title = json.dumps(page.title)
    except (TypeError, ValueError):
        return None
    return cache_key(KIND, package_version("mkdocs-material"), page.url, page.content or "",
                     json.dumps(toc_tokens(list(page.toc))), title, read)


def memoise_search(config: MkDocsConfig, cache: ContentCache) -> None:
    """Make this build's Material search plugin, if it has one, index from `cache` and skip removing attributes
    the HTML does not hold. Called once the plugins have read the config (the plugin makes its index then)."""
    plugin = next((p for p in config.plugins.values()
                   if (type(p).__module__, type(p).__name__) == SEARCH_PLUGIN), None)
    if plugin is None:
        return
    from material.plugins.search import plugin as material  # type: ignore[import-untyped]  # loaded already

    index: Any = getattr(plugin, "search_index", None)
    if type(index) is material.SearchIndex:
        memo = type("MemoSearchIndex", (MemoSearchIndex, material.SearchIndex), {})(**index.config)
        memo.cache, memo.entries = cache, index.entries
        plugin.search_index = memo
    if not is_mirrored(material.SearchPlugin.on_page_context, MATERIAL_HANDLER, "import re"):
        return
    handlers = config.plugins.events["page_context"]
    for place, handler in enumerate(handlers):
        if getattr(handler, "__self__", None) is plugin:
            handlers[place] = attributes_removed(plugin)


def attributes_removed(plugin: Any) -> Any:
    """Material's handler (`MATERIAL_HANDLER`) but for not running the expression where it cannot match."""
    def on_page_context(context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> None:
        if not plugin.config.enabled:
            return
        plugin.search_index.add_entry_from_context(page)
        content: Any = page.content
        if not isinstance(content, str) or MARKER in content:  # not a string: fails as Material's handler does
            page.content = _ATTRIBUTES.sub("", content)
    return on_page_context


class MemoSearchIndex:
    """Mixed into Material's `SearchIndex`: a page's entries come from the cache when it was indexed before."""

    cache: ContentCache
    entries: list[Any]

    def add_entry_from_context(self, page: Page) -> None:
        search = page.meta.get("search") or {}
        key = None if search.get("exclude") else entry_key(page)  # left out: Material adds nothing
        if key is None:
            super().add_entry_from_context(page)  # type: ignore[misc]
            return
        hit, entries = self.cache.get(KIND, key)
        if hit and type(entries) is list and all(type(entry) is dict for entry in entries):
            self.entries.extend(entries)
            return
        start = len(self.entries)
        super().add_entry_from_context(page)  # type: ignore[misc]
        self.cache.put(KIND, key, self.entries[start:])
