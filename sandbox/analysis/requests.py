"""Facts about requests sent together: which ones left first, and how far apart they left."""

from __future__ import annotations

from collections.abc import Sequence

from sandbox.model.observation import RequestRecord


def first_requests(records: Sequence[RequestRecord]) -> list[RequestRecord]:
    """Each client's first request: the ones that were sent together."""
    first: dict[int, RequestRecord] = {}
    for record in sorted(records, key=lambda r: r.client_start):
        first.setdefault(record.client, record)
    return list(first.values())


def start_spread(records: Sequence[RequestRecord]) -> float:
    """Seconds between the first and the last client start."""
    starts = [record.client_start for record in records]
    return max(starts) - min(starts) if starts else 0.0
