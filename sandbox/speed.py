"""The speed tricks a run uses, each behind one seam, each switchable, so `sandbox bench
--tricks` can measure what each one pays, side by side in one bench (README, "Performance").

    socket-start   a local engine's containers are created and started straight on its socket
                   before the Docker SDK is imported (containers/lab.py, socket_api.py)
    primed-exec    the first look's `docker exec` starts while uWSGI boots and waits for `go`
                   (runs/run.py, containers/inside in_turn.py --on-go)
    one-exec       an article scenario's look and its requests run in that one exec
    idle-imports   what a run needs later is imported while it waits on the engine
                   (idle_imports.py)

SANDBOX_WITHOUT=primed-exec,idle-imports turns tricks off (`all`: every one); nothing else
changes what a run does or observes.
"""

from __future__ import annotations

import os

TRICKS = ("socket-start", "primed-exec", "one-exec", "idle-imports")


def on(trick: str) -> bool:
    if trick not in TRICKS:  # a seam asking for a trick nobody listed: a bug
        raise KeyError(trick)
    off = {name.strip() for name in os.environ.get("SANDBOX_WITHOUT", "").split(",")}
    return "all" not in off and trick not in off
