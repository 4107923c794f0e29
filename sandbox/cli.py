"""The `sandbox` command: thin typer layer over the library.

One error boundary (main): a SandboxError becomes one red line plus its hint and the error's
own exit code; --debug shows the traceback; Ctrl-C exits 130 after the lab has cleaned up.
"""

from __future__ import annotations

import json
import shlex
import sys
import time
from pathlib import Path
from typing import Annotated

import docker.errors
import typer
from rich.table import Table

from sandbox import (
    archive,
    bench,
    catalog,
    ci_reports,
    cleanup,
    compose,
    console,
    doctor,
    images,
    normalize,
    render,
    report,
    signals,
    sweep,
    sweep_render,
    timeline,
)
from sandbox.ca_bundle import resolve_ca_bundle
from sandbox.errors import (
    EXIT_ENGINE_REFUSED,
    EXIT_FOUND_A_PROBLEM,
    EXIT_INTERNAL,
    BadOption,
    RequestsUnanswered,
    SandboxError,
)
from sandbox.observe import observe
from sandbox.output_files import check_picture_name, check_writable, hand_over
from sandbox.paths import ARTICLE_UWSGI, DEFAULT_UWSGI
from sandbox.trial import trial

app = typer.Typer(
    help="Replay, live in containers, how uWSGI's --processes, --workers, --threads, --enable-threads, "
    "--http and --py-autoreload shape its process tree and the concurrency of requests.\n\n"
    "Start with `sandbox doctor`, then `sandbox build`, then `sandbox list`.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_state = {"debug": False}

UwsgiOption = Annotated[str, typer.Option("--uwsgi", help="uWSGI version (any that pip can install).")]


@app.callback()
def _global(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Do not print the docker commands run.")
    ] = False,
) -> None:
    _state["debug"] = debug
    console.set_quiet(quiet)


@app.command("doctor")
def doctor_command() -> None:
    """Check the engine, Compose v2, base image, CA bundle and lab images; each failure with its fix."""
    checks = doctor.run_checks()
    table = Table("check", "", "detail", "fix", show_lines=False)
    for check in checks:
        table.add_row(check.name, "[green]ok[/]" if check.ok else "[red]FAIL[/]", check.detail, check.fix)
    console.console.print(table)
    if not all(check.ok for check in checks):
        raise typer.Exit(1)


@app.command("build")
def build_command(
    uwsgi: Annotated[
        list[str] | None, typer.Option("--uwsgi", help="uWSGI version(s) to build; repeat for several.")
    ] = None,
    ca_bundle: Annotated[
        Path | None,
        typer.Option(
            "--ca-bundle",
            help="Extra CA certificates (PEM) for a TLS-intercepting proxy. "
            "Default: $SANDBOX_CA_BUNDLE, else $PIP_CERT / $REQUESTS_CA_BUNDLE / $SSL_CERT_FILE.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Rebuild even when the image is current (cached layers stay).")
    ] = False,
    controller: Annotated[
        bool,
        typer.Option(
            "--controller",
            help="Also build the controller's own image (`docker compose run --rm sandbox ...`).",
        ),
    ] = False,
) -> None:
    """Build the lab image for each uWSGI version (default: the current 2.0.31 and the article-era 2.0.21).

    An image is reused while it is current: it is rebuilt when the Dockerfile or the apps changed.

    Without a reachable registry the Debian 12 base is bootstrapped locally with debootstrap.
    """
    bundle = resolve_ca_bundle(ca_bundle)
    for version in uwsgi or [DEFAULT_UWSGI, ARTICLE_UWSGI]:
        images.check_version(version)
    for version in uwsgi or [DEFAULT_UWSGI, ARTICLE_UWSGI]:
        images.ensure_image(version, force, bundle)
        console.note(f"image for uWSGI {version}: built and current")
    if controller:
        images.ensure_controller_image(force, bundle)
        console.note("controller image: built and current")


@app.command("list")
def list_command() -> None:
    """List the scenarios: the claim each replays, and the uWSGI command of each container (from compose.yaml)."""
    services = compose.services()
    table = Table("scenario", "claim", "what it shows", "compose service: uWSGI command", show_lines=True)
    for scenario in catalog.SCENARIOS:
        commands = "\n".join(f"{s}: {shlex.join(services[s]['command'])}" for s in scenario.services)
        table.add_row(scenario.name, scenario.claim, scenario.title, commands)
    console.console.print(table)
    console.console.print("run one: [bold]sandbox run NAME[/]   (make scenario-NAME)")


SleepOption = Annotated[float, typer.Option("--sleep", help="Seconds each request sleeps (the article: 10).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the run as JSON (fields: see README).")]
RootOption = Annotated[
    bool,
    typer.Option("--as-root", help="Run uWSGI as root, as the article did (default: an unprivileged user)."),
]
TimelineOption = Annotated[
    Path | None, typer.Option("--timeline", help="Also draw the request timeline to FILE.svg or FILE.png.")
]
NormalizeOption = Annotated[
    bool,
    typer.Option(
        "--normalize-pids", help="Rewrite pids to stable names by role (W1, R1, T2.1...) to diff runs."
    ),
]
KeepOption = Annotated[
    bool, typer.Option("--keep", help="Leave the containers running; prints how to remove them.")
]
MAX_SLEEP = 120.0


def _check_sleep(sleep: float) -> float:
    if not 0 < sleep <= MAX_SLEEP:
        raise BadOption(
            f"--sleep {sleep:g} is out of range", f"give seconds between 0 and {MAX_SLEEP:g} (exclusive of 0)"
        )
    return sleep


def _wrote(path: Path, what: str) -> None:
    hand_over(path)
    console.console.print(f"{what} written to {path}")


def _print_json(data: object) -> None:
    render.out.print_json(json.dumps(data))


def _show(
    judged: report.JudgedRun, json_output: bool, normalize_pids: bool, timeline_file: Path | None
) -> None:
    if json_output:
        data = report.run_dict(judged)
        _print_json(normalize.normalize_run_dict(data, judged.observation) if normalize_pids else data)
    else:
        render.transcript(judged, normalize_pids=normalize_pids)
    if timeline_file is not None:
        timeline.write_picture(judged.observation, timeline_file)
        _wrote(timeline_file, "timeline")


@app.command("run")
def run_command(
    name: Annotated[str, typer.Argument(help="Scenario name (see `sandbox list`).")],
    sleep: SleepOption = 10.0,
    uwsgi: UwsgiOption = DEFAULT_UWSGI,
    json_output: JsonOption = False,
    keep: KeepOption = False,
    as_root: RootOption = False,
    timeline_file: TimelineOption = None,
    normalize_pids: NormalizeOption = False,
) -> None:
    """Replay one claim of the article live: command, spawn lines, pstree, request lines, verdict.

    Example: sandbox run threads --sleep 2 --uwsgi 2.0.21
    """
    scenario = catalog.find(name)
    _check_sleep(sleep)
    check_picture_name(timeline_file, "--timeline")
    images.ensure_image(uwsgi)
    judged = report.judge(observe(scenario, uwsgi, sleep, keep=keep, as_root=as_root))
    _show(judged, json_output, normalize_pids, timeline_file)
    _fail_if_unanswered([judged])


def _fail_if_unanswered(runs: list[report.JudgedRun]) -> None:
    """A scenario whose requests got no answer was not observed: a lab failure, not a verdict."""
    lost = [failure for run in runs for failure in run.unanswered]
    if lost:
        raise RequestsUnanswered(
            f"{len(lost)} request(s) got no answer, so the scenario was not observed: {lost[0].sentence()}"[
                :400
            ],
            "the transcript names each one; `sandbox doctor` checks the lab's traffic path",
        )


@app.command("verify")
def verify_command(
    uwsgi: Annotated[
        list[str] | None,
        typer.Option(
            "--uwsgi",
            help="Version(s) to check; repeat. "
            f"Default: {DEFAULT_UWSGI} and the article-era {ARTICLE_UWSGI}.",
        ),
    ] = None,
    scenario: Annotated[
        list[str] | None, typer.Option("--scenario", help="Only these scenarios (repeat); default: all.")
    ] = None,
    sleep: SleepOption = 10.0,
    json_output: JsonOption = False,
    junit: Annotated[
        Path | None,
        typer.Option("--junit", help="Also write a JUnit XML report (a test case per claim and version)."),
    ] = None,
    markdown: Annotated[
        Path | None,
        typer.Option("--markdown", help="Also write a Markdown report (verdicts, summary, transcripts)."),
    ] = None,
) -> None:
    """Run every scenario on each version; exit 0 only if every observed verdict is the expected one."""
    _check_sleep(sleep)
    check_writable(junit, "--junit")
    check_writable(markdown, "--markdown")
    scenarios = [catalog.find(name) for name in scenario] if scenario else list(catalog.SCENARIOS)
    runs = _verify_runs(uwsgi or [DEFAULT_UWSGI, ARTICLE_UWSGI], sleep, scenarios)
    if json_output:
        _print_json({"claims": [report.claim_row(run) for run in runs]})
    else:
        render.verdict_table(runs)
    if junit is not None:
        ci_reports.write_junit(runs, junit)
        _wrote(junit, "JUnit report")
    if markdown is not None:
        ci_reports.write_markdown(runs, markdown)
        _wrote(markdown, "Markdown report")
    _fail_if_unanswered(runs)
    if not all(run.as_expected for run in runs):
        raise typer.Exit(EXIT_FOUND_A_PROBLEM)


def _verify_runs(
    versions: list[str], sleep: float, scenarios: list[catalog.Scenario] | None = None
) -> list[report.JudgedRun]:
    for version in versions:
        images.ensure_image(version)
    runs = []
    for version in versions:
        for scenario in scenarios or catalog.SCENARIOS:
            console.note(f"· {scenario.name} ({scenario.claim}) on uWSGI {version}")
            runs.append(report.judge(observe(scenario, version, sleep)))
    return runs


@app.command("soak")
def soak_command(
    runs: Annotated[int, typer.Option("--runs", min=2, max=50, help="How many verify rounds.")] = 5,
    max_minutes: Annotated[
        float, typer.Option("--max-minutes", min=1, help="Stop starting new rounds after this.")
    ] = 30,
    sleep: SleepOption = 1.0,
) -> None:
    """Run `verify` several times (bounded in count and time); fail if any verdict changes between rounds."""
    _check_sleep(sleep)
    versions = [DEFAULT_UWSGI, ARTICLE_UWSGI]
    deadline = time.monotonic() + max_minutes * 60
    rounds: list[dict[tuple[str, str], str]] = []
    all_expected = True
    every_run: list[report.JudgedRun] = []
    while len(rounds) < runs and time.monotonic() < deadline:
        judged = _verify_runs(versions, sleep)
        every_run += judged
        rounds.append({(r.verdict.claim, r.observation.uwsgi_version): r.verdict.verdict for r in judged})
        all_expected = all_expected and all(r.as_expected for r in judged)
        console.console.print(
            f"round {len(rounds)}/{runs}: {sum(r.as_expected for r in judged)}/{len(judged)} as expected"
        )
    render.soak_table(rounds)
    unstable = [key for key in rounds[0] if len({one.get(key) for one in rounds}) > 1]
    if len(rounds) < runs:
        console.console.print(f"[yellow]time budget reached after {len(rounds)} of {runs} round(s)[/]")
    _fail_if_unanswered(every_run)
    if unstable or not all_expected or len(rounds) < 2:
        raise typer.Exit(EXIT_FOUND_A_PROBLEM)


@app.command("try", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def try_command(
    ctx: typer.Context,
    app_name: Annotated[
        str, typer.Option("--app", help="Which app to host: plain, django or ticker.")
    ] = "plain",
    request: Annotated[
        list[str] | None,
        typer.Option(
            "--request",
            help="Path to request; repeat. All are fired at the same instant. Default: /sleep1 and /sleep2.",
        ),
    ] = None,
    sleep: SleepOption = 10.0,
    uwsgi: UwsgiOption = DEFAULT_UWSGI,
    json_output: JsonOption = False,
    keep: KeepOption = False,
    as_root: RootOption = False,
    timeline_file: TimelineOption = None,
    normalize_pids: NormalizeOption = False,
) -> None:
    """Any uWSGI options, same transcript: sandbox try --sleep 2 -- --processes 2 --threads 2

    Without a socket option `--http-socket :18000` is added; without an app option, the app's own.
    """
    _check_sleep(sleep)
    for path in request or []:
        if not path.startswith("/"):
            raise BadOption(f"--request {path}: a path must start with /", "e.g. --request /sleep1")
    check_picture_name(timeline_file, "--timeline")
    scenario, commands = trial(app_name, list(ctx.args), request)
    images.ensure_image(uwsgi)
    observation = observe(scenario, uwsgi, sleep, keep=keep, commands=commands, as_root=as_root)
    _show(report.JudgedRun(observation, None, None), json_output, normalize_pids, timeline_file)


@app.command("bench")
def bench_command(
    runs: Annotated[
        int, typer.Option("--runs", min=1, max=20, help="Runs per scenario (median reported).")
    ] = 3,
    sleep: SleepOption = 1.0,
    uwsgi: UwsgiOption = DEFAULT_UWSGI,
    json_output: JsonOption = False,
    json_file: Annotated[
        Path | None,
        typer.Option("--json-file", help="Also write the results as JSON to FILE (beside the table)."),
    ] = None,
) -> None:
    """Time every scenario warm: wall time, time its own sleeps take, and the overhead per container."""
    _check_sleep(sleep)
    check_writable(json_file, "--json-file")
    images.ensure_image(uwsgi)
    rows = []
    for scenario in catalog.SCENARIOS:
        console.note(f"· {scenario.name}: {runs} run(s) at --sleep {sleep:g}")
        rows.append(bench.bench_scenario(scenario, uwsgi, sleep, runs))
    data = {"uwsgi_version": uwsgi, "sleep": sleep, "scenarios": [row.as_dict() for row in rows]}
    _print_json(data) if json_output else render.bench_table(rows)
    if json_file is not None:
        json_file.write_text(json.dumps(data, indent=1) + "\n")
        _wrote(json_file, "bench results")


@app.command("sweep")
def sweep_command(
    processes: Annotated[
        str, typer.Option("--processes", help="Process counts to try, e.g. 1,2,4.")
    ] = "1,2,4",
    threads: Annotated[str, typer.Option("--threads", help="Thread counts to try, e.g. 1,2,4.")] = "1,2,4",
    workload: Annotated[str, typer.Option("--workload", help="io, cpu or both.")] = "both",
    server: Annotated[str, typer.Option("--server", help="uwsgi, gunicorn or both.")] = "both",
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=64, help="Clients in the closed loop.")
    ] = 8,
    duration: Annotated[
        float, typer.Option("--duration", min=0.5, max=60, help="Seconds of load per cell.")
    ] = 3.0,
    ms: Annotated[
        float, typer.Option("--ms", min=1, max=1000, help="Work per request: ms of sleep or of CPU.")
    ] = 50.0,
    json_output: JsonOption = False,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Also draw heatmaps to FILE.png or FILE.svg.")
    ] = None,
) -> None:
    """Measure the article's conclusion: when threads help (I/O) and when only processes do (CPU).

    Every cell starts its own container and runs a bounded closed-loop load against it.
    """
    check_picture_name(plot, "--plot")
    result = sweep.sweep(
        sweep.parse_counts(processes, "--processes"),
        sweep.parse_counts(threads, "--threads"),
        sweep.choices(workload, sweep.WORKLOADS, "--workload"),
        sweep.choices(server, tuple(sweep.SWEEP_SERVICES), "--server"),
        concurrency,
        duration,
        ms,
    )
    _print_json(result.as_dict()) if json_output else sweep_render.tables(result)
    if plot is not None:
        sweep_render.plot(result, plot)
        _wrote(plot, "plot")


@app.command("export")
def export_command(
    file: Annotated[Path, typer.Argument(help="Archive to write, e.g. lab-images.tar.gz.")],
) -> None:
    """Save every lab image (each uWSGI version built, gunicorn's, the controller's) into one archive.

    Carry it to a machine without network and `sandbox import` it there: every scenario then runs.
    """
    check_writable(file, "export")
    done = archive.export_images(file)
    console.console.print(
        f"exported {len(done.images)} image(s) ({', '.join(done.images)}) to {file}: "
        f"{done.size / 1e6:.0f} MB in {done.seconds:.1f} s"
    )


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="An archive written by `sandbox export`.")],
) -> None:
    """Load the images of a `sandbox export` archive into the engine (no network needed)."""
    done = archive.import_images(file)
    console.console.print(
        f"imported {len(done.images)} image(s) ({', '.join(done.images)}) from {file} in {done.seconds:.1f} s"
    )


@app.command("down")
def down_command(
    all_runs: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Remove every container/network of the lab, "
            "including ones started by hand with docker compose.",
        ),
    ] = False,
) -> None:
    """Remove what an earlier crashed or --keep run left behind (found by label)."""
    removed = cleanup.remove_leftovers(include_by_hand=all_runs)
    console.console.print(
        f"removed {removed.containers} container(s), {removed.networks} network(s), "
        f"{removed.volumes} volume(s)"
    )


def main() -> None:
    signals.install()
    try:
        app()  # standalone: typer itself reports usage errors (exit 2) and --help
    except SandboxError as failure:
        if _state["debug"]:
            console.console.print_exception()
        console.console.print(f"[red]error:[/] {failure}", markup=True, highlight=False)
        if failure.hint:
            console.console.print(f"  {failure.hint}", style="dim", markup=False)
        sys.exit(failure.exit_code)
    except docker.errors.DockerException as failure:
        _unexpected(failure, "the Docker engine refused a request", EXIT_ENGINE_REFUSED)
    except Exception as failure:  # a bug: still one line, the traceback only with --debug
        _unexpected(failure, "unexpected error (a bug in the lab; please report it)", EXIT_INTERNAL)


def _unexpected(failure: Exception, what: str, code: int) -> None:
    if _state["debug"]:
        console.console.print_exception()
    first_line = (str(failure).strip().splitlines() or [""])[0][:300]
    console.console.print(f"[red]error:[/] {what}: {type(failure).__name__}: {first_line}", highlight=False)
    console.console.print("  rerun with --debug for the traceback", style="dim")
    sys.exit(code)
