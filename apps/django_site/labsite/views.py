"""The article's sleeping request, as a Django view."""

import time

from django.http import HttpResponse
from lab_report import RequestSpan, sleep_seconds


def sleep_view(request, path=""):
    span = RequestSpan(request.META.get("REQUEST_URI", request.get_full_path()))
    time.sleep(sleep_seconds())
    response = HttpResponse(b"Hello world!\n", content_type="text/plain")
    for name, value in span.finish():
        response[name] = value
    return response
