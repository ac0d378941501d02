"""The package's import graph, read from the source with `ast`: modules, layers, upward imports, cycles.

Every import counts, wherever it is written (inside functions and `if TYPE_CHECKING:` too), since
a hidden import still ties two modules together. Run it to print the figures:

    .venv/bin/python tests/module_graph.py [PACKAGE_DIR] [--flat]

`--flat` measures a tree from before the layer folders (commit 5392ffb and earlier): each module
is counted in the layer the refactor moved it to (`FLAT_LAYOUT`).
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
LAYERS = ("source", "library", "analyses", "outputs", "adapters")
"""The layers in data-path order: a module may import from its own layer and the ones before it."""

Graph = dict[str, set[str]]

FLAT_LAYOUT = {
    "source": ("problems", "yamlio", "model", "validation", "inline", "index", "references", "lock", "schema", "dates"),
    "library": ("loader", "timeline", "versions"),
    "analyses": ("redline", "changes", "compliance"),
    "outputs": ("pages", "render", "urls", "feed", "banner", "notify", "compliance.page"),
    "adapters": ("cli", "plugin", "build", "compliance.command"),
}
"""Where each module of the flat layout went, for the before-and-after figures."""


def flat_layer_of(module: str) -> str | None:
    rest = module.removeprefix("generator").lstrip(".")
    matches = [(len(prefix), layer) for layer, prefixes in FLAT_LAYOUT.items() for prefix in prefixes
               if rest == prefix or rest.startswith(prefix + ".")]
    return max(matches)[1] if matches else None


def module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_graph(package: Path = PACKAGE) -> Graph:
    """Each module of the package and the package modules it imports."""
    paths = {module_name(p, package): p for p in sorted(package.rglob("*.py"))}
    graph: Graph = {}
    for name, path in paths.items():
        here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = here[: len(here) - node.level + 1] if node.level else []
                module = ".".join(base + (node.module.split(".") if node.module else []))
                for alias in node.names:
                    submodule = f"{module}.{alias.name}"
                    imported.add(submodule if submodule in paths else module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
        graph[name] = {m for m in imported if m in paths and m != name}
    return graph


def defined_names(package: Path = PACKAGE) -> dict[str, list[str]]:
    """Public classes, functions and type aliases defined at the top of each module, by name.

    Compliance checks are left out: `@check(...)` registers them by id, and nothing imports them by name.
    """
    found: dict[str, list[str]] = {}
    for path in sorted(package.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef | ast.FunctionDef):
                registered = any(isinstance(d, ast.Call) and getattr(d.func, "id", "") == "check"
                                 for d in node.decorator_list)
                name = "" if registered else node.name
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                # A CamelCase assignment is a type alias (`Loc = tuple[...]`); CONSTANTS are not types.
                target = node.targets[0].id
                name = target if target[:1].isupper() and not target.isupper() else ""
            else:
                name = ""
            if name and not name.startswith("_"):
                found.setdefault(name, []).append(module_name(path, package))
    return found


def layer_of(module: str) -> str | None:
    """The layer a module belongs to: the package folder it sits in (None for the package itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def upward_imports(graph: Graph, layer: Callable[[str], str | None] | None = None) -> list[tuple[str, str]]:
    """Imports from a module to a module of a later layer, or between a layered and an unlayered module."""
    layer = layer or layer_of
    found = []
    for module, imports in graph.items():
        for target in imports:
            source_layer, target_layer = layer(module), layer(target)
            if source_layer is None or target_layer is None or LAYERS.index(target_layer) > LAYERS.index(source_layer):
                found.append((module, target))
    return sorted(found)


def cycles(graph: Graph) -> list[list[str]]:
    """Groups of modules that import each other, directly or through others (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(groups)


def main(package: Path = PACKAGE, flat: bool = False) -> None:
    graph = module_graph(package)
    if flat:
        # The package itself re-exported the hub modules then; it sat above them all, like an adapter.
        graph = {m: imports for m, imports in graph.items() if m != "generator"}
    layer = flat_layer_of if flat else layer_of
    layers = sorted({name for module in graph if (name := layer_of(module))}, key=LAYERS.index)
    upward = upward_imports(graph, layer)
    loops = cycles(graph)
    print(f"modules: {len(graph)}, imports between them: {sum(map(len, graph.values()))}")
    print(f"layers: {len(layers)} ({' -> '.join(layers)})" + (", counted as the refactor placed them" if flat else ""))
    for name in LAYERS:
        print(f"  {name}: {sum(1 for m in graph if layer(m) == name)} modules")
    print(f"upward imports: {len(upward)}")
    for module, target in upward:
        print(f"  {module} -> {target}")
    print(f"cycles: {len(loops)}")
    for loop in loops:
        print(f"  {' <-> '.join(loop)}")


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--flat"]
    main(Path(arguments[0]).resolve() if arguments else PACKAGE, flat="--flat" in sys.argv)
