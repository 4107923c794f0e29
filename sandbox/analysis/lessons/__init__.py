"""One judge per lesson beyond the article (catalog/lessons.py): a ScenarioObservation in, a
Finding out, each part of the lesson judged on its own evidence (common.by_parts)."""

from __future__ import annotations

from types import ModuleType

from sandbox.analysis.lessons import (
    g1_gunicorn_timeout,
    l1_sigterm,
    l2_master,
    l3_prefork,
    l4_listen_queue,
    l5_harakiri,
    l6_thunder_lock,
    l7_recycling,
    l8_socket_types,
    l9_cheaper,
)

# Each judge module has `judge(observation) -> Finding` and `READS`: the parts, batches, looks and
# loads it reads by name (the catalog is checked against them when it loads).
JUDGES: dict[str, ModuleType] = {
    "L1": l1_sigterm,
    "L2": l2_master,
    "L3": l3_prefork,
    "L4": l4_listen_queue,
    "L5": l5_harakiri,
    "L6": l6_thunder_lock,
    "L7": l7_recycling,
    "L8": l8_socket_types,
    "L9": l9_cheaper,
    "G1": g1_gunicorn_timeout,
}
