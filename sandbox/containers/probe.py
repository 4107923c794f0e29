"""Look inside a running lab container, in one `docker exec` of the probe script
(containers/inside/proc_tree.py): the settled process tree with threads, memory and sockets,
`pstree -p` as a person sees it, and the facts the lab's apps wrote about themselves."""

from __future__ import annotations

import json

from sandbox.containers import inside
from sandbox.model.observation import Look, ProcessSnapshot, ThreadSnapshot

PSTREE_ARGV = ["pstree", "-p", "-l", "-U"]
SETTLE = 15.0  # s a look waits for two reads of the tree to agree


def snapshot_from(entry: dict) -> ProcessSnapshot:
    """One process as the probe script printed it."""
    threads = tuple(ThreadSnapshot(thread["tid"], thread["name"]) for thread in entry["threads"])
    sockets = tuple(sorted((int(fd), inode) for fd, inode in (entry.get("sockets") or {}).items()))
    return ProcessSnapshot(
        entry["pid"], entry["ppid"], entry["name"], tuple(entry["cmdline"]), threads,
        entry.get("uss"), entry.get("pss"), sockets, entry.get("status", "running"),
    )  # fmt: skip


def facts_from(raw: dict) -> dict[str, dict[int, dict]]:
    """`ticker-7` -> {"ticker": {7: {...}}}: fact files are named NAME-PID."""
    facts: dict[str, dict[int, dict]] = {}
    for key, data in raw.items():
        name, _, pid = key.rpartition("-")
        if pid.isdigit():
            facts.setdefault(name, {})[int(pid)] = data
    return facts


def args(settle: float = SETTLE, threaded: tuple[int, int] = (0, 0), root: int = 1) -> list[str]:
    """proc_tree.py's arguments: the tree under `root`, settled within `settle` seconds, with
    `threaded` = (how many processes, each running at least how many extra threads) when asked."""
    workers, threads = threaded
    return [str(root), f"{settle:g}", *([str(workers), str(threads)] if workers else [])]


def look_from(output: str, label: str) -> Look:
    """A look, from what proc_tree.py printed."""
    raw = json.loads(output)
    processes = tuple(snapshot_from(entry) for entry in raw["processes"])
    return Look(label, raw["at"], processes, raw["pstree"], facts_from(raw["facts"]), raw["settled"])


def look(
    container,
    label: str = "start",
    settle: float = SETTLE,
    show: bool = True,
    threaded: tuple[int, int] = (0, 0),
) -> Look:
    return look_from(inside.run_script(container, "proc_tree.py", args(settle, threaded), show=show), label)
