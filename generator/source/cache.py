"""A content-addressed cache in the project's `.cache/notices/` folder (git-ignored, safe to delete).

Every entry is keyed by the SHA-256 of everything its value is computed from, the tool's own code
included, so a hit gives exactly what computing it again would: the cache is exact, not a heuristic.
Only values made of JSON's own types are stored, so an entry is data, never code; an entry that
cannot be read or written is simply computed again. The entries are kept in one SQLite file
(`cache_pack.py`)."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic_core import from_json, to_json

from .cache_pack import close_packs, pack_of, place_of
from .inputs import DEFAULT_LIMITS, outside_problem
from .model import InputLimits
from .problems import Loc, PendingProblem, Problem, display_path

CACHE_DIR = Path(".cache") / "notices"
"""Where a project's cache lives, relative to its root (outside notices/, which builds never write)."""


@functools.cache
def tool_fingerprint() -> str:
    """A hash of every file of the package (code and data such as the change lexicon): any change to the
    tool starts a fresh cache."""
    digest = hashlib.sha256()
    hash_files(digest, Path(__file__).resolve().parents[1], skip="__pycache__")
    return digest.hexdigest()


def hash_files(digest: Any, folder: Path, skip: str | None = None) -> None:
    """Add every file under `folder` (but those in folders named `skip`) to `digest`, by its path within
    `folder` and its bytes, in a fixed order: a file changed, added, removed or renamed changes the hash."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and (skip is None or skip not in p.parts)):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")


def package_version(package: str) -> str:
    """An installed distribution's version, for keys of what its code computes ('-' when not installed)."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def cache_key(*parts: str | bytes) -> str:
    """The SHA-256 of the parts (each length-prefixed, so no two lists of parts collide) and of the tool."""
    digest = hashlib.sha256(tool_fingerprint().encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(f"{len(data)}:".encode() + data)
    return digest.hexdigest()


def is_plain(value: Any) -> bool:
    """Whether `value` survives a trip through JSON unchanged (no tuples, sets, bytes or non-text keys).

    A loop over a stack rather than a call for each value: twice as fast on a version's data (0.3 ms of each
    entry stored), and it never runs out of stack on deep data."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str or item is None or kind is int or kind is float or kind is bool:
            continue
        if kind is dict:
            if not all(type(key) is str for key in item):
                return False
            stack.extend(item.values())
        elif kind is list:
            stack.extend(item)
        else:
            return False
    return True


def decoded(data: str | bytes) -> Any:
    """`json.loads(data)` (bytes in UTF-8): what JSON's grammar reads the text as, read by pydantic-core's parser,
    twice as fast on the cache's large entries (0.03 s of an unchanged rebuild at 100 versions). What it refuses
    (a lone surrogate escaped, nesting deeper than it goes, bytes that are not UTF-8) is left to `json.loads`,
    which reads or refuses it as before."""
    if isinstance(data, bytes):
        try:
            return from_json(data)
        except ValueError:
            data = data.decode("utf-8")
    return json.loads(data)


def encoded(value: Any) -> bytes:
    """A plain value (`is_plain`) as JSON text in UTF-8, which `decoded` reads back as that very value: written by
    pydantic-core's serializer, four times faster than `json.dumps` and its UTF-8 encoding on the cache's large
    entries (about 0.1 s of a first build's CPU at 100 versions). It writes the same bytes as
    `json.dumps(value, ensure_ascii=False, separators=(",", ":"))` but for some floats' exponents (`1e-7` for
    `1e-07`, `0.00005` for `5e-05`: the same number); what it refuses (nesting deeper than it goes) is written
    by `json.dumps`, and a lone surrogate, which UTF-8 cannot hold, raises UnicodeEncodeError as before."""
    try:
        return to_json(value, inf_nan_mode="constants")
    except ValueError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class RecentEntries:
    """The entries builds lately read or wrote, as their JSON text, by kind and key, up to `limit` characters.

    A preview (`mkdocs serve`) rebuilds the same site again and again; with this layer installed
    (`remember_recent`), its rebuilds take the entries they need from memory instead of reading
    hundreds of them from the pack. Entries are content-addressed and never change, so memory and disk
    agree; the least recently used go first when the limit is reached.
    """

    def __init__(self, limit: int = 128 * 2**20) -> None:
        self.entries: OrderedDict[tuple[Path, str, str], str] = OrderedDict()
        self.size = 0
        self.limit = limit

    def get(self, entry: tuple[Path, str, str]) -> str | None:
        text = self.entries.get(entry)
        if text is not None:
            self.entries.move_to_end(entry)
        return text

    def put(self, entry: tuple[Path, str, str], text: str) -> None:
        self.size += len(text) - len(self.entries.pop(entry, ""))
        self.entries[entry] = text
        while self.size > self.limit:
            self.size -= len(self.entries.popitem(last=False)[1])


_RECENT: RecentEntries | None = None


def remember_recent(entries: RecentEntries | None) -> None:
    """Keep the entries builds use in `entries` (a preview's plugin does while it serves), or stop (None)."""
    global _RECENT
    _RECENT = entries


SWEPT = ("page", "rendered", "theme", "redline", "outcome", "search")
"""The kinds a build's pages are made from: each edit adds a build's worth of them (18 MB at 100 versions), so a
successful build deletes those it did not use (`sweep_unused`); what is left is what the next build needs."""

_USED: defaultdict[tuple[str, str], set[str]] | None = None
"""The keys read or written since `record_use()`, by cache folder (its absolute path: the library may name the
project `.` where the plugin names it in full) and kind."""


def record_use(on: bool = True) -> None:
    """Note from now on which entries are read or written (a build does, to sweep the rest when it succeeds),
    afresh; or stop noting (`on=False`, a build that failed)."""
    global _USED
    _USED = defaultdict(set) if on else None
    if on:
        close_packs()  # a pack deleted or unusable at the last build is looked for again


def sweep_unused(folder: Path, kinds: tuple[str, ...] = SWEPT, *, shrink: bool = False) -> int:
    """Delete the entries of `kinds` under `folder` not read or written since `record_use()`, and stop noting;
    the number deleted. A kind this build did not use at all is left as it is. With `shrink` (a build, not a
    preview, whose next rebuild would grow the pack again at once), the pack gives back the space freed when
    it is most of the file (`Pack.shrink`)."""
    global _USED
    used: dict[tuple[str, str], set[str]] = _USED or {}
    _USED = None
    name, pack = os.path.abspath(folder), pack_of(folder)
    deleted = sum(pack.delete_except(kind, kept) for kind in kinds if (kept := used.get((name, kind))))
    if shrink and deleted:
        pack.shrink()
    return deleted


def _note_use(folder: Path, kind: str, key: str) -> None:
    if _USED is not None:
        _USED[place_of(folder), kind].add(key)


class ContentCache:
    """Values stored as JSON, each by its kind and key, in the pack of `folder` (`cache_pack.py`);
    `folder=None` caches nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.known_yaml: dict[tuple[Path, Path], tuple[InputLimits, str]] = {}
        """Keys of the files the parse-ahead check hashed (`parallel.parsing_ahead`), by file and root: the loader
        reads and hashes each file it finds here, or a worker parsed, once, not twice (about 0.1 ms a file)."""

    def get(self, kind: str, key: str) -> tuple[bool, Any]:
        """(True, value) on a hit, (False, None) on a miss."""
        if self.folder is None:
            return False, None
        entry = (self.folder, kind, key)
        remembered = _RECENT.get(entry) if _RECENT is not None else None
        data = remembered if remembered is not None else pack_of(self.folder).get(kind, key)
        try:
            value = None if data is None else decoded(data)
        except ValueError:  # UnicodeDecodeError too
            data = None
        if data is None:
            return False, None
        if _RECENT is not None and remembered is None:
            _RECENT.put(entry, data.decode("utf-8") if isinstance(data, bytes) else data)
        _note_use(self.folder, kind, key)
        return True, value

    def put(self, kind: str, key: str, value: Any) -> None:
        if self.folder is None or not is_plain(value):
            return
        data = encoded(value)
        if _RECENT is not None:
            _RECENT.put((self.folder, kind, key), data.decode("utf-8"))
        pack_of(self.folder).put(kind, key, data)
        _note_use(self.folder, kind, key)

    def load_yaml(self, path: Path, display: str, root: Path, limits: InputLimits = DEFAULT_LIMITS) -> Any:
        """`load_data(path, display, root, limits)`, from the cache when the same bytes were parsed before."""
        return self.load_yaml_keyed(path, display, root, limits)[0]

    def load_yaml_keyed(self, path: Path, display: str, root: Path, limits: InputLimits = DEFAULT_LIMITS
                        ) -> tuple[Any, str | None]:
        """`load_yaml`, and the key of the file's bytes (None for a file not cached, such as a symlink).

        Anything computed from the data alone may be cached under this key. A key the parse-ahead check worked out
        (`known_yaml`) is used once, and only while its entry is here: the data of the bytes hashed then, as if read
        then; otherwise the file is read and hashed afresh, and the bytes hashed are those parsed: a save between
        two reads would store the data of the new bytes under the key of the old ones, given back for good once
        the file holds the old bytes again.
        """
        known = self.known_yaml.pop((path, root), None)
        if known is not None and known[0] == limits:
            hit, data = self.get("yaml", known[1])
            if hit:
                return data, known[1]
        source = yaml_source(path, display, root, limits)
        if source is None:
            return _load_data(path, display, root, limits), None
        key, raw = source
        hit, data = self.get("yaml", key)
        if hit:
            return data, key
        data = _load_data(path, display, root, limits, raw)
        self.put("yaml", key, data)
        return data, key

    def keep(self, kind: str, key: str) -> None:
        """Count the entry as used by this build without reading it: a page made from it came from another entry."""
        if self.folder is not None:
            _note_use(self.folder, kind, key)

    def has(self, kind: str, key: str) -> bool:
        return self.folder is not None and pack_of(self.folder).has(kind, key)

    def place_problems(self, pending: list[PendingProblem]) -> list[Problem]:
        """`yamlio.place_problems`, each file's problems from the cache when they were placed in the same bytes.

        Placing needs a round-trip parse of the file, ten times the cost of a safe one: a warning in each of
        a thousand published versions would otherwise cost a minute on every run.
        """
        by_file: dict[Path, list[PendingProblem]] = defaultdict(list)
        for problem in pending:
            by_file[problem.path].append(problem)
        placed: list[Problem] = []
        for path, problems in by_file.items():
            placed += self._placed(path, problems)
        return sorted(set(placed))

    def _placed(self, path: Path, problems: list[PendingProblem]) -> list[Problem]:
        """The problems placed in the bytes their key hashes (not in the file read again, which may have changed)."""
        try:
            raw = None if self.folder is None or path.is_symlink() else path.read_bytes()
            stored = json.dumps([_problem_to_plain(problem) for problem in problems])
        except (OSError, TypeError, ValueError):  # unreadable, or a place that is not JSON: place it afresh
            return _place_in_file(path, problems)
        if raw is None:
            return _place_in_file(path, problems)
        key = cache_key("positions", raw, display_path(path), stored)
        hit, value = self.get("positions", key)
        if hit:
            try:
                return [_placed_from_plain(item) for item in value]
            except (TypeError, ValueError, KeyError):
                pass  # not an entry this code wrote: place again
        found = _place_in_file(path, problems, raw)
        self.put("positions", key, [[p.path, p.line, p.column, p.message, p.severity, p.stops_strict_build]
                                    for p in found])
        return found

    def problems(self, kind: str, key: str, path: Path, find: Callable[[], list[PendingProblem]]
                 ) -> list[PendingProblem]:
        """`find()`, the problems of the file at `path`, from the cache when `key` was checked before.

        `key` must hash everything `find` reads but the path, which is given back to every problem.
        """
        hit, value = self.get(kind, key)
        if hit:
            try:
                return [_problem_from_plain(path, item) for item in value]
            except (TypeError, ValueError, KeyError):
                pass  # not an entry this code wrote: check again
        found = find()
        if all(problem.path == path for problem in found):
            self.put(kind, key, [_problem_to_plain(problem) for problem in found])
        return found


def _load_data(path: Path, display: str, root: Path, limits: InputLimits, raw: bytes | None = None) -> Any:
    """`yamlio.load_data`, its module (and ruamel, the YAML reader) imported when a file is read: a rebuild that
    finds every file in the cache reads none, and importing them took about 0.01 s of every build's start."""
    from . import yamlio

    return yamlio.load_data(path, display, root, limits, raw)


def _place_in_file(path: Path, problems: list[PendingProblem], raw: bytes | None = None) -> list[Problem]:
    """`yamlio.place_in_file`, imported when problems are placed afresh (see `_load_data`)."""
    from . import yamlio

    return yamlio.place_in_file(path, problems, raw)


def yaml_source(path: Path, display: str, root: Path, limits: InputLimits) -> tuple[str, bytes] | None:
    """The cache key of a YAML file (its bytes and the limits) and the bytes it hashes, which are the ones to parse;
    None when it is not to be cached.

    Whether the file may be read at all (inside the project, within the size limit) is checked every
    time, and a symbolic link is never cached, so no check is ever skipped.
    """
    if path.is_symlink() or outside_problem(path, root, display):
        return None
    try:
        raw = path.read_bytes() if path.stat().st_size <= limits.max_file_bytes else None
    except OSError:
        raw = None
    if raw is None or len(raw) > limits.max_file_bytes:  # grown since: the loader reads it again and says so
        return None
    return cache_key(raw, limits.model_dump_json()), raw


def yaml_key(path: Path, display: str, root: Path, limits: InputLimits) -> str | None:
    """The key of `yaml_source`, for a file not parsed here."""
    source = yaml_source(path, display, root, limits)
    return None if source is None else source[0]


def _placed_from_plain(value: Any) -> Problem:
    path, line, column, message, severity, stops = value
    if type(path) is not str or type(line) is not int or type(column) is not int or type(message) is not str \
            or severity not in ("error", "warning") or type(stops) is not bool:
        raise ValueError("not a stored problem")
    return Problem(path, line, column, message, severity, stops)


def _problem_to_plain(problem: PendingProblem) -> dict[str, Any]:
    """Every field but the path (a place becomes a list); a field added to `PendingProblem` is stored too."""
    return {field.name: list(value) if isinstance(value := getattr(problem, field.name), tuple) else value
            for field in dataclasses.fields(problem) if field.name != "path"}


def _loc(value: Any) -> Loc:
    if type(value) is not list or not all(type(part) in (str, int) for part in value):
        raise ValueError(f"not a place in a file: {value!r}")
    return tuple(value)


def _problem_from_plain(path: Path, value: Any) -> PendingProblem:
    """The problem `_problem_to_plain` stored; ValueError or TypeError for anything else.

    It must have exactly the fields of `PendingProblem`, each of the type of its default (a place a list
    of names and numbers), so an entry written by another version of the class is checked again.
    """
    fields = {field.name: field for field in dataclasses.fields(PendingProblem) if field.name != "path"}
    if type(value) is not dict or value.keys() != fields.keys():
        raise ValueError("not a stored problem")
    parts: dict[str, Any] = {name: _loc(part) if type(part) is list else part for name, part in value.items()}
    for name, field in fields.items():
        default = field.default
        if default is not dataclasses.MISSING and default is not None and type(parts[name]) is not type(default):
            raise ValueError(f"not a stored problem: {name}")
    if type(parts["message"]) is not str or parts["severity"] not in ("error", "warning") \
            or type(parts["loc"]) is not tuple or not (parts["also"] is None or type(parts["also"]) is tuple):
        raise ValueError("not a stored problem")
    return PendingProblem(path, **parts)


def project_cache(root: Path) -> ContentCache:
    return ContentCache(root / CACHE_DIR)
