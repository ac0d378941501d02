"""What `mkdocs serve` watches in a notices project, and how soon it notices a save.

MkDocs watches with watchdog's `PollingObserver`, which looks at the files every half second: a save
waited a quarter of a second on average (up to half a second) before the rebuild began, a fifth of a
whole preview rebuild at 100 versions. Looking every tenth of a second costs about 0.6 ms of CPU a look
at 100 versions (the folders watched: `notices/`, `site_config/`, `templates/`), well under 1 % of a
core, and a save is seen within a tenth of a second. MkDocs' own wait for a burst of saves to end
(`build_delay`) is left as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..library.loader import NOTICES, SITE_CONFIG

if TYPE_CHECKING:  # watchdog is imported when serving (it takes a build about 30 ms to import)
    from watchdog.observers.api import EventDispatcher, EventEmitter

POLL_SECONDS = 0.1
"""How often the preview looks at the watched files (MkDocs: 0.5 s)."""


def watch_project(server: Any, root: Path) -> Any:
    """Rebuild on any change to the notices, the site's settings and pages, or the templates; and look sooner.
    The server, for `on_serve` to hand back."""
    for watched in (root / NOTICES, root / SITE_CONFIG.parent, root / "templates"):
        if watched.exists():
            server.watch(str(watched))
    poll_sooner(server)
    return server


def poll_sooner(server: Any, interval: float = POLL_SECONDS) -> bool:
    """Make the server's polling observer look every `interval` seconds; False if it has none to change.

    watchdog gives an emitter its interval when a path is scheduled and offers no setter: the observer's
    (read by paths scheduled later, such as mkdocs.yml's `watch:`) and those of the emitters already made
    (the docs folder, mkdocs.yml, the folders above) are its `_timeout`, read again before each look. With
    another observer, or a watchdog without these, nothing changes and MkDocs polls as it would.
    """
    from watchdog.observers.polling import PollingObserver

    observer = getattr(server, "observer", None)
    if not isinstance(observer, PollingObserver):
        return False
    polling: list[EventDispatcher | EventEmitter] = [observer, *observer.emitters]
    if not all(isinstance(getattr(target, "_timeout", None), (int, float)) for target in polling):
        return False
    for target in polling:
        target._timeout = min(target._timeout, interval)
    return True
