"""What a command imports only at its end is imported while the engine works, in a thread of
its own, joined before the command imports anything itself."""

from __future__ import annotations

import importlib
import sys
import threading

import pytest

from sandbox import idle_imports


@pytest.fixture
def modules(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    written = []

    def write(name: str, body: str) -> str:
        (tmp_path / f"{name}.py").write_text(body)
        written.append(name)
        return name

    yield write
    for name in written:
        sys.modules.pop(name, None)


def test_wanted_modules_are_imported_beside_the_main_thread_once_the_engine_is_busy(modules):
    name = modules(
        "idle_probe_a",
        "import threading, time\ntime.sleep(0.2)\nIMPORTED_IN = threading.current_thread().name\n",
    )
    idle_imports.wanted(name)
    assert name not in sys.modules  # nothing happens before the engine is busy
    idle_imports.engine_busy()
    assert name not in sys.modules or not hasattr(sys.modules[name], "IMPORTED_IN")  # it returned at once
    idle_imports.finished()
    assert sys.modules[name].IMPORTED_IN == "idle-imports"


def test_a_module_failing_beside_fails_again_where_it_is_imported(modules):
    name = modules("idle_probe_broken", "raise RuntimeError('broken on purpose')\n")
    idle_imports.wanted(name)
    idle_imports.engine_busy()
    idle_imports.finished()  # no error escapes the thread
    with pytest.raises(RuntimeError, match="broken on purpose"):
        importlib.import_module(name)


def test_nothing_wanted_starts_no_thread():
    before = threading.active_count()
    idle_imports.engine_busy()
    assert threading.active_count() == before
    idle_imports.finished()


def test_what_was_wanted_but_never_started_is_dropped_when_the_command_goes_on(modules):
    name = modules("idle_probe_never", "X = 1\n")
    idle_imports.wanted(name)
    idle_imports.finished()  # no wait on the engine came (a publishing run)
    idle_imports.engine_busy()  # a later one in the same process
    idle_imports.finished()
    assert name not in sys.modules


def test_a_scenario_finishing_while_another_starts_its_imports_never_joins_an_unstarted_thread(
    modules, monkeypatch
):
    """`verify` observes several scenarios at once: one's finished() can come while another's
    engine_busy() is still starting its thread."""
    name = modules("idle_probe_race", "X = 1\n")
    real_start = threading.Thread.start
    starting = threading.Event()

    def slow_start(thread):
        if thread.name == "idle-imports":
            starting.set()
            threading.Event().wait(0.3)  # the window another scenario's finished() falls into
        real_start(thread)

    monkeypatch.setattr(threading.Thread, "start", slow_start)
    idle_imports.wanted(name)
    busy = threading.Thread(target=idle_imports.engine_busy)
    real_start(busy)
    assert starting.wait(10)
    idle_imports.finished()  # raised "cannot join thread before it is started" when it came too soon
    busy.join(10)
    idle_imports.finished()
    assert sys.modules[name].X == 1


def test_what_is_wanted_for_the_end_waits_for_the_last_wait_through_the_first(modules):
    """A run's first wait (its containers' start) imports what comes next; what is needed only
    once the run is over waits for its last (the requests)."""
    soon = modules("idle_probe_soon", "X = 1\n")
    end = modules("idle_probe_end", "X = 1\n")
    idle_imports.wanted(end, for_the_end=True)
    idle_imports.wanted(soon)
    idle_imports.engine_busy()
    idle_imports.finished()
    assert soon in sys.modules and end not in sys.modules  # not even dropped by finished()
    idle_imports.engine_busy(last=True)
    idle_imports.finished()
    assert sys.modules[end].X == 1
