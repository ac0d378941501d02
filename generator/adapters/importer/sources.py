"""Reading a source document (Markdown, HTML or Word) into HTML whose blocks know their source line.

Every format ends up as one HTML tree, so one converter (convert.py) turns all of them into the
prose model. Markdown is parsed by markdown-it-py (CommonMark with GFM tables, YAML front matter
and attribute ids); Word documents are turned into HTML by mammoth; HTML is read as it is.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mammoth  # type: ignore[import-untyped]
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from ...source.problems import Problem

INDENTED_CODE = "data-indented-code"
"""Marks Markdown's indented code blocks: in notices these are nearly always mis-indented prose."""
LINE = "data-source-line"
"""Attribute holding a block's 1-based line in its source (Word: its paragraph number)."""

FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".docx": "docx"}


class SourceError(Exception):
    """A source cannot be read; `problems` locate every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class SourceDocument:
    """One source document as an HTML tree, with its front matter and how its own site renders it."""

    path: Path
    display: str
    kind: str
    html: str
    front_matter: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """What reading the source itself approximated (Word styles mammoth could not map)."""

    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.html, "html.parser")


def _markdown() -> MarkdownIt:
    return (MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
            .use(front_matter_plugin).use(attrs_block_plugin))


def _front_matter(display: str, text: str, first_line: int) -> dict[str, Any]:
    try:
        data = YAML(typ="safe", pure=True).load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark else 0)
        raise SourceError([Problem(display, line, (mark.column + 1) if mark else 1,
                                   f"malformed front matter: {(error.problem or 'bad YAML').strip()}; "
                                   "fix the YAML between the '---' lines")]) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SourceError([Problem(display, first_line, 1, "front matter is not a mapping of keys to values")])
    return data


def markdown_html(text: str, first_line: int = 1) -> str:
    """HTML of a Markdown fragment, its blocks carrying their line (counted from `first_line`)."""
    md = _markdown()
    tokens = md.parse(text)
    for token in tokens:
        if token.map and token.nesting >= 0:
            token.attrSet(LINE, str(token.map[0] + first_line))
    return str(md.renderer.render(tokens, md.options, {}))


def _read_markdown(path: Path, display: str, text: str) -> SourceDocument:
    md = _markdown()
    tokens = md.parse(text)
    front: dict[str, Any] = {}
    for token in tokens:
        if token.type == "front_matter":
            front = _front_matter(display, token.content, 2)
        elif token.map and token.nesting >= 0:
            token.attrSet(LINE, str(token.map[0] + 1))
            if token.type == "code_block":
                token.attrSet(INDENTED_CODE, "1")
    if text.startswith("---") and not front and text.count("\n---") == 0:
        raise SourceError([Problem(display, 1, 1, "front matter is not closed; end it with a line '---'")])
    html = md.renderer.render(tokens, md.options, {})
    return SourceDocument(path, display, "markdown", html, front)


def _read_html(path: Path, display: str, text: str) -> SourceDocument:
    soup = BeautifulSoup(text, "html.parser")
    for tag in soup.find_all(True):
        if tag.sourceline is not None:
            tag[LINE] = str(tag.sourceline)
    return SourceDocument(path, display, "html", str(soup))


def _read_docx(path: Path, display: str) -> SourceDocument:
    try:
        with path.open("rb") as handle:
            result = mammoth.convert_to_html(handle)
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise SourceError([Problem(display, 1, 1, f"not a Word .docx document ({error}); save it as .docx "
                                   "(Word 2007 or later)")]) from None
    soup = BeautifulSoup(result.value, "html.parser")
    # Word has no lines: blocks are numbered in document order, the way a reader counts paragraphs.
    for number, tag in enumerate(soup.find_all(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "table"]), 1):
        tag[LINE] = str(number)
    notes = [f"{display}: {message.message}" for message in result.messages]
    return SourceDocument(path, display, "docx", str(soup), notes=notes)


def read_source(path: Path, display: str | None = None) -> SourceDocument:
    """Read one source; raise `SourceError` with located problems if it cannot be read."""
    display = display or str(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise SourceError([Problem(display, 1, 1, f"unknown source format '{path.suffix}'; import Markdown "
                                   "(.md), HTML (.html) or Word (.docx)")])
    if not path.is_file():
        raise SourceError([Problem(display, 1, 1, "no such file")])
    if kind == "docx":
        return _read_docx(path, display)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise SourceError([Problem(display, line, 1, f"not UTF-8 text ({error.reason}); save the file as "
                                   "UTF-8")]) from None
    return _read_markdown(path, display, text) if kind == "markdown" else _read_html(path, display, text)
