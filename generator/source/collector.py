"""Python's cycle collector paused while a command builds up what it keeps: modules, a loaded library.

A thousand loaded versions are millions of live objects, which every collection walks again: with the
collector on, loading them took 40 % longer (`library/loader.py`). Importing the build's modules (MkDocs,
Jinja, pydantic and the schema's models, ours) allocates a few hundred thousand objects that live as long
as the process; each burst of allocations starts a collection, and the collections walked those objects
over and over, a full one among them: 0.05 s of the 0.35 s `notices build` took to import them at 100
versions. Such objects make almost no reference cycles, and reference counting still frees everything else
at once.

The same objects cost again when the process ends: Python's exit runs full collections (before and while
it clears the modules) that walk every live object, about 0.1 s of CPU after an unchanged rebuild at 100
versions. A `notices` command sets them aside as its process exits (`set_aside_at_exit`).
"""

from __future__ import annotations

import atexit
import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector inside; what was allocated meanwhile then joins the oldest generation.

    What is allocated while paused waits in the youngest generation, which the first collection after this
    would walk whole (0.36 s for a thousand loaded versions): freezing and unfreezing moves it to the oldest
    generation in one step, walking nothing.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def set_aside_at_exit() -> None:
    """At the process's exit, set every live object aside (`gc.freeze`).

    The collections of Python's exit then walk nothing: what is alive then is freed by reference counting
    as the modules are cleared, or not at all, as Python does not promise for objects in reference cycles.
    Registered once however often a process runs a command (tests run many). Every exit handler still runs:
    those registered while the command ran (later, so earlier) before this one, those registered before it
    (at import) after it, with the collector's walks skipped but reference counting freeing as usual.
    """
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
