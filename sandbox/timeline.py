"""Request timelines: one lane per serving (pid, thread), one bar per request, server-side
start to end at millisecond resolution. Serialisation (C1) shows as bars one after another in
one lane; overlap (C5) as bars side by side in different lanes.

Drawn twice from the same data: a compact Gantt in the terminal, and an SVG/PNG picture
(matplotlib) whose bars and lanes carry ids (`request-N`, `lane-PID-TID`) so a test can
check what was drawn by parsing the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sandbox.observe import ScenarioObservation
from sandbox.output_files import check_picture_name
from sandbox.traffic import RequestRecord


@dataclass(frozen=True)
class Bar:
    lane: str  # e.g. "worker 1 (pid 1) · thread 10"
    lane_key: tuple[str, int, int]  # (variant, pid, tid)
    label: str  # the request path
    start: float  # seconds from the first request sent
    end: float


def bars(observation: ScenarioObservation) -> list[Bar]:
    """Every answered request as a bar; lanes are named by the serving process's role."""
    records: list[tuple[str, RequestRecord, str]] = []
    for variant in observation.variants:
        roles = {proc.pid: proc.role for proc in variant.processes}
        for record in variant.requests:
            if record.server_start is not None and record.pid is not None:
                records.append((variant.label, record, roles.get(record.pid, "unknown")))
    if not records:
        return []
    origin = min(record.client_start for _, record, _ in records)
    prefix = len(observation.variants) > 1
    result = []
    for label, record, role in records:
        thread = "main thread" if record.tid == record.pid else f"thread {record.tid}"
        lane = f"{label}: " * prefix + f"{role} (pid {record.pid}) · {thread}"
        result.append(
            Bar(
                lane,
                (label, record.pid, record.tid),
                record.path,
                record.server_start - origin,
                record.server_end - origin,
            )
        )
    return sorted(result, key=lambda bar: (bar.lane_key, bar.start))


def lanes(all_bars: list[Bar]) -> list[str]:
    seen: dict[tuple, str] = {}
    for bar in sorted(all_bars, key=lambda b: b.lane_key):
        seen.setdefault(bar.lane_key, bar.lane)
    return list(seen.values())


def gantt_lines(all_bars: list[Bar], width: int = 48) -> list[str]:
    """The terminal picture: a time axis and one row per lane, requests as labelled blocks."""
    if not all_bars:
        return ["(no request was answered)"]
    span = max(bar.end for bar in all_bars) or 1.0
    names = lanes(all_bars)
    name_width = max(len(name) for name in names)
    scale = width / span
    rows = []
    for name in names:
        row = [" "] * (width + 1)
        for bar in (b for b in all_bars if b.lane == name):
            first, last = int(bar.start * scale), max(int(bar.start * scale) + 1, int(bar.end * scale))
            text = bar.label.lstrip("/")[: max(1, last - first)]
            for column in range(first, min(last, width + 1)):
                row[column] = "█"
            for offset, char in enumerate(text):
                if first + offset <= width:
                    row[first + offset] = char
        rows.append(f"{name.rjust(name_width)} │{''.join(row)}")
    axis = f"{' ' * name_width} └{'─' * (width + 1)}"
    ticks = f"{' ' * name_width}  0 s{f'{span:.1f} s'.rjust(width - 2)}"
    return [*rows, axis, ticks]


def write_picture(observation: ScenarioObservation, path: Path) -> None:
    check_picture_name(path, "--timeline")
    import matplotlib

    matplotlib.use("Agg")  # headless: no display needed
    import matplotlib.pyplot as plt

    all_bars = bars(observation)
    names = lanes(all_bars)
    height = 1.2 + 0.55 * max(len(names), 1)
    figure, axes = plt.subplots(figsize=(9, height), dpi=110)
    palette = plt.get_cmap("tab10")
    paths = sorted({bar.label for bar in all_bars})
    for index in range(len(names)):
        axes.axhspan(index - 0.4, index + 0.4, color="0.95", zorder=0).set_gid(f"lane-{index}")
    for number, bar in enumerate(all_bars, 1):
        row = names.index(bar.lane)
        color = palette(paths.index(bar.label) % 10)
        drawn = axes.barh(
            row, bar.end - bar.start, left=bar.start, height=0.6, color=color, edgecolor="black"
        )
        drawn.patches[0].set_gid(f"request-{number}")
        axes.text(bar.start + 0.02, row, f"{bar.label}  {bar.end - bar.start:.2f} s", va="center", fontsize=8)
    axes.set_yticks(range(len(names)), names, fontsize=8)
    axes.invert_yaxis()
    axes.set_xlabel("seconds since the first request was sent (server-side start → end)")
    scenario = observation.scenario
    axes.set_title(
        f"{scenario.name}: {len(all_bars)} requests on uWSGI {observation.uwsgi_version}", fontsize=10
    )
    axes.grid(axis="x", linestyle=":", alpha=0.6)
    axes.set_xlim(left=0)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
