"""A short-lived container beside a lab container: in its network namespace, with its own
CPU budget (not charged to the lab container's limit), locked down like every lab container,
carrying the lab container's run labels so a crashed run's reaper finds it too. It outlives a
`docker stop` of the lab container, so it can tell what became of a request in flight."""

from __future__ import annotations

from sandbox.containers import engine, runner
from sandbox.errors import ExecFailed
from sandbox.settings import LAB_LABEL, RUN_LABEL, SESSION_LABEL


class Beside:
    """Started at once; `result()` waits for it, returns its stdout and removes it."""

    def __init__(self, server, argv: list[str], shown: list[str], name: str = "beside") -> None:
        self.server, self.shown = server, shown
        server.reload()  # its labels and image, which a run's container model may not carry yet
        labels = {
            key: value for key, value in server.labels.items() if key in (LAB_LABEL, RUN_LABEL, SESSION_LABEL)
        }
        runner.announce(
            ["docker", "run", "--rm", "--network", f"container:{server.name}", "--user", "10001:10001",
             "--cap-drop", "ALL", "--security-opt", "no-new-privileges:true", "--read-only", "--tmpfs", "/tmp",
             "--memory", "256m", "--pids-limit", "128", server.image.tags[0], *shown]
        )  # fmt: skip
        self.container = engine.client().containers.run(
            server.image.id,
            argv,
            detach=True,
            name=f"{server.name}-{name}",
            network_mode=f"container:{server.id}",
            labels=labels,
            # The same lock-down as every lab container (compose.yaml's x-lab).
            user="10001:10001",
            cap_drop=["ALL"],
            security_opt=["no-new-privileges:true"],
            read_only=True,
            tmpfs={"/tmp": ""},
            mem_limit="256m",
            pids_limit=128,
        )

    def result(self, timeout: float) -> str:
        try:
            status = self.container.wait(timeout=timeout)
            output = self.container.logs(stdout=True, stderr=False).decode()
            if status.get("StatusCode") != 0:
                said = self.container.logs(stdout=False, stderr=True).decode(errors="replace").strip()[-300:]
                raise ExecFailed(f"`{' '.join(self.shown[:3])}` beside {self.server.name} failed: {said}")
        finally:
            self.container.remove(force=True)
        return output


def run_beside(server, argv: list[str], shown: list[str], timeout: float, name: str = "beside") -> str:
    """Run argv in a new container of the server's image, in the server's namespace; its stdout."""
    return Beside(server, argv, shown, name).result(timeout)
