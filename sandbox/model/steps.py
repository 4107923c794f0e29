"""What a scenario does to each of its containers after the first look, step by step, as data.

The article's scenarios only fire requests. The lessons stop a container with a request in
flight, kill a worker, look at the tree again, watch it change, or load the server; each step
records what it saw in the variant's observation (sandbox.runs.steps runs them).
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.model.roles import Role

ARTICLE_BATCH = "requests"  # the label of an article scenario's clients, fired together


@dataclass(frozen=True)
class Endpoint:
    """Where the lab's client sends a request, inside the lab container, and in which protocol:
    HTTP, or uwsgi's own (what `--socket` speaks, what nginx's uwsgi_pass sends); a TCP port on
    127.0.0.1 or a UNIX socket's path (an abstract one starts with @)."""

    protocol: str = "http"
    port: int | None = 18000  # the lab's port (settings.APP_PORT; the model imports no settings)
    unix: str | None = None

    def spec(self) -> dict:
        """The client's spec for it; the default, HTTP on the lab's port, as a plain port."""
        if self == LAB_HTTP:
            return {"port": self.port}
        # uWSGI binds @name as an abstract address that keeps its terminating NUL: "\0name\0"
        unix = f"\0{self.unix[1:]}\0" if self.unix and self.unix.startswith("@") else self.unix
        where = {"unix": unix} if unix else {"port": self.port}
        return {"target": {"protocol": self.protocol, **where}}

    def words(self) -> str:
        where = f"UNIX socket {self.unix}" if self.unix else f"127.0.0.1:{self.port}"
        return f"{'HTTP' if self.protocol == 'http' else 'the uwsgi protocol'} on {where}"


LAB_HTTP = Endpoint()  # the lab's own: HTTP on 127.0.0.1:18000 in the lab container


@dataclass(frozen=True)
class Fire:
    """Requests sent together (all clients released by one barrier); each client's paths in turn."""

    clients: tuple[tuple[str, ...], ...]
    label: str = ARTICLE_BATCH
    beside: bool = False  # from a container beside the lab container: it outlives a `docker stop`
    background: bool = False  # the next steps run while these requests are in flight
    timeout: float = 60.0
    # The lesson is about requests that get no answer (cut by a stop, a kill, the wrong socket):
    # then a lost one is the observation, not a failure of the lab.
    may_go_unanswered: bool = False
    endpoint: Endpoint = LAB_HTTP

    @property
    def sends(self) -> int:
        return sum(len(paths) for paths in self.clients)


@dataclass(frozen=True)
class AwaitRequests:
    """Until every request fired in the background has its answer, or its error."""


@dataclass(frozen=True)
class WaitForLog:
    """Until the container's log holds `text` (at least `count` times)."""

    text: str
    count: int = 1
    timeout: float = 30.0


@dataclass(frozen=True)
class Pause:
    """Wait `seconds`; with since_ready, until the container has been ready that long."""

    seconds: float
    since_ready: bool = False


@dataclass(frozen=True)
class Look:
    """Another look at the tree, its memory and the apps' facts, kept under `label`."""

    label: str


@dataclass(frozen=True)
class Watch:
    """A look every `every` seconds for `seconds` (labels: LABEL-0, LABEL-1...)."""

    seconds: float
    every: float = 1.0
    label: str = "watch"


@dataclass(frozen=True)
class Kill:
    """Send `signal` to the process that plays `role` (`kill -9` a worker)."""

    role: Role
    signal: int = 9


@dataclass(frozen=True)
class Stop:
    """`docker stop -t grace`, timed; the exit code is kept."""

    grace: float


@dataclass(frozen=True)
class Load:
    """A closed loop beside the server: `concurrency` clients, `requests` each, bounded in time."""

    path: str
    concurrency: int
    requests: int
    seconds: float = 30.0
    label: str = "load"

    @property
    def sends(self) -> int:
        return self.requests * self.concurrency


Step = Fire | AwaitRequests | WaitForLog | Pause | Look | Watch | Kill | Stop | Load
