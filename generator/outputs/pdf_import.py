"""ReportLab imported without compiling the regular expressions it keeps for what the archival PDFs never do.

An edited rebuild lays out one PDF, in a process that has not imported ReportLab yet: the import is about a
third of what that PDF costs. A third of the import was `re` compiling two patterns whose character classes
range to U+FFFF: `platypus.paragraph.uri_pat`, case-insensitive (splitting a long URL when hyphenating;
about 30 ms: `re` case-folds each of the 65,000 characters of each range) and `lib.textsplit.rx` (wrapping
CJK text, 3 ms). So while this module imports ReportLab's layout modules, a pattern that a ReportLab module
compiles and that ranges to U+FFFF is a `PatternOnFirstUse`: `re` compiles it, with the same flags, when it
is first used, which the PDFs never do. Everything else is compiled as before.

ReportLab's utilities also import Pillow's `PIL.Image`, for bitmaps, which the PDFs never hold: its C library
and its tables of EXIF and TIFF tags are about a quarter of the import. Unless something imported it before,
it is put in place as a `ModuleOnFirstUse`, which imports it when one of its attributes is first read, written
or listed, and hands that on to it: a program using Pillow in this process still gets all of it. The import
system's own locks serialise that import, so threads reading it at once all get the one module (the
standard library's `LazyLoader` does not on Python 3.11).
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
import threading
import types
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import Any

LAST_CHARACTER = "\uffff"
"""What a pattern worth compiling only when used has: a character class ranging to the end of the BMP."""


class PatternOnFirstUse:
    """A compiled regular expression, compiled when one of its attributes (`match`, `flags`...) is first read."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.arguments = pattern, flags  # a name no pattern has: `pattern` and `flags` are read from the compiled

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        return _compile(*self.arguments)

    def __getattr__(self, name: str) -> Any:  # called only for what the instance lacks: the pattern's methods
        return getattr(self.compiled, name)


_compile = re.compile


def _compile_slow_ones_on_first_use(pattern: Any, flags: int = 0) -> Any:
    """`re.compile`, but a ReportLab module's pattern ranging to U+FFFF, compiled when first used."""
    caller = sys._getframe(1).f_globals.get("__name__", "")
    if isinstance(pattern, str) and LAST_CHARACTER in pattern and caller.startswith("reportlab."):
        return PatternOnFirstUse(pattern, flags)
    return _compile(pattern, flags)


@contextmanager
def _patterns_on_first_use() -> Iterator[None]:
    re.compile = _compile_slow_ones_on_first_use
    try:
        yield
    finally:
        re.compile = _compile


class ModuleOnFirstUse(types.ModuleType):
    """Stands for the module `name` in the modules that imported it while it stood in `sys.modules` (and in its
    package): the first attribute read, written or listed imports the module, and every one is handed on to it.

    Its own namespace is empty, so `__spec__`, `__name__` and the module's other attributes are the module's."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        vars(self).clear()  # `__name__`, `__doc__`, `__spec__`...: read from the module itself
        object.__setattr__(self, "_standing_for", name)  # a name no module has; read from the instance only

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._module(), attribute)

    def __setattr__(self, attribute: str, value: Any) -> None:
        setattr(self._module(), attribute, value)

    def __delattr__(self, attribute: str) -> None:
        delattr(self._module(), attribute)

    def __dir__(self) -> list[str]:
        return dir(self._module())

    def __repr__(self) -> str:
        return repr(self._module())

    def _module(self) -> types.ModuleType:
        name = object.__getattribute__(self, "_standing_for")
        if sys.modules.get(name) is self:
            with _SWAPPING:
                if sys.modules.get(name) is self:
                    del sys.modules[name]
        # Imported afresh, or found once imported: `import_module` takes the module's import lock, so a thread
        # importing it meanwhile (the entry gone) waits for the one import and gets the same module.
        return importlib.import_module(name)


_SWAPPING = threading.Lock()


@contextmanager
def _imported_on_first_use(name: str) -> Iterator[None]:
    """Module `name` (of a package) stands in `sys.modules` and its package while the block runs, unless it is
    imported already or cannot be found (then importing it fails or succeeds as it would have). Only the modules
    the block imports keep the stand-in; afterwards everyone else imports the module itself, as without the tool."""
    if name in sys.modules:
        yield
        return
    try:
        spec = importlib.util.find_spec(name)  # imports the package itself
    except ImportError:
        spec = None
    if spec is None:
        yield
        return
    package, _, attribute = name.rpartition(".")
    stand_in = ModuleOnFirstUse(name)
    sys.modules[name] = stand_in
    setattr(sys.modules[package], attribute, stand_in)  # as importing it sets it
    try:
        yield
    finally:
        with _SWAPPING:
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
            if getattr(sys.modules[package], attribute, None) is stand_in:
                delattr(sys.modules[package], attribute)


with _imported_on_first_use("PIL.Image"), _patterns_on_first_use():  # the modules the layout uses
    import reportlab.platypus  # noqa: F401
