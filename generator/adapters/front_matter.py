r"""A generated page's front matter read back without YAML, where that gives exactly what MkDocs' YAML gives.

MkDocs reads every page's front matter with a regular expression that finds its end and PyYAML
(`mkdocs.utils.meta.get_data`); a generated page's front matter holds its "At a glance" layer as one long
string (about 7.5 KB), and the two took about 0.1 ms a page, 0.03 s of an unchanged rebuild at 100
versions. We write front matter as one `key: <JSON>` line per key (`outputs/page_meta.front_matter`),
and JSON's text of a value is also YAML's text of the same value under conditions checked here:

- the key is a plain YAML scalar that YAML reads as that very string (letters, digits, `_` and `-`,
  starting with a letter or `_`, not a word YAML 1.1 reads as a boolean or null);
- the value is a string, an integer, a boolean, None, a list or a mapping with string keys of such values
  (JSON's floats may not be YAML's: `1e+16` is a string to YAML 1.1; tuples would come back as lists),
  nested at most `DEEPEST` deep, and no key of a mapping is longer than `LONGEST_KEY` (PyYAML refuses a key
  of over 1,024 characters);
- the line holds no character YAML refuses or reads as a line break: not DEL or U+0080–U+009F (NEL is a
  line break), U+2028, U+2029, U+FEFF, a surrogate, U+FFFE or U+FFFF (escaped, any character is read alike);
- a string is one JSON string, whose escapes YAML's double-quoted scalars read alike (`\"`, `\\`, `\b`,
  `\f`, `\n`, `\r`, `\t`, `\uXXXX`): not `\/` (not YAML 1.1) nor an escaped surrogate (JSON pairs two
  into one character, YAML does not); any other value is written exactly as `json.dumps` writes it.

Where every line meets them, no line starts with `---` or `...`, so the front matter ends at the first
line `---`, where MkDocs' expression would end it: that line is found with `str.find`, and each value read
with `json.loads`. Any other page is read by MkDocs' own `get_data`. `tests/test_front_matter.py` compares
both ways on every generated page and on values chosen to fail each condition.
"""

from __future__ import annotations

import json
import logging
import re
import textwrap
from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.utils import meta as mkdocs_meta

from .mirrored import is_mirrored

_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,99}")
_YAML_WORDS = frozenset(
    f"{word}" for base in ("yes", "no", "true", "false", "on", "off", "null")
    for word in (base, base.capitalize(), base.upper()))
"""Plain scalars YAML 1.1 reads as booleans or null (PyYAML's resolver), which no key may be."""
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
DEEPEST = 50
LONGEST_KEY = 1000
"""Values nested deeper, or with longer keys, are left to YAML (see the module's docstring)."""
OPENING, CLOSING = "---\n", "\n---\n"


def _no_float(text: str) -> Any:
    raise ValueError(f"{text}: JSON's numbers with a fraction or exponent may not be YAML's")


def _yaml_alike(value: Any, depth: int = 0) -> bool:
    """Whether `value`, read from JSON without floats, is one YAML reads from the same text: not nested deeper
    than `DEEPEST`, no key longer than `LONGEST_KEY` written."""
    if type(value) is list:
        return depth < DEEPEST and all(_yaml_alike(item, depth + 1) for item in value)
    if type(value) is dict:
        return depth < DEEPEST and all(len(json.dumps(key, ensure_ascii=False)) <= LONGEST_KEY
                                       and _yaml_alike(item, depth + 1) for key, item in value.items())
    return True


def _value(text: str) -> tuple[bool, Any]:
    """(True, the value) when YAML reads the JSON `text` as what JSON reads it as; else (False, None).

    `str.isprintable` is False for every character YAML refuses or reads as a line break (they are of
    Unicode's categories Cc, Cf, Cs, Cn, Zl and Zp), and for a few more, which are left to YAML.
    """
    if not text.isprintable():
        return False, None
    try:
        value = json.loads(text, parse_float=_no_float, parse_constant=_no_float)
    except (ValueError, RecursionError):
        return False, None
    if type(value) is str:  # one JSON string, with YAML's escapes only
        same = text[0] == text[-1] == '"' and "\\/" not in text \
            and ("\\u" not in text or _ESCAPED_SURROGATE.search(text) is None)
    else:
        same = _yaml_alike(value) and json.dumps(value, ensure_ascii=False) == text
    return (True, value) if same else (False, None)


def read_directly(source: str) -> tuple[str, dict[str, Any]] | None:
    """`get_data(source)` (the Markdown after the front matter, and the front matter), when every line of the
    front matter is a key and its value in JSON that YAML reads alike; None when any is not."""
    end = source.find(CLOSING, len(OPENING) - 1) if source.startswith(OPENING) else -1
    if end < len(OPENING):
        return None
    meta: dict[str, Any] = {}
    for line in source[len(OPENING):end].split("\n"):
        key, colon, text = line.partition(": ")
        if not colon or not _KEY.fullmatch(key) or key in _YAML_WORDS or key in meta or not text:
            return None
        same, meta[key] = _value(text)
        if not same:
            return None
    return source[end + len(CLOSING):].lstrip("\n"), meta


MKDOCS_READ_SOURCE = textwrap.dedent(r'''
    def read_source(self, config: MkDocsConfig) -> None:
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is None:
            try:
                source = self.file.content_string
            except OSError:
                log.error(f'File not found: {self.file.src_path}')
                raise
            except ValueError:
                log.error(f'Encoding error reading file: {self.file.src_path}')
                raise

        self.markdown, self.meta = meta.get_data(source)
''')
"""MkDocs 1.6's `Page.read_source`, which `read_page_source` stands in for."""

MKDOCS_GET_DATA = textwrap.dedent(r'''
    def get_data(doc: str) -> tuple[str, dict[str, Any]]:
        """
        Extract meta-data from a text document.

        Returns a tuple of document and a data dict.
        """
        data = {}

        # First try YAML
        if m := YAML_RE.match(doc):
            try:
                data = yaml.load(m.group(1), SafeLoader)
                if isinstance(data, dict):
                    doc = doc[m.end() :].lstrip('\n')
                else:
                    data = {}  # type: ignore[unreachable]
            except Exception:
                pass
            return doc, data

        # No YAML delimiters. Try MultiMarkdown style
        lines = doc.replace('\r\n', '\n').replace('\r', '\n').split('\n')

        key = None
        while lines:
            line = lines.pop(0)

            if line.strip() == '':
                break  # blank line - done
            if m1 := META_RE.match(line):
                key = m1.group('key').lower().strip()
                value = m1.group('value').strip()
                if key in data:
                    data[key] += f' {value}'
                else:
                    data[key] = value
            else:
                m2 = META_MORE_RE.match(line)
                if m2 and key:
                    # Add another line to existing key
                    data[key] += ' {}'.format(m2.group('value').strip())
                else:
                    lines.insert(0, line)
                    break  # no meta data - done
        return '\n'.join(lines).lstrip('\n'), data
''')
"""MkDocs 1.6's `get_data`, whose answers `read_directly` gives where it gives one."""
MKDOCS_YAML_RE = r'^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n'
"""The expression that finds the front matter's end in MkDocs 1.6 (`mkdocs.utils.meta.YAML_RE`)."""


def mkdocs_reads_as_mirrored() -> bool:
    """Whether MkDocs reads a page's source as MkDocs 1.6 does, to the bytecode: only then does
    `read_front_matter_directly` stand in for it (another MkDocs version reads every page itself)."""
    future = "from __future__ import annotations\n"
    return mkdocs_meta.YAML_RE.pattern == MKDOCS_YAML_RE and mkdocs_meta.YAML_RE.flags == re.UNICODE | re.DOTALL \
        and is_mirrored(Page.read_source, MKDOCS_READ_SOURCE, f"{future}from mkdocs.utils import meta") \
        and is_mirrored(mkdocs_meta.get_data, MKDOCS_GET_DATA, f"{future}import re\nimport yaml")


def read_page_source(page: Page, config: MkDocsConfig) -> bool:
    """`Page.read_source`, with the front matter read by `read_directly` where it can be; whether the source read
    was the file's own (no plugin's `on_page_read_source` gave one)."""
    source = config.plugins.on_page_read_source(page=page, config=config)
    own = source is None
    if source is None:
        try:
            source = page.file.content_string
        except OSError:  # as MkDocs says it
            _PAGES_LOG.error(f"File not found: {page.file.src_path}")
            raise
        except ValueError:
            _PAGES_LOG.error(f"Encoding error reading file: {page.file.src_path}")
            raise
    read = read_directly(source)
    page.markdown, page.meta = read if read is not None else mkdocs_meta.get_data(source)
    return own


def read_front_matter_directly(page: Page, then: Callable[[bool], None] | None = None) -> None:
    """Make MkDocs' coming `page.read_source(config)` go through `read_page_source`, for this page only (while
    MkDocs reads pages as mirrored); `then` is told, once the page is read, whether it read the file's own text."""
    if not mkdocs_reads_as_mirrored():
        return

    def read(config: MkDocsConfig) -> None:
        own = read_page_source(page, config)
        if then is not None:
            then(own)

    setattr(page, "read_source", read)  # noqa: B010  # an instance attribute shadows the method
