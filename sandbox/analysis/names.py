"""Stable names instead of pids (--normalize-pids), derived from roles alone: M (master),
W2 (worker 2), R1 (router 1), A and G1 (gunicorn's arbiter and first worker), T2.1 (worker 2's first extra thread, by tid order), TM.1,
TR1.1; W1' for a process that was worker 1 before a respawn (named by its spawn line, gone from
the tree); P1, P2... for any other pid the run mentions (a process no spawn line names, a pid in
the log), in pid order. Two runs of a scenario give the same names, and no pid is left raw."""

from __future__ import annotations

from sandbox.analysis import roles, uwsgi_log
from sandbox.model.observation import VariantObservation
from sandbox.model.roles import Role, RoleKind


def _base(role: Role) -> str | None:
    if role.kind == RoleKind.MASTER:
        return "M"
    if role.kind == RoleKind.WORKER:
        return f"W{role.number}"
    if role.kind.is_router:
        return f"R{role.number}"
    if role.kind == RoleKind.GUNICORN_ARBITER:
        return "A"
    if role.kind == RoleKind.GUNICORN_WORKER:
        return f"G{role.number}"
    return None


def _mentioned(variant: VariantObservation) -> set[int]:
    """Every pid or tid the run mentions: requests, the app's lines, the log."""
    found = {ident for record in variant.requests for ident in (record.pid, record.ppid, record.tid)}
    found |= {ident for line in variant.app_lines for ident in (line.pid, line.ppid)}
    for line in variant.log.splitlines():
        found |= {pid for _, _, pid in uwsgi_log.pid_mentions(line.strip())}
    return found - {None}


def stable_names(variant: VariantObservation) -> dict[int, str]:
    """pid or tid -> stable name, for every pid and tid the variant's run mentions."""
    names: dict[int, str] = {0: "-"}  # the ppid of PID 1 inside a container
    others: list[int] = []
    for proc in sorted(variant.processes, key=lambda p: p.pid):
        base = _base(roles.role_of(variant, proc.pid))
        if base is None:
            others.append(proc.pid)
            continue
        names[proc.pid] = base
        owner = base[1:] if base.startswith("W") else base
        for index, tid in enumerate(sorted(proc.tids), 1):
            names[tid] = f"T{owner}.{index}"
    taken = set(names.values())
    for spawn in sorted(variant.spawn_lines, key=lambda s: s.pid):
        if spawn.pid not in names and (base := _base(spawn.role)):
            # The live process holds the plain name: an old one gets a prime per generation. A
            # bounded search, so no change to it can loop forever.
            base += "'" * next(n for n in range(len(taken) + 1) if base + "'" * n not in taken)
            names[spawn.pid], taken = base, taken | {base}
    others += sorted(_mentioned(variant) - set(names) - set(others))
    for number, pid in enumerate(others, 1):
        names[pid] = f"P{number}"
        proc = variant.process(pid)
        for index, tid in enumerate(sorted(proc.tids) if proc else [], 1):
            names[tid] = f"TP{number}.{index}"
    return names
