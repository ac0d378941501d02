"""`mkdocs serve` shows YAML errors on the page itself, and recovers when they are fixed (a real server)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.project import VERSION, make_project

TIMEOUT = 90.0
"""Seconds a start or a rebuild may take on a busy two-core machine before the test gives up."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, condition: Callable[[str], bool], server: subprocess.Popen[str]) -> BeautifulSoup:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        assert server.poll() is None, "mkdocs serve stopped"
        html = fetch(url)
        if condition(html):
            return BeautifulSoup(html, "html.parser")
        time.sleep(0.3)
    pytest.fail(f"{url} did not change as expected within {TIMEOUT:.0f} s")


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    make_project(tmp_path)
    port = free_port()
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    # Live reload on (the default): it is what watches the files and rebuilds.
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=log, stderr=subprocess.STDOUT, text=True,
    )
    try:
        yield f"http://127.0.0.1:{port}/", server
    finally:
        log.close()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_serve_shows_yaml_errors_on_the_page_and_recovers(tmp_path: Path,
                                                          preview: tuple[str, subprocess.Popen[str]]) -> None:
    base, server = preview
    version = tmp_path / "notices" / "privacy" / "2021-01-01.yaml"
    wait_for(f"{base}privacy/", lambda html: "Who we are" in html, server)

    version.write_text(VERSION.replace("title: Who we are", "titel: Who we are"), encoding="utf-8")
    for address in (f"{base}privacy/", base):
        page = wait_for(address, lambda html: "could not be rebuilt" in html, server)
        problems = [" ".join(li.get_text(" ").split()) for li in page.select(".notice-build-error li")]
        assert problems == ["notices/privacy/2021-01-01.yaml:10:5 error: unknown key 'titel'; did you mean 'title'?"]
        assert "Who we are" not in page.get_text()

    version.write_text(VERSION, encoding="utf-8")
    page = wait_for(f"{base}privacy/", lambda html: "Who we are" in html, server)
    assert not page.select(".notice-build-error")
