"""The package's layers hold: every module imports alone, no import cycles, no upward imports."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from module_graph import LAYERS, PACKAGE, cycles, defined_names, layer_of, module_graph, upward_imports

# One interpreter loads the third-party libraries once, then forks a fresh child per module:
# each child starts with no module of the package loaded, as if it were imported alone.
IMPORT_EACH_ALONE = textwrap.dedent("""
    import importlib, os, sys, traceback
    import click, jinja2, markdown, markupsafe, mkdocs.plugins, pydantic, ruamel.yaml
    failed = []
    for name in sys.argv[1:]:
        pid = os.fork()
        if pid == 0:
            try:
                importlib.import_module(name)
            except BaseException:
                traceback.print_exc()
                os._exit(1)
            os._exit(0)
        if os.waitpid(pid, 0)[1] != 0:
            failed.append(name)
    print("\\n".join(failed))
    sys.exit(1 if failed else 0)
""")


def test_every_module_imports_alone() -> None:
    modules = sorted(module_graph())
    result = subprocess.run([sys.executable, "-c", IMPORT_EACH_ALONE, *modules], capture_output=True, text=True,
                            cwd=PACKAGE.parent, timeout=300)
    assert result.returncode == 0, f"modules that fail to import alone:\n{result.stdout}\n{result.stderr}"


def test_no_import_cycles() -> None:
    assert cycles(module_graph()) == []


def test_imports_only_go_down_the_layers() -> None:
    assert upward_imports(module_graph()) == []


def test_every_module_sits_in_a_layer() -> None:
    graph = module_graph()
    assert [m for m in graph if layer_of(m) is None] == ["generator"]
    assert graph["generator"] == set(), "the package itself imports nothing: each layer is imported on its own"
    assert {layer_of(m) for m in graph} - {None} == set(LAYERS)


def test_graph_check_finds_a_cycle_and_an_upward_import() -> None:
    graph = {"generator.source.a": {"generator.outputs.b"}, "generator.outputs.b": {"generator.source.a"}}
    assert cycles(graph) == [["generator.outputs.b", "generator.source.a"]]
    assert upward_imports(graph) == [("generator.source.a", "generator.outputs.b")]


def test_no_name_is_defined_twice() -> None:
    """One name, one thing: no two modules define a class, function or type alias of the same name."""
    assert {name: modules for name, modules in defined_names().items() if len(modules) > 1} == {}
