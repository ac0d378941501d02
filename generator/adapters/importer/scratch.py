"""A scratch copy of a project: where imports and reviews are built and checked before anything is written."""

from __future__ import annotations

import shutil
from pathlib import Path


def copy_project(root: Path, scratch: Path) -> None:
    """The files a build reads, copied into `scratch`."""
    for name in ("site_config", "notices", "templates"):
        if (root / name).is_dir():
            shutil.copytree(root / name, scratch / name, symlinks=False)
    shutil.copy2(root / "mkdocs.yml", scratch / "mkdocs.yml")
