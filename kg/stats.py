"""Wall time and peak memory of the stages of a long job (``kg build --stats FILE``).

Peak memory is the proportional set size (PSS) of this process and of its children (the parsing
and linking workers; a page they share counts once in the total), sampled every 50 ms by a
background thread while a stage runs, so each stage gets its own peak rather than the
process's all-time maximum. Linux only (``/proc``); elsewhere memory is
reported as 0 and times still are.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _memory(pid: int) -> int:
    """The memory *pid* occupies: its proportional set size (PSS: each page shared with other
    processes counted by its share), so forked workers, which share their parent's pages,
    are not counted twice; the resident set where the kernel gives no PSS."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            return [int(p) for p in handle.read().split()]
    except (OSError, ValueError):
        return []


def resident_bytes() -> int:
    """Memory of this process and its descendants (PSS where the kernel gives it), in bytes."""
    total, todo, seen = 0, [os.getpid()], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _memory(pid)
        todo.extend(_children(pid))
    return total


class Stages:
    """Record ``with stages.stage("parse"): …`` blocks; :meth:`as_dict` gives the figures."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.stages: dict[str, dict[str, float]] = {}
        self.extra: dict[str, Any] = {}
        self._peak = 0

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        stop = threading.Event()
        self._peak = resident_bytes()

        def sample() -> None:
            while not stop.wait(self.interval):
                self._peak = max(self._peak, resident_bytes())

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        start = time.perf_counter()
        try:
            yield
        finally:
            seconds = time.perf_counter() - start
            stop.set()
            sampler.join()
            peak = max(self._peak, resident_bytes())
            entry = self.stages.setdefault(name, {"seconds": 0.0, "peak_mb": 0.0})
            entry["seconds"] = round(entry["seconds"] + seconds, 3)
            entry["peak_mb"] = round(max(entry["peak_mb"], peak / 2**20), 1)

    def as_dict(self) -> dict[str, Any]:
        peak = max((s["peak_mb"] for s in self.stages.values()), default=0.0)
        total = round(sum(s["seconds"] for s in self.stages.values()), 3)
        return {**self.extra, "stages": self.stages, "seconds": total, "peak_mb": peak}

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.as_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


@contextmanager
def maybe(stages: Stages | None, name: str) -> Iterator[None]:
    """``stages.stage(name)`` when there are stages to record, else nothing."""
    if stages is None:
        yield
    else:
        with stages.stage(name):
            yield
