"""Look inside a running lab container: `pstree -p` as a person sees it, and the same tree as
data (pids, ppids, threads, cmdline) from a psutil script run in the container."""

from __future__ import annotations

import json
import time

from sandbox.containers import inside
from sandbox.model.observation import ProcessSnapshot, ThreadSnapshot

PSTREE_ARGV = ["pstree", "-p", "-l", "-U"]


def snapshot_from(entry: dict) -> ProcessSnapshot:
    """One process as the probe script printed it (sandbox/containers/inside/proc_tree.py)."""
    threads = tuple(ThreadSnapshot(thread["tid"], thread["name"]) for thread in entry["threads"])
    return ProcessSnapshot(entry["pid"], entry["ppid"], entry["name"], tuple(entry["cmdline"]), threads)


def pstree_text(container) -> str:
    return inside.exec_text(container, PSTREE_ARGV)


def process_snapshot(container, show: bool = True) -> list[ProcessSnapshot]:
    raw = json.loads(inside.run_script(container, "proc_tree.py", [], show=show))
    return [snapshot_from(entry) for entry in raw]


def _structure(snapshot: list[ProcessSnapshot]) -> list[tuple[int, int, int]]:
    return sorted((proc.pid, proc.ppid, len(proc.threads)) for proc in snapshot)


def settled_snapshot(container, timeout: float = 15.0, gap: float = 0.15) -> list[ProcessSnapshot]:
    """Poll until two snapshots in a row agree on processes and thread counts.

    uWSGI prints a worker's spawn line right after fork(), before the worker has started its
    core threads (or the reloader its own), so the first look can catch a tree mid-growth.
    """
    deadline = time.monotonic() + timeout
    previous = process_snapshot(container, show=False)
    while True:
        time.sleep(gap)
        current = process_snapshot(container, show=False)
        if _structure(current) == _structure(previous) or time.monotonic() > deadline:
            return current
        previous = current
