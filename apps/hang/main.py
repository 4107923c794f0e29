"""An app that never finishes loading, to show what the lab says when uWSGI is never ready:
sandbox try -- --wsgi-file /srv/apps/hang/main.py   (SANDBOX_READY_TIMEOUT bounds the wait)"""

import time

time.sleep(3600)


def application(environ, start_response):  # never reached
    start_response("200 OK", [])
    return [b""]
