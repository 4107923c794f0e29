"""The article's main.py: print who serves the request, sleep, answer "Hello world!".

Only two things differ from the article: the sleep comes from SANDBOX_SLEEP (default 10 s, as
in the article) and the serving pid/ppid/thread and times also go back as response headers.
"""

import time

from lab_report import RequestSpan, sleep_seconds

HELLO_WORLD = b"Hello world!\n"


def simple_app(environ, start_response):
    span = RequestSpan(environ["REQUEST_URI"])
    time.sleep(sleep_seconds())
    start_response("200 OK", [("Content-type", "text/plain"), *span.finish()])
    return [HELLO_WORLD]


application = simple_app
