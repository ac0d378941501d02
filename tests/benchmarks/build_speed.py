"""Benchmark: `notices build` against plain Material building the same pages with the same nav.

Makes projects with one notice of N versions (copies of the 2021 Coursera notice, each one
rewording a sentence, so every redline has something in it), then measures in fresh processes,
alternating the two builds run by run so that a busy machine slows both alike:

* `notices build` with both caches empty, in a project published as a real one is: every version but the
  newest locked by `notices publish`, which froze their archival PDFs into the project (the newest is the
  draft being edited: its PDF is laid out); the same in a project never published (every PDF laid out:
  how a project whose lock froze no PDF builds once); then with the project's cache emptied but the PDFs'
  cache filled (the HTML alone); then again with nothing changed, then after an edit of the newest version
  (both rebuilds find the PDFs cached, so their ratios divide by the HTML-alone first build);
* `mkdocs build` of the very same generated pages as plain Markdown files, with the same nav,
  site URL, banner and feed links, the same PDFs as static files, and no notices plugin;
* a `mkdocs serve` rebuild after one edit (wall time from the write to "Documentation built");
* `notices diff` and `notices validate` in a large project (validate with an empty cache, then with the
  cache it filled), `notices --help` and `mkdocs --help`.

The tool's own modules are byte-compiled before the runs, as MkDocs' and Material's are when installed
(the runs write no bytecode). CPU time is the child's user + system time (from `wait4`, its own children
included) and peak memory the largest sum of the memory (PSS) of the child and all its descendants,
sampled every 20 ms; figures are medians over the runs, peaks the largest. Prints a table and the goals of issue 12.

Run: `make bench` or `python tests/benchmarks/build_speed.py [--sizes 10,100,500] [--runs 3]`;
`--quick` runs every measurement once on tiny projects (the test suite's smoke test).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or loaded from its file by the tests
import measuring
from measuring import Run, Series

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
AS_OF = "2100-01-01"
CACHE = Path(".cache")
PDF_CACHE_ENV = "NOTICES_CACHE_DIR"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
# The sentence each version rewords; it wraps over several lines in the YAML, hence the \s+.
SENTENCE = re.compile(r"Please\s+read\s+this\s+Privacy\s+Notice\s+carefully")


# --- projects -------------------------------------------------------------------------------

def make_project(folder: Path, versions: int, published: bool = True) -> Path:
    """A project whose notice has `versions` versions, each rewording one sentence of the last.

    `published`: every version but the newest is locked by `notices publish` (which freezes their PDFs into
    the project), as in a real project whose newest version is the draft being edited."""
    for name in ("site_config", "templates"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    notice = folder / "notices" / "privacy"
    notice.mkdir(parents=True)
    shutil.copy(ROOT / "notices" / "privacy" / "notice.yaml", notice / "notice.yaml")
    source = (ROOT / "notices" / "privacy" / "2021-01-01.yaml").read_text(encoding="utf-8")
    if not SENTENCE.search(source):
        sys.exit("the sentence the versions reword is no longer in notices/privacy/2021-01-01.yaml")
    source = re.sub(r"(?m)^announced:.*\n", "", source)
    day = dt.date(1990, 1, 1)
    for number in range(versions):
        if published and number == versions - 1 > 0:  # lock the others before the draft is written
            publish = notices("publish", "--as-of", str(day - dt.timedelta(days=30)))
            out = subprocess.run(publish, cwd=folder, capture_output=True, text=True, env=ENV)
            if out.returncode:
                sys.exit(f"notices publish failed in {folder}:\n{out.stdout}{out.stderr}")
        text = source.replace("effective: 2021-01-01", f"effective: {day}", 1)
        text = re.sub(r"(?m)^summary:.*$", f"summary: Revision {number} rewords the opening.", text, count=1)
        text = SENTENCE.sub(f"Please read revision {number} of this Privacy Notice carefully", text, count=1)
        (notice / f"{day}.yaml").write_text(text, encoding="utf-8")
        day += dt.timedelta(days=30)
    return folder


def newest_version(project: Path) -> Path:
    return sorted((project / "notices" / "privacy").glob("[0-9]*.yaml"))[-1]


def edit_newest(project: Path, words: str) -> None:
    """Reword the newest version's sentence (the draft: `make_project` does not lock it)."""
    path = newest_version(project)
    text = re.sub(r"Please read revision (\d+)[^\n]*? of this Privacy Notice", rf"Please read revision \1{words} "
                  "of this Privacy Notice", path.read_text(encoding="utf-8"), count=1)
    path.write_text(text, encoding="utf-8")


_PLAIN = """\
import datetime, json, pathlib, sys
from generator.library.loader import load_library
from generator.outputs.page import write_pages
from generator.outputs.site import SiteRenderer
from generator.outputs.feed import SITE_FEED
from generator.outputs.paths import feed_src
project, docs = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
library = load_library(project)
renderer = SiteRenderer(library, datetime.date.fromisoformat(sys.argv[3]))
pages = renderer.pages()
write_pages(pages, docs)
feeds = [{"title": f"{library.site.organisation} privacy notices: changes", "path": SITE_FEED, "notice": ""}]
feeds += [{"title": f"{n.title}: changes", "path": feed_src(n.id), "notice": n.id} for n in renderer.ordered_notices()]
print(json.dumps({"site_url": library.site.site_url, "nav": [{p.title: p.src} for p in pages if p.in_nav],
                  "extra": {"notices_banner": str(renderer.site_banner()), "notices_feeds": feeds}}))
"""


def make_plain(project: Path, folder: Path) -> Path:
    """The pages `notices build` generates, as a plain MkDocs project with the nav the plugin gives them, and
    the archival PDFs a build of `project` writes as static files at the same addresses."""
    out = subprocess.run([sys.executable, "-c", _PLAIN, str(project), str(folder / "docs"), AS_OF],
                         capture_output=True, text=True, env=ENV, cwd=ROOT)
    if out.returncode:
        sys.exit(f"writing the plain pages failed:\n{out.stderr}")
    settings = json.loads(out.stdout)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: site_config/pages", "docs_dir: docs").replace("  - notices\n", "")
    for key in ("site_url", "nav", "extra"):  # JSON is YAML
        config += f"{key}: {json.dumps(settings[key])}\n"
    config += "extra_css: [assets/notices.css]\n"
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(project / "templates", folder / "templates")  # custom_dir: the theme overrides
    site = folder / "pdf-site"
    built = subprocess.run(notices("build", "--as-of", AS_OF, "--site-dir", str(site)), cwd=project,
                           capture_output=True, text=True, env=ENV)
    if built.returncode:
        sys.exit(f"notices build failed in {project}:\n{built.stdout}{built.stderr}")
    for pdf in site.rglob("*.pdf"):
        target = folder / "docs" / pdf.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pdf, target)
    shutil.rmtree(site)
    return folder


# --- measuring ------------------------------------------------------------------------------

def measure(command: list[str], cwd: Path) -> Run:
    """One run of `command` in `cwd`, with the benchmark's environment (`measuring.measure`)."""
    return measuring.measure(command, cwd, ENV)


def notices(*args: str) -> list[str]:
    return [str(BIN / "notices"), *args]


def mkdocs(*args: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", *args]


@dataclass
class SizeResult:
    versions: int
    pages: int
    ours: Series = field(default_factory=Series)
    """First builds with both caches empty: the published versions' PDFs frozen, the draft's laid out."""
    unfrozen: Series = field(default_factory=Series)
    """The same in a project never published: every PDF laid out."""
    html: Series = field(default_factory=Series)
    """First builds with the project's cache empty and the PDFs' cache filled: the HTML alone."""
    plain: Series = field(default_factory=Series)
    unchanged: Series = field(default_factory=Series)
    edited: Series = field(default_factory=Series)


def bench_size(temp: Path, versions: int, runs: int) -> SizeResult:
    project = make_project(temp / f"project-{versions}", versions)
    unpublished = make_project(temp / f"unpublished-{versions}", versions, published=False)
    plain = make_plain(project, temp / f"plain-{versions}")
    result = SizeResult(versions, sum(1 for _ in (plain / "docs").rglob("*.md")))
    build = notices("build", "--as-of", AS_OF, "--site-dir", str(temp / f"site-{versions}"))
    for run in range(runs):
        print(f"  {versions} versions, run {run + 1}/{runs}", file=sys.stderr, flush=True)
        shutil.rmtree(unpublished / CACHE, ignore_errors=True)  # first builds: both caches empty
        shutil.rmtree(ENV[PDF_CACHE_ENV], ignore_errors=True)
        result.unfrozen.runs.append(measure(build, unpublished))
        shutil.rmtree(project / CACHE, ignore_errors=True)
        shutil.rmtree(ENV[PDF_CACHE_ENV], ignore_errors=True)
        result.ours.runs.append(measure(build, project))
        result.plain.runs.append(measure(mkdocs("build", "-q", "--site-dir", str(temp / f"plain-site-{versions}")),
                                         plain))
        shutil.rmtree(project / CACHE, ignore_errors=True)  # the PDFs stay cached: the HTML alone
        result.html.runs.append(measure(build, project))
        result.unchanged.runs.append(measure(build, project))
        edit_newest(project, f" (edit {run})")
        result.edited.runs.append(measure(build, project))
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bench_serve(temp: Path, versions: int, runs: int) -> list[float]:
    """Wall seconds from saving an edit to `mkdocs serve` having rebuilt the site, per edit."""
    project = make_project(temp / f"serve-{versions}", versions)
    log = temp / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(mkdocs("serve", "-a", f"127.0.0.1:{free_port()}"),
                                  cwd=project, env=ENV, stdout=out, stderr=subprocess.STDOUT)
    try:
        times = []
        _wait_for(log, "Serving on", 0, server)
        built = 0
        for run in range(runs):
            time.sleep(1.0)  # the watcher notices files a moment after they change
            start = time.perf_counter()
            edit_newest(project, f" (serve edit {run})")
            # Not "Documentation built in N seconds": MkDocs' DuplicateFilter drops that line when a
            # rebuild takes as long as an earlier one, and the benchmark then waited forever.
            built = _wait_for(log, "Reloading browsers", built, server)
            times.append(time.perf_counter() - start)
        return times
    finally:
        server.terminate()
        server.wait()


def _wait_for(log: Path, marker: str, seen: int, server: subprocess.Popen[bytes], timeout: float = 600) -> int:
    """Wait until `marker` appears in the log more than `seen` times; return the new count."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        count = log.read_text(errors="replace").count(marker)
        if count > seen:
            return count
        if server.poll() is not None:
            sys.exit(f"mkdocs serve stopped:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.05)
    sys.exit(f"mkdocs serve did not print {marker!r} within {timeout} s")


@dataclass
class Commands:
    diff_example: Series = field(default_factory=Series)
    diff_large: Series = field(default_factory=Series)
    validate_cold: Series = field(default_factory=Series)
    validate_large: Series = field(default_factory=Series)
    help_notices: Series = field(default_factory=Series)
    help_mkdocs: Series = field(default_factory=Series)


def bench_commands(temp: Path, large: int, runs: int) -> Commands:
    project = make_project(temp / f"large-{large}", large)
    dates = [p.stem for p in sorted((project / "notices" / "privacy").glob("[0-9]*.yaml"))]
    result = Commands()
    for run in range(runs):
        print(f"  commands, run {run + 1}/{runs}", file=sys.stderr, flush=True)
        result.diff_example.runs.append(measure(notices("diff", "privacy", "2021-01-01", "2027-03-01"), ROOT))
        result.diff_large.runs.append(measure(notices("diff", "privacy", dates[len(dates) // 2], dates[-1]),
                                              project))
        shutil.rmtree(project / CACHE, ignore_errors=True)
        result.validate_cold.runs.append(measure(notices("validate", "--as-of", AS_OF), project))
        result.validate_large.runs.append(measure(notices("validate", "--as-of", AS_OF), project))
        result.help_notices.runs.append(measure(notices("--help"), ROOT))
        result.help_mkdocs.runs.append(measure(mkdocs("--help"), ROOT))
    return result


# --- report ---------------------------------------------------------------------------------

def verdict(value: float, goal: float) -> str:
    return f"{value:5.2f} x (goal <= {goal} x): {'met' if value <= goal else 'NOT met'}"


def _figures(series: Series) -> str:
    return f"{series.cpu():.2f} s / {series.wall():.2f} s / {series.mb():.0f} MB"


def report(sizes: list[SizeResult], serve: list[float], serve_size: int, commands: Commands) -> None:
    print("\nFirst builds: `notices build` with both caches empty in a published project (the archival PDFs of "
          "its published versions frozen by `notices publish`, the draft's laid out), the same in a project "
          "never published (every PDF laid out), and with the PDFs cached (the HTML alone). Plain Material "
          "builds the same pages and copies the same PDFs. Rebuilds find the PDFs cached.")
    print("\n| versions | pages | `notices build` CPU / wall / peak | same, every PDF laid out "
          "| same, PDFs cached | plain Material CPU / wall / peak | ratio CPU | ratio CPU, every PDF laid out "
          "| ratio CPU, PDFs cached | ratio peak | unchanged rebuild CPU | after editing the newest CPU |")
    print("|---:|---:|---|---|---|---|---:|---:|---:|---:|---:|---:|")
    for s in sizes:
        print(f"| {s.versions} | {s.pages} | {_figures(s.ours)} | {_figures(s.unfrozen)} | {_figures(s.html)} "
              f"| {_figures(s.plain)} | {s.ours.cpu() / s.plain.cpu():.2f} x "
              f"| {s.unfrozen.cpu() / s.plain.cpu():.2f} x | {s.html.cpu() / s.plain.cpu():.2f} x "
              f"| {s.ours.mb() / s.plain.mb():.2f} x | {s.unchanged.cpu():.2f} s | {s.edited.cpu():.2f} s |")
    c = commands
    print("\n| command | CPU | wall | peak |\n|---|---:|---:|---:|")
    for name, series in (("notices diff (example)", c.diff_example), ("notices diff (large project)", c.diff_large),
                         ("notices validate (large project, empty cache)", c.validate_cold),
                         ("notices validate (large project, cache filled)", c.validate_large),
                         ("notices --help", c.help_notices), ("mkdocs --help", c.help_mkdocs)):
        print(f"| {name} | {series.cpu():.2f} s | {series.wall():.2f} s | {series.mb():.0f} MB |")
    print(f"| mkdocs serve rebuild after one edit ({serve_size} versions) | | "
          f"{statistics.median(serve):.2f} s (median of {len(serve)}) | |")

    print("\nGoals (CPU medians unless noted):")
    for s in sizes:
        print(f"- build at {s.versions} versions vs plain Material: {verdict(s.ours.cpu() / s.plain.cpu(), 1.0)}; "
              f"PDFs cached (HTML alone): {verdict(s.html.cpu() / s.plain.cpu(), 1.0)}; peak memory (whole "
              f"process tree): {verdict(s.ours.mb() / s.plain.mb(), 1.0)}; for comparison, every PDF laid out "
              f"(a project whose lock froze none yet): {s.unfrozen.cpu() / s.plain.cpu():.2f} x CPU, "
              f"{s.unfrozen.mb() / s.plain.mb():.2f} x peak")
    if len(sizes) >= 3:
        a, b, z = sizes[-3], sizes[-2], sizes[-1]
        for what, first in (("published PDFs frozen", lambda s: s.ours), ("PDFs cached", lambda s: s.html)):
            low = (first(b).cpu() - first(a).cpu()) / (b.versions - a.versions)
            high = (first(z).cpu() - first(b).cpu()) / (z.versions - b.versions)
            print(f"- cost per added version ({what}): {low * 1000:.0f} ms from {a.versions} to {b.versions}, "
                  f"{high * 1000:.0f} ms from {b.versions} to {z.versions}: {verdict(high / low, 1.2)}")
    for s in sizes:
        print(f"- {s.versions} versions: rebuild with nothing changed / first build with the PDFs cached: "
              f"{verdict(s.unchanged.cpu() / s.html.cpu(), 0.3)}; after editing the newest version: "
              f"{verdict(s.edited.cpu() / s.html.cpu(), 0.4)}")
    median = statistics.median(serve)
    print(f"- mkdocs serve rebuild after one edit at {serve_size} versions (wall, median of {len(serve)}): "
          f"{median:.2f} s (goal <= 1.5 s): {'met' if median <= 1.5 else 'NOT met'}")
    print(f"- notices diff, large project / example: {verdict(c.diff_large.cpu() / c.diff_example.cpu(), 2.0)}")
    for state, series in (("cache filled", c.validate_large), ("empty cache", c.validate_cold)):
        validate = series.wall()
        print(f"- notices validate of the large project, {state} (wall): {validate:.2f} s (goal <= 5 s): "
              f"{'met' if validate <= 5 else 'NOT met'}")
    print(f"- notices --help / mkdocs --help: {verdict(c.help_notices.cpu() / c.help_mkdocs.cpu(), 1.5)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,500", help="numbers of versions to build (default: 10,100,500)")
    parser.add_argument("--runs", type=int, default=3, help="alternate runs per size (default: 3)")
    parser.add_argument("--large", type=int, default=1000, help="versions of the diff/validate project")
    parser.add_argument("--serve-size", type=int, default=100, help="versions of the mkdocs serve project")
    parser.add_argument("--serve-runs", type=int, default=5, help="edits timed under mkdocs serve")
    parser.add_argument("--quick", action="store_true", help="every measurement once, on tiny projects")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.runs, args.large, args.serve_size, args.serve_runs = "2,3,5", 1, 6, 3, 1
    sizes = sorted(int(n) for n in args.sizes.split(","))
    # Installed packages (MkDocs, Material) come byte-compiled; an editable install of the tool compiles on
    # first use. The runs write no bytecode, so compile the tool's own once, as its first use would.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "generator")], check=True)
    with tempfile.TemporaryDirectory(prefix="notices-bench-") as name:
        temp = Path(name)
        ENV[PDF_CACHE_ENV] = str(temp / "user-cache")  # the archival PDFs' cache, emptied with the project's
        results = [bench_size(temp, n, args.runs) for n in sizes]
        print("  mkdocs serve", file=sys.stderr, flush=True)
        serve = bench_serve(temp, args.serve_size, args.serve_runs)
        commands = bench_commands(temp, args.large, args.runs)
    print(f"{os.cpu_count()} CPUs, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} at the end; "
          f"{args.runs} alternate run(s) per size")
    report(results, serve, args.serve_size, commands)


if __name__ == "__main__":
    main()
