"""Local stand-ins for what the lab talks to, so its client and probe run for real without
Docker: HTTP servers on 127.0.0.1 that answer like the lab's apps (or misbehave in one known
way each), and a "container" whose exec runs the command as a local process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class ExecResult:
    exit_code: int
    output: tuple[bytes, bytes]


class LocalContainer:
    """Runs `exec_run` argv here, as `docker exec` runs it in a container (same python3 -c)."""

    name = "local"

    def exec_run(self, argv: list[str], demux: bool = True) -> ExecResult:
        if argv[0] == "python3":  # the container's python3; here, the one running the tests
            argv = [sys.executable, *argv[1:]]
        done = subprocess.run(argv, capture_output=True, timeout=120, check=False)
        return ExecResult(done.returncode, (done.stdout, done.stderr))


def in_turn_argv_here(jobs) -> list[str]:
    """in_turn.py --on-go as a primed `docker exec` runs it (sandbox.containers.inside), here."""
    from sandbox.containers import inside

    return [sys.executable, *inside.in_turn_argv(jobs)[1:], "--on-go"]


def in_turn_here(jobs, stdin: bytes = b"go\n") -> subprocess.CompletedProcess:
    """in_turn.py --on-go run here to its end; `stdin` is what the controller sends it."""
    return subprocess.run(in_turn_argv_here(jobs), input=stdin, capture_output=True, timeout=120, check=False)


def lab_app_handler(sleep: float) -> type[BaseHTTPRequestHandler]:
    """Answers like apps/lab_report.py: sleeps, then reports pid, thread and server times."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:
            start = time.time()
            time.sleep(sleep)
            self.send_response(200)
            for header, value in (
                ("X-Sandbox-Pid", os.getpid()),
                ("X-Sandbox-Ppid", os.getppid()),
                ("X-Sandbox-Tid", threading.get_native_id()),
                ("X-Sandbox-Start", f"{start:.6f}"),
                ("X-Sandbox-End", f"{time.time():.6f}"),
            ):
                self.send_header(header, str(value))
            self.end_headers()
            self.wfile.write(b"Hello world!\n")

        def log_message(self, *args) -> None:  # quiet
            pass

    return Handler


@contextmanager
def http_server(sleep: float = 0.0) -> Iterator[int]:
    """A threaded HTTP server on 127.0.0.1; yields its port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), lab_app_handler(sleep))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def raw_server(on_connection: Callable[[socket.socket], None]) -> Iterator[int]:
    """A TCP server on 127.0.0.1 that does `on_connection` with every client; yields its port."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=on_connection, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(2)
        listener.close()


def unused_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
