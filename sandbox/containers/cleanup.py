"""Reap what the lab left behind, by label: every container and network a run starts carries
`io.uwsgi-sandbox.run=<run id>` (compose.yaml stamps it), so a crashed run can be found later."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Collection, Sequence
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


def _remove(container_id: str) -> None:
    with contextlib.suppress(docker.errors.NotFound):  # already gone (a concurrent `sandbox down`)
        engine.client().api.remove_container(container_id, force=True, v=True)


def remove_leftovers(include_by_hand: bool = False, run_id: str | None = None) -> Removed:
    """Every container, then every network and volume, of the lab (or of one run)."""
    label = f"{RUN_LABEL}={run_id}" if run_id else LAB_LABEL
    removed = Removed(containers=_remove_containers(label, include_by_hand))
    removed.networks, removed.volumes = _remove_networks_and_volumes(label, include_by_hand)
    return removed


def remove_run(run_id: str, known: Sequence = ()) -> None:
    """A run's containers: those the caller holds (`known`) are removed at once, while the engine
    is asked for any other container carrying the run's label (one beside a lab); its networks
    and volumes once no container of the run is left to use them."""
    label = f"{RUN_LABEL}={run_id}"
    if known:
        runner.announce(["docker", "rm", "-f", "-v", *(container.name for container in known)])
    with ThreadPoolExecutor(max_workers=max(1, len(known))) as pool:
        removals = [pool.submit(_remove, container.id) for container in known]
        _remove_containers(label, include_by_hand=False, besides={container.id for container in known})
        for removal in removals:
            removal.result()
    _remove_networks_and_volumes(label, include_by_hand=False)


def _remove_containers(label: str, include_by_hand: bool, besides: Collection[str] = ()) -> int:
    """Every container carrying `label` but those in `besides` (ids being removed already)."""
    # The listing's own entries (ids, names, labels): inspecting each container would wait on
    # one that is being removed meanwhile.
    containers = [
        entry
        for entry in engine.client().api.containers(all=True, filters={"label": label})
        if _ours(entry.get("Labels"), include_by_hand) and entry["Id"] not in besides
    ]
    if containers:
        runner.announce(
            ["docker", "rm", "-f", "-v", *(entry["Names"][0].lstrip("/") for entry in containers)]
        )
        # All at once: each removal is mostly the engine waiting for a process to die.
        with ThreadPoolExecutor(max_workers=len(containers)) as pool:
            list(pool.map(_remove, [entry["Id"] for entry in containers]))
    return len(containers)


def _remove_networks_and_volumes(label: str, include_by_hand: bool) -> tuple[int, int]:
    """Only once their containers are gone: a network still in use cannot be removed."""
    client = engine.client()
    networks = volumes = 0
    for network in client.networks.list(filters={"label": label}):
        if _ours(network.attrs.get("Labels"), include_by_hand):
            runner.announce(["docker", "network", "rm", network.name])
            try:
                network.remove()
                networks += 1
            except docker.errors.APIError as failure:
                runner.note(f"  could not remove network {network.name}: {failure}")
    for volume in client.volumes.list(filters={"label": label}):
        if _ours(volume.attrs.get("Labels"), include_by_hand):
            volume.remove(force=True)
            volumes += 1
    return networks, volumes


def remove_soon(run_id: str, known: Sequence = ()) -> None:
    """`remove_run` in the background: it returns at once, so judging and printing the run overlap
    the removal. The thread is not a daemon: the interpreter waits for it to finish even if
    nothing else does; `wait_for_removals` waits for it and reports its failure."""
    failures: list[BaseException] = []

    def remove() -> None:
        with signals.shielded():
            try:
                remove_run(run_id, known)
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
