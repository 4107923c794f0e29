"""What a run shows, as three-valued conditions for the verdict policy (analysis.policy).

A line in the log shows itself; its absence shows something only in a log the engine timed
past the moment it would have been written. A request shows it was cut only when the server
closed it (an empty reply, a reset), not when the client gave up waiting. A tree shows its
roles only when every process in it is named by a spawn line and every role the log had
named by the time of the look has its process in it.
"""

from __future__ import annotations

from sandbox.analysis import roles, uwsgi_log
from sandbox.analysis.policy import Shown
from sandbox.model.observation import RequestRecord, VariantObservation

CUT = frozenset({"empty reply", "reset"})  # the server closed the connection on the request


def logged(variant: VariantObservation, text: str) -> Shown:
    """A line with `text` is in the log: True; none is: nothing shown (None)."""
    return True if uwsgi_log.lines_with(variant.log, text) else None


def not_logged(variant: VariantObservation, text: str, after: float | None) -> Shown:
    """No line with `text` in a log read past `after` (epoch s): True; such a line: False; a log
    that ends before `after`, or a moment unknown: None."""
    if uwsgi_log.lines_with(variant.log, text) or any(text in line for _, line in variant.log_times):
        return False
    return log_reaches(variant, after)


def log_reaches(variant: VariantObservation, after: float | None) -> Shown:
    """The log was read past `after`: a line the engine timed at or after it is in the log read.
    What the absence of a line is measured against."""
    if after is None:
        return None
    read = {line for line in uwsgi_log.lines_with(variant.log, "") if line}
    return True if any(at >= after and line.strip() in read for at, line in variant.log_times) else None


def cut(record: RequestRecord) -> Shown:
    """The server closed the connection on the request (True), it was answered (False), or the
    client saw something else (refused, timed out: None)."""
    if record.error in CUT:
        return True
    return False if record.answered else None


def served(record: RequestRecord) -> Shown:
    """Answered 200 with the server's own facts (True), cut by the server (False), else None."""
    if record.served:
        return True
    return False if record.error in CUT or record.answered else None


def tree_named(variant: VariantObservation) -> Shown:
    """The first look's tree is whole and every process in it has a role from a spawn line."""
    if not variant.processes:
        return None
    if not all(roles.role_of(variant, proc.pid).known for proc in variant.processes):
        return None
    named = roles_logged_before(variant, variant.looked_at)
    if named is None:
        return None
    in_tree = {proc.pid for proc in variant.processes}
    return True if set(named.values()) <= in_tree else None


def roles_logged_before(variant: VariantObservation, moment: float | None) -> dict | None:
    """role -> pid, from the latest spawn line of each role the engine logged before `moment`."""
    if moment is None or not variant.log_times:
        return None
    spawns = uwsgi_log.spawn_lines("\n".join(text for at, text in variant.log_times if at <= moment))
    return {spawn.role: spawn.pid for spawn in spawns}


def logged_at(variant: VariantObservation, text: str) -> float | None:
    """When the engine logged the first line with `text` (epoch s), if it did."""
    return next((at for at, line in variant.log_times if text in line), None)
