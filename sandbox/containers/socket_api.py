"""The engine's HTTP API on its local Unix socket, with the standard library alone: how a run
creates and starts its containers while the Docker SDK is still being imported.

Importing the SDK takes a fifth of a second (most of it `requests`) and starting a container
takes the engine about a third: asking for the start first and importing meanwhile takes most
of the first off what a user waits. Only the calls of that start are here (is the image there
and current, create, start), and the removal of what it started when the SDK cannot be used. They speak HTTP/1.0, whose response ends when the engine closes the
connection: no chunked body to decode, and no http.client, 0.03 s more to import before the
start. Anything unexpected is left to the SDK, which does it again and reports it as usual.
"""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

TIMEOUT = 60.0  # seconds; a start on a loaded machine takes a few tenths


@dataclass(frozen=True)
class Created:
    id: str
    started: bool  # False: the SDK's start says why it cannot


def call(socket_path: str, method: str, url: str, body: Any = None) -> tuple[int, Any]:
    """One request to the engine: its status code and its decoded JSON body (None if empty).
    Raises OSError when the engine cannot be reached, ValueError on a reply that is not HTTP."""
    data = b"" if body is None else json.dumps(body).encode()
    head = (
        f"{method} {url} HTTP/1.0\r\nHost: docker\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(data)}\r\n\r\n"
    )
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(TIMEOUT)
        connection.connect(socket_path)
        connection.sendall(head.encode() + data)
        reply = b"".join(iter(lambda: connection.recv(65536), b""))
    status_line, _, rest = reply.partition(b"\r\n")
    _, _, payload = rest.partition(b"\r\n\r\n")
    parts = status_line.split()
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/") or not parts[1].isdigit():
        raise ValueError(f"not an HTTP reply: {status_line[:80]!r}")
    return int(parts[1]), json.loads(payload) if payload.strip() else None


def image_labels(socket_path: str, tag: str) -> dict[str, str] | None:
    """The image's labels, or None when there is no such image."""
    status, image = call(socket_path, "GET", f"/images/{quote(tag, safe='')}/json")
    if status != 200:
        return None
    return (image.get("Config") or {}).get("Labels") or {}


def start_if_current(socket_path: str, name: str, body: dict, current: dict[str, str]) -> Created | None:
    """Create the container `body` describes, named `name`, and start it, if its image exists
    and carries the `current` labels (what it was built from). None when nothing was created:
    no engine on that socket, no such image or an outdated one, a refused create. The SDK's path
    then checks the image (building it if need be) and creates the container itself."""
    try:
        labels = image_labels(socket_path, body["Image"])
        if labels is None or any(labels.get(key) != value for key, value in current.items()):
            return None
        status, created = call(socket_path, "POST", f"/containers/create?name={quote(name)}", body)
    except (OSError, ValueError):
        return None
    if status != 201:
        return None
    try:
        status, _ = call(socket_path, "POST", f"/containers/{created['Id']}/start")
    except (OSError, ValueError):
        status = None  # the SDK's start tries again (a start already done is not an error)
    return Created(created["Id"], started=status in (204, 304))


def remove(socket_path: str, container_id: str) -> bool:
    """Remove a container this module started (and its anonymous volumes), running or not:
    only when the SDK, which removes everything else, cannot reach the engine."""
    try:
        status, _ = call(socket_path, "DELETE", f"/containers/{container_id}?force=1&v=1")
    except (OSError, ValueError):
        return False
    return status in (204, 404)
