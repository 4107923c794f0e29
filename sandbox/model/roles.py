"""What a process or a thread is in uWSGI's model: a (kind, number) pair, never a string."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class RoleKind(Enum):
    # Processes
    MASTER = "master"
    WORKER = "worker"
    HTTP_ROUTER = "http"  # uWSGI's own names for its gateways, as its spawn lines give them
    HTTPS_ROUTER = "https"
    FASTROUTER = "fastrouter"
    RAWROUTER = "rawrouter"
    SSLROUTER = "sslrouter"
    GUNICORN_ARBITER = "arbiter"
    GUNICORN_WORKER = "gunicorn worker"
    UNKNOWN_PROCESS = "unknown process"
    # Threads
    CORE = "core"  # a request thread of a worker (core N of its `cores`)
    RELOADER = "reloader"  # the Python auto-reloader of --py-autoreload
    APP_THREAD = "app thread"  # a thread the app itself started at import
    UNKNOWN_THREAD = "unknown thread"

    @property
    def is_router(self) -> bool:
        return self in ROUTERS

    @property
    def is_thread(self) -> bool:
        return self in THREADS


ROUTERS = frozenset(
    {RoleKind.HTTP_ROUTER, RoleKind.HTTPS_ROUTER, RoleKind.FASTROUTER, RoleKind.RAWROUTER, RoleKind.SSLROUTER}
)
THREADS = frozenset({RoleKind.CORE, RoleKind.RELOADER, RoleKind.APP_THREAD, RoleKind.UNKNOWN_THREAD})
_ORDER = {kind: index for index, kind in enumerate(RoleKind)}


@dataclass(frozen=True, order=False)
class Role:
    kind: RoleKind
    number: int = 0  # worker N, router N, core N; 0 where there is no number

    @property
    def known(self) -> bool:
        return self.kind not in (RoleKind.UNKNOWN_PROCESS, RoleKind.UNKNOWN_THREAD)

    def sort_key(self) -> tuple[int, int]:
        """Masters first, then workers by number (2 before 10), routers, the rest."""
        return (_ORDER[self.kind], self.number)

    def __lt__(self, other: Role) -> bool:
        return self.sort_key() < other.sort_key()


MASTER = Role(RoleKind.MASTER)
UNKNOWN_PROCESS = Role(RoleKind.UNKNOWN_PROCESS)
UNKNOWN_THREAD = Role(RoleKind.UNKNOWN_THREAD)


def worker(number: int) -> Role:
    return Role(RoleKind.WORKER, number)
