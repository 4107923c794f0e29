"""Where evidence becomes words, at the very last step: roles in words, and every reference
of a fact (process, thread, request, time, quoted log line) named by a Namer, as a raw pid or,
under --normalize-pids, as a stable name by role (analysis.names). No regex: a quoted line
carries the positions of its pids."""

from __future__ import annotations

from datetime import datetime
from string import Formatter

from sandbox.analysis.names import stable_names
from sandbox.analysis.uwsgi_log import undated
from sandbox.model.evidence import Clock, Fact, Many, Proc, Quote, Req, Thread
from sandbox.model.observation import ScenarioObservation
from sandbox.model.roles import Role, RoleKind

_PROCESS_WORDS = {
    RoleKind.MASTER: "master",
    RoleKind.HTTP_ROUTER: "HTTP router",
    RoleKind.HTTPS_ROUTER: "HTTPS router",
    RoleKind.FASTROUTER: "fastrouter",
    RoleKind.RAWROUTER: "rawrouter",
    RoleKind.SSLROUTER: "sslrouter",
    RoleKind.GUNICORN_ARBITER: "gunicorn arbiter",
    RoleKind.UNKNOWN_PROCESS: "unknown",
    RoleKind.RELOADER: "Python auto-reloader thread",
    RoleKind.APP_THREAD: "the app's own thread (started at import)",
    RoleKind.UNKNOWN_THREAD: "unknown",
}


def role_text(role: Role, cores: int | None = None) -> str:
    """A role in words; a worker's or a core's `cores` adds detail when there are several."""
    if role.kind == RoleKind.WORKER:
        base = f"worker {role.number}"
        return f"{base} · {cores} cores (core 0 on this main thread)" if cores and cores > 1 else base
    if role.kind == RoleKind.GUNICORN_WORKER:
        return f"gunicorn worker {role.number}"
    if role.kind == RoleKind.CORE:
        return (
            f"request thread (core {role.number} of {cores})"
            if cores
            else f"request thread (core {role.number})"
        )
    word = _PROCESS_WORDS[role.kind]
    return f"{word} {role.number}" if role.kind.is_router and role.number > 1 else word


def clock(epoch: float | None) -> str:
    return datetime.fromtimestamp(epoch).strftime("%H:%M:%S.%f")[:-3] if epoch else "?"


class Namer:
    """Names processes and threads per container: raw pids, or stable names by role."""

    def __init__(
        self, observation: ScenarioObservation, normalize: bool = False, dated_quotes: bool = True
    ) -> None:
        self.normalize = normalize
        # On a narrow screen a quoted log line goes without uWSGI's date (its message is the evidence).
        self.dated_quotes = dated_quotes
        self.names = {v.service: stable_names(v) for v in observation.variants} if normalize else {}
        self.requests = {v.service: v.requests for v in observation.variants}

    def id(self, variant: str, ident: int | None) -> str:
        """A pid or a tid as shown: itself, or its stable name."""
        if variant not in self.requests:
            raise KeyError(f"no container {variant!r} in this run")  # a reference gone wrong: a bug
        if ident is None:
            return "?"
        return self.names[variant].get(ident, str(ident)) if self.normalize else str(ident)

    def quote_text(self, variant: str, text: str, pids: tuple[tuple[int, int, int], ...]) -> str:
        """A log line with each pid at its known position renamed."""
        parts, end = [], 0
        for start, stop, pid in sorted(pids):
            parts += [text[end:start], self.id(variant, pid)]
            end = stop
        return "".join(parts) + text[end:]

    def quote(self, quoted: Quote) -> str:
        self.id(quoted.variant, None)  # even a line without a pid belongs to a container of this run
        text = self.quote_text(quoted.variant, quoted.text, quoted.pids)
        return "`" + (text if self.dated_quotes else undated(text)) + "`"

    def ref(self, ref) -> str:
        if isinstance(ref, Proc):
            return f"pid {self.id(ref.variant, ref.pid)}"
        if isinstance(ref, Thread):
            return f"thread {self.id(ref.variant, ref.tid)}"
        if isinstance(ref, Req):
            return self.requests[ref.variant][ref.index].path
        if isinstance(ref, Clock):
            return clock(ref.epoch)
        if isinstance(ref, Quote):
            return self.quote(ref)
        if isinstance(ref, Role):
            return role_text(ref)
        if isinstance(ref, Fact):
            return self.fact(ref)
        if isinstance(ref, Many):
            return self.many(ref)
        return str(ref)

    def many(self, many: Many) -> str:
        items = list(many.items)
        if items and all(isinstance(item, Proc) for item in items):
            return ("pid " if len(items) == 1 else "pids ") + ", ".join(
                self.id(i.variant, i.pid) for i in items
            )
        if items and all(isinstance(item, Thread) for item in items):
            return ("thread " if len(items) == 1 else "threads ") + ", ".join(
                self.id(i.variant, i.tid) for i in items
            )
        joiner = "; " if any(isinstance(item, Fact) for item in items) else ", "
        return joiner.join(self.ref(item) for item in items) if items else "none"

    def fact(self, fact: Fact) -> str:
        """The template with each hole filled: numbers by their format spec, references by name."""
        args = iter(fact.args)
        out = []
        for literal, field, spec, _ in Formatter().parse(fact.template):
            out.append(literal)
            if field is None:
                continue
            arg = next(args)
            is_number = isinstance(arg, int | float) and not isinstance(arg, bool)
            out.append(format(arg, spec) if is_number else format(self.ref(arg), spec))
        return "".join(out)
