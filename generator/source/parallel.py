"""Filling the cache on every core: the YAML files it lacks, before the loader reads them one by one.

A first `validate` or build of a large project parses every version file, a few milliseconds each.
`parse_into_cache` parses the files missing from the cache in this process and worker processes
(`share_out`), which store each result in the cache; the loader then reads every file as usual, and
finds it there. The workers change nothing the loader reports: they only fill the cache (with what
the loader would have put there), and a file they could not parse is parsed again, and its problems
reported, by the loader.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TypeVar

from .cache import ContentCache, yaml_key
from .inputs import DEFAULT_LIMITS
from .model import InputLimits

MIN_FILES = 64
"""Fewer missing files than this are worked on by this process alone: starting a process costs more."""
T = TypeVar("T")


def available_cores() -> int:
    return len(os.sched_getaffinity(0))


def share_out(work: Callable[[list[T]], object], items: list[T]) -> int:
    """Run `work` on shares of `items`: one in this process, one in a worker process per other core.

    `work` must be a module-level function (or a partial of one), as a spawned worker imports it. Returns
    how many items were worked on so: 0 when it was not worth it (fewer than `MIN_FILES`, one core) or no
    process could be started; the callers only fill the cache, so they then simply do the work themselves.
    """
    cores = available_cores()
    if cores < 2 or len(items) < MIN_FILES:
        return 0
    # Forking a process that runs threads (`mkdocs serve`) can deadlock the child: spawn there.
    method = "fork" if threading.active_count() == 1 else "spawn"
    shares = [items[start::cores] for start in range(cores)]
    try:
        with ProcessPoolExecutor(cores - 1, mp_context=multiprocessing.get_context(method)) as pool:
            others = [pool.submit(work, share) for share in shares[1:]]
            work(shares[0])
            for future in others:
                future.result()
    except (OSError, RuntimeError):  # includes a worker that died (BrokenProcessPool)
        return 0
    return len(items)


def parse_into_cache(cache: ContentCache, paths: list[Path], root: Path, limits: InputLimits = DEFAULT_LIMITS
                     ) -> int:
    """Parse the files of `paths` that `cache` lacks, on every core (`share_out`); how many were parsed so."""
    if cache.folder is None or len(paths) < MIN_FILES:
        return 0
    missing = [str(path) for path in paths if not _cached(cache, path, root, limits)]
    return share_out(functools.partial(_parse_all, str(cache.folder), str(root), limits), missing)


def _cached(cache: ContentCache, path: Path, root: Path, limits: InputLimits) -> bool:
    key = yaml_key(path, str(path), root, limits)
    return key is None or cache.has("yaml", key)  # a file never cached is the loader's to read


def _parse_all(folder: str, root: str, limits: InputLimits, paths: list[str]) -> int:
    cache = ContentCache(Path(folder))
    for path in paths:
        # Whatever goes wrong (a YAML error, a file that vanished), the loader reads the file again and says so.
        with contextlib.suppress(Exception):
            cache.load_yaml_keyed(Path(path), path, Path(root), limits)
    return len(paths)
