"""Whether a library's function is still the one our code mirrors, to the bytecode.

Where a speed-up copies a library's private code (Material's search handler in search_memo.py, MkDocs'
`Page.render` in headings.py), the copy is used only while the library's function compiles to the same
instructions on the same constants and names as the copied source: another version of the library runs its own.
"""

from __future__ import annotations

from collections.abc import Callable
from types import CodeType
from typing import Any


def is_mirrored(function: Callable[..., Any], source: str, preamble: str) -> bool:
    """Whether `function` is, to the bytecode, the one `source` defines in a module that begins with `preamble`
    (the module's imports decide how a module's attributes are looked up): the same instructions on the same
    constants and names. A function defined inside another (MkDocs' filter of theme files) is looked for inside
    the first function `source` defines. Worked out once per function's code (callers ask at every build)."""
    key = (function.__code__, source, preamble)
    if key not in _ANSWERS:
        _ANSWERS[key] = _is_mirrored(function, source, preamble)
    return _ANSWERS[key]


_ANSWERS: dict[tuple[CodeType, str, str], bool] = {}


def _is_mirrored(function: Callable[..., Any], source: str, preamble: str) -> bool:
    module = compile(f"{preamble}\n{source}", "<mirrored>", "exec", dont_inherit=True)
    functions = [c for c in module.co_consts if isinstance(c, CodeType)]
    found = [c for c in functions if c.co_name == function.__name__] or \
        [c for c in functions[0].co_consts if isinstance(c, CodeType) and c.co_name == function.__name__][:1] \
        if functions else []
    return bool(found) and same_code(function.__code__, found[0])


def same_code(code: CodeType, mirror: CodeType) -> bool:
    """The same instructions on the same constants and names; the code of functions nested in them (a generator
    expression, say) compared alike, wherever their lines are."""
    if (code.co_code, code.co_names, code.co_varnames, code.co_freevars, code.co_cellvars, code.co_flags,
            code.co_argcount, code.co_posonlyargcount, code.co_kwonlyargcount) != \
            (mirror.co_code, mirror.co_names, mirror.co_varnames, mirror.co_freevars, mirror.co_cellvars,
             mirror.co_flags, mirror.co_argcount, mirror.co_posonlyargcount, mirror.co_kwonlyargcount) \
            or len(code.co_consts) != len(mirror.co_consts):
        return False
    return all(same_code(a, b) if isinstance(a, CodeType) and isinstance(b, CodeType) else type(a) is type(b) and a == b
               for a, b in zip(code.co_consts, mirror.co_consts, strict=True))
