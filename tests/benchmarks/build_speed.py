"""Benchmark: the notices build against plain MkDocs on the same pages.

Makes a project with one notice of VERSIONS versions (copies of the 2021 Coursera notice, each
with a reworded sentence), then times, in fresh processes:

1. `notices build` (YAML -> pages -> MkDocs + Material), and
2. `mkdocs build` of the very same generated pages as plain Markdown files (no notices plugin).

Prints wall times, peak memory and the ratio. Run: `python tests/benchmarks/build_speed.py [VERSIONS]`.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def make_project(folder: Path, versions: int) -> None:
    for name in ("site_config", "templates"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    notice = folder / "notices" / "privacy"
    notice.mkdir(parents=True)
    shutil.copy(ROOT / "notices" / "privacy" / "notice.yaml", notice / "notice.yaml")
    source = (ROOT / "notices" / "privacy" / "2021-01-01.yaml").read_text(encoding="utf-8")
    day = dt.date(2001, 1, 1)
    for number in range(versions):
        text = source.replace("effective: 2021-01-01", f"effective: {day}")
        text = text.replace("Please read this Privacy Notice carefully",
                            f"Please read this Privacy Notice (revision {number}) carefully")
        (notice / f"{day}.yaml").write_text(text, encoding="utf-8")
        day += dt.timedelta(days=40)


# Runs the command in a fresh parent, so that the peak memory reported is that command's alone.
_MEASURE = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)")


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak resident memory in MB of one run of `command`."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _MEASURE, *command], cwd=cwd, capture_output=True, text=True,
                            env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(Path(sys.executable).parent)})
    elapsed = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr}")
    return elapsed, int(result.stdout.split()[-1]) // 1024


def main(versions: int) -> None:
    with tempfile.TemporaryDirectory() as temp:
        project = Path(temp) / "project"
        make_project(project, versions)
        as_of = "2030-01-01"
        ours, ours_mb = timed([str(Path(sys.executable).parent / "notices"), "build", "--as-of", as_of,
                               "--site-dir", str(Path(temp) / "site-notices")], project)
        # The same pages, written out as Markdown for plain MkDocs.
        docs = Path(temp) / "plain" / "docs"
        script = ("import datetime, pathlib; from generator import load_library, render_pages;"
                  "from generator.outputs.page import write_pages;"
                  f"write_pages(render_pages(load_library(pathlib.Path('{project}')), "
                  f"datetime.date.fromisoformat('{as_of}')), pathlib.Path('{docs}'))")
        subprocess.run([sys.executable, "-c", script], check=True)
        config = (project / "mkdocs.yml").read_text(encoding="utf-8")
        config = config.replace("docs_dir: site_config/pages", "docs_dir: docs").replace("  - notices\n", "")
        config += "extra_css: [assets/notices.css]\n"
        (docs.parent / "mkdocs.yml").write_text(config, encoding="utf-8")
        shutil.copytree(project / "templates", docs.parent / "templates")  # the theme overrides
        plain, plain_mb = timed([sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir",
                                 str(Path(temp) / "site-plain")], docs.parent)
        pages = sum(1 for _ in docs.rglob("*.md"))
        print(f"{versions} versions, {pages} pages")
        print(f"notices build : {ours:6.2f} s  ({ours / pages * 1000:5.1f} ms/page), peak {ours_mb} MB")
        print(f"plain mkdocs  : {plain:6.2f} s  ({plain / pages * 1000:5.1f} ms/page), peak {plain_mb} MB")
        print(f"ratio         : {ours / plain:.2f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
