"""Writing a build's archival PDFs into its site at the end, and under `mkdocs serve` linking them instead.

A preview's cached and frozen PDFs are hard links to the PDF cache and to the project's files, not copies: the same
bytes, nothing read or written. Only MkDocs writes into a preview's folder (its own temporary one, removed at the
end), and it writes in place: the links go before it touches the folder again (`PreviewPdfs.unlink`).
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import Abort

from ..outputs.frozen_pdf import FrozenPdfChanged
from ..outputs.pdf_cache import link_stored
from ..outputs.pdf_worker import PendingPdfs


class PreviewPdfs:
    """The site's PDFs that are hard links to the PDF cache or to frozen PDFs, removed before the next build."""

    def __init__(self) -> None:
        self.linked: list[Path] = []

    def unlink(self) -> None:
        linked, self.linked = self.linked, []
        for path in linked:
            path.unlink(missing_ok=True)

    def link(self, pending: PendingPdfs, site_dir: Path) -> None:
        """Link the cached and frozen PDFs of `pending` into the site, leaving in it those that cannot be linked.

        Frozen PDFs are linked to the project's files: their bytes were checked against the lock when the library
        was loaded, and the kept library is used only while every file under notices/ hashes the same
        (kept_project.py), so they are the checked bytes."""
        unlinked = []
        for frozen in pending.frozen:
            target = site_dir / frozen.src
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                target.unlink(missing_ok=True)
                os.link(frozen.path, target)
            except OSError:  # another device: read, checked and written as a build does
                unlinked.append(frozen)
                continue
            self.linked.append(target)
        pending.frozen = tuple(unlinked)
        copied = []
        for job in pending.cached:
            target = site_dir / job.src
            target.parent.mkdir(parents=True, exist_ok=True)
            if link_stored(pending.folder, job.key, target):
                self.linked.append(target)
            else:  # another device, or the cache entry was deleted meanwhile: written as a build writes it
                copied.append(job)
        pending.cached = copied


def write_pdfs(pending: PendingPdfs | None, site_dir: Path, preview: PreviewPdfs | None) -> None:
    """Write the PDFs the worker laid out, as MkDocs writes a generated file (a preview links what it can first)."""
    if pending is not None and preview is not None:
        preview.link(pending, site_dir)
    try:
        for src, data in pending.laid_out() if pending else []:
            target = site_dir / src
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    except FrozenPdfChanged as error:  # after the checks: the build stops, the published site stays
        raise Abort(str(error)) from None
