"""Parse `pstree -p` text (Unicode or ASCII drawing) into a tree of processes and threads.

Each node is `name(pid)` for a process or `{name}(tid)` for a thread. A node's parent is the
nearest node to its left: on its own line, or on an earlier line at a smaller column. That
rule holds for pstree's layout whatever characters draw the branches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A pid, or a stable name from --normalize-pids (W1, R1, T2.1, -).
_NODE = re.compile(r"(?:\{(?P<thread>[^{}]+)\}|(?P<proc>[\w.:@/][\w.:@/-]*))\((?P<pid>\d+|[A-Z][\w.]*)\)")


@dataclass
class TreeNode:
    name: str
    pid: int | str  # str once normalised
    is_thread: bool
    children: list[TreeNode] = field(default_factory=list)

    @property
    def processes(self) -> list[TreeNode]:
        return [child for child in self.children if not child.is_thread]

    @property
    def threads(self) -> list[TreeNode]:
        return [child for child in self.children if child.is_thread]

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def parse_pstree(text: str) -> list[TreeNode]:
    """The root nodes of a `pstree -p` output; raises ValueError on text with no node."""
    roots: list[TreeNode] = []
    stack: list[tuple[int, TreeNode]] = []  # (column, node) along the current branch
    for line in text.splitlines():
        for match in _NODE.finditer(line):
            column = match.start()
            node = TreeNode(
                name=match.group("thread") or match.group("proc"),
                pid=int(match["pid"]) if match["pid"].isdigit() else match["pid"],
                is_thread=match.group("thread") is not None,
            )
            while stack and stack[-1][0] >= column:
                stack.pop()
            (stack[-1][1].children if stack else roots).append(node)
            stack.append((column, node))
    if not roots:
        raise ValueError("no `name(pid)` node found in pstree output")
    return roots


def shape(node: TreeNode) -> str:
    """The tree without pids, e.g. `uwsgi(uwsgi,uwsgi){3}`: compare runs across machines."""
    procs = ",".join(sorted(shape(child) for child in node.processes))
    threads = f"{{{len(node.threads)}}}" if node.threads else ""
    return f"{node.name}({procs}){threads}" if procs else f"{node.name}{threads}"
