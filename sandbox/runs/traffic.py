"""Fire requests at lab containers the way the article's browser tabs did, from inside each
container's own network namespace.

A client is a sequence of paths requested one after another (a tab loading /sleep1, then its
/favicon.ico). All clients of one container run in one `docker exec` of the lab's stdlib HTTP
client (sandbox/inside/http_client.py), released there by one barrier, so they start within a
millisecond or so of each other and talk to 127.0.0.1:18000 in the container itself: the
published host port is never needed, so this works wherever the engine is. Containers of a
multi-container scenario are driven in parallel.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from sandbox.containers import inside, signals
from sandbox.containers.beside import Beside
from sandbox.model.observation import RequestRecord
from sandbox.model.steps import ARTICLE_BATCH, LAB_HTTP, Endpoint


def _record(target: str, answer: dict, batch: str) -> RequestRecord:
    return RequestRecord(
        target=target,
        client=answer["client"],
        path=answer["path"],
        client_start=answer["client_start"],
        client_end=answer["client_end"],
        status=answer["status"],
        pid=answer.get("pid"),
        ppid=answer.get("ppid"),
        tid=answer.get("tid"),
        server_start=answer.get("server_start"),
        server_end=answer.get("server_end"),
        error=answer["failure"],
        error_detail=answer["detail"],
        client_connected=answer.get("client_connected"),
        batch=batch,
    )


def fire_args(clients: Sequence[Sequence[str]], timeout: float, endpoint: Endpoint = LAB_HTTP) -> list[str]:
    """http_client.py's arguments to fire these clients at once."""
    return [
        "fire",
        json.dumps({**endpoint.spec(), "clients": [list(paths) for paths in clients], "timeout": timeout}),
    ]


def records(output: str, target: str, batch: str) -> list[RequestRecord]:
    """The client's answers, in the order the server started them."""
    answered = [_record(target, answer, batch) for answer in json.loads(output)]
    return sorted(answered, key=lambda r: (r.server_start or r.client_start, r.client))


def fire_in(
    container,
    target: str,
    clients: Sequence[Sequence[str]],
    timeout: float,
    endpoint: Endpoint = LAB_HTTP,
    batch: str = ARTICLE_BATCH,
) -> list[RequestRecord]:
    """Run the clients at once inside one container (`docker exec`)."""
    output = inside.run_script(container, "http_client.py", fire_args(clients, timeout, endpoint))
    return records(output, target, batch)


def fire_beside(
    container, clients: Sequence[Sequence[str]], timeout: float, endpoint: Endpoint = LAB_HTTP
) -> Beside:
    """Start the clients in a container beside this one (they outlive a `docker stop` of it);
    `records_of(beside, ...)` collects what they got. It shares the network, not the files: a
    TCP endpoint only."""
    args = fire_args(clients, timeout, endpoint)
    argv = ["python3", "-c", inside.script("http_client.py"), *args]
    return Beside(container, argv, [*inside.shown_script("http_client.py"), *args], "clients")


def records_of(beside: Beside, target: str, timeout: float, batch: str) -> list[RequestRecord]:
    return records(beside.result(timeout), target, batch)


def fire(
    containers: Mapping[str, object], clients: Sequence[Sequence[str]], timeout: float
) -> list[RequestRecord]:
    """The same clients against every container (service -> container), all containers at once."""
    if not clients or not containers:
        return []
    with signals.pool(len(containers)) as pool:
        batches = pool.map(lambda item: fire_in(item[1], item[0], clients, timeout), list(containers.items()))
        return [record for batch in batches for record in batch]
