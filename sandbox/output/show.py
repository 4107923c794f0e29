"""What each command shows, in one place: a transcript or its JSON, the verify table and its CI
reports, bench and sweep results, pictures. Every file written is announced and, when written
as root into someone else's folder (the controller's container), handed over to its owner."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from sandbox.model.judged import JudgedRun, SoakResult
from sandbox.model.measures import BenchResult, SweepResult, TricksResult
from sandbox.output import reports, sweep_report, tables, timeline
from sandbox.output.console import err, out
from sandbox.output.files import hand_over
from sandbox.output.json_run import claim_row, run_dict
from sandbox.output.transcript import brief, transcript
from sandbox.output.view import run_view
from sandbox.output.wording import Namer


def print_json(data: object) -> None:
    out.print_json(json.dumps(data))


def wrote(path: Path, what: str) -> None:
    hand_over(path)
    err.print(f"{what} written to {path}")


def judged_run(
    run: JudgedRun,
    as_json: bool,
    normalize_pids: bool,
    timeline_file: Path | None,
    short: bool = False,
    html: Path | None = None,
) -> None:
    if as_json:
        print_json(run_dict(run, normalize_pids))
    elif short:
        brief(run, normalize_pids=normalize_pids)
    else:
        transcript(run, normalize_pids=normalize_pids)
    if timeline_file is None and html is None:
        return
    view = run_view(run, normalize_pids)  # the files' one view (a terminal's depends on its width)
    if timeline_file is not None:
        timeline.write_picture(view.timeline, f"{view.name} on uWSGI {view.uwsgi_version}", timeline_file)
        wrote(timeline_file, "timeline")
    if html is not None:
        from sandbox.output import html_report  # Jinja2 only when a page is asked for

        html_report.write_run(run, html, view=view)
        wrote(html, "HTML report")


def verified(
    runs: list[JudgedRun], as_json: bool, junit: Path | None, markdown: Path | None, html: Path | None = None
) -> None:
    if as_json:
        print_json({"claims": [claim_row(run) for run in runs]})
    else:
        tables.verdict_table(runs)
    if junit is not None:
        reports.write_junit(runs, junit)
        wrote(junit, "JUnit report")
    if markdown is not None:
        reports.write_markdown(runs, markdown)
        wrote(markdown, "Markdown report")
    if html is not None:
        from sandbox.output import html_report

        html_report.write_verify(runs, html)
        wrote(html, "HTML report")


def soaked(result: SoakResult, every_run: list[JudgedRun]) -> None:
    tables.soak_table(result)
    for run in every_run:
        if not run.as_expected:  # what the table alone does not say: why
            found = run.judgement
            err.print(
                f"{found.claim} on uWSGI {run.observation.uwsgi_version}: {found.verdict.value}, not "
                f"{run.expected.value if run.expected else '-'}: {Namer(run.observation).fact(found.summary)}",
                markup=False,
            )
    if len(result.rounds) < result.wanted:
        err.print(f"[yellow]time budget reached after {len(result.rounds)} of {result.wanted} round(s)[/]")


def benched(result: BenchResult, as_json: bool, json_file: Path | None) -> None:
    data = {
        "uwsgi_version": result.uwsgi_version,
        "sleep": result.sleep,
        "floor": result.floor | {"total": round(result.floor_total, 3)},
        "scenarios": [asdict(row) | {"x_floor": round(result.ratio(row), 2)} for row in result.rows],
        "verify": result.verify,
    }
    print_json(data) if as_json else tables.bench_table(result)
    if json_file is not None:
        json_file.write_text(json.dumps(data, indent=1) + "\n")
        wrote(json_file, "bench results")


def tricks_benched(result: TricksResult, as_json: bool, json_file: Path | None) -> None:
    data = {
        "scenario": result.scenario, "uwsgi_version": result.uwsgi_version, "sleep": result.sleep,
        "tricks": [asdict(row) | {"pays": round(row.pays, 3)} for row in result.rows],
    }  # fmt: skip
    print_json(data) if as_json else tables.tricks_table(result)
    if json_file is not None:
        json_file.write_text(json.dumps(data, indent=1) + "\n")
        wrote(json_file, "tricks bench")


def swept(result: SweepResult, as_json: bool, json_file: Path | None, plot: Path | None) -> None:
    print_json(sweep_report.as_dict(result)) if as_json else sweep_report.tables(result)
    if json_file is not None:
        json_file.write_text(json.dumps(sweep_report.as_dict(result), indent=1) + "\n")
        wrote(json_file, "sweep results")
    if plot is not None:
        sweep_report.plot(result, plot)
        wrote(plot, "plot")
