"""One self-contained HTML page per report (`--html FILE`): a run, a `try`, or a verify opening
with its claims x versions table. Rendered from the runs' views (output.view), so it shows what
the transcript shows; CSS and the timeline's SVG are inline and nothing is fetched or scripted,
so the file opens anywhere, offline, printed or on a phone.

Jinja2 writes the markup with autoescaping on: every word of a log, a config or a user's
request path reaches the page as text, never as markup.
"""

from __future__ import annotations

import datetime
import os
import platform
import shlex
from dataclasses import dataclass
from pathlib import Path

from sandbox.model.judged import JudgedRun
from sandbox.model.versions import version_key
from sandbox.output.view import RunView, TimelineBar, TimelineView, article_and_lessons, claim_rows, run_view

#: The timeline's drawing units: the SVG scales to the page's width (phone or projector).
SVG_WIDTH = 800
LANE_HEIGHT = 60  # a lane's name, its bars below it, each bar's label below the bar
BAR_HEIGHT = 18
AXIS_HEIGHT = 28
TICKS = 5
LABEL_ROOM = SVG_WIDTH * 0.7  # a label starting further right would run off the picture


@dataclass(frozen=True)
class DrawnBar:
    x: float
    y: float
    width: float
    label: str  # below the bar: path and seconds
    label_x: float
    label_y: float
    anchor: str  # the label starts at the bar, or ends at it near the right edge
    title: str  # the tooltip, and what a screen reader says
    cut: bool


@dataclass(frozen=True)
class DrawnTimeline:
    height: float
    lanes: tuple[tuple[float, str], ...]  # (y of the name, name)
    bars: tuple[DrawnBar, ...]
    ticks: tuple[tuple[float, str], ...]  # (x, seconds)
    axis_y: float
    summary: str  # the picture in one sentence: its alt text


def _drawn_bar(bar: TimelineBar, scale: float) -> DrawnBar:
    """A request's bar in its lane, its label below it (ending at the bar near the right edge)."""
    x, y = 1 + bar.start * scale, bar.lane * LANE_HEIGHT + 20
    at_the_start = bar.start * scale < LABEL_ROOM
    return DrawnBar(
        x=x,
        y=y,
        width=max((bar.end - bar.start) * scale, 2),
        label=f"{bar.path} cut" if bar.cut else f"{bar.path} {bar.end - bar.start:.2f} s",
        label_x=x if at_the_start else 1 + bar.end * scale,
        label_y=y + BAR_HEIGHT + 14,
        anchor="start" if at_the_start else "end",
        title=(
            f"{bar.path}: sent at {bar.start:.2f} s, cut without an answer at {bar.end:.2f} s"
            if bar.cut
            else f"{bar.path}: served from {bar.start:.2f} s to {bar.end:.2f} s"
        ),
        cut=bar.cut,
    )


def drawn_timeline(shown: TimelineView | None) -> DrawnTimeline | None:
    """Where each lane and bar goes in SVG units: one bar per request, server-side times."""
    if shown is None:
        return None
    scale = (SVG_WIDTH - 2) / shown.span
    bars = tuple(_drawn_bar(bar, scale) for bar in shown.bars)
    axis_y = len(shown.lanes) * LANE_HEIGHT + 4
    ticks = tuple(
        (1 + shown.span * n / TICKS * scale, f"{shown.span * n / TICKS:.1f} s") for n in range(TICKS + 1)
    )
    return DrawnTimeline(
        height=axis_y + AXIS_HEIGHT,
        lanes=tuple((index * LANE_HEIGHT + 14, name) for index, name in enumerate(shown.lanes)),
        bars=bars,
        ticks=ticks,
        axis_y=axis_y,
        summary=(
            f"{len(shown.bars)} request(s) in {len(shown.lanes)} lane(s) over {shown.span:.1f} s, "
            "one bar per request from its server-side start to its end"
        ),
    )


def _environment():
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("sandbox.output", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,  # a missing field is a bug, never an empty cell
    )
    environment.globals.update(drawn_timeline=drawn_timeline, SVG_WIDTH=SVG_WIDTH, BAR_HEIGHT=BAR_HEIGHT)
    environment.filters["shell"] = shlex.join  # a command that pastes into a shell as it is
    return environment


def _observed(runs: list[JudgedRun]) -> str:
    """When and on what: the day the runs looked at their containers (a saved run judged again
    keeps its day), the versions and sleeps, and this machine."""
    versions = sorted({run.observation.uwsgi_version for run in runs}, key=version_key)
    sleeps = sorted({run.observation.sleep for run in runs})
    looked = [v.looked_at for run in runs for v in run.observation.variants if v.looked_at]
    day = datetime.date.fromtimestamp(min(looked)).isoformat() if looked else "on a day not recorded"
    return (
        f"Observed {day} on uWSGI {', '.join(versions)}, requests sleeping "
        f"{', '.join(f'{s:g}' for s in sleeps)} s; rendered on {platform.machine()}, {os.cpu_count()} cores."
    )


def page(title: str, runs: list[JudgedRun], views: list[RunView], table: bool) -> str:
    versions = sorted({view.uwsgi_version for view in views}, key=version_key)
    article, lessons = article_and_lessons([run for run in runs if run.judgement is not None])
    return (
        _environment()
        .get_template("report.html")
        .render(
            title=title,
            observed=_observed(runs),
            views=views,
            versions=versions,
            tables=[
                (
                    "What the article got right, and what changed",
                    "claim",
                    "the article says",
                    claim_rows(article),
                ),
                (
                    "Beyond the article: what the docs and issues say",
                    "lesson",
                    "the source says",
                    claim_rows(lessons),
                ),
            ]
            if table
            else [],
        )
    )


def write_run(run: JudgedRun, path: Path, normalize_pids: bool = False, view: RunView | None = None) -> None:
    """One run (or a `try`) as a page; from `view` when the run's other files were drawn from it."""
    view = view or run_view(run, normalize_pids)
    title = f"uwsgi-sandbox: {view.heading} on uWSGI {view.uwsgi_version}"
    path.write_text(page(title, [run], [view], table=False), encoding="utf-8")


def write_verify(runs: list[JudgedRun], path: Path) -> None:
    """A verify as a page: the claims x versions table, each cell a link to its run below."""
    views = [run_view(run) for run in runs]
    path.write_text(page("uwsgi-sandbox: verdicts observed live", runs, views, table=True), encoding="utf-8")
