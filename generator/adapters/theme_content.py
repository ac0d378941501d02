"""A page's theme HTML kept apart from its content: after an edit, a page whose content alone changed is not
rendered through the theme again.

Editing the version in force changes its comparison with every earlier version: at 100 versions 99 pages,
each rendered again through Material's main.html (about 4 ms a page) though nothing around its content
changed. Material reads a page's content in two places only: `{{ page.content }}`, where it is inserted,
and `"<h1" not in page.content`, which decides whether to add a title. So the HTML around any content that
answers the same tests is the same, and `ThemeMemo` keys such a page by everything but its content, plus the
answers; an entry holds the HTML before and after the content.

When that holds is checked twice:
- in the templates, before a page is rendered (`content_tests`): the template and every template it may
  extend, include or import (a name built at render time counts as every template it may give; Material's
  icons are SVG files without template code) read the content of `page` only as `{{ page.content }}` or
  `"literal" in page.content` (`not in` too), read no `content` of anything else, name no attribute
  "content" by string, and never rebind `page`. Otherwise pages are keyed by their content, as before;
- while a page is rendered (`tracked_render`): the template gets the content as a string that notes what is
  done with it, and the HTML is kept apart from the content only if the content was turned into text once
  (inserted), asked nothing but the tests found in the templates, and occurs exactly once in the HTML (so the
  place it occurs at is where it was inserted).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, TemplateError, nodes

from ..outputs.template_files import SnapshotLoader

ICONS = ".icons"
"""Material's icons, included by names built at render time: SVG files, no template code."""
CONTENT = "content"
READS = re.compile(r"""\.\s*content\b|["']content["']|\bpage\b|\b(?:extends|include|import|from)\b""")
"""What a template must hold to read a page's content, rebind `page` or use another template: one holding none of
it need not be parsed."""


class TrackedContent(str):
    """A page's content while a template renders it, noting each thing done with it in `done`."""

    done: list[tuple[str, object]]

    def __new__(cls, text: str) -> TrackedContent:
        tracked = super().__new__(cls, text)
        tracked.done = []
        return tracked

    def __str__(self) -> str:
        self.done.append(("text", None))
        return str.__str__(self)

    def __contains__(self, part: object) -> bool:
        self.done.append(("in", part))
        return str.__contains__(self, part)  # type: ignore[operator]  # a part that is no str raises, as it would

    def __radd__(self, other: str) -> str:  # `"x" + content` asks the subclass first
        self.done.append(("__add__", None))
        return other + str.__str__(self)

    def __getattribute__(self, name: str) -> Any:
        if name != "done":  # a method (`upper`, `startswith`…): something else done with the content
            object.__getattribute__(self, "done").append(("attribute", name))
        return object.__getattribute__(self, name)


def _noting(operation: str) -> Callable[..., Any]:
    original = getattr(str, operation)

    def noted(self: TrackedContent, *args: Any) -> Any:
        object.__getattribute__(self, "done").append((operation, None))
        return original(self, *args)

    return noted


# What Python calls on a string without looking its methods up by name: each is something else done with it.
for _operation in ("__len__", "__getitem__", "__iter__", "__eq__", "__ne__", "__lt__", "__le__", "__gt__",
                   "__ge__", "__hash__", "__add__", "__mul__", "__rmul__", "__mod__", "__rmod__", "__format__",
                   "__repr__", "__bytes__" if hasattr(str, "__bytes__") else "__sizeof__"):
    setattr(TrackedContent, _operation, _noting(_operation))
TrackedContent.__html__ = _noting("__str__")  # type: ignore[attr-defined]  # escaping: not an insertion as is


def tracked_render(render: Callable[[], str], page: Any, tests: tuple[str, ...]) -> tuple[str, list[str] | None]:
    """`render()` with `page`'s content tracked: the HTML, and the HTML before and after the content when the HTML
    depends on the content only where it is inserted (else None)."""
    content = page.content
    tracked = TrackedContent(content)
    page.content = tracked
    try:
        html = render()
    finally:
        page.content = content
    inserted = tracked.done.count(("text", None)) == 1
    asked = all(what == "text" or (what == "in" and part in tests) for what, part in tracked.done)
    at = html.find(content) if content else -1
    if inserted and asked and at >= 0 and html.rfind(content) == at:  # once: overlapping occurrences counted too
        return html, [html[:at], html[at + len(content):]]
    return html, None


def answers(content: str, tests: tuple[str, ...]) -> list[bool]:
    """What the templates' tests of a page's content answer for `content`."""
    return [test in content for test in tests]


def theme_file_paths(folder: Path) -> list[Path]:
    """Every file under the theme folder `folder` but Material's icons (thousands of SVG files, named by
    Material's version), sorted."""
    found = []
    for parent, subfolders, files in os.walk(folder):
        subfolders[:] = sorted(name for name in subfolders if name != ICONS)
        found += [Path(parent, name) for name in files]
    return sorted(found)


def template_names(loader: FileSystemLoader) -> list[str]:
    """The files of the loader's folders by template name, but Material's icons; a folder read from a snapshot
    (template_files.py) as the snapshot holds it."""
    names: set[str] = set()
    for folder in loader.searchpath:
        snapshot = loader.snapshots[folder] if isinstance(loader, SnapshotLoader) else None
        names.update(snapshot.files if snapshot else
                     (path.relative_to(folder).as_posix() for path in theme_file_paths(Path(folder))))
    return sorted(names)


def content_tests(env: Environment, name: str) -> tuple[str, ...] | None:
    """The literals that the template `name`, and every template it may use, test a page's content for, if they
    read it only as the module says; else None."""
    if not isinstance(env.loader, FileSystemLoader):
        return None
    names = template_names(env.loader)
    tests: set[str] = set()
    seen: set[str] = set()
    waiting = [name]
    while waiting:
        current = waiting.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            source, filename, _ = env.loader.get_source(env, current)
            if not READS.search(source):
                continue
            tree = env.parse(source, current, filename)
        except (TemplateError, OSError):
            return None
        used = _uses(tree, names, tests)
        if used is None:
            return None
        waiting += used
    return tuple(sorted(tests))


def _uses(tree: nodes.Template, names: list[str], tests: set[str]) -> list[str] | None:
    """The templates `tree` may use, its tests of the content added to `tests`; None if it reads it otherwise."""
    used: list[str] = []
    tested: set[int] = set()
    """The reads of `page.content` in `"literal" in page.content`, found at their comparison (visited first)."""
    for node, parent in _with_parents(tree, None):
        if isinstance(node, nodes.Name) and node.name == "page" and node.ctx != "load":
            return None  # `page` rebound: its content might be another page's
        if isinstance(node, nodes.Const) and node.value == CONTENT:
            return None  # an attribute named by string: `page["content"]`, `attr("content")`, `map(attribute=…)`
        if isinstance(node, nodes.Compare) and len(node.ops) == 1 and node.ops[0].op in ("in", "notin") \
                and _is_page_content(node.ops[0].expr) and isinstance(node.expr, nodes.Const) \
                and isinstance(node.expr.value, str):
            tests.add(node.expr.value)
            tested.add(id(node.ops[0].expr))
        if isinstance(node, nodes.Getattr) and node.attr == CONTENT and id(node) not in tested and not (
                _is_page_content(node) and isinstance(parent, nodes.Output)):
            return None  # another object's content (which may be this page's), or the page's used otherwise
        if isinstance(node, (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
            named = _named(node.template, names)
            if named is None:
                return None
            used += named
    return used


def _is_page_content(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Getattr) and node.attr == CONTENT and isinstance(node.node, nodes.Name) \
        and node.node.name == "page"


def _named(expression: nodes.Expr, names: list[str]) -> list[str] | None:
    """The templates an `extends`, `include` or `import` may name; None when it might name any."""
    if isinstance(expression, nodes.Const):
        values = expression.value if isinstance(expression.value, (list, tuple)) else [expression.value]
        return [str(value) for value in values]
    if isinstance(expression, (nodes.List, nodes.Tuple)):
        found = [_named(item, names) for item in expression.items]
        return None if any(each is None for each in found) else [name for each in found for name in each or []]
    parts = expression.nodes if isinstance(expression, nodes.Concat) else []
    prefix = parts[0].value if parts and isinstance(parts[0], nodes.Const) else None
    if not isinstance(prefix, str) or not prefix:
        return None
    if prefix.startswith(ICONS + "/"):
        return []
    return [name for name in names if name.startswith(prefix)]


def _with_parents(tree: nodes.Node, parent: nodes.Node | None) -> Iterator[tuple[nodes.Node, nodes.Node | None]]:
    """Every node of `tree` with its parent, parents first."""
    waiting: list[tuple[nodes.Node, nodes.Node | None]] = [(tree, parent)]
    while waiting:
        node, above = waiting.pop()
        yield node, above
        waiting += [(child, node) for child in reversed(list(node.iter_child_nodes()))]
