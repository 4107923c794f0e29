"""Request timelines drawn from a run's TimelineView (output.view): a compact Gantt in the
terminal, and an SVG/PNG picture (matplotlib) whose bars and lanes carry ids (`request-N`,
`lane-N`) so a test can check what was drawn by parsing the file."""

from __future__ import annotations

from pathlib import Path

from sandbox.output.view import TimelineView

GANTT_WIDTH = 48  # columns of time, at most
GANTT_NARROWEST = 20  # fewer than this and the lane names go above their rows


def gantt_lines(shown: TimelineView | None, columns: int = 4096) -> list[str]:
    """The terminal picture in at most `columns` (when the names leave room): a time axis and
    one row per lane, requests as labelled blocks."""
    if shown is None:
        return []
    span = shown.span
    names = shown.lanes
    name_width = max(len(name) for name in names)
    width = min(GANTT_WIDTH, columns - name_width - 4)
    above = width < GANTT_NARROWEST  # each name on a line of its own, the rows indented
    if above:
        name_width, width = 1, min(GANTT_WIDTH, columns - 5)
    scale = width / span
    rows = []
    for lane, name in enumerate(names):
        row = [" "] * (width + 1)
        for bar in (b for b in shown.bars if b.lane == lane):
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
            rows.append(name)
        rows.append(f"{' ' * name_width if above else name.rjust(name_width)} │{''.join(row).rstrip()}")
    axis = f"{' ' * name_width} └{'─' * (width + 1)}"
    ticks = f"{' ' * name_width}  0 s{f'{span:.1f} s'.rjust(width - 2)}"
    return [*rows, axis, ticks]


def write_picture(shown: TimelineView | None, title: str, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # headless: no display needed
    import matplotlib.pyplot as plt

    all_bars = shown.bars if shown else ()
    names = shown.lanes if shown else ()
    height = 1.2 + 0.55 * max(len(names), 1)
    figure, axes = plt.subplots(figsize=(9, height), dpi=110)
    palette = plt.get_cmap("tab10")
    paths = sorted({bar.path for bar in all_bars})
    for index in range(len(names)):
        axes.axhspan(index - 0.4, index + 0.4, color="0.95", zorder=0).set_gid(f"lane-{index}")
    for number, bar in enumerate(all_bars, 1):
        row = bar.lane
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
    axes.set_yticks(range(len(names)), list(names), fontsize=8)
    axes.invert_yaxis()
    axes.set_xlabel("seconds since the first request was sent (server-side start → end)")
    axes.set_title(f"{title}: {len(all_bars)} requests", fontsize=10)
    axes.grid(axis="x", linestyle=":", alpha=0.6)
    axes.set_xlim(left=0)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
