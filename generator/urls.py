"""Page addresses, computed the way MkDocs computes them, so pages can link to each other."""

from __future__ import annotations

import posixpath


def page_url(src: str, directory_urls: bool = True) -> str:
    """The site-relative URL of the page built from `src` ('privacy/index.md' -> 'privacy/')."""
    stem = src[: -len(".md")] if src.endswith(".md") else src
    if not src.endswith(".md"):
        return src
    if directory_urls:
        if stem == "index" or stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"
    return stem + ".html"


def relative_url(from_src: str, to_src: str, directory_urls: bool = True) -> str:
    """The URL of page `to_src` relative to page `from_src`."""
    source = page_url(from_src, directory_urls)
    target = page_url(to_src, directory_urls)
    base = posixpath.dirname(source) if not source.endswith("/") else source.rstrip("/")
    relative = posixpath.relpath(target or ".", base or ".")
    if target.endswith("/") or target == "":
        relative = "./" if relative == "." else relative + "/"
    return relative
