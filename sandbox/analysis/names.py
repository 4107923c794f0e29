"""Stable names instead of pids (--normalize-pids), derived from roles alone: M (master),
W2 (worker 2), R1 (router 1), P1 (a process no spawn line names), T2.1 (worker 2's first
extra thread, by tid order), TM.1, TR1.1. Two runs of a scenario give the same names."""

from __future__ import annotations

from sandbox.analysis import roles
from sandbox.model.observation import VariantObservation
from sandbox.model.roles import RoleKind

_LETTER = {RoleKind.MASTER: "M", RoleKind.WORKER: "W"}


def stable_names(variant: VariantObservation) -> dict[int, str]:
    """pid or tid -> stable name, for every process and thread of the variant's tree."""
    names: dict[int, str] = {0: "-"}  # the ppid of PID 1 inside a container
    unknown = 0
    for proc in sorted(variant.processes, key=lambda p: p.pid):
        role = roles.role_of(variant, proc.pid)
        if role.kind in _LETTER:
            name = _LETTER[role.kind] + (str(role.number) if role.kind == RoleKind.WORKER else "")
        elif role.kind.is_router:
            name = f"R{role.number or 1}"
        else:
            unknown += 1
            name = f"P{unknown}"
        names[proc.pid] = name
        owner = name[1:] if role.kind == RoleKind.WORKER else name
        for index, tid in enumerate(sorted(proc.tids), 1):
            names[tid] = f"T{owner}.{index}"
    return names
