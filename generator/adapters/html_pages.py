"""Generated pages handed to MkDocs as HTML and a table of contents, without converting their HTML.

The templates write a page as blocks of raw HTML and a few Markdown headings (`# Title {: #id }`,
`page.heading`). Python-Markdown would parse all of that HTML twice (md_in_html's block extractor,
then MkDocs' anchor scan) only to copy it through unchanged; for the generated pages that was the
largest part of MkDocs' work. `hand_over` reads such a page in one pass instead:

* each top-level HTML block is found as Python-Markdown's extractor finds it (a block-level start
  tag at the start of a line, up to the end tag that empties its stack of open tags) and is passed
  through as it is, followed by a blank line where one follows it in the page, as Markdown does.
  A block is read line by line, and a line's tags once per text for the whole build (most lines recur
  on the other versions' pages); a tag written over two lines sends the page to MkDocs;
* the headings alone are converted by the steps of MkDocs' own `Page.render`, so their ids, permalinks,
  the table of contents, the page title and the links MkDocs checks follow mkdocs.yml's `toc` settings
  exactly; each heading line once per build where it can stand alone (headings.py);
* the anchors of the HTML blocks are read from their start tags, as MkDocs' anchor scan reads them.

It sets everything `Page.render` sets. A page with anything else (text outside HTML, a
`markdown="1"` block, a tab, a comment, a `&` that is not a complete reference, an extension whose
effect on raw HTML is not known) is converted by MkDocs as before: the shortcut does not guess.
`tests/test_html_pages.py` compares it with MkDocs' conversion for every generated page.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..source.memo import TwoGenerations
from .headings import KeptConversions, converts_as_mkdocs, render_headings

SAFE_EXTENSIONS = frozenset({"toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition", "def_list"})
"""Extensions that change only Markdown blocks and headings, never raw HTML (fenced code: see `_FENCES`),
with MkDocs' built-in ones first. With any other, MkDocs converts every page."""

_BLOCK_LEVEL = frozenset(markdown.util.BLOCK_LEVEL_ELEMENTS)
_UNREAD = frozenset({"hr", "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
                     "noscript", "plaintext"})
"""Tags whose content or standing Python-Markdown treats specially: a page holding one is converted."""
_ATTRIBUTES_STRICT = re.compile(r"""(?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*\s*/?""")
"""The attributes of a start tag as read here: any other text between `<name` and `>` and the page is converted."""
_ATTRIBUTES = re.compile(r"""\s+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*("[^"]*"|'[^']*'))?""")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>|<")
"""A tag (`/` for an end tag, its name, its attributes), or a `<` that starts none."""
_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
_CONTROL = "\t\r\x02\x03\ufeff"
"""What Python-Markdown rewrites anywhere in a page (tabs, line ends, its own placeholders, a byte-order mark)."""
_FENCES = ("~~~", "```")
"""The start of a line that fenced_code, which MkDocs always loads, might take for code, even inside HTML."""


def extension_name(extension: object) -> str:
    """`toc` for 'toc' and 'markdown.extensions.toc'; an extension object by its module."""
    name = extension if isinstance(extension, str) else type(extension).__module__
    return name.removeprefix("markdown.extensions.")


def can_hand_over(config: MkDocsConfig) -> bool:
    """Whether this site's Markdown extensions leave raw HTML as it is, so that pages can skip them, and MkDocs
    converts a page as headings.py mirrors it."""
    return all(extension_name(e) in SAFE_EXTENSIONS for e in config.markdown_extensions) and converts_as_mkdocs()


HtmlPiece = str | list[int]
"""Part of a page handed over: a heading line (converted, once handed over), or [start, end] of HTML blocks in
the page's `normalised` Markdown."""


@dataclass
class Layout:
    """A page read as Python-Markdown reads it: its normalised Markdown, and its heading lines and HTML blocks in
    order, HTML blocks that follow one another as one piece (their join, as `joined` puts pieces together)."""

    text: str
    pieces: list[HtmlPiece] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    """The ids (and `<a name>`s) of the HTML blocks' start tags."""

    def add_block(self, start: int, end: int) -> None:
        last = self.pieces[-1] if self.pieces else None
        if isinstance(last, list) and last[1] + 1 == start and self.text[last[1]] == "\n":
            last[1] = end  # joined by the same "\n" that `joined` would put between them
        else:
            self.pieces.append([start, end])


def _start_tag(name: str, attributes: str, anchors: set[str]) -> bool:
    """Note a start tag's anchors, as MkDocs' anchor scan does; False if the tag is one not read here."""
    if name in _UNREAD or (attributes and not _ATTRIBUTES_STRICT.fullmatch(attributes)):
        return False
    lowered = attributes.lower()
    if "id" not in lowered and "name" not in lowered and "markdown" not in lowered:
        return True
    for attribute, value in _ATTRIBUTES.findall(attributes):
        attribute = attribute.lower()
        if attribute == "id" or (attribute == "name" and name == "a"):
            if not value:
                return False  # MkDocs would note `None` as an anchor
            anchors.add(html.unescape(value[1:-1]))
        elif attribute == "markdown":
            return False
    return True


@dataclass(frozen=True)
class _Line:
    """A line of HTML as the extractor reads it: its tags, in order, as (name, end tag?, where it ends)."""

    tags: tuple[tuple[str, bool, int], ...]
    anchors: frozenset[str]
    balanced: bool
    """Whether it pops only tags it pushed and leaves none open: inside a block (the stack not empty) it then
    changes nothing, whatever the stack holds, and the block cannot end within it."""


_UNREAD_LINE = _Line((), frozenset(), False)
"""A line holding a `<` that starts no tag, or a tag not read here."""


def _read_line(line: str) -> _Line:
    tags: list[tuple[str, bool, int]] = []
    anchors: set[str] = set()
    stack: list[str] = []
    balanced = True
    for token in _TAG.finditer(line):
        end, name, attributes = token.group(1, 2, 3)
        if not name:
            return _UNREAD_LINE  # a `<` that starts no tag
        name = name.lower()
        if end:
            if attributes.strip():
                return _UNREAD_LINE
            tags.append((name, True, token.end()))
            if name in stack:
                while stack.pop() != name:
                    pass
            else:
                balanced = False
        else:
            if not _start_tag(name, attributes, anchors):
                return _UNREAD_LINE
            if not attributes.endswith("/"):
                tags.append((name, False, 0))
                stack.append(name)
    return _Line(tuple(tags), frozenset(anchors), balanced and not stack)


_LINES: TwoGenerations[str, _Line] = TwoGenerations(4096)
"""Lines lately read, by their text, which alone decides how they are read: most lines of a page recur on the
other versions' pages."""


def _html_block(text: str, start: int, anchors: set[str]) -> int | None:
    """Where the HTML block starting at `start` ends (after its last end tag), or None if unsure.

    Python-Markdown's extractor keeps a stack of the open tags (void ones too); an end tag pops up to
    its own start tag, and the block ends when the stack is empty. It is read line by line (`_LINES`).
    """
    opened = _TAG.match(text, start)
    if not opened or opened[1] or not opened[2] or opened[2].lower() not in _BLOCK_LEVEL:
        return None
    if text[opened.end(2)] not in " >" or opened[3].endswith("/"):
        return None  # not a block Markdown would recognise, or a self-closed one
    stack: list[str] = []
    line_start, length = start, len(text)
    while line_start < length:
        line_end = text.find("\n", line_start)
        if line_end == -1:
            line_end = length
        line = _LINES.value(text[line_start:line_end], _read_line)
        if line is _UNREAD_LINE:
            return None
        anchors |= line.anchors
        if not (line.balanced and stack):
            for name, end, where in line.tags:
                if not end:
                    stack.append(name)
                elif name in stack:
                    while stack.pop() != name:
                        pass
                    if not stack:
                        position = line_start + where
                        return position if text.startswith("\n", position) else None
        line_start = line_end + 1
    return None


def _fenced(source: str) -> bool:
    """Whether a line starts with a fence (searched as text: a multi-line regular expression is slower)."""
    return source.startswith(_FENCES) or any(f"\n{fence}" in source for fence in _FENCES)


def layout(source: str) -> Layout | None:
    """`source` (a page's Markdown) as HTML blocks and heading lines, or None if it holds anything else."""
    if not source.strip() or any(char in source for char in _CONTROL) or _fenced(source):
        return None
    if source.count("&") != len(_REFERENCE.findall(source)):
        return None  # a `&` that is no complete character reference is one that Markdown might rewrite
    text = normalised(source)
    page = Layout(text)
    position = 0
    while position < len(text):
        char = text[position]
        if char == "\n":
            position += 1
        elif char == "#":
            end = text.index("\n", position)
            line = text[position:end]
            if not _inline_tags_read(line):
                return None
            page.pieces.append(line)
            position = end + 1
        elif char == "<":
            block_end = _html_block(text, position, page.anchors)
            if block_end is None:
                return None
            # Markdown keeps one blank line after a block that a blank line follows.
            page.add_block(position, block_end + 1 if text.startswith("\n\n", block_end) else block_end)
            position = block_end
        else:
            return None
    return page


def normalised(source: str) -> str:
    """A page's Markdown as Python-Markdown normalises it before reading it."""
    text = source + "\n\n"
    return re.sub(r"(?<=\n) +\n", "\n", text) if " \n" in text else text


def joined(text: str, pieces: list[HtmlPiece]) -> str:
    """The HTML of a page from its pieces, `text` being its normalised Markdown: the blocks as they are and the
    converted headings, one after another, as Python-Markdown joins a page's blocks."""
    return "\n".join(piece if isinstance(piece, str) else text[piece[0]:piece[1]] for piece in pieces).strip()


def assembled(source: str, pieces: list[HtmlPiece]) -> str:
    """The HTML of the page whose Markdown is `source`, from the `pieces` `hand_over` gave for it."""
    return joined(normalised(source), pieces)


def _inline_tags_read(line: str) -> bool:
    """Whether every `<` in a heading line starts a tag this module reads (MkDocs scans them for anchors)."""
    position = line.find("<")
    while position != -1:
        tag = _TAG.match(line, position)
        if tag is None or not tag[2] or (not tag[1] and not _start_tag(tag[2].lower(), tag[3], set())):
            return False
        position = line.find("<", tag.end())
    return True


def hand_over(page: Page, config: MkDocsConfig, files: Files, kept: KeptConversions | None = None
              ) -> list[HtmlPiece] | None:
    """Set what `Page.render` sets for a generated page, without converting its HTML; None if it must be.

    The pieces returned give the page's HTML back from its Markdown (`assembled`): [page.content] if the page
    was converted after all. Headings earlier builds converted are taken from `kept` when given."""
    source = page.markdown
    if source is None:
        return None
    read = layout(source)
    if read is None:
        return None
    headings = [piece for piece in read.pieces if isinstance(piece, str)]
    # The headings alone, converted as MkDocs converts a page: ids, permalinks, TOC, title, checked links.
    render_headings(page, config, files, headings, kept)
    converted = (page.content or "").split("\n") if headings else []
    if len(converted) != len(headings) or not all(line.startswith("<h") for line in converted):
        Page.render(page, config, files)  # a heading Markdown reads otherwise: convert the whole page
        return [page.content or ""]  # Python-Markdown strips what it gives, so `assembled` gives it back
    lines = iter(converted)
    pieces = [next(lines) if isinstance(piece, str) else piece for piece in read.pieces]
    page.content = joined(read.text, pieces)
    if not isinstance(read.pieces[0], str):
        page._title_from_render = None  # MkDocs takes the title from an h1 that opens the page only
    page.present_anchor_ids = (page.present_anchor_ids or set()) | read.anchors
    return pieces
