"""ReportLab imported without compiling the regular expressions it keeps for what the archival PDFs never do.

An edited rebuild lays out one PDF, in a process that has not imported ReportLab yet: the import is about a
third of what that PDF costs. A third of the import was `re` compiling two patterns whose character classes
range to U+FFFF: `platypus.paragraph.uri_pat`, case-insensitive (splitting a long URL when hyphenating;
about 30 ms: `re` case-folds each of the 65,000 characters of each range) and `lib.textsplit.rx` (wrapping
CJK text, 3 ms). So while this module imports ReportLab's layout modules, a pattern that a ReportLab module
compiles and that ranges to U+FFFF is a `PatternOnFirstUse`: `re` compiles it, with the same flags, when it
is first used, which the PDFs never do. Everything else is compiled as before.
"""

from __future__ import annotations

import re
import sys
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


with _patterns_on_first_use():  # the modules the layout uses: paragraph, textsplit and the rest
    import reportlab.platypus  # noqa: F401
