"""One judge per claim of the article: a ScenarioObservation in, a Finding out.

A verdict comes only from positive evidence for it: "holds" needs what the article says,
"differs" needs a specific alternative; anything else is "cannot tell", saying what was
missing. Which variant plays which part comes from the catalog (Variant.part).
"""

from __future__ import annotations

from collections.abc import Callable

from sandbox.analysis.claims import (
    c1_default,
    c2_workers,
    c3_processes,
    c4_threads,
    c5_concurrency,
    c6_enable_threads,
    c7_django,
    c8_autoreload,
)
from sandbox.model.judged import Finding
from sandbox.model.observation import ScenarioObservation

JUDGES: dict[str, Callable[[ScenarioObservation], Finding]] = {
    "C1": c1_default.judge,
    "C2": c2_workers.judge,
    "C3": c3_processes.judge,
    "C4": c4_threads.judge,
    "C5": c5_concurrency.judge,
    "C6": c6_enable_threads.judge,
    "C7": c7_django.judge,
    "C8": c8_autoreload.judge,
}
