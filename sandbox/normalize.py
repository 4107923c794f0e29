"""`--normalize-pids`: pids and tids rewritten to stable names by role, so transcripts can be
diffed across runs and machines: M (master), W2 (worker 2), R1 (HTTP router), P1 (a process
no spawn line names), T2.1 (worker 2's first extra thread, by tid order), TM.1, TR1.1 ...

A renamed pstree is redrawn from the parsed tree (pstree's own layout, children sorted by
name), because names of another width than the pids would break its column alignment.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sandbox.observe import VariantObservation
from sandbox.pstree import TreeNode, parse_pstree
from sandbox.report import flatten_single_variant


def stable_names(variant: VariantObservation) -> dict[int, str]:
    names: dict[int, str] = {0: "-"}  # the ppid of PID 1 inside a container
    unknown = 0
    for proc in sorted(variant.processes, key=lambda p: p.pid):
        role = proc.role
        if role == "master":
            name = "M"
        elif role.startswith("worker "):
            name = f"W{role.split()[1]}"
        elif role.endswith("router"):
            name = f"R{role.split()[-1] if role.split()[-1].isdigit() else 1}"
        else:
            unknown += 1
            name = f"P{unknown}"
        names[proc.pid] = name
        owner = name[1:] if name.startswith("W") else name
        for index, tid in enumerate(sorted(proc.tids), 1):
            names[tid] = f"T{owner}.{index}"
    return names


def render_pstree(roots: list[TreeNode], label: Callable[[TreeNode], str], sort: bool = False) -> str:
    """Draw trees the way `pstree -p -U` does, with any label per node."""

    def draw(node: TreeNode) -> list[str]:
        text = label(node)
        children = node.children
        if sort:
            children = sorted(children, key=lambda c: (c.is_thread, label(c)))
        if not children:
            return [text]
        pad = " " * (len(text) + 1)
        if len(children) == 1:
            sub = draw(children[0])
            return [f"{text}───{sub[0]}", *(" " * (len(text) + 3) + line for line in sub[1:])]
        lines: list[str] = []
        for index, child in enumerate(children):
            sub = draw(child)
            last = index == len(children) - 1
            if index == 0:
                lines.append(f"{text}─┬─{sub[0]}")
            else:
                lines.append(f"{pad}{'└─' if last else '├─'}{sub[0]}")
            lines += [f"{pad}{'  ' if last else '│ '}{line}" for line in sub[1:]]
        return lines

    return "\n".join(line for root in roots for line in draw(root))


def normalized_pstree(pstree: str, names: dict[int, str]) -> str:
    def label(node: TreeNode) -> str:
        name = names.get(node.pid, "?")
        return f"{{{node.name}}}({name})" if node.is_thread else f"{node.name}({name})"

    return render_pstree(parse_pstree(pstree), label, sort=True)


_PID_MENTIONS = re.compile(r"\b(?P<word>pid|pids|thread|threads|tid|new pid)(?P<sep>:? )(?P<number>\d+)")
_APP_LINE = re.compile(r"^(?P<pid>\d+) (?P<ppid>\d+) (?P<rest>\S+ called .*)$", re.M)
_CLOCK = re.compile(r"\b\d\d:\d\d:\d\d(?:\.\d{3})?\b")


def normalize_text(text: str, names: dict[int, str]) -> str:
    """Rename pids in spawn lines, app lines and evidence ("pid 7", "pid: 7", "thread 12")."""

    def mention(match: re.Match) -> str:
        number = int(match["number"])
        return f"{match['word']}{match['sep']}{names.get(number, match['number'])}"

    def app_line(match: re.Match) -> str:
        pid, ppid = int(match["pid"]), int(match["ppid"])
        return f"{names.get(pid, match['pid'])} {names.get(ppid, match['ppid'])} {match['rest']}"

    return _APP_LINE.sub(app_line, _PID_MENTIONS.sub(mention, text))


def normalize_clock(text: str) -> str:
    """Wall-clock times differ on every run; golden files keep their shape only."""
    return _CLOCK.sub("HH:MM:SS", text)


def normalize_run_dict(data: dict, observation) -> dict:
    """The `--json` form of a run with every pid and tid renamed (see stable_names)."""
    for variant, raw in zip(observation.variants, data["variants"], strict=True):
        names = stable_names(variant)

        def rename(value, names=names):
            return names.get(value, value) if isinstance(value, int) else value

        raw["pstree"] = normalized_pstree(raw["pstree"], names)
        for key in ("spawn_lines", "app_lines"):
            raw[key] = [normalize_text(line, names) for line in raw[key]]
        raw["log"] = normalize_text(raw["log"], names)
        for proc in raw["processes"]:
            proc["pid"], proc["ppid"] = rename(proc["pid"]), rename(proc["ppid"])
            proc["threads"] = [rename(tid) for tid in proc["threads"]]
        for record in raw["requests"]:
            for key in ("pid", "ppid", "tid"):
                record[key] = rename(record[key])
    if len(data["variants"]) == 1:
        names = stable_names(observation.variants[0])
        for row in data["claims"]:
            row["evidence"] = [normalize_text(line, names) for line in row["evidence"]]
            row["summary"] = normalize_text(row["summary"], names)
    return flatten_single_variant(data)
