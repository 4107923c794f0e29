"""The article's app plus a background thread started at import time (claim C6).

The thread counts ticks and writes its progress to /tmp/ticker-<pid>, so the controller can
read how far it got while the server sat idle, without sending a request (a request would
give the thread a chance to run and blur the measurement).
"""

import os
import threading
import time

from lab_report import RequestSpan, sleep_seconds

HELLO_WORLD = b"Hello world!\n"
TICK_SECONDS = 0.05


def _write_atomically(path: str, text: str) -> None:
    # Write-then-rename: a thread without the GIL can stall between truncating a file and
    # writing it, which would leave an empty file; a rename is atomic, so readers always see
    # the last complete value.
    scratch = f"/tmp/.scratch-{os.getpid()}-{threading.get_native_id()}"
    with open(scratch, "w") as out:
        out.write(text)
    os.replace(scratch, path)


def _record(ticks: int) -> None:
    _write_atomically(f"/tmp/ticker-{os.getpid()}", f"{ticks} {time.time():.3f}\n")


def _tick_forever() -> None:
    ticks = 0
    while True:
        ticks += 1
        _record(ticks)
        time.sleep(TICK_SECONDS)


# Tick 0 is written by the importing thread itself: without thread support the new thread may
# never get the GIL, and "no progress at all" must still be visible as such.
_record(0)
_ticker = threading.Thread(target=_tick_forever, name="ticker", daemon=True)
_ticker.start()
# Which OS thread is the app's own (start() returns once it has an id): the lab names it.
_write_atomically(f"/tmp/ticker-thread-{os.getpid()}", f"{_ticker.native_id}\n")


def application(environ, start_response):
    span = RequestSpan(environ["REQUEST_URI"])
    time.sleep(sleep_seconds())
    start_response("200 OK", [("Content-type", "text/plain"), *span.finish()])
    return [HELLO_WORLD]
