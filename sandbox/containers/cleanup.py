"""Reap what the lab left behind, by label: every container and network a run starts carries
`io.uwsgi-sandbox.run=<run id>` (compose.yaml stamps it), so a crashed run can be found later."""

from __future__ import annotations

import contextlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import docker.errors

from sandbox.containers import engine, runner
from sandbox.settings import LAB_LABEL, RUN_LABEL

BY_HAND = "by-hand"  # the run label of containers started with plain `docker compose up`


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
