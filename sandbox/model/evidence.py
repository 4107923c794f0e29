"""Evidence as data: a fact is a template whose holes are typed references.

A judge writes `Fact("{} served {}", Proc("threads", 8), Req("threads", 0))`; the renderer
fills each hole at the last step, with a raw pid or with a stable name under
--normalize-pids, so renaming needs no regex and cannot miss a pid.
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.model.roles import Role


@dataclass(frozen=True)
class Proc:
    """A process of one container (variant), by pid."""

    variant: str
    pid: int


@dataclass(frozen=True)
class Thread:
    """A thread of one container, by its kernel tid (the main thread's tid is its pid)."""

    variant: str
    tid: int


@dataclass(frozen=True)
class Req:
    """A request of one container, by its index in that container's request records."""

    variant: str
    index: int


@dataclass(frozen=True)
class Clock:
    """A wall-clock instant (epoch seconds), shown as HH:MM:SS.mmm."""

    epoch: float


@dataclass(frozen=True)
class Quote:
    """A log line of one container, quoted verbatim; pids inside it are renamed by their spans."""

    variant: str
    text: str
    pids: tuple[tuple[int, int, int], ...] = ()  # (start, end, pid) of every pid mention


@dataclass(frozen=True)
class Many:
    """Several references shown as one list ("pids 7 and 8")."""

    items: tuple[Ref, ...]


@dataclass(frozen=True)
class Fact:
    """One piece of evidence: `template` with `{}` holes, filled in order with `args`."""

    template: str
    args: tuple[Ref, ...] = ()

    def __init__(self, template: str, *args: Ref) -> None:
        object.__setattr__(self, "template", template)
        object.__setattr__(self, "args", tuple(args))

    def refs(self) -> list[Ref]:
        """Every reference, Many unpacked (for renderers and tests)."""
        found: list[Ref] = []
        for arg in self.args:
            found += list(arg.items) if isinstance(arg, Many) else [arg]
        return found


# What a hole of a fact may hold: a reference the renderer names, a role, a nested fact, or a
# plain value (numbers take the hole's format spec).
Ref = Proc | Thread | Req | Clock | Quote | Many | Fact | Role | str | int | float
