"""Reap what the lab left behind, by label: every container and network a run starts carries
`io.uwsgi-sandbox.run=<run id>` (compose.yaml stamps it), so a crashed run can be found later."""

from __future__ import annotations

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import docker.errors

from sandbox.containers import engine, runner, signals
from sandbox.settings import LAB_LABEL, RUN_LABEL

BY_HAND = "by-hand"  # the run label of containers started with plain `docker compose up`
_pending: list[tuple[threading.Thread, list[BaseException]]] = []  # removals under way
_pending_lock = threading.Lock()


@dataclass
class Removed:
    containers: int = 0
    networks: int = 0
    volumes: int = 0


def _ours(labels: dict | None, include_by_hand: bool) -> bool:
    labels = labels or {}
    if labels.get(LAB_LABEL) != "true":
        return False
    return include_by_hand or labels.get(RUN_LABEL) != BY_HAND


def _remove(container) -> None:
    with contextlib.suppress(docker.errors.NotFound):  # already gone (a concurrent `sandbox down`)
        container.remove(force=True, v=True)


def remove_leftovers(include_by_hand: bool = False, run_id: str | None = None) -> Removed:
    client = engine.client()
    removed = Removed()
    label = f"{RUN_LABEL}={run_id}" if run_id else LAB_LABEL
    containers = [
        container
        for container in client.containers.list(all=True, filters={"label": label})
        if _ours(container.labels, include_by_hand)
    ]
    if containers:
        runner.announce(["docker", "rm", "-f", "-v", *(container.name for container in containers)])
        # All at once: each removal is mostly the engine waiting for a process to die.
        with ThreadPoolExecutor(max_workers=len(containers)) as pool:
            list(pool.map(_remove, containers))
        removed.containers = len(containers)
    for network in client.networks.list(filters={"label": label}):
        if _ours(network.attrs.get("Labels"), include_by_hand):
            runner.announce(["docker", "network", "rm", network.name])
            try:
                network.remove()
                removed.networks += 1
            except docker.errors.APIError as failure:
                runner.note(f"  could not remove network {network.name}: {failure}")
    for volume in client.volumes.list(filters={"label": label}):
        if _ours(volume.attrs.get("Labels"), include_by_hand):
            volume.remove(force=True)
            removed.volumes += 1
    return removed


def remove_soon(run_id: str) -> None:
    """Start removing a run's containers and return at once, so judging and printing the run
    overlap the removal. The thread is not a daemon: the interpreter waits for it to finish even
    if nothing else does; `wait_for_removals` waits for it and reports its failure."""
    failures: list[BaseException] = []

    def remove() -> None:
        with signals.shielded():
            try:
                remove_leftovers(run_id=run_id)
            except BaseException as failure:  # handed to wait_for_removals, never a stray traceback
                failures.append(failure)

    thread = threading.Thread(target=remove, name=f"remove-{run_id}")
    with _pending_lock:
        _pending.append((thread, failures))
    thread.start()


def wait_for_removals() -> None:
    """Every removal `remove_soon` started has finished; the first failure among them is raised."""
    with _pending_lock:
        pending = list(_pending)
        _pending.clear()
    with signals.shielded():
        for thread, _ in pending:
            thread.join()
    for _, failures in pending:
        if failures:
            raise failures[0]
