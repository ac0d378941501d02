"""Parsing on every core: the YAML files the cache lacks, ahead of the loader that reads them in order.

A first `validate` or build of a large project parses every version file, a few milliseconds each, then
validates and checks each, which costs about as much again. Inside `parsing_ahead`, worker processes parse
most of the files the cache lacks, in order, and store each result in the cache, while this process reads
the files one by one as usual: it finds the workers' files in the cache, and parses the others itself
(one in four, and any a worker has not reached yet). The workers change nothing the loader reports: they
only fill the cache (with what the loader would have put there), and a file they could not parse is parsed
again, and its problems reported, by the loader.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from .cache import ContentCache, yaml_key
from .inputs import DEFAULT_LIMITS
from .model import InputLimits

MIN_FILES = 64
"""Fewer missing files than this are parsed by this process alone: starting a process costs more."""
LEFT_HERE = 4
"""One missing file in this many is left to this process: the loader spends about 2 ms on a parsed version
(validation, index, references) and a worker 3 ms parsing one, so one worker keeps ahead of the loader with
the other three (and the loader parses itself any it has not reached: never slower than one core)."""
CHUNK = 16
"""Files per task: the tasks no worker has started when the loader is done are dropped, not waited for."""


def available_cores() -> int:
    return len(os.sched_getaffinity(0))


@contextlib.contextmanager
def parsing_ahead(cache: ContentCache, paths: list[Path], root: Path, limits: InputLimits = DEFAULT_LIMITS
                  ) -> Iterator[tuple[list[Path], int]]:
    """While inside, one worker process per other core parses into `cache` three in four of the files of
    `paths` it lacks, in order. Yields the files left to this process and how many were missing; ([], 0)
    when it is not worth it (fewer than `MIN_FILES`, one core, no cache) or no process could be started.
    """
    workers = available_cores() - 1
    if cache.folder is None or workers < 1 or len(paths) < MIN_FILES:
        yield [], 0
        return
    try:
        with _starting_workers(cache, paths, root, limits, workers) as started:
            yield started
    finally:
        cache.known_yaml.clear()  # keys of this moment's bytes: for the load inside only


@contextlib.contextmanager
def _starting_workers(cache: ContentCache, paths: list[Path], root: Path, limits: InputLimits, workers: int
                      ) -> Iterator[tuple[list[Path], int]]:
    missing = [path for path in paths if not _cached(cache, path, root, limits)]
    if len(missing) < MIN_FILES:
        yield [], 0
        return
    ahead = [str(path) for number, path in enumerate(missing) if number % LEFT_HERE]
    # Forking a process that runs threads (`mkdocs serve`) can deadlock the child: spawn there.
    method = "fork" if threading.active_count() == 1 else "spawn"
    try:
        import multiprocessing  # here: a build that finds its files in the cache starts no process
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method))
    except (OSError, RuntimeError):
        yield [], 0
        return
    try:
        with contextlib.suppress(OSError, RuntimeError):  # a worker that died (BrokenProcessPool): the loader parses
            for start in range(0, len(ahead), CHUNK):
                pool.submit(_parse_all, str(cache.folder), str(root), limits, ahead[start:start + CHUNK])
        yield missing[::LEFT_HERE], len(missing)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def parse_into_cache(cache: ContentCache, paths: list[Path], root: Path, limits: InputLimits = DEFAULT_LIMITS
                     ) -> int:
    """Parse the files of `paths` that `cache` lacks, on every core (`parsing_ahead`); how many were parsed so."""
    with parsing_ahead(cache, paths, root, limits) as (left, missing):
        _parse_all(str(cache.folder), str(root), limits, [str(path) for path in left])
    return missing


def _cached(cache: ContentCache, path: Path, root: Path, limits: InputLimits) -> bool:
    key = yaml_key(path, str(path), root, limits)
    if key is None:
        return True  # a file never cached is the loader's to read
    if not cache.has("yaml", key):
        return False
    cache.known_yaml[path, root] = (limits, key)  # the loader takes it from here (`load_yaml_keyed`)
    return True


def _parse_all(folder: str, root: str, limits: InputLimits, paths: list[str]) -> int:
    cache = ContentCache(Path(folder))
    for path in paths:
        # Whatever goes wrong (a YAML error, a file that vanished), the loader reads the file again and says so.
        with contextlib.suppress(Exception):
            cache.load_yaml_keyed(Path(path), path, Path(root), limits)
    return len(paths)
