"""Version files already loaded, kept for the next load of the same project (a preview's next rebuild).

What the loader makes of a version file (the validated document, its data, the problems validation
found, its content hash and its index of ids) is a function of the file's path and bytes alone, so a
file whose bytes hash the same (`yaml_key`, which also rechecks that the file may be read) is not
parsed, validated or indexed again. Only the files of the last load are kept: memory stays that of
one library.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..source.index import VersionIndex
from ..source.memo import TwoGenerations
from ..source.model import Version
from ..source.problems import PendingProblem


@dataclass(frozen=True)
class LoadedVersion:
    version: Version
    data: Any
    problems: tuple[PendingProblem, ...]
    """What validating the data found (placed afterwards, with the other problems of the load)."""
    digest: str
    index: VersionIndex


LoadedVersions = TwoGenerations[tuple[Path, str], LoadedVersion]
"""The version files of the last load by path and bytes key; each load keeps the ones it used (its generation)."""
