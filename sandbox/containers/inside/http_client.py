"""Run INSIDE a lab container's network namespace: `python3 -c SCRIPT fire|load SPEC_JSON`.

The lab's only client, for HTTP and for the uwsgi protocol. It talks to 127.0.0.1 in the
network namespace it runs in (the lab container's own, through `docker exec`, or a load
container started with `network_mode: container:<lab>`), or to a UNIX socket in the lab
container's own files (through `docker exec`), so it reaches uWSGI wherever the Docker engine is: on this
machine, behind a CI job's mounted socket, a DinD service or a shared classroom server. Client
times are taken here, on the same kernel clock as the server's own X-Sandbox-* times.

Standard library only: it runs on whatever Python the lab image has.

  fire  {"port" or "target", "clients": [[path, ...], ...], "timeout"}: every client requests
        its paths one after another; all clients are released together by one barrier. Prints a
        JSON list. A target names the protocol (HTTP, or uwsgi's own: what `--socket` speaks and
        nginx's uwsgi_pass sends) and a TCP port on 127.0.0.1 or a UNIX socket's path.
  load  {"port" or "target", "path", "concurrency", "duration", "timeout", "max_requests", "warmup"}: a
        closed loop, each client sending its next request as soon as the last is answered,
        bounded in time and in count, after `warmup` seconds on /noop. Prints a JSON object of
        per-request rows, and the CPU seconds the whole machine was busy meanwhile (a machine
        with no idle core left had none to give the server either).
"""

import http.client
import json
import os
import socket
import struct
import sys
import threading
import time

HOST = "127.0.0.1"  # loopback of the namespace this runs in, never any other address

# Answer headers the lab apps send (apps/lab_report.py, apps/workload/main.py).
_INT_HEADERS = {"pid": "X-Sandbox-Pid", "ppid": "X-Sandbox-Ppid", "tid": "X-Sandbox-Tid"}
_TIME_HEADERS = {"server_start": "X-Sandbox-Start", "server_end": "X-Sandbox-End"}


def _failure(error):
    """A request that got no answer, in words: what the client saw, not a guess at why."""
    # RemoteDisconnected is also a ConnectionResetError: it must be asked first.
    if isinstance(error, http.client.RemoteDisconnected):
        return "empty reply"
    if isinstance(error, ConnectionRefusedError):
        return "refused"
    if isinstance(error, (ConnectionResetError, BrokenPipeError)):
        return "reset"
    if isinstance(error, (socket.timeout, TimeoutError)):
        return "timed out"
    if isinstance(error, http.client.HTTPException):
        return "not HTTP"
    return "error"


def target_of(spec):
    """Where to send and in which protocol: {"protocol": "http" or "uwsgi", "port": N} for TCP on
    127.0.0.1, or {"protocol": ..., "unix": PATH} for a UNIX socket; HTTP on "port" by default."""
    return spec.get("target") or {"protocol": "http", "port": spec["port"]}


def _connect(target, timeout):
    if target.get("unix"):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(target["unix"])
        except OSError:
            sock.close()
            raise
        return sock
    return socket.create_connection((HOST, target["port"]), timeout=timeout)


def uwsgi_packet(path, port):
    """A GET in the uwsgi protocol: the 4-byte header (modifier1 0, size, modifier2 0), then each
    request variable as a 16-bit little-endian length and its bytes, name then value."""
    path_info, _, query = path.partition("?")
    variables = {
        "REQUEST_METHOD": "GET", "REQUEST_URI": path, "PATH_INFO": path_info, "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1", "SERVER_NAME": HOST, "SERVER_PORT": str(port or 0),
        "REMOTE_ADDR": HOST, "HTTP_HOST": HOST,
    }  # fmt: skip
    body = b"".join(
        struct.pack("<H", len(name)) + name + struct.pack("<H", len(value)) + value
        for name, value in ((name.encode(), value.encode()) for name, value in variables.items())
    )
    return struct.pack("<BHB", 0, len(body), 0) + body


def _request(target, path):
    if target["protocol"] == "uwsgi":
        return uwsgi_packet(path, target.get("port"))
    return f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode()


def get(target, path, timeout):
    """One GET; the answer's status and the server's own facts about it, or why there was none.
    uWSGI answers the uwsgi protocol with an HTTP response, so one parser reads both."""
    answer = {"client_start": time.time(), "client_end": None, "status": None, "failure": None, "detail": ""}
    answer["client_connected"] = None
    sock = None
    try:
        sock = _connect(target, timeout)  # on its own, timed: a full listen queue shows as SYN retries here
        answer["client_connected"] = time.time()
        sock.sendall(_request(target, path))
        response = http.client.HTTPResponse(sock, method="GET")
        try:
            response.begin()
            response.read()
        finally:
            response.close()
        answer["status"] = response.status
        for field, header in _INT_HEADERS.items():
            value = response.getheader(header)
            answer[field] = int(value) if value else None
        for field, header in _TIME_HEADERS.items():
            value = response.getheader(header)
            answer[field] = float(value) if value else None
    except (OSError, http.client.HTTPException) as error:
        answer["failure"], answer["detail"] = _failure(error), f"{type(error).__name__}: {error}"[:200]
    finally:
        if sock is not None:
            sock.close()
        answer["client_end"] = time.time()
    return answer


def fire(spec):
    clients = spec["clients"]
    barrier = threading.Barrier(len(clients))
    answers = []
    lock = threading.Lock()

    def browse(number, paths):
        barrier.wait()
        for path in paths:
            answer = get(target_of(spec), path, spec["timeout"])
            answer.update(client=number, path=path)
            with lock:
                answers.append(answer)

    threads = [
        threading.Thread(target=browse, args=(number, paths), daemon=True)
        for number, paths in enumerate(clients, 1)
    ]
    for thread in threads:
        thread.start()
    # Every request has its own timeout, so a healthy run never reaches this bound.
    deadline = time.monotonic() + spec["timeout"] * max(len(paths) for paths in clients) + 5
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return answers


def machine_busy_seconds():
    """CPU seconds every core of the machine (or the engine's VM) spent busy since boot."""
    with open("/proc/stat") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle and iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def closed_loop(target, path, concurrency, duration, timeout, max_requests):
    """Rows of [latency, server_start, server_end, pid, tid, failure] for every request sent."""
    rows = []
    lock = threading.Lock()
    deadline = time.monotonic() + duration
    start_together = threading.Barrier(concurrency)

    def client():
        start_together.wait()
        for _ in range(max_requests):
            if time.monotonic() >= deadline:
                return
            began = time.perf_counter()
            answer = get(target, path, timeout)
            latency = time.perf_counter() - began
            if answer["failure"] is None and answer["status"] != 200:
                answer["failure"] = f"HTTP {answer['status']}"
            row = [latency, answer.get("server_start"), answer.get("server_end")]
            row += [answer.get("pid"), answer.get("tid"), answer["failure"]]
            with lock:
                rows.append(row)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    machine = machine_busy_seconds()
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + timeout + 5)
    elapsed = time.perf_counter() - began
    cpu = {"machine_busy": machine_busy_seconds() - machine, "cores": os.cpu_count()}
    return {"elapsed": elapsed, "rows": rows, "cpu": cpu}


def load(spec):
    target, timeout = target_of(spec), spec["timeout"]
    if spec.get("warmup"):  # imports and first accepts happen here, not in the measurement
        closed_loop(
            target, "/noop", min(2, spec["concurrency"]), spec["warmup"], timeout, spec["max_requests"]
        )
    return closed_loop(
        target, spec["path"], spec["concurrency"], spec["duration"], timeout, spec["max_requests"]
    )


if __name__ == "__main__":
    mode, spec = sys.argv[1], json.loads(sys.argv[2])
    print(json.dumps({"fire": fire, "load": load}[mode](spec)))
