"""The app of the lessons beyond the article: the article's app, with the sleep in the URL.

  /sleep?s=N   prints the article's `pid ppid uri called HH:MM:SS` line, sleeps N seconds
               (default: SANDBOX_SLEEP), answers "Hello world!"
  /noop        answers at once, without a line (many requests: how they spread over workers)

Every answer carries the serving pid, thread and times (X-Sandbox-*, apps/lab_report.py).
"""

import time
from urllib.parse import parse_qs

from lab_report import RequestSpan, sleep_seconds

HELLO_WORLD = b"Hello world!\n"


def application(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    span = RequestSpan(environ["REQUEST_URI"], quiet=path == "/noop")
    if path != "/noop":
        seconds = parse_qs(environ.get("QUERY_STRING", "")).get("s")
        time.sleep(float(seconds[0]) if seconds else sleep_seconds())
    start_response("200 OK", [("Content-type", "text/plain"), *span.finish()])
    return [HELLO_WORLD]
