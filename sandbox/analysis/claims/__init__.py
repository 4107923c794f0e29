"""One judge per claim of the article: a ScenarioObservation in, a Finding out.

A verdict comes only from positive evidence for it: "holds" needs what the article says,
"differs" needs a specific alternative; anything else is "cannot tell", saying what was
missing. Which variant plays which part comes from the catalog (Variant.part).
"""

from __future__ import annotations

from types import ModuleType

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

# Each judge module has `judge(observation) -> Finding` and `READS`: the parts, batches, looks and
# loads it reads by name (the catalog is checked against them when it loads).
JUDGES: dict[str, ModuleType] = {
    "C1": c1_default,
    "C2": c2_workers,
    "C3": c3_processes,
    "C4": c4_threads,
    "C5": c5_concurrency,
    "C6": c6_enable_threads,
    "C7": c7_django,
    "C8": c8_autoreload,
}
