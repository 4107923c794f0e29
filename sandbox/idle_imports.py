"""Imports a command needs only at its end (judging, rendering), done while the engine starts
the run's containers: the main thread then only waits on a socket, so the imports are free.

A command names them (`wanted`); the containers layer says when a wait on the engine begins
(`engine_busy`). They are then imported in a thread of their own, which the command joins
(`finished`) before it imports anything itself again: two threads never import at once. One
that fails there is imported again where it is used, and fails there with its own error.

Two waits matter in a run: its containers' start, and its requests. The start is short and the
main thread imports the Docker SDK during it, so what is needed only once the run is over
(judging, rendering) waits for the requests (`for_the_end`): then nothing else competes for the
CPU, neither with the engine starting the containers.
"""

from __future__ import annotations

import importlib
import threading

from sandbox import speed

_wanted: list[str] = []
_for_the_end: list[str] = []  # kept for the run's last wait (its requests)
_importing: list[threading.Thread] = []
_lock = threading.Lock()


def wanted(*modules: str, for_the_end: bool = False) -> None:
    """Import these during the next wait on the engine (`for_the_end`: during the run's last);
    with the idle-imports trick off (sandbox/speed.py) they are imported where they are used."""
    if not speed.on("idle-imports"):
        return
    with _lock:
        (_for_the_end if for_the_end else _wanted).extend(modules)


def engine_busy(last: bool = False) -> None:
    """A wait on the engine begins: import what is wanted, beside it (and, if it is the run's
    `last` wait, what is wanted for the end)."""
    with _lock:
        modules = list(_wanted)
        _wanted.clear()
        if last:
            modules += _for_the_end
            _for_the_end.clear()
        if modules:
            # Started before it is listed, both under the lock: `verify` runs several scenarios
            # at once, and another one's finished() must never find a thread not yet started.
            thread = threading.Thread(target=_import_all, args=(modules,), name="idle-imports", daemon=True)
            thread.start()
            _importing.append(thread)


def finished() -> None:
    """Every import started by `engine_busy` is done (by now they usually are); what was wanted
    but never started (no wait on the engine came) is dropped: the command imports it itself.
    What is wanted for the end stays wanted until a last wait."""
    with _lock:
        threads = list(_importing)
        _importing.clear()
        _wanted.clear()
    for thread in threads:
        thread.join()


def _import_all(modules: list[str]) -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # the main thread imports it again where it is used, and fails there
            return
