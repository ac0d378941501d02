"""Where each generated page goes (its source path) and its address, computed the way MkDocs does."""

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
    relative = _relpath(target or ".", base or ".")
    if target.endswith("/") or target == "":
        relative = "./" if relative == "." else relative + "/"
    return relative


def _relpath(path: str, start: str) -> str:
    """`posixpath.relpath(path, start)` of two site-relative paths, without the working folder.

    relpath makes both absolute against the working folder (a system call and two normalisations each: 15 us, 500
    links on the pages an edit of the newest of 100 versions renders again). Neither path climbing out of the
    site (no `..`) and neither absolute, the working folder's parts lead both and drop out: the root stands for it
    exactly."""
    if path.startswith("/") or start.startswith("/") or ".." in path.split("/") or ".." in start.split("/"):
        return posixpath.relpath(path, start)
    return posixpath.relpath("/" + path, "/" + start)


def notice_src(notice_id: str) -> str:
    return f"{notice_id}/index.md"


def version_src(notice_id: str, date: str) -> str:
    return f"{notice_id}/{date}.md"


def redline_src(notice_id: str, date: str) -> str:
    """The redline of the version effective on `date` against the version before it."""
    return f"{notice_id}/{date}/redline.md"


def compare_src(notice_id: str, date: str, old_date: str) -> str:
    """The comparison of the version effective on `date` with an earlier one, other than the one before it."""
    return f"{notice_id}/{date}/compare/{old_date}.md"


def history_src(notice_id: str) -> str:
    return f"{notice_id}/history.md"


def compliance_src(notice_id: str) -> str:
    return f"{notice_id}/compliance.md"


def pdf_src(notice_id: str, date: str) -> str:
    """A version's archival PDF (outputs/archive_pdf.py), beside its page, named for when it is downloaded."""
    return f"{notice_id}/{date}/{notice_id}-{date}.pdf"


def feed_src(notice_id: str) -> str:
    return f"{notice_id}/feed.xml"


def absolute_url(site_url: str, src: str, directory_urls: bool = True) -> str:
    """The full URL of a page, for what is read away from the site: feeds, the embeddable banner."""
    return site_url.rstrip("/") + "/" + page_url(src, directory_urls)
