"""Draw a process tree the way `pstree -p -U` does, with any label per node: used to show a
tree with stable names instead of pids (names of another width than the pids would break
pstree's own column alignment, so the tree is redrawn from the parsed one)."""

from __future__ import annotations

from collections.abc import Callable

from sandbox.analysis.pstree import TreeNode, parse_pstree


def draw(roots: list[TreeNode], label: Callable[[TreeNode], str], sort: bool = False) -> str:
    def lines(node: TreeNode) -> list[str]:
        text = label(node)
        children = sorted(node.children, key=lambda c: (c.is_thread, label(c))) if sort else node.children
        if not children:
            return [text]
        pad = " " * (len(text) + 1)
        if len(children) == 1:
            sub = lines(children[0])
            return [f"{text}───{sub[0]}", *(" " * (len(text) + 3) + line for line in sub[1:])]
        drawn: list[str] = []
        for index, child in enumerate(children):
            sub = lines(child)
            last = index == len(children) - 1
            drawn.append(f"{text}─┬─{sub[0]}" if index == 0 else f"{pad}{'└─' if last else '├─'}{sub[0]}")
            drawn += [f"{pad}{'  ' if last else '│ '}{line}" for line in sub[1:]]
        return drawn

    return "\n".join(line for root in roots for line in lines(root))


def renamed(pstree: str, name: Callable[[int], str]) -> str:
    """A captured `pstree -p` with every pid and tid replaced by its name, children sorted by name."""

    def label(node: TreeNode) -> str:
        shown = name(node.pid)
        return f"{{{node.name}}}({shown})" if node.is_thread else f"{node.name}({shown})"

    return draw(parse_pstree(pstree), label, sort=True)
