"""Reading a project's files defensively: regular files inside the project, within limits.

Every YAML file is read through `read_project_text` and its data checked by `check_structure`
before anything else looks at it, so hostile input (a symlink to a secret, an alias bomb,
control characters, thousands of nesting levels, megabytes of text) ends in located problems
instead of a leak, a hang or a traceback.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .model import InputLimits
from .problems import Problem

# YAML's printable set (YAML 1.2, 5.1) is tab, line feed, carriage return, U+0020-U+007E, U+0085,
# U+00A0-U+D7FF, U+E000-U+FFFD and above; anything else stops the YAML reader. Written as the characters
# outside that set, which is the same class (tests/test_printable_set.py compares every code point) but
# compiles in a tenth of the time: 7 ms of every command's start, for the two.
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
NOT_PRINTABLE_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""The same but for carriage return, for values: a double-quoted escape ("\\x00", "\\ud800") must not bring one
back."""
_MAX_LISTED = 10
"""At most this many problems of one kind per file: one is enough to act on, thousands drown it."""


DEFAULT_LIMITS = InputLimits()
"""How much one file may hold; `site_config/site.yaml` can change them under `limits:`."""


class Refused(Exception):
    """A file the tool will not read; carries its problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def outside_problem(path: Path, root: Path, display: str) -> Problem | None:
    """Why `path` may not be read as part of the project at `root`, or None when it may.

    A project file must be a regular file whose real location (after every symlink) is inside
    the project: a symlink to /proc/self/environ or to a file elsewhere would publish it.
    """
    try:
        real = Path(os.path.realpath(path, strict=True))
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return None
    except (OSError, RuntimeError) as error:
        looped = getattr(error, "errno", None) == errno.ELOOP or "loop" in str(error).lower()
        reason = "a symlink loop" if looped else f"unreadable ({getattr(error, 'strerror', None) or error})"
        return Problem(display, 1, 1, f"{reason}; replace it with a regular file")
    if not real.is_relative_to(Path(os.path.realpath(root))):
        return Problem(display, 1, 1, f"is a link to {real}, outside the project; the tool reads only files "
                       "inside the project, so copy the content in instead of linking to it")
    if stat.S_ISDIR(mode):
        return Problem(display, 1, 1, "is a folder, not a file; rename it or move it out of the way")
    if not stat.S_ISREG(mode):
        return Problem(display, 1, 1, "is not a regular file (a device, pipe or socket); replace it with a file")
    return None


def outside_files(folder: Path, root: Path, display: Callable[[Path], str]) -> list[Problem]:
    """Problems with every entry under `folder` that leads out of the project or is no regular file.

    For folders that other tools read (MkDocs's `docs_dir`, the templates), so that a symlink there
    cannot publish a file from elsewhere either.
    """
    problems = []
    for parent, folders, files in os.walk(folder):
        for name in [*folders, *files]:
            path = Path(parent) / name
            if name in folders and not path.is_symlink():
                continue
            problem = outside_problem(path, root, display(path))
            if problem and not (name in folders and "is a folder" in problem.message):
                problems.append(problem)
    return problems


def read_project_text(path: Path, root: Path, display: str, limits: InputLimits = DEFAULT_LIMITS) -> str:
    """The UTF-8 text of a project file; raise `Refused` (or FileNotFoundError) otherwise."""
    problem = outside_problem(path, root, display)
    if problem:
        raise Refused([problem])
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise Refused([Problem(display, 1, 1, f"file is {size:,} bytes, over the limit of "
                               f"{limits.max_file_bytes:,}; split it, or raise limits.max_file_bytes in "
                               "site_config/site.yaml")])
    return project_text(path.read_bytes(), display)


def project_text(raw: bytes, display: str) -> str:
    """The UTF-8 text of a project file's bytes, read after its checks (`read_project_text`); raise `Refused` for
    bytes that are not UTF-8 or hold characters YAML refuses."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        line = raw.count(b"\n", 0, error.start) + 1
        column = len(raw[line_start:error.start].decode("utf-8", "replace")) + 1
        raise Refused([Problem(display, line, column, f"not UTF-8 text (byte 0x{raw[error.start]:02x} "
                               f"cannot start or continue a character here); save the file as UTF-8")]) from None
    # Every refused character is one Python does not print (tests/test_printable_set.py): a text Python prints but
    # for its line breaks is not searched, half the time of the search (0.2 ms a version file).
    if not text.replace("\n", " ").isprintable():
        unprintable = [_character_problem(display, text, match.start()) for match in _NOT_PRINTABLE.finditer(text)]
        if unprintable:
            raise Refused(unprintable[:_MAX_LISTED])
    return text


def _character_problem(display: str, text: str, index: int) -> Problem:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    code = f"U+{ord(text[index]):04X}"
    return Problem(display, line, column, f"control character {code} is not allowed in YAML; delete it "
                   "(it is invisible in most editors: retype the text around it)")


def check_structure(data: Any, text: str, display: str, limits: InputLimits = DEFAULT_LIMITS) -> list[Problem]:
    """Problems with the shape of loaded data: aliases of lists or mappings, depth, total text.

    Aliases are refused because a few of them nest into billions of entries (an alias bomb); the
    walk below sees each shared list or mapping the second time it meets it, long before expanding.
    """
    seen: set[int] = set()
    chars = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str):
            chars += len(node)
            if NOT_PRINTABLE_VALUE.search(node):
                return [_event_problem(display, text, limits, kind="escape")]
            continue
        if not isinstance(node, (dict, list)):
            continue
        if id(node) in seen:
            return [_event_problem(display, text, limits, kind="alias")]
        seen.add(id(node))
        if depth >= limits.max_depth:
            return [_event_problem(display, text, limits, kind="depth")]
        children = [*node.keys(), *node.values()] if isinstance(node, dict) else node
        stack.extend((child, depth + 1) for child in children)
        if chars > limits.max_text_chars:
            break
    if chars > limits.max_text_chars:
        return [Problem(display, 1, 1, f"holds more than {limits.max_text_chars:,} characters of text; split it "
                        "into several notices, or raise limits.max_text_chars in site_config/site.yaml")]
    return []


def _first_place(text: str, kind: str, limits: InputLimits) -> tuple[int, int]:
    """Line and column of the first alias, too-deep collection or escaped control character."""
    # ruamel is imported where a file is read: a rebuild that finds every file in the cache reads none.
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, ScalarEvent

    depth = 0
    try:
        for event in YAML(typ="safe", pure=True).parse(text):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                found = kind == "depth" and depth > limits.max_depth
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
                found = False
            elif isinstance(event, AliasEvent):
                found = kind == "alias"
            else:
                found = kind == "escape" and isinstance(event, ScalarEvent) \
                    and bool(NOT_PRINTABLE_VALUE.search(event.value))
            if found:
                return event.start_mark.line + 1, event.start_mark.column + 1
    except YAMLError:
        pass
    return 1, 1


def _event_problem(display: str, text: str, limits: InputLimits, *, kind: str) -> Problem:
    line, column = _first_place(text, kind, limits)
    messages = {
        "alias": "aliases of lists or mappings (*name) are not allowed: a few of them can expand into billions "
                 "of entries; write the content out instead",
        "depth": f"nested more than {limits.max_depth} levels deep; no notice needs that many, so check the "
                 "brackets and indentation",
        "escape": "an escape in this quoted text makes a control character or half a surrogate pair, which no "
                  "page or e-mail can show; remove the escape",
    }
    return Problem(display, line, column, messages[kind])
