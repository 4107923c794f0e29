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


def compact(pstree: str) -> str:
    """A captured `pstree -p` drawn as `pstree` without -p draws it: no pids, and identical
    siblings merged (`3*[{uwsgi}]`, `2*[uwsgi───3*[{uwsgi}]]`), so a tree takes a few lines."""

    def one_line(node: TreeNode) -> str | None:
        """The subtree on one line, if it fits on one (at most one kind of child)."""
        own = f"{{{node.name}}}" if node.is_thread else node.name
        groups = _groups(node.children)
        if not groups:
            return own
        if len(groups) > 1:
            return None
        count, child = groups[0]
        inner = one_line(child)
        if inner is None:
            return None
        return f"{own}───{inner if count == 1 else f'{count}*[{inner}]'}"

    def lines(node: TreeNode) -> list[str]:
        single = one_line(node)
        if single is not None:
            return [single]
        own = f"{{{node.name}}}" if node.is_thread else node.name
        pad = " " * (len(own) + 1)
        drawn: list[str] = []
        groups = _groups(node.children)
        for index, (count, child) in enumerate(groups):
            inner = one_line(child)
            sub = [inner if count == 1 else f"{count}*[{inner}]"] if inner is not None else lines(child)
            last = index == len(groups) - 1
            if index == 0:
                drawn.append(f"{own}─┬─{sub[0]}" if len(groups) > 1 else f"{own}───{sub[0]}")
            else:
                drawn.append(f"{pad}{'└─' if last else '├─'}{sub[0]}")
            drawn += [f"{pad}{'  ' if last or len(groups) == 1 else '│ '}{line}" for line in sub[1:]]
        return drawn

    return "\n".join(line for root in parse_pstree(pstree) for line in lines(root))


def _groups(children: list[TreeNode]) -> list[tuple[int, TreeNode]]:
    """Siblings of the same shape counted together: processes first, then threads."""
    from sandbox.analysis.pstree import shape

    ordered = sorted(children, key=lambda child: (child.is_thread, shape(child), child.name))
    groups: list[tuple[int, TreeNode]] = []
    for child in ordered:
        last = groups[-1][1] if groups else None
        if last is not None and (last.is_thread, last.name, shape(last)) == (
            child.is_thread,
            child.name,
            shape(child),
        ):
            groups[-1] = (groups[-1][0] + 1, groups[-1][1])
        else:
            groups.append((1, child))
    return groups
