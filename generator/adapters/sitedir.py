"""The output folder of a build: which folders may be replaced, one build at a time, an atomic swap.

* A build replaces its output folder wholesale, so the folder is checked first: never the project,
  a source folder or a parent of one, and never a folder holding anything but a previous build
  (every build leaves a marker file in it).
* One build at a time per output folder: an exclusive lock (`fcntl.flock` on `.<site>.lock`, which
  holds the builder's pid); a second build waits for the first, saying so.
* The new site is built beside the old one and swapped in with one `renameat2(RENAME_EXCHANGE)`,
  so a web server serving the folder always finds a whole site, old or new.
* The old site's files are then deleted but its folders kept, beside the site, for the next build to
  write into (`served_folder.py` keeps them through MkDocs' clean): making a site's folders again was
  ~600 `mkdir` and `rmdir` a build at 100 versions. A staging folder holding anything but folders
  (a build stopped before its swap) is deleted first, as are a failed build's.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .served_folder import delete_files

MARKER = ".notices-site"
"""Written into every built site; a folder holding it may be replaced by the next build."""
_MKDOCS_FOOTPRINT = ("sitemap.xml.gz", "404.html")
"""A site built before the marker existed: MkDocs with Material always writes these."""
LOCK_WAIT_SECONDS = 600.0


class SiteDirRefused(Exception):
    """The output folder cannot be used; the message says why and what to do."""


def staging_dir(final: Path) -> Path:
    return final.with_name(f".{final.name}.building")


def prepare_staging(staging: Path) -> Path:
    """`staging` ready to build into: the folders the last build kept there, or nothing (see the docstring)."""
    if not _folders_only(staging):
        shutil.rmtree(staging, ignore_errors=True)
    return staging


def _folders_only(folder: Path | str) -> bool:
    """Whether `folder` holds nothing but folders (links are not followed, and are not folders), or is absent."""
    try:
        with os.scandir(folder) as entries:
            return all(entry.is_dir(follow_symlinks=False) and _folders_only(entry.path) for entry in entries)
    except FileNotFoundError:
        return True
    except OSError:
        return False


def project_sources(root: Path, docs_dir: str, custom_dir: str | None) -> list[Path]:
    """The folders a build reads and must never write: the output may be none of them, nor hold one."""
    sources = [root / "notices", root / "site_config", root / "templates", root / ".git", Path(docs_dir)]
    return [*sources, Path(custom_dir)] if custom_dir else sources


class StagedBuild:
    """`mkdocs build` made as safe as `notices build`: check, lock, build beside, swap in on success.

    The MkDocs plugin drives it from its events (config, post_build, build_error, shutdown), since
    MkDocs itself empties `site_dir` first and would leave a half site behind a failed build.
    """

    def __init__(self, final: Path) -> None:
        self.final = final.resolve()
        self.staging = staging_dir(self.final)
        self._lock = contextlib.ExitStack()

    def start(self, root: Path, sources: list[Path]) -> Path:
        """Check the output folder and take its lock; return the folder to build into."""
        check_output_dir(self.final, root, sources, label="site_dir")
        self.final.parent.mkdir(parents=True, exist_ok=True)
        self._lock.enter_context(build_lock(self.final))
        return prepare_staging(self.staging)

    def finish(self) -> None:
        try:
            swap_in(self.staging, self.final)
        finally:
            self._lock.close()

    def abandon(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        self._lock.close()


def check_output_dir(final: Path, root: Path, sources: list[Path], label: str = "--site-dir") -> None:
    """Refuse an output folder whose replacement would delete the project or anything but a site."""
    final, root = final.resolve(), root.resolve()
    shown = f"{label} {final}"
    if root.is_relative_to(final):
        raise SiteDirRefused(f"{shown} is the project folder or one of its parents, which a build would "
                             "delete; choose a folder of its own, e.g. 'site'")
    for source in sources:
        source = source.resolve()
        if final.is_relative_to(source) or source.is_relative_to(final):
            raise SiteDirRefused(f"{shown} is or holds the source folder {source}; builds never write "
                                 "into the sources, so choose a folder of its own, e.g. 'site'")
    if final.exists() and not final.is_dir():
        raise SiteDirRefused(f"{shown} is a file, not a folder; choose another path")
    if final.is_dir() and any(final.iterdir()) and not is_previous_build(final):
        raise SiteDirRefused(f"{shown} holds files that are not a site built by this tool (it has no "
                             f"{MARKER}); empty it or choose another folder, so that nothing else is deleted")


def is_previous_build(folder: Path) -> bool:
    return (folder / MARKER).is_file() or all((folder / name).is_file() for name in _MKDOCS_FOOTPRINT)


@contextlib.contextmanager
def build_lock(final: Path, *, wait: float = LOCK_WAIT_SECONDS, say: Callable[[str], None] | None = None
               ) -> Iterator[None]:
    """Hold the exclusive build lock of `final` for the duration of the block; wait for another holder."""
    import fcntl  # POSIX only; imported here so that the module loads everywhere

    path = final.with_name(f".{final.name}.lock")
    say = say or (lambda message: print(message, file=sys.stderr))
    with open(path, "a+", encoding="utf-8") as handle:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    say(f"{path}: waiting for the build by pid {holder} to finish")
                    told = True
                if time.monotonic() > deadline:
                    raise SiteDirRefused(f"{path}: another build (pid {holder}) has held the lock for "
                                         f"{wait:.0f} s; wait for it, or stop it") from None
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def swap_in(staging: Path, final: Path) -> None:
    """Put the finished site in `staging` in place of `final`, with no moment without a site."""
    (staging / MARKER).write_text("Built by `notices build`; the next build replaces this folder.\n",
                                  encoding="utf-8")
    if not final.exists():
        staging.rename(final)
        return
    if _exchange(staging, final):
        delete_files(staging)  # now the previous site: its folders are the next build's (see the docstring)
        return
    # No atomic exchange here (not Linux, or a file system without it): two renames, a moment apart.
    previous = final.with_name(f".{final.name}.previous")
    shutil.rmtree(previous, ignore_errors=True)
    final.rename(previous)
    staging.rename(final)
    shutil.rmtree(previous, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with Linux's renameat2; False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    # The process's own symbols, libc's among them: `ctypes.util.find_library` would run `ldconfig -p` in a
    # child process on every build (a fork of the whole build, for a name the process has already loaded).
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))
