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
    constants and names."""
    namespace: dict[str, Any] = {}
    exec(compile(f"{preamble}\n{source}", "<mirrored>", "exec", dont_inherit=True), namespace)
    if function.__name__ not in namespace:
        return False
    code: CodeType = function.__code__
    mirror: CodeType = namespace[function.__name__].__code__
    return (code.co_code, code.co_consts, code.co_names, code.co_varnames, code.co_flags) == \
        (mirror.co_code, mirror.co_consts, mirror.co_names, mirror.co_varnames, mirror.co_flags)
