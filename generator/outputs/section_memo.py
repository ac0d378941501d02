"""A notice section's HTML made once per build for every version page showing the same section.

Versions share nearly all their sections, and rendering the sections through blocks.html's macros was
most of rendering a version's page (about 1.5 ms a page at 100 versions). The shipped `section` macro's
HTML is a function of the section's data, its level and what it asks of the page (`PageContext`):
`paragraphs`, `plain` and `heading` answer from their arguments alone, while `inline` (where links
go: the version's anchors and links, the page's address) and `contact` (the version's contacts) answer
for the page. So a section is rendered once with a page that notes each such question and its answer;
on a later page, a section with the same data and level reuses that HTML only if this page answers
every noted question the same. A macro that reads anything else of the page is not memoised, and only
the `section` macro of a blocks.html that is the shipped one byte for byte is: a project's own may read
anything.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

PURE = frozenset({"paragraphs", "plain", "heading"})
"""What a page answers from the arguments alone."""
ASKED = frozenset({"inline", "contact"})
"""What a page answers for itself: asked again before a section's HTML is reused."""
VARIANTS = 4
"""How many renderings of one section are kept (pages answering differently, such as at another depth)."""

Question = tuple[str, tuple[Any, ...], Any]


class _Noting:
    """A page as the macro sees it: answers as the page does, noting the questions `ASKED`."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.asked: list[Question] = []
        self.other = False
        """Whether the macro read anything but `PURE` and `ASKED`: its HTML is then not reused."""

    def __getattr__(self, name: str) -> Any:
        answer = getattr(self.page, name)
        if name in PURE:
            return answer
        if name not in ASKED:
            self.other = True
            return answer

        def noted(*args: Any) -> Any:
            result = answer(*args)
            self.asked.append((name, args, result))
            return result
        return noted


def macro_file(macro: Any) -> Path | None:
    """The template file `macro` was compiled from, if Jinja says (it names compiled code by its file)."""
    code = getattr(getattr(macro, "_func", None), "__code__", None)
    return None if code is None or getattr(macro, "name", None) != "section" else Path(code.co_filename).resolve()


class SectionMemo:
    """Sections rendered in one build, by the macro, the section's data and its level."""

    def __init__(self, shipped_blocks: Callable[[], Path | None]) -> None:
        """`shipped_blocks()`: the blocks.html the templates read, if it is the shipped one byte for byte."""
        self.shipped_blocks = shipped_blocks
        self.made: dict[tuple[int, int, str, bytes], list[tuple[list[Question], Any]]] = {}
        """By the macro, the level, the section's class and a digest of its data."""
        self.macros: dict[int, tuple[Callable[..., Any], bool]] = {}
        self.hits = 0

    def forget(self) -> None:
        """Let the sections made so far go (a notice's pages are done: the build's peak memory comes later)."""
        self.made.clear()

    def section(self, page: Any, macro: Callable[..., Any], section: Any, level: int) -> Any:
        """`macro(page, section, level)`, or the same HTML rendered for an earlier page that answers alike."""
        known = self.macros.get(id(macro))
        if known is None or known[0] is not macro:
            file = macro_file(macro)
            known = self.macros[id(macro)] = (macro, file is not None and file == self.shipped_blocks())
        dump = getattr(section, "model_dump_json", None)
        if not known[1] or dump is None or type(level) is not int:
            return macro(page, section, level)
        key = (id(macro), level, type(section).__qualname__, hashlib.blake2b(dump().encode()).digest())
        variants = self.made.setdefault(key, [])
        for asked, html in variants:
            if all(getattr(page, name)(*args) == answer for name, args, answer in asked):
                self.hits += 1
                return html
        noting = _Noting(page)
        html = macro(noting, section, level)
        if not noting.other and len(variants) < VARIANTS:
            variants.append((noting.asked, html))
        return html
