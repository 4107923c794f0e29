"""Workloads for `sandbox sweep` (the article's closing claim about the GIL).

  /io?ms=T    waits T ms (like a database or an API call): the GIL is released meanwhile
  /cpu?ms=T   burns T ms of this thread's own CPU time in pure Python: holds the GIL
  /noop       answers at once: measures the load generator's own ceiling

Every answer carries the serving pid, thread and server-side start/end (X-Sandbox-* headers),
without the article's per-request print line, which would flood the log under load.
"""

import os
import threading
import time
from urllib.parse import parse_qs

DEFAULT_MS = 20.0


def _burn(ms: float) -> None:
    """Pure-Python work until this thread has used `ms` of CPU (not wall) time."""
    deadline = time.thread_time() + ms / 1000
    total = 0
    while time.thread_time() < deadline:
        for number in range(2000):
            total += number * number


def application(environ, start_response):
    start = time.time()
    path = environ.get("PATH_INFO", "/")
    query = parse_qs(environ.get("QUERY_STRING", ""))
    ms = float(query.get("ms", [DEFAULT_MS])[0])
    if path == "/io":
        time.sleep(ms / 1000)
    elif path == "/cpu":
        _burn(ms)
    elif path != "/noop":
        start_response("404 Not Found", [("Content-type", "text/plain")])
        return [b"try /io, /cpu or /noop\n"]
    headers = [
        ("Content-type", "text/plain"),
        ("X-Sandbox-Pid", str(os.getpid())),
        ("X-Sandbox-Tid", str(threading.get_native_id())),
        ("X-Sandbox-Start", f"{start:.6f}"),
        ("X-Sandbox-End", f"{time.time():.6f}"),
    ]
    start_response("200 OK", headers)
    return [b"ok\n"]
