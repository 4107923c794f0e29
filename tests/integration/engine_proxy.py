"""A Docker engine "elsewhere", for tests: a TCP port on 127.0.0.1 that forwards to this
machine's engine socket and notes every API request line that goes through it. With
DOCKER_HOST=tcp://127.0.0.1:PORT (or a docker context pointing there), the lab must reach the
engine only through it: the notes show whether the SDK and Compose both did."""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

_REQUEST_LINE = re.compile(rb"(GET|POST|DELETE|PUT|HEAD) (/\S*) HTTP/1\.[01]")


class EngineProxy:
    def __init__(self, engine_socket: str = "/var/run/docker.sock") -> None:
        self.engine_socket = engine_socket
        self.requests: list[str] = []  # "POST /v1.41/containers/create" ...
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self._stop = threading.Event()
        self.port = self._listener.getsockname()[1]

    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def seen(self, fragment: str) -> bool:
        with self._lock:
            return any(fragment in line for line in self.requests)

    def _pipe(self, source: socket.socket, target: socket.socket, note: bool) -> None:
        try:
            while chunk := source.recv(65536):
                if note:
                    with self._lock:
                        self.requests += [
                            f"{m[1].decode()} {m[2].decode()}" for m in _REQUEST_LINE.finditer(chunk)
                        ]
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, target):
                with suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            engine = socket.socket(socket.AF_UNIX)
            engine.connect(self.engine_socket)
            threading.Thread(target=self._pipe, args=(client, engine, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(engine, client, False), daemon=True).start()

    @contextmanager
    def running(self) -> Iterator[EngineProxy]:
        thread = threading.Thread(target=self._serve, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            thread.join(2)
            self._listener.close()
