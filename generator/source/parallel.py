"""Parsing the YAML files a cache lacks on every core, before the loader reads them one by one.

A first `validate` or build of a large project parses every version file, a few milliseconds each.
`parse_into_cache` parses the files missing from the cache in worker processes, which store each
result in the cache; the loader then reads every file as usual, and finds it there. The workers
change nothing the loader reports: they only fill the cache (with what the loader would have put
there), and a file they could not parse is parsed again, and its problems reported, by the loader.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .cache import ContentCache, yaml_key
from .inputs import DEFAULT_LIMITS
from .model import InputLimits

MIN_FILES = 64
"""Fewer missing files than this are parsed by the loader itself: starting a process costs more."""


def available_cores() -> int:
    return len(os.sched_getaffinity(0))


def parse_into_cache(cache: ContentCache, paths: list[Path], root: Path, limits: InputLimits = DEFAULT_LIMITS
                     ) -> int:
    """Parse the files of `paths` that `cache` lacks, this process and others sharing them, one per core.

    Returns how many were parsed so (0 when it was not worth it: few files, one core, no cache).
    """
    cores = available_cores()
    if cache.folder is None or cores < 2 or len(paths) < MIN_FILES:
        return 0
    missing = [str(path) for path in paths if not _cached(cache, path, root, limits)]
    if len(missing) < MIN_FILES:
        return 0
    # Forking a process that runs threads (`mkdocs serve`) can deadlock the child: spawn there.
    method = "fork" if threading.active_count() == 1 else "spawn"
    shares = [missing[start::cores] for start in range(cores)]
    try:
        with ProcessPoolExecutor(cores - 1, mp_context=multiprocessing.get_context(method)) as pool:
            others = [pool.submit(_parse_all, str(cache.folder), share, str(root), limits) for share in shares[1:]]
            _parse_all(str(cache.folder), shares[0], str(root), limits)  # this process does its share too
            return len(shares[0]) + sum(future.result() for future in others)
    except (OSError, RuntimeError):  # no processes to be had: the loader parses what is still missing
        return 0


def _cached(cache: ContentCache, path: Path, root: Path, limits: InputLimits) -> bool:
    key = yaml_key(path, str(path), root, limits)
    return key is None or cache.has("yaml", key)  # a file never cached is the loader's to read


def _parse_all(folder: str, paths: list[str], root: str, limits: InputLimits) -> int:
    cache = ContentCache(Path(folder))
    for path in paths:
        # Whatever goes wrong (a YAML error, a file that vanished), the loader reads the file again and says so.
        with contextlib.suppress(Exception):
            cache.load_yaml_keyed(Path(path), path, Path(root), limits)
    return len(paths)
