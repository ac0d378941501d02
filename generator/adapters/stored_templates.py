"""Compiled templates kept between builds, in a folder of the user's cache that only this user can use.

Every build compiled each template it used again: the generator's own and the theme's, about fifty,
0.5 s of a first build's CPU at 100 versions. `StoredTemplates` is the plugin's Jinja bytecode cache
(`compiled_templates.CompiledTemplates`: in memory, for `mkdocs serve`) that also keeps each entry on
disk. The key is `CompiledTemplates`': the template's name and file and everything else compiling
reads from the environment. Jinja stores with the code the SHA-1 of the source it was compiled from
and the Python version, and compiles again when either differs, so an edited template is never run
from a stale entry.

The folder is `templates/` beside the PDF cache (`$NOTICES_CACHE_DIR`, or `~/.cache/privacy-notices/`),
not the project's `.cache/notices/`: compiled code depends on the templates alone, not on the project's
data, so it outlives a deleted project cache as Python's own `__pycache__` does. Bytecode is code
that the build runs, so the folder is used only if it is a real folder (not a link) that this user
owns and no one else may read, write or enter (it is made with mode 0o700, as Jinja's own default
folder is), checked on the opened folder so that it cannot be swapped after the check; an entry is
read only if it is a regular file of this user's, opened through that folder without following links (the rule
the PDF memo follows too: `outputs/private_folder.py`).
Otherwise templates are compiled as before, with one line in the log saying why. Only templates a
loader found reach a bytecode cache (Jinja never caches `from_string`); YAML is never template source.
The folder is opened and checked once per build (`compiled_once` starts a build; under `notices build`, the
theme's is checked once more, for the environments Material's search plugin makes first: `theme_compiled`), not
for every template loaded: its descriptor serves the build's fifty templates, and a later build opens and checks
it again.
"""

from __future__ import annotations

import logging
import os
import weakref
from contextlib import suppress
from pathlib import Path

from jinja2 import Environment
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig

from ..outputs.pdf_cache import delete_oldest, modified, user_cache_dir
from ..outputs.private_folder import open_private, read_entry, write_entry
from .compiled_templates import CompiledTemplates

log = logging.getLogger("mkdocs.plugins.notices")


def templates_folder() -> Path:
    """`templates/` in the user's cache for this tool."""
    return user_cache_dir() / "templates"


class StoredTemplates(CompiledTemplates):
    """Compiled templates in memory and in a folder on disk, which is checked once per build."""

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.fixed = folder
        """The folder; by default `templates_folder()` when used (MkDocs may keep the plugin for several builds)."""
        self.refused: dict[Path, str] = {}
        """Folders found unsafe, and why (each logged once)."""
        self.checked = False
        """Whether this build's folder is opened and checked: when the build's first template is loaded or stored."""
        self.descriptor: int | None = None
        """This build's folder, once checked: its descriptor, or None if it is not to be used."""
        self.opened: list[int] = []
        """The descriptors to close: at the next build's start, or with this object."""
        weakref.finalize(self, _close, self.opened)

    def start_build(self) -> None:
        """Open and check the folder again at the next use: a build's folder may not be the last one's."""
        self.checked, self.descriptor = False, None
        _close(self.opened)

    def folder(self) -> int | None:
        """The folder, opened and checked once per build (its descriptor), or None if it is not to be used."""
        if not self.checked:
            self.descriptor, self.checked = self._open(), True
        return self.descriptor

    def _open(self) -> int | None:
        path = self.fixed or templates_folder()
        if path in self.refused:
            return None
        folder, reason = open_private(path)
        if folder is None:
            self._refuse(path, reason or "cannot be opened")
            return None
        self.opened.append(folder)
        return folder

    def _refuse(self, path: Path, reason: str) -> None:
        self.refused[path] = reason
        log.info(f"Compiled templates are not kept in {path}: {reason}.")

    def load_bytecode(self, bucket: Bucket) -> None:
        super().load_bytecode(bucket)
        if bucket.code is not None:
            return
        folder = self.folder()
        if folder is None:
            return
        code = read_entry(folder, bucket.key)
        if code is None:
            return
        try:
            bucket.bytecode_from_string(code)  # Jinja drops it if the source or Python differ
        except Exception:  # a damaged entry (its checksum is unpickled before Jinja checks the code)
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        super().dump_bytecode(bucket)
        folder = self.folder()
        if folder is None:
            return
        write_entry(folder, bucket.key, self.code[bucket.key])
        _keep_newest(folder, KEPT)


KEPT = 1000
"""Entries kept (about 12 MB): a project's builds use about fifty. A template's entry is keyed by its file, so
projects at other places (a fresh clone, the test suite's temporary copies) add their own."""


def _keep_newest(folder: int, kept: int) -> None:
    """Past `kept` entries, delete all but the newest four fifths of them (checked only when one is written:
    compiling is rare once a project's templates are stored). A deleted entry still in use is compiled again."""
    delete_oldest(os.listdir(folder), kept, lambda name: modified(name, folder),
                  lambda name: os.unlink(name, dir_fd=folder))


def _close(descriptors: list[int]) -> None:
    while descriptors:
        with suppress(OSError):
            os.close(descriptors.pop())


def compiled_templates() -> dict[str, CompiledTemplates]:
    """The plugin's caches of compiled templates: the generator's pages' and the theme's."""
    return {"pages": StoredTemplates(), "theme": StoredTemplates()}


def compiled_once(env: Environment, compiled: CompiledTemplates) -> None:
    """`env` takes its compiled templates from `compiled`, and no longer checks a template's file for changes each
    time a page uses it (a `stat` per include, thousands a build): the plugin's environments, the generator's
    and the theme's (MkDocs makes it anew for every build, `mkdocs serve`'s rebuilds too), each serve one build."""
    _takes_compiled(env, compiled)
    _start_build(compiled)


def _takes_compiled(env: Environment, compiled: CompiledTemplates) -> None:
    env.bytecode_cache = compiled
    env.auto_reload = False


def _start_build(compiled: CompiledTemplates) -> None:
    if isinstance(compiled, StoredTemplates):
        compiled.start_build()


def theme_compiled(config: MkDocsConfig, compiled: CompiledTemplates) -> None:
    """Every environment the theme of `config` makes takes its compiled templates from `compiled`, not only the one
    MkDocs renders pages with (`compiled_once`, from the plugin's `on_env`): Material's search plugin makes three
    of its own while it reads the config, each compiling the theme's language templates again (`notices build`).
    They are made before the plugin's `on_env`, so the build starts here: they use the folder it names."""
    _start_build(compiled)
    make = config.theme.get_env

    def get_env() -> Environment:
        env = make()
        _takes_compiled(env, compiled)
        return env

    setattr(config.theme, "get_env", get_env)  # noqa: B010  # an instance attribute, for this build's theme only
