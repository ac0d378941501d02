"""Shared fixtures: example-site builds (one per as-of date per session), a local HTTP server, Chromium."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from generator.adapters.build import build_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parent.parent
"""The repository root: notices/, site_config/, templates/, mkdocs.yml."""

REFERENCE = ROOT / "tests" / "data" / "coursera-privacy-notice-2021-01-01.txt"
"""Coursera's published Privacy Notice (with the Live2Coursera supplement) that the YAML must reproduce.

A copy kept in the repository, so a clone of it alone passes the tests (tests/data/README.md says where
it comes from)."""

EXAMPLE_AS_OF = date(2021, 6, 1)
"""The as-of date most tests build the example at: the 2021-01-01 versions are in force."""

ARTIFACTS = ROOT / "tests" / "artifacts"
"""Screenshots and other test output worth looking at (git-ignored)."""

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHROMIUM_MISSING = "Chromium not found: install it with `apt-get install chromium` (Debian) to run the browser tests"


def skip_or_fail(message: str) -> None:
    """Skip locally; on CI (the CI environment variable is set) a missing prerequisite is a failure."""
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session", autouse=True)
def user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The user's cache (PDFs, compiled templates, the theme's tests) in a folder of the test session's own, not
    the developer's `~/.cache/privacy-notices/`; a test that sets `NOTICES_CACHE_DIR` itself uses its own."""
    folder = tmp_path_factory.mktemp("user-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NOTICES_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="session")
def build_example(tmp_path_factory: pytest.TempPathFactory) -> Callable[[date], Path]:
    """Build the example project at an as-of date and return the site folder; each date is built once."""
    sites: dict[date, Path] = {}

    def build(as_of: date) -> Path:
        if as_of not in sites:
            folder = tmp_path_factory.mktemp(f"site-{as_of.isoformat()}")
            sites[as_of] = build_site(ROOT, as_of, folder / "site")
        return sites[as_of]

    return build


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example project's sources (not its built site), as the working directory."""
    for name in ("notices", "site_config", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def example_site(build_example: Callable[[date], Path]) -> Path:
    """The example site as of EXAMPLE_AS_OF."""
    return build_example(EXAMPLE_AS_OF)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def serve_site() -> Iterator[Callable[[Path], str]]:
    """Serve a built site over HTTP on 127.0.0.1 (a free port, a background thread); return its base URL.

    Each folder is served once per session; every server is shut down at the end.
    """
    servers: dict[Path, tuple[ThreadingHTTPServer, str]] = {}

    def serve(site: Path) -> str:
        site = site.resolve()
        if site not in servers:
            handler = functools.partial(_QuietHandler, directory=str(site))
            server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
            server.daemon_threads = True
            thread = threading.Thread(target=server.serve_forever, name=f"http {site}", daemon=True)
            thread.start()
            host, port = server.server_address[:2]
            servers[site] = (server, f"http://{host}:{port}/")
        return servers[site][1]

    yield serve
    for server, _ in servers.values():
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def served_site(serve_site: Callable[[Path], str], example_site: Path) -> str:
    """Base URL (ending in '/') of the example site as of EXAMPLE_AS_OF, served over HTTP."""
    return serve_site(example_site)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium driven by Playwright (never Playwright's own browser downloads)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail(f"{CHROMIUM_MISSING} (and Playwright is not importable: pip install -e '.[test]')")
    if not CHROMIUM.exists():
        skip_or_fail(CHROMIUM_MISSING)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page in its own context, 1280x900 so that Material shows the right-hand table of contents."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()
