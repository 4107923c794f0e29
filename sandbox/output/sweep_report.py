"""Show a sweep: a throughput table per server and workload (processes down, threads across,
with efficiency against the ideal), the explanation, its JSON, and a heatmap picture."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from rich.table import Table

from sandbox.analysis.sweep import speedups, threads_or_processes
from sandbox.model.measures import SweepResult
from sandbox.output.console import out

MB = 1024 * 1024


def explain(result: SweepResult) -> list[str]:
    lines = [
        f"Each request: {result.ms:g} ms of sleep (io) or of pure-Python CPU (cpu); {result.concurrency} clients "
        f"in a closed loop for {result.duration:g} s per cell. The container may use {result.cpu_limit:g} CPU(s) "
        f"(compose `cpus`, set on purpose); the host has {result.host_cores} core(s).",
        f"Ideal per cell: io = min(p x t, clients) x 1000/{result.ms:g}; cpu = min(p, cores, clients) x "
        f"1000/{result.ms:g}. The load generator itself reached {result.ceiling:g} req/s on a trivial endpoint, "
        "in its own container beside the server.",
    ]
    for server in sorted({c.server for c in result.cells}):
        found = speedups(result, server)

        def fmt(value: float | None) -> str:
            return f"x{value:.1f}" if value else "not measured"

        lines.append(
            f"{server}: more threads in one process raised I/O-bound throughput {fmt(found.get('threads_io'))} but "
            f"CPU-bound throughput only {fmt(found.get('threads_cpu'))} (the GIL runs one Python thread at a time); "
            f"more processes raised CPU-bound throughput {fmt(found.get('processes_cpu'))}, up to the cores there are."
        )
        if pair := threads_or_processes(result, server):
            threaded, forked = pair
            lines.append(
                f"{server}, I/O-bound: {threaded.threads} threads in 1 process served {threaded.throughput:.1f} req/s "
                f"with {threaded.pss / MB:.0f} MB of memory (PSS summed over its processes); {forked.processes} "
                f"processes of 1 thread served {forked.throughput:.1f} req/s with {forked.pss / MB:.0f} MB."
            )
    return lines


def as_dict(result: SweepResult) -> dict:
    return {
        "cells": [asdict(cell) for cell in result.cells],
        "load_generator_ceiling": result.ceiling,
        "cpu_limit": result.cpu_limit,
        "ms": result.ms,
        "concurrency": result.concurrency,
        "duration": result.duration,
        "explanation": explain(result),
    }


def tables(result: SweepResult) -> None:
    for server in sorted({c.server for c in result.cells}):
        for workload in ("io", "cpu"):
            cells = [c for c in result.cells if c.server == server and c.workload == workload]
            if not cells:
                continue
            threads = sorted({c.threads for c in cells})
            table = Table(
                "processes",
                *(f"threads {t}" for t in threads),
                title=f"{server} · {workload}-bound · req/s (efficiency vs ideal; p95 latency; memory: PSS summed over its processes)",
            )
            for p in sorted({c.processes for c in cells}):
                row = []
                for t in threads:
                    cell = result.cell(server, workload, p, t)
                    p95 = f"{cell.p95 * 1000:.0f} ms" if cell and cell.p95 is not None else "-"
                    memory = f"; {cell.pss / MB:.0f} MB" if cell and cell.pss is not None else ""
                    row.append(
                        f"{cell.throughput:.1f} ({cell.efficiency:.0%}; {p95}{memory})"
                        + (f" [red]{cell.errors} err[/]" if cell.errors else "")
                        if cell
                        else "-"
                    )
                table.add_row(str(p), *row)
            out.print(table)
    for line in explain(result):
        out.print(f"• {line}")


def plot(result: SweepResult, path: Path) -> None:
    """Heatmaps: rows servers, columns workloads; each cell's req/s, darker is faster."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    servers = sorted({c.server for c in result.cells})
    workloads = [w for w in ("io", "cpu") if any(c.workload == w for c in result.cells)]
    processes = sorted({c.processes for c in result.cells})
    threads = sorted({c.threads for c in result.cells})
    figure, axes = plt.subplots(
        len(servers),
        len(workloads),
        figsize=(4.2 * len(workloads), 3.4 * len(servers)),
        squeeze=False,
        dpi=110,
    )
    for row, server in enumerate(servers):
        for column, workload in enumerate(workloads):
            ax = axes[row][column]
            grid = [[(result.cell(server, workload, p, t) or None) for t in threads] for p in processes]
            values = [[cell.throughput if cell else 0.0 for cell in line] for line in grid]
            ax.imshow(values, cmap="Blues", aspect="auto")
            darkest = max(max(line) for line in values) or 1.0
            for i, line in enumerate(grid):
                for j, cell in enumerate(line):
                    if cell:
                        ax.text(
                            j,
                            i,
                            f"{cell.throughput:.0f}\n{cell.efficiency:.0%}"
                            + (f"\n{cell.pss / MB:.0f} MB" if cell.pss is not None else ""),
                            ha="center",
                            va="center",
                            fontsize=8,
                            color="white" if cell.throughput > 0.6 * darkest else "black",
                            gid=f"cell-{server}-{workload}-{cell.processes}-{cell.threads}",
                        )
            ax.set_xticks(range(len(threads)), [str(t) for t in threads])
            ax.set_yticks(range(len(processes)), [str(p) for p in processes])
            ax.set_xlabel("threads")
            ax.set_ylabel("processes")
            ax.set_title(f"{server} · {workload}-bound (req/s, efficiency, memory)", fontsize=9)
    figure.suptitle(
        f"{result.ms:g} ms per request, {result.concurrency} clients, {result.cpu_limit:g} CPU(s)",
        fontsize=10,
    )
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
