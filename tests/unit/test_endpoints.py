"""Where `try` sends its requests, and in which protocol: picked from the socket options given
(runs/trial.endpoint_of), and what the lab's one client is told (model.steps.Endpoint.spec)."""

from __future__ import annotations

import json
import struct

import pytest

from sandbox.containers.inside import http_client
from sandbox.errors import BadOption
from sandbox.model.steps import LAB_HTTP, Endpoint
from sandbox.runs.trial import endpoint_of
from sandbox.settings import APP_PORT


def test_the_lab_port_is_the_default_endpoint():
    assert Endpoint("http", APP_PORT, None) == LAB_HTTP
    assert LAB_HTTP.spec() == {"port": APP_PORT}  # what every catalog scenario's client is told


@pytest.mark.parametrize(
    ("options", "endpoint"),
    [
        (["--processes", "2"], LAB_HTTP),
        (["--http-socket", ":18000"], Endpoint("http", 18000)),
        (
            ["--http", ":18000", "--socket", "/tmp/app.sock"],
            Endpoint("http", 18000),
        ),  # what a browser reaches
        (["--socket", "/tmp/app.sock", "--http-socket=:9090"], Endpoint("http", 9090)),
        (["-s", "127.0.0.1:3031"], Endpoint("uwsgi", 3031)),
        (["--uwsgi-socket", "/tmp/app.sock"], Endpoint("uwsgi", None, "/tmp/app.sock")),
        (["--socket=@lab"], Endpoint("uwsgi", None, "@lab")),
        (["--https", ":443,a.crt,a.key", "--socket", ":3031"], Endpoint("uwsgi", 3031)),
    ],
)
def test_the_first_socket_the_client_speaks_http_first(options, endpoint):
    assert endpoint_of(["uwsgi", *options]) == endpoint


def test_a_socket_the_client_cannot_speak_is_one_clear_error():
    with pytest.raises(BadOption, match="not what --fastcgi-socket serves"):
        endpoint_of(["uwsgi", "--fastcgi-socket", ":18000"])


def test_the_client_is_told_the_protocol_and_where():
    assert Endpoint("uwsgi", 3031).spec() == {"target": {"protocol": "uwsgi", "port": 3031}}
    assert Endpoint("http", None, "/tmp/h.sock").spec() == {
        "target": {"protocol": "http", "unix": "/tmp/h.sock"}
    }
    # uWSGI binds @name as an abstract address that keeps its NUL at the end
    assert Endpoint("uwsgi", None, "@lab").spec() == {"target": {"protocol": "uwsgi", "unix": "\0lab\0"}}
    assert http_client.target_of(json.loads(json.dumps({"port": 18000}))) == {
        "protocol": "http",
        "port": 18000,
    }
    assert Endpoint("uwsgi", None, "/tmp/a.sock").words() == "the uwsgi protocol on UNIX socket /tmp/a.sock"
    assert LAB_HTTP.words() == "HTTP on 127.0.0.1:18000"


def test_a_uwsgi_packet_is_its_header_then_each_variable_with_its_length():
    packet = http_client.uwsgi_packet("/sleep?s=1", 18000)
    modifier1, size, modifier2 = struct.unpack("<BHB", packet[:4])
    assert (modifier1, modifier2, size) == (0, 0, len(packet) - 4)
    body, variables = packet[4:], {}
    while body:
        (length,) = struct.unpack("<H", body[:2])
        name, body = body[2 : 2 + length], body[2 + length :]
        (length,) = struct.unpack("<H", body[:2])
        variables[name.decode()], body = body[2 : 2 + length].decode(), body[2 + length :]
    assert variables["REQUEST_METHOD"] == "GET" and variables["PATH_INFO"] == "/sleep"
    assert variables["QUERY_STRING"] == "s=1" and variables["REQUEST_URI"] == "/sleep?s=1"
    assert variables["SERVER_PORT"] == "18000"
