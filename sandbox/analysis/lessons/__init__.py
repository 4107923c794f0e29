"""One judge per lesson beyond the article (catalog/lessons.py): a ScenarioObservation in, a
Finding out, each part of the lesson judged on its own evidence (common.by_parts)."""

from __future__ import annotations

from collections.abc import Callable

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
from sandbox.model.judged import Finding
from sandbox.model.observation import ScenarioObservation

JUDGES: dict[str, Callable[[ScenarioObservation], Finding]] = {
    "L1": l1_sigterm.judge,
    "L2": l2_master.judge,
    "L3": l3_prefork.judge,
    "L4": l4_listen_queue.judge,
    "L5": l5_harakiri.judge,
    "L6": l6_thunder_lock.judge,
    "L7": l7_recycling.judge,
    "L8": l8_socket_types.judge,
    "L9": l9_cheaper.judge,
    "G1": g1_gunicorn_timeout.judge,
}
