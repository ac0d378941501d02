"""The package's import graph, read from the source with `ast`: modules, layers, upward imports, cycles.

Every import counts, wherever it is written (inside functions and `if TYPE_CHECKING:` too), since
a hidden import still ties two modules together. Run it to print the figures:

    .venv/bin/python tests/module_graph.py [PACKAGE_DIR]
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
LAYERS = ("source", "library", "analyses", "outputs", "adapters")
"""The layers in data-path order: a module may import from its own layer and the ones before it."""

Graph = dict[str, set[str]]


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


def upward_imports(graph: Graph) -> list[tuple[str, str]]:
    """Imports from a module to a module of a later layer, or between a layered and an unlayered module."""
    found = []
    for module, imports in graph.items():
        for target in imports:
            source_layer, target_layer = layer_of(module), layer_of(target)
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


def main(package: Path = PACKAGE) -> None:
    graph = module_graph(package)
    layers = sorted({layer for module in graph if (layer := layer_of(module))}, key=LAYERS.index)
    upward = upward_imports(graph)
    loops = cycles(graph)
    print(f"modules: {len(graph)}, imports between them: {sum(map(len, graph.values()))}")
    print(f"layers: {len(layers)} ({' -> '.join(layers)})")
    for layer in layers:
        print(f"  {layer}: {sum(1 for m in graph if layer_of(m) == layer)} modules")
    print(f"upward imports: {len(upward)}")
    for module, target in upward:
        print(f"  {module} -> {target}")
    print(f"cycles: {len(loops)}")
    for loop in loops:
        print(f"  {' <-> '.join(loop)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else PACKAGE)
