"""The headings of a page handed over (html_pages.py), converted as MkDocs' `Page.render` converts a page.

A version page has twenty headings, nearly all of them the same on every version's page ("## Key
Information {#key-information}"), and converting them was most of handing a page over. Converted
alone, a heading comes out as it does among the others of its page, but for two things, both checked:

* an id made from its text is made unique among the page's ids (toc's `unique`): so a page whose
  headings' ids, each converted alone, are not all distinct has its headings converted together;
* links are resolved against the page's own file: so a heading is converted alone only if every link
  it holds is to an anchor of its own page (a permalink, `#id`), which MkDocs leaves as it is.

Each heading line is then converted once per build (`_Conversions`), and a page's table of contents is nested
from its headings' tokens as toc nests them (`nest_toc_tokens`). The title is the first heading's when
it is an h1 (MkDocs' `_ExtractTitleTreeprocessor`). Anything else sends the page's headings through one
conversion, as before. The steps are those of MkDocs 1.6's `Page.render` (`MKDOCS_RENDER`): while MkDocs' own
is another (`converts_as_mkdocs`), no page is handed over, and MkDocs converts every page itself.
"""

from __future__ import annotations

import logging
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, cast

import markdown
from markdown.extensions.toc import nest_toc_tokens
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..source.memo import TwoGenerations
from .mirrored import is_mirrored

_URL = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
"""A link in converted HTML; a heading is converted alone only if each of them is `#…`."""


@dataclass(frozen=True)
class Heading:
    """A heading line converted alone: what `Page.render` would set for a page of that line only."""

    html: str
    tokens: tuple[dict[str, Any], ...]
    """Its table-of-contents token (none when toc_depth leaves it out), without children."""
    title: str | None
    anchors: frozenset[str]
    self_links: tuple[tuple[str, str], ...]
    """The anchors of its own page it links to, with their links (`links_to_anchors` of its page)."""


class KeptConversions(Protocol):
    """Headings converted alone by earlier builds (kept_headings.py)."""

    def heading(self, line: str, convert: Callable[[], Heading | None]) -> Heading | None: ...


class _Conversions:
    """What converting headings keeps for one config: a converter with the site's extensions, made once and
    reset between pages as Python-Markdown means `reset` to be used (`Page.render` makes one per page: a third
    of converting a page's headings), and the heading lines converted alone, two generations of 2048.

    The config holds it (`_HELD`), so it goes with the config (MkDocs keeps the last config it loaded until it
    loads the next): held by the module, it kept a build's config, and through it the plugins' state, and the
    files the converter's page steps refer to, alive into the next build.
    """

    def __init__(self, config: MkDocsConfig) -> None:
        self.converter = markdown.Markdown(extensions=config["markdown_extensions"],
                                           extension_configs=config["mdx_configs"] or {})
        self.alone: TwoGenerations[str, Heading | None] = TwoGenerations(2048)


_HELD = "notices_headings"


def _conversions(config: MkDocsConfig) -> _Conversions:
    held: _Conversions | None = getattr(config, _HELD, None)
    if held is None:
        held = _Conversions(config)
        setattr(config, _HELD, held)
    return held


def _flat(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Nested toc tokens back in document order, each without its children (`nest_toc_tokens` undone)."""
    return [item for token in tokens
            for item in ({k: v for k, v in token.items() if k != "children"}, *_flat(token["children"]))]


def render_headings(page: Page, config: MkDocsConfig, files: Files, lines: list[str],
                    kept: KeptConversions | None = None) -> None:
    """Set what `Page.render` sets for the heading `lines` as the page's Markdown (separated by blank lines); a
    line not converted yet this build is taken from `kept` when given."""
    headings = [_alone(page.file, config, files, line, kept) for line in lines]
    converted = [heading for heading in headings if heading is not None]
    ids = [token["id"] for heading in converted for token in heading.tokens]
    if len(converted) != len(lines) or len(set(ids)) != len(ids) or not _distinct_anchors(converted):
        whole = _convert(page.file, config, files, "\n\n".join(lines))
        page.content, tokens, page._title_from_render, page.present_anchor_ids, links = whole
        page.toc = get_toc(cast(Any, tokens))
        if links is not None:
            page.links_to_anchors = links
        return
    page.content = "\n".join(heading.html for heading in converted)
    page.toc = get_toc(nest_toc_tokens([dict(token) for heading in converted for token in heading.tokens]))
    page._title_from_render = converted[0].title if converted else None
    page.present_anchor_ids = set().union(*(heading.anchors for heading in converted))
    if _links_noted():
        self_links: dict[str, str] = {}
        for heading in converted:
            for anchor, url in heading.self_links:
                self_links.setdefault(anchor, url)
        page.links_to_anchors = {page.file: self_links} if self_links else {}


def _links_noted() -> bool:
    """Whether `Page.render` sets `links_to_anchors` (it does but when MkDocs' page log shows debug messages)."""
    return pages.log.getEffectiveLevel() > logging.DEBUG


def _distinct_anchors(headings: list[Heading]) -> bool:
    """Whether no id of one heading is another's: together, toc would make an id from text unique otherwise."""
    seen: set[str] = set()
    for heading in headings:
        if seen & heading.anchors:
            return False
        seen |= heading.anchors
    return True


def _alone(file: File, config: MkDocsConfig, files: Files, line: str, kept: KeptConversions | None = None
           ) -> Heading | None:
    """`line` converted alone (remembered for the build), or None if it cannot stand alone (see the docstring)."""
    def convert(line: str) -> Heading | None:
        if kept is None:
            return _standalone(file, config, files, line)
        return kept.heading(line, lambda: _standalone(file, config, files, line))
    return _conversions(config).alone.value(line, convert)


def _standalone(file: File, config: MkDocsConfig, files: Files, line: str) -> Heading | None:
    content, tokens, title, anchors, links = _convert(file, config, files, line)
    links = links or {}
    standalone = ("\n" not in content and content.startswith("<h") and set(links) <= {file}
                  and all((match[1] or match[2] or match[3]).startswith("#") for match in _URL.finditer(content)))
    return Heading(content, tuple(_flat(tokens)), title, frozenset(anchors), tuple(links.get(file, {}).items())
                   ) if standalone else None


MKDOCS_RENDER = textwrap.dedent('''
    def render(self, config: MkDocsConfig, files: Files) -> None:
        """Convert the Markdown source file to HTML as per the config."""
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")

        md = markdown.Markdown(
            extensions=config['markdown_extensions'],
            extension_configs=config['mdx_configs'] or {},
        )

        raw_html_ext = _RawHTMLPreprocessor()
        raw_html_ext._register(md)

        extract_anchors_ext = _ExtractAnchorsTreeprocessor(self.file, files, config)
        extract_anchors_ext._register(md)

        relative_path_ext = _RelativePathTreeprocessor(self.file, files, config)
        relative_path_ext._register(md)

        extract_title_ext = _ExtractTitleTreeprocessor()
        extract_title_ext._register(md)

        self.content = md.convert(self.markdown)
        self.toc = get_toc(getattr(md, 'toc_tokens', []))
        self._title_from_render = extract_title_ext.title
        self.present_anchor_ids = (
            extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        )
        if log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = relative_path_ext.links_to_anchors
''')
"""MkDocs' `Page.render` (mkdocs 1.6), which `_convert` and `render_headings` mirror."""


def converts_as_mkdocs() -> bool:
    """Whether MkDocs' `Page.render` is, to the bytecode, the one mirrored here (`MKDOCS_RENDER`): another version
    of MkDocs may convert a page otherwise, so its pages are converted by its own `Page.render`."""
    return is_mirrored(Page.render, MKDOCS_RENDER, "from __future__ import annotations\nimport markdown")


Converted = tuple[str, list[dict[str, Any]], "str | None", set[str], "dict[File, dict[str, str]] | None"]
"""What `Page.render` sets: content, toc tokens, title, anchors, links to anchors (None: not noted)."""


def _convert(file: File, config: MkDocsConfig, files: Files, text: str) -> Converted:
    """`text` converted as `Page.render` converts the Markdown of `file`'s page, with the build's converter."""
    md = _conversions(config).converter.reset()
    raw_html = pages._RawHTMLPreprocessor()
    raw_html._register(md)
    extract_anchors = pages._ExtractAnchorsTreeprocessor(file, files, config)
    extract_anchors._register(md)
    relative_path = pages._RelativePathTreeprocessor(file, files, config)
    relative_path._register(md)
    extract_title = pages._ExtractTitleTreeprocessor()
    extract_title._register(md)
    content = md.convert(text)
    return (content, getattr(md, "toc_tokens", []), extract_title.title,
            extract_anchors.present_anchor_ids | raw_html.present_anchor_ids,
            relative_path.links_to_anchors if _links_noted() else None)
