"""The engine's API on its Unix socket, before the SDK is imported (containers/socket_api.py):
what it sends, how it reads the engine's replies, and that it creates and starts a container
only from a current image, leaving everything else to the SDK. Against a stand-in engine on a
Unix socket here; tests/integration/test_service_spec.py starts real containers through it."""

from __future__ import annotations

import json
import socketserver
import threading

import pytest

from sandbox.containers import socket_api
from sandbox.containers.socket_api import Created, call, start_if_current

CURRENT = {"io.uwsgi-sandbox.inputs": "abc"}
BODY = {"Image": "uwsgi-sandbox:2.0.31", "Cmd": ["uwsgi"], "HostConfig": {"NetworkMode": "none"}}


class Engine:
    """Answers each request from `replies` ("METHOD /path" -> (status, JSON or raw bytes)) and
    records what it was sent."""

    def __init__(self, replies: dict) -> None:
        self.replies, self.seen = replies, []

    def reply(self, method: str, url: str, body: bytes) -> bytes:
        self.seen.append((method, url, json.loads(body) if body else None))
        status, payload = self.replies.get(f"{method} {url.split('?')[0]}", (404, {"message": "no such"}))
        if isinstance(payload, bytes):
            return payload
        data = json.dumps(payload).encode() if payload is not None else b""
        # an HTTP/1.0 reply: no Content-Length, its end is the connection's
        return f"HTTP/1.0 {status} X\r\nContent-Type: application/json\r\n\r\n".encode() + data


@pytest.fixture
def engine(tmp_path):
    path = str(tmp_path / "docker.sock")
    engines = []

    def serve(replies: dict) -> Engine:
        fake = Engine(replies)

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                request_line = self.rfile.readline().decode()
                headers = {}
                while (line := self.rfile.readline().decode().strip()) != "":
                    key, _, value = line.partition(":")
                    headers[key.strip().lower()] = value.strip()
                body = self.rfile.read(int(headers.get("content-length", 0)))
                method, url, _ = request_line.split()
                self.wfile.write(fake.reply(method, url, body))

        server = socketserver.ThreadingUnixStreamServer(path, Handler)
        threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True).start()  # quick to shut down
        engines.append(server)
        return fake

    yield path, serve
    for server in engines:
        server.shutdown()
        server.server_close()


def _image(labels: dict | None) -> tuple[int, dict]:
    return 200, {"Id": "sha256:1", "Config": {"Labels": labels}}


def test_a_current_image_is_created_from_and_started(engine):
    path, serve = engine
    fake = serve({
        "GET /images/uwsgi-sandbox%3A2.0.31/json": _image({**CURRENT, "other": "x"}),
        "POST /containers/create": (201, {"Id": "c1", "Warnings": []}),
        "POST /containers/c1/start": (204, None),
    })  # fmt: skip
    assert start_if_current(path, "sandbox-r1-plain-1", BODY, CURRENT) == Created("c1", started=True)
    assert fake.seen == [
        ("GET", "/images/uwsgi-sandbox%3A2.0.31/json", None),
        ("POST", "/containers/create?name=sandbox-r1-plain-1", BODY),
        ("POST", "/containers/c1/start", None),
    ]


@pytest.mark.parametrize(
    "image",
    [(404, {"message": "No such image"}), _image({"io.uwsgi-sandbox.inputs": "old"}), _image(None)],
    ids=["missing", "outdated", "unlabelled"],
)
def test_nothing_is_created_from_an_image_that_is_missing_or_not_current(engine, image):
    path, serve = engine
    fake = serve(
        {"GET /images/uwsgi-sandbox%3A2.0.31/json": image, "POST /containers/create": (201, {"Id": "c"})}
    )
    assert start_if_current(path, "n", BODY, CURRENT) is None
    assert [method for method, _, _ in fake.seen] == ["GET"]  # the SDK's path builds it, then creates


def test_a_refused_create_leaves_it_all_to_the_sdk(engine):
    path, serve = engine
    serve({
        "GET /images/uwsgi-sandbox%3A2.0.31/json": _image(CURRENT),
        "POST /containers/create": (409, {"message": "Conflict. The container name is already in use"}),
    })  # fmt: skip
    assert start_if_current(path, "n", BODY, CURRENT) is None


def test_a_refused_start_leaves_the_start_to_the_sdk_which_says_why(engine):
    path, serve = engine
    serve({
        "GET /images/uwsgi-sandbox%3A2.0.31/json": _image(CURRENT),
        "POST /containers/create": (201, {"Id": "c2"}),
        "POST /containers/c2/start": (500, {"message": "OCI runtime create failed"}),
    })  # fmt: skip
    assert start_if_current(path, "n", BODY, CURRENT) == Created("c2", started=False)


def test_no_engine_on_the_socket_is_left_to_the_sdk(tmp_path):
    assert start_if_current(str(tmp_path / "nothing-here.sock"), "n", BODY, CURRENT) is None


def test_a_reply_that_is_not_http_is_an_error_not_a_status(engine):
    path, serve = engine
    serve({"GET /_ping": (200, b"SSH-2.0-OpenSSH\r\n")})
    with pytest.raises(ValueError, match="not an HTTP reply"):
        call(path, "GET", "/_ping")
    assert start_if_current(path, "n", {**BODY, "Image": "x"}, CURRENT) is None


def test_an_empty_reply_body_is_none_and_a_json_one_is_decoded(engine):
    path, serve = engine
    serve({"POST /containers/c/start": (204, None), "GET /version": (200, {"ApiVersion": "1.41"})})
    assert call(path, "POST", "/containers/c/start") == (204, None)
    assert call(path, "GET", "/version") == (200, {"ApiVersion": "1.41"})


def test_the_engine_s_silence_ends_in_a_timeout_not_a_hang(tmp_path, monkeypatch):
    import socket

    path = str(tmp_path / "mute.sock")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(path)
    listener.listen()
    monkeypatch.setattr(socket_api, "TIMEOUT", 0.2)
    try:
        assert start_if_current(path, "n", BODY, CURRENT) is None
    finally:
        listener.close()
