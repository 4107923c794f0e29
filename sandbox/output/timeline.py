"""Request timelines drawn from analysis.timeline's bars: a compact Gantt in the terminal, and
an SVG/PNG picture (matplotlib) whose bars and lanes carry ids (`request-N`, `lane-N`) so a
test can check what was drawn by parsing the file."""

from __future__ import annotations

from pathlib import Path

from sandbox.analysis.timeline import Bar, bars, lanes
from sandbox.model.observation import ScenarioObservation
from sandbox.output.wording import Namer, role_text


def lane_names(observation: ScenarioObservation, all_bars: list[Bar], namer: Namer) -> dict[tuple, str]:
    """Each lane in words: `worker 1 (pid 1) · thread 10`, prefixed by the variant when several ran."""
    prefix = len(observation.variants) > 1
    names = {}
    for bar in all_bars:
        if bar.cut:
            names.setdefault(bar.lane, f"{bar.variant_label}: " * prefix + "cut, no answer (client-side)")
            continue
        thread = "main thread" if bar.tid == bar.pid else f"thread {namer.id(bar.variant, bar.tid)}"
        role = role_text(bar.role)
        names.setdefault(
            bar.lane,
            f"{bar.variant_label}: " * prefix + f"{role} (pid {namer.id(bar.variant, bar.pid)}) · {thread}",
        )
    return names


GANTT_WIDTH = 48  # columns of time, at most
GANTT_NARROWEST = 20  # fewer than this and the lane names go above their rows


def gantt_lines(observation: ScenarioObservation, namer: Namer, columns: int = 4096) -> list[str]:
    """The terminal picture in at most `columns` (when the names leave room): a time axis and
    one row per lane, requests as labelled blocks."""
    all_bars = bars(observation)
    if not all_bars:
        return []
    span = max(bar.end for bar in all_bars) or 1.0
    names = lane_names(observation, all_bars, namer)
    name_width = max(len(name) for name in names.values())
    width = min(GANTT_WIDTH, columns - name_width - 4)
    above = width < GANTT_NARROWEST  # each name on a line of its own, the rows indented
    if above:
        name_width, width = 1, min(GANTT_WIDTH, columns - 5)
    scale = width / span
    rows = []
    for lane in lanes(all_bars):
        row = [" "] * (width + 1)
        for bar in (b for b in all_bars if b.lane == lane):
            # Clamped: a server clock a little behind the client's must not push a bar off the row.
            first = min(max(int(bar.start * scale), 0), width)
            last = max(first + 1, min(int(bar.end * scale), width + 1))
            if bar.cut:  # dotted from sent to cut, a cross where it was cut, then what it was
                for column in range(first, min(last, width + 1)):
                    row[column] = "░"
                end = min(last, width + 1) - 1
                row[end] = "×"
                for offset, char in enumerate(f" {bar.path.lstrip('/')} cut"):
                    if end + 1 + offset <= width:
                        row[end + 1 + offset] = char
                continue
            text = bar.path.lstrip("/")[: max(1, last - first)]
            for column in range(first, min(last, width + 1)):
                row[column] = "█"
            for offset, char in enumerate(text):
                if first + offset <= width:
                    row[first + offset] = char
        if above:
            rows.append(names[lane])
        rows.append(
            f"{' ' * name_width if above else names[lane].rjust(name_width)} │{''.join(row).rstrip()}"
        )
    axis = f"{' ' * name_width} └{'─' * (width + 1)}"
    ticks = f"{' ' * name_width}  0 s{f'{span:.1f} s'.rjust(width - 2)}"
    return [*rows, axis, ticks]


def write_picture(observation: ScenarioObservation, path: Path, namer: Namer) -> None:
    import matplotlib

    matplotlib.use("Agg")  # headless: no display needed
    import matplotlib.pyplot as plt

    all_bars = bars(observation)
    order = lanes(all_bars)
    names = lane_names(observation, all_bars, namer)
    height = 1.2 + 0.55 * max(len(order), 1)
    figure, axes = plt.subplots(figsize=(9, height), dpi=110)
    palette = plt.get_cmap("tab10")
    paths = sorted({bar.path for bar in all_bars})
    for index in range(len(order)):
        axes.axhspan(index - 0.4, index + 0.4, color="0.95", zorder=0).set_gid(f"lane-{index}")
    for number, bar in enumerate(all_bars, 1):
        row = order.index(bar.lane)
        color = palette(paths.index(bar.path) % 10)
        drawn = axes.barh(
            row, bar.end - bar.start, left=bar.start, height=0.6, color=color, edgecolor="black",
            hatch="//" if bar.cut else None, alpha=0.5 if bar.cut else 1.0,
        )  # fmt: skip
        drawn.patches[0].set_gid(f"request-{number}")
        said = (
            f"{bar.path}  cut after {bar.end - bar.start:.2f} s"
            if bar.cut
            else f"{bar.path}  {bar.end - bar.start:.2f} s"
        )
        axes.text(bar.start + 0.02, row, said, va="center", fontsize=8)
    axes.set_yticks(range(len(order)), [names[lane] for lane in order], fontsize=8)
    axes.invert_yaxis()
    axes.set_xlabel("seconds since the first request was sent (server-side start → end)")
    title = f"{observation.scenario.name}: {len(all_bars)} requests on uWSGI {observation.uwsgi_version}"
    axes.set_title(title, fontsize=10)
    axes.grid(axis="x", linestyle=":", alpha=0.6)
    axes.set_xlim(left=0)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
