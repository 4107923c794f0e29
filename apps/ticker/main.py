"""The article's app plus a background thread started at import time (claim C6).

The thread counts ticks and tells the lab how far it got (a fact file, apps/lab_report.py),
so the lab can read its progress while the server sat idle, without sending a request (a
request would give the thread a chance to run and blur the measurement).
"""

import threading
import time

from lab_report import RequestSpan, sleep_seconds, write_fact

HELLO_WORLD = b"Hello world!\n"
TICK_SECONDS = 0.05


def _tick_forever() -> None:
    ticks = 0
    while True:
        ticks += 1
        write_fact("ticker", {"ticks": ticks})
        time.sleep(TICK_SECONDS)


# Tick 0 is written by the importing thread itself: without thread support the new thread may
# never get the GIL, and "no progress at all" must still be visible as such.
write_fact("ticker", {"ticks": 0})
_ticker = threading.Thread(target=_tick_forever, name="ticker", daemon=True)
_ticker.start()
# Which OS thread is the app's own (start() returns once it has an id): the lab names it.
write_fact("ticker-thread", {"tid": _ticker.native_id})


def application(environ, start_response):
    span = RequestSpan(environ["REQUEST_URI"])
    time.sleep(sleep_seconds())
    start_response("200 OK", [("Content-type", "text/plain"), *span.finish()])
    return [HELLO_WORLD]
