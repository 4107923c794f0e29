"""Request timelines as data: one lane per serving (process, thread), one bar per answered
request, server-side start to end at millisecond resolution, in seconds from the first request
sent. Serialisation (C1) shows as bars one after another in one lane; overlap (C5) as bars
side by side in different lanes. A request cut without an answer (L1's `docker stop`, L5's
harakiri) has no server-side times: it is drawn client-side, sent to cut, in a lane of its own
per container. sandbox.output draws them (terminal Gantt, SVG/PNG)."""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.analysis import roles
from sandbox.model.observation import ScenarioObservation
from sandbox.model.roles import Role


@dataclass(frozen=True)
class Bar:
    variant: str  # service
    variant_label: str
    pid: int
    tid: int
    role: Role | None  # of the serving process; None for a cut request (nobody known served it)
    path: str
    start: float  # seconds from the first request sent
    end: float
    cut: bool = False  # no answer: client-side, from sent to cut; pid 0, tid a number of its own

    @property
    def lane(self) -> tuple[str, int, int]:
        return (self.variant, self.pid, self.tid)


def _cut(record) -> bool:
    return not record.answered and record.client_end is not None


def bars(observation: ScenarioObservation) -> list[Bar]:
    found = [
        (variant, record)
        for variant in observation.variants
        for record in variant.requests
        if record.served or _cut(record)
    ]
    # each cut request in a lane of its own: they overlap (a worker killed with all it held)
    number = {id(record): n for n, (_, record) in enumerate(found) if not record.served}
    if not any(record.served for _, record in found):
        return []
    origin = min(record.client_start for _, record in found)
    result = [
        Bar(
            variant.service, variant.label, record.pid, record.tid, roles.role_of(variant, record.pid),
            record.path, record.server_start - origin, record.server_end - origin,
        )
        if record.served
        else Bar(
            variant.service, variant.label, 0, number[id(record)], None,
            record.path, record.client_start - origin, record.client_end - origin, cut=True,
        )
        for variant, record in found
    ]  # fmt: skip
    return sorted(result, key=lambda bar: (bar.lane, bar.start))


def lanes(all_bars: list[Bar]) -> list[tuple[str, int, int]]:
    return list(dict.fromkeys(bar.lane for bar in sorted(all_bars, key=lambda b: b.lane)))
