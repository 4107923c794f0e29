"""The lesson on preforking (`sandbox run prefork`): an app with import-time side effects.

At import it opens a socket, registers an os.register_at_fork child hook, and builds a large
list of Python objects (the "ballast"); it tells the lab (fact files, apps/lab_report.py) which
process imported it and which fd the socket has. By default uWSGI imports the app once and
forks: every worker shares that socket and those pages; with --lazy-apps each worker imports it.

  /touch?s=N   reads every object of the ballast (their reference counts are written, so the
               pages a worker shared with its parent are copied: copy-on-write, measured as
               USS), then sleeps N seconds like /sleep?s=N
"""

import os
import socket
import time
from urllib.parse import parse_qs

from lab_report import RequestSpan, sleep_seconds, write_fact

HELLO_WORLD = b"Hello world!\n"
BALLAST = [f"object {number}" for number in range(400_000)]  # about 30 MB of small objects

_socket = socket.socket()  # opened at import: shared by every forked worker, or one each
write_fact("import", {"fd": _socket.fileno()})
os.register_at_fork(after_in_child=lambda: write_fact("fork-hook", {}))


def application(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    span = RequestSpan(environ["REQUEST_URI"])
    if path == "/touch":
        write_fact("touched", {"objects": sum(1 for _ in BALLAST)})
    seconds = parse_qs(environ.get("QUERY_STRING", "")).get("s")
    time.sleep(float(seconds[0]) if seconds else sleep_seconds())
    start_response("200 OK", [("Content-type", "text/plain"), *span.finish()])
    return [HELLO_WORLD]
