"""Every timing bound a judge decides by, as data: what it measures, what each side of it means,
and how to read the measured value from a run, so the margin each live run keeps from the bound
can be shown (`make readme` writes it from the lab's captured runs, tests/data/runs, which
`make fixtures` re-captures live) and a test fails when a captured run comes closer to a bound
than MIN_MARGIN of it: a verdict that close would turn on the machine's mood.

The bounds themselves stay in the judges that use them (one source); this lists them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sandbox.analysis.claims import c6_enable_threads as c6
from sandbox.analysis.claims.common import PAGES, TOGETHER, requests_to
from sandbox.analysis.lessons import l1_sigterm as l1
from sandbox.analysis.lessons import l4_listen_queue as l4
from sandbox.analysis.requests import start_spread
from sandbox.model.names import C6, L4
from sandbox.model.observation import ScenarioObservation

MIN_MARGIN = 0.2  # a captured run closer to a bound than this share of it is too close to trust


@dataclass(frozen=True)
class TimingBound:
    claim: str
    scenarios: tuple[str, ...]  # the catalog scenarios whose runs it judges
    quantity: str  # what is measured, in words
    unit: str
    bound: float
    below: str  # what a value under the bound shows
    above: str  # what a value at or over it shows
    measure: Callable[[ScenarioObservation], list[tuple[str, float]]]  # (container label, value)

    def closest(self, values: list[float]) -> tuple[float | None, float | None]:
        """The measured value nearest the bound from under it, and from at or over it."""
        under = [value for value in values if value < self.bound]
        over = [value for value in values if value >= self.bound]
        return (max(under) if under else None, min(over) if over else None)

    def margin(self, value: float) -> float:
        """How far a measured value keeps from the bound, as a share of the bound."""
        return abs(value - self.bound) / self.bound


def _stop_share(run: ScenarioObservation) -> list[tuple[str, float]]:
    return [
        (v.label, v.stopped.seconds / v.stopped.grace) for v in run.variants if v.stopped and v.stopped.grace
    ]


def _connect_waits(run: ScenarioObservation) -> list[tuple[str, float]]:
    return [
        (v.label, r.client_connected - r.client_start)
        for v in run.variants
        if v.part == L4.QUEUE
        for r in v.requests
        if r.client_connected is not None
    ]


def _page_spread(run: ScenarioObservation) -> list[tuple[str, float]]:
    found = []
    for v in run.variants:
        pages = [record for _, record in requests_to(v, PAGES)]
        if len(pages) == 2:
            found.append((v.label, start_spread(pages)))
    return found


def _tick_share(parts: tuple[str, ...]) -> Callable[[ScenarioObservation], list[tuple[str, float]]]:
    def measure(run: ScenarioObservation) -> list[tuple[str, float]]:
        return [
            (v.label, rate)
            for v in run.variants
            if v.part in parts and (rate := c6.ticker_rate(v)) is not None
        ]

    return measure


TIMING_BOUNDS: tuple[TimingBound, ...] = (
    TimingBound(
        "L1", ("sigterm",), "how long `docker stop` took, as a share of its grace period", "of the grace",
        l1.RAN_OUT, "uWSGI exited by itself", "it waited the grace out (then Docker killed it)", _stop_share,
    ),
    TimingBound(
        "L4", ("listen-queue",), "how long a client waited for its connection", "s",
        l4.SYN_RETRY, "accepted at once (or refused)", "its first SYN was dropped and retried", _connect_waits,
    ),
    TimingBound(
        "C1, C5", ("default", "concurrency"), "how far apart the two pages left the client", "s",
        TOGETHER, "sent together", "not sent together: the run shows nothing on concurrency", _page_spread,
    ),
    TimingBound(
        "C6", ("enable-threads",), "the share of its ticks the app's own thread made while idle", "of the ticks",
        c6.STALLED, "the thread stalled (no option)", "it was not stalled", _tick_share((C6.OFF,)),
    ),
    TimingBound(
        "C6", ("enable-threads",), "the share of its ticks the app's own thread made while idle", "of the ticks",
        c6.FREE, "the thread did not run freely", "it ran freely (--enable-threads, --threads)",
        _tick_share((C6.ON, C6.THREADS)),
    ),
)  # fmt: skip
