"""Reading a plain YAML document straight from libyaml's events: the common case, three times faster.

ruamel's C loader builds a node object for every scalar, mapping and list, asks its Python resolver what
each plain scalar is, and then walks the nodes again to build the data: 5 ms for a version file. Most
files are plain: one document of mappings, lists and scalars, without anchors, aliases, tags, merge keys,
directives or repeated keys. `read_plain` builds such a document from the parser's events in one pass,
with ruamel's own resolver and constructors for the plain scalars (memoised: a version repeats its ids),
so the data is exactly what `YAML(typ="safe")` gives. Anything else, including every malformed file, is
"not plain" (None), and the caller reads it with ruamel's loader as before, with its checks and messages.
"""

from __future__ import annotations

import functools
import re
from typing import Any, NamedTuple

try:
    from _ruamel_yaml import CParser
except ImportError:  # ruamel.yaml.clib (libyaml) is CPython-only: without it, ruamel's loader reads every file
    CParser = None
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

from .inputs import DEFAULT_LIMITS, NOT_PRINTABLE_VALUE
from .model import InputLimits

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = frozenset(f"tag:yaml.org,2002:{kind}" for kind in ("int", "float", "bool", "null", "timestamp"))
"""The tags a plain scalar may resolve to in a plain document; `<<` (merge) and `=` (value) are not plain."""
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_LISTS = (list, CommentedSeq)
_OTHER_BREAKS = re.compile("[\x85\u2028\u2029\ufeff]")


class _NotPlain(Exception):
    """The document uses something `read_plain` leaves to ruamel's loader."""


class _Scalars(SafeConstructor, VersionedResolver):
    """ruamel's resolver and safe constructors, joined as in the loader `YAML(typ="safe")` builds.

    The resolver applies YAML 1.2's rules, as the C loader does to every document (a `%YAML` directive is
    not plain). Dates stay text, as in `yamlio._safe_yaml`: pydantic then reports an impossible date with
    its place.
    """

    def __init__(self) -> None:
        SafeConstructor.__init__(self, loader=self)
        VersionedResolver.__init__(self, loadumper=self)


_Scalars.add_constructor(_TIMESTAMP, SafeConstructor.construct_yaml_str)
_SCALARS = _Scalars()


class Plain(NamedTuple):
    data: Any
    suspect: bool
    """Whether `inputs.check_structure` may find a problem (a control character, depth or size near a
    limit); when False it cannot, since a plain document shares no list or mapping."""


@functools.lru_cache(maxsize=65536)
def _plain_scalar(value: str) -> Any:
    """What an untagged plain scalar means, by ruamel's resolver and constructors (immutable: str, int,
    float, bool, None)."""
    tag = str(_SCALARS.resolve(ScalarNode, value, (True, False)))
    if tag == _STR:
        return value
    if tag not in _SCALAR_TAGS:
        raise _NotPlain(tag)
    return _SCALARS.construct_non_recursive_object(ScalarNode(tag, value))


def read_plain(text: str, limits: InputLimits) -> Plain | None:
    """The data of `text` if it is one plain document (see the module's docstring), else None."""
    return _read(text, limits, placed=False)


def read_placed(text: str) -> Any:
    """The data of `text` as ruamel's round-trip loader gives it for placing problems (`yamlio.locate`):
    mappings and lists that know the line and column of each key, value and item. None when the document
    is not plain, has an empty value (which libyaml places at the end of the line before, ruamel at the
    next token), or holds a line break other than a line feed (NEL, U+2028, U+2029) or a byte-order mark,
    whose counting the two parsers might not share; the round-trip loader places those.

    A round-trip load is pure Python, about fifteen times the cost of this, for the same marks: both
    parsers follow the same grammar, and each node starts at its first character.
    """
    if _OTHER_BREAKS.search(text):
        return None
    plain = _read(text, DEFAULT_LIMITS, placed=True)
    return None if plain is None else plain.data


def _read(text: str, limits: InputLimits, *, placed: bool) -> Plain | None:
    if CParser is None:
        return None
    parser = CParser(text)
    try:
        return _build(parser, limits, placed)
    except Exception:  # malformed or unusual: ruamel's loader reads it again, and says what is wrong
        return None
    finally:
        parser.dispose()


def _build(parser: Any, limits: InputLimits, placed: bool) -> Plain:
    """The document, from the parser's events; `placed` builds ruamel's CommentedMap and CommentedSeq with
    the marks its round-trip constructor records."""
    get = parser.get_event
    if type(get()) is not StreamStartEvent:
        raise _NotPlain
    start = get()
    if type(start) is not DocumentStartEvent or start.version is not None or start.tags:
        raise _NotPlain  # an empty stream, or a directive
    no_key = object()
    parents: list[Any] = []  # the collections enclosing `current`
    current: Any = None
    key: Any = no_key
    key_mark: Any = None
    chars = 0
    suspect = False
    while True:
        event = get()
        kind = type(event)
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            done = current
            current = parents.pop()
            if current is None:
                data = done
                break
            continue
        if event.anchor is not None or event.ctag is not None:
            raise _NotPlain
        mark = event.start_mark
        if kind is ScalarEvent:
            text = event.value
            chars += len(text)
            if NOT_PRINTABLE_VALUE.search(text):
                suspect = True
            if placed and not text and event.implicit[0]:
                raise _NotPlain  # an empty value: ruamel's round-trip parser places it at the next token
            value = _plain_scalar(text) if event.implicit[0] else text
        elif kind is MappingStartEvent:
            value = CommentedMap() if placed else {}
        elif kind is SequenceStartEvent:
            value = CommentedSeq() if placed else []
        else:
            raise _NotPlain
        if placed and kind is not ScalarEvent:
            value._yaml_set_line_col(mark.line, mark.column)
        if current is None:
            data = value
            if kind is ScalarEvent:
                break
        elif type(current) in _LISTS:
            current.append(value)
            if placed:
                current._yaml_set_idx_line_col(len(current) - 1, [mark.line, mark.column])
        elif key is no_key:
            # Only a scalar may be a key, once per mapping (1, 1.0 and true are the same key, as in ruamel).
            if kind is not ScalarEvent or value in current:
                raise _NotPlain
            key, key_mark = value, mark
            continue
        else:
            current[key] = value
            if placed:
                current._yaml_set_kv_line_col(key, [key_mark.line, key_mark.column, mark.line, mark.column])
            key = no_key
        if kind is not ScalarEvent:
            # The root collection has depth 0, as in `check_structure`.
            suspect = suspect or len(parents) >= limits.max_depth
            parents.append(current)
            current = value
    if type(get()) is not DocumentEndEvent or type(get()) is not StreamEndEvent:
        raise _NotPlain  # a second document
    return Plain(data, suspect or chars > limits.max_text_chars)
