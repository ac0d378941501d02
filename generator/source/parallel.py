"""Parsing on every core: the YAML files the cache lacks, ahead of the loader that reads them in order.

A first `validate` or build of a large project parses every version file, a few milliseconds each, then
validates and checks each, which costs about as much again. Inside `parsing_ahead`, worker processes parse
the files the cache lacks, in order, in tasks of `CHUNK` files, and store each result (and a version's
content hash) in the cache, while this process reads the files one by one as usual: it finds the workers'
files in the cache, and parses itself those of the tasks no worker had started when it reached them. So
the work is shared as the cores allow: at 1,000 versions, the loader parses about a third. The workers
change nothing the loader reports: they only fill the cache (with what the loader would have put there),
and a file they could not parse is parsed again, and its problems reported, by the loader.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import ContentCache, yaml_key
from .inputs import DEFAULT_LIMITS
from .lock import stored_content_hash
from .model import InputLimits

if TYPE_CHECKING:
    from concurrent.futures import Future  # imported when a pool starts: a build from the cache starts none

MIN_FILES = 64
"""Fewer missing files than this are parsed by this process alone: starting a process costs more."""
CHUNK = 48
"""Files per task: the loader takes back a task no worker has started when it reaches its files."""


def available_cores() -> int:
    return len(os.sched_getaffinity(0))


class Ahead:
    """The workers' tasks, by file. The loader calls `reaching` before it reads each file: a task no worker has
    started by then is taken back, and its files are the loader's to parse, so neither waits for the other and
    the loader parses what the workers would reach too late, whatever share of the cores each gets."""

    def __init__(self, tasks: dict[Path, Future[int]], missing: int) -> None:
        self.tasks = tasks
        self.missing = missing
        """How many of the files the cache lacked."""

    def reaching(self, path: Path) -> None:
        task = self.tasks.get(path)
        if task is not None:
            task.cancel()  # False, doing nothing, once a worker has it


_NONE = Ahead({}, 0)


@contextlib.contextmanager
def parsing_ahead(cache: ContentCache, paths: list[Path], root: Path, limits: InputLimits = DEFAULT_LIMITS
                  ) -> Iterator[Ahead]:
    """While inside, one worker process per other core parses into `cache` the files of `paths` it lacks, in
    order, but those the loader reaches first (`Ahead.reaching`). Yields no task when it is not worth it (fewer
    than `MIN_FILES` missing, one core, no cache) or no process could be started.
    """
    workers = available_cores() - 1
    if cache.folder is None or workers < 1 or len(paths) < MIN_FILES:
        yield _NONE
        return
    try:
        with _starting_workers(cache, paths, root, limits, workers) as started:
            yield started
    finally:
        cache.known_yaml.clear()  # keys of this moment's bytes: for the load inside only


@contextlib.contextmanager
def _starting_workers(cache: ContentCache, paths: list[Path], root: Path, limits: InputLimits, workers: int
                      ) -> Iterator[Ahead]:
    missing = [path for path in paths if not _cached(cache, path, root, limits)]
    if len(missing) < MIN_FILES:
        yield _NONE
        return
    # Forking a process that runs threads (`mkdocs serve`) can deadlock the child: spawn there.
    method = "fork" if threading.active_count() == 1 else "spawn"
    try:
        import multiprocessing  # here: a build that finds its files in the cache starts no process
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method))
    except (OSError, RuntimeError):
        yield _NONE
        return
    tasks: dict[Path, Future[int]] = {}
    try:
        with contextlib.suppress(OSError, RuntimeError):  # a worker that died (BrokenProcessPool): the loader parses
            for start in range(0, len(missing), CHUNK):
                chunk = missing[start:start + CHUNK]
                files = [(str(path), cache.known_yaml[path, root][1]) for path in chunk]
                task = pool.submit(_parse_all, str(cache.folder), str(root), limits, files)
                tasks.update(dict.fromkeys(chunk, task))
        yield Ahead(tasks, len(missing))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def parse_into_cache(cache: ContentCache, paths: list[Path], root: Path, limits: InputLimits = DEFAULT_LIMITS
                     ) -> int:
    """Parse the files of `paths` that `cache` lacks, on every core (`parsing_ahead`); how many were missing."""
    with parsing_ahead(cache, paths, root, limits) as ahead:
        for path in paths:
            ahead.reaching(path)
            key = yaml_key(path, str(path), root, limits)
            if key is not None:  # a file never cached is the loader's to read
                _parse_all(str(cache.folder), str(root), limits, [(str(path), key)])  # none if a worker parsed it
    return ahead.missing


def _cached(cache: ContentCache, path: Path, root: Path, limits: InputLimits) -> bool:
    key = yaml_key(path, str(path), root, limits)
    if key is None:
        return True  # a file never cached is the loader's to read
    # The loader takes the key from here (`load_yaml_keyed`) if its entry is there when it reads the file: one a
    # worker parses meanwhile too.
    cache.known_yaml[path, root] = (limits, key)
    return cache.has("yaml", key)


def _parse_all(folder: str, root: str, limits: InputLimits, files: list[tuple[str, str]]) -> int:
    """Parse a task's files into the cache, from its last: the loader reads them from its first, parsing those not
    there yet, so the two meet in the task and parse no file twice but the one each was at. A file found there
    already, by the key its bytes had at the check (`files` holds each path with that key), is where they met (the
    loader has parsed those before it): the rest are left to it. How many were parsed."""
    cache = ContentCache(Path(folder))
    parsed = 0
    for path, checked in reversed(files):
        if cache.has("yaml", checked):
            break
        # Whatever goes wrong (a YAML error, a file that vanished), the loader reads the file again and says so.
        with contextlib.suppress(Exception):
            data, key = cache.load_yaml_keyed(Path(path), path, Path(root), limits)
            parsed += 1
            if key is not None and type(data) is dict:  # a version is a mapping: the loader hashes no other data
                stored_content_hash(cache, data, key)
    return parsed
