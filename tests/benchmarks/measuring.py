"""How the benchmark measures a run: CPU (its children included), wall time, and the peak memory of its process tree.

Split from build_speed.py, which makes the projects, runs the builds and prints the goals."""

from __future__ import annotations

import ctypes
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Run:
    cpu: float
    wall: float
    mb: float


@dataclass
class Series:
    runs: list[Run] = field(default_factory=list)

    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    def mb(self) -> float:
        return max(r.mb for r in self.runs)


def tree_mb(pid: int, proc: Path = Path("/proc")) -> float:
    """The memory `pid` and its descendants hold together, in MB: the sum of their proportional set sizes
    (PSS: a page shared by n of them counts 1/n to each, so pages a forked worker shares with its parent
    count once). 0 once the process has gone.

    A child still in its parent's memory (`shares_memory`) is not counted again: a build finding libc with
    `ctypes.util` runs `ldconfig`, and a sample in that moment counted the 50 MB build twice.)"""
    total, pending = 0, [(pid, 0)]
    while pending:
        current, parent = pending.pop()
        try:
            rollup = (proc / str(current) / "smaps_rollup").read_text()
            for task in (proc / str(current) / "task").iterdir():
                pending += [(int(child), current) for child in (task / "children").read_text().split()]
        except OSError:  # gone meanwhile
            continue
        if not (parent and shares_memory(current, parent)):
            total += int(next(line.split()[1] for line in rollup.splitlines() if line.startswith("Pss:")))
    return total / 1024


KCMP = {"x86_64": 312, "aarch64": 272}
"""The number of the kcmp(2) system call, by machine."""
KCMP_VM = 1


def shares_memory(pid: int, other: int) -> bool:
    """Whether `pid` runs in the memory of `other`: a child started by `vfork` (as `subprocess` starts a
    program) until the program replaces it, for which /proc gives its parent's figures. The kernel is asked
    (kcmp(2)); False where it cannot say."""
    number = KCMP.get(platform.machine())
    return number is not None and ctypes.CDLL(None, use_errno=True).syscall(number, pid, other, KCMP_VM, 0, 0) == 0


def measure(command: list[str], cwd: Path, env: Mapping[str, str] | None = None) -> Run:
    """CPU seconds (user + system), wall seconds and peak MB of one run of `command`, its children included.

    The peak is the largest sum of the processes' memory seen (`tree_mb`, sampled every 20 ms): a build's
    PDF worker and parsing workers run beside it, and the resident peak of the largest process alone (what
    `wait4` gives) left them out.
    """
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        peak = 0.0
        while True:
            done, status, usage = os.wait4(process.pid, os.WNOHANG)
            if done:
                break
            peak = max(peak, tree_mb(process.pid))
            time.sleep(0.02)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            out.seek(0)
            sys.exit(f"{' '.join(command)} failed in {cwd}:\n{out.read().decode(errors='replace')[-3000:]}")
    return Run(usage.ru_utime + usage.ru_stime, wall, peak)
