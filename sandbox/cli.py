"""The `sandbox` command: typer only. Options in, one call into sandbox.runs, what to show
from sandbox.output, an exit code out.

One error boundary (main): a SandboxError becomes one red line plus its hint and the error's
own exit code (README, "Exit codes"); --debug shows the traceback; Ctrl-C exits 130 after
the lab has cleaned up.

Each command imports what it uses when it runs: `--help`, a usage error or `list` load no
Docker SDK (a fifth of a second) and no judging code. No `from __future__ import annotations`:
typer would evaluate every option's annotation from a string at each start (20 ms).
"""

import contextlib
import os
import sys
import threading
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sandbox.errors import (
    EXIT_ENGINE_REFUSED,
    EXIT_FOUND_A_PROBLEM,
    EXIT_INTERNAL,
    BadOption,
    RequestsUnanswered,
    SandboxError,
)
from sandbox.output import console
from sandbox.settings import ARTICLE_UWSGI, DEFAULT_UWSGI

if TYPE_CHECKING:
    from sandbox.model.judged import JudgedRun

app = typer.Typer(
    help="Replay, live in containers, how uWSGI's --processes, --workers, --threads, --enable-threads, "
    "--http and --py-autoreload shape its process tree and the concurrency of requests.\n\n"
    "Start with `sandbox doctor`, then `sandbox build`, then `sandbox list`.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_state = {"debug": False}
MAX_SLEEP = 120.0
BOTH_VERSIONS = [DEFAULT_UWSGI, ARTICLE_UWSGI]


class App(str, Enum):
    plain = "plain"
    django = "django"
    ticker = "ticker"


class ScenarioSet(str, Enum):
    article = "article"
    lessons = "lessons"
    all = "all"


class Workload(str, Enum):
    io = "io"
    cpu = "cpu"
    both = "both"


class Server(str, Enum):
    uwsgi = "uwsgi"
    gunicorn = "gunicorn"
    both = "both"


class SoakSweep(str, Enum):
    uwsgi = "uwsgi"
    gunicorn = "gunicorn"
    both = "both"
    none = "none"


def _each(choice: Enum, every: type[Enum]) -> list[str]:
    return (
        [member.value for member in every if member.value != "both"]
        if choice.value == "both"
        else [choice.value]
    )


def _sleep(value: float) -> float:
    if not 0 < value <= MAX_SLEEP:
        raise BadOption(
            f"--sleep {value:g} is out of range", f"give seconds between 0 and {MAX_SLEEP:g} (not 0)"
        )
    return value


def _uwsgi(value: str) -> str:
    from sandbox.containers import images

    return images.check_version(value)


UwsgiOption = Annotated[
    str, typer.Option("--uwsgi", help="uWSGI version (any that pip can install).", callback=_uwsgi)
]
VersionsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--uwsgi", help=f"Version(s); repeat. Default: {DEFAULT_UWSGI} and the article-era {ARTICLE_UWSGI}."
    ),
]
JobsOption = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        max=16,
        help="Scenarios run at once, each in its own containers (those judged on load or timing always run alone).",
    ),
]
SleepOption = Annotated[
    float, typer.Option("--sleep", help="Seconds each request sleeps (the article: 10).", callback=_sleep)
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON (fields: see README).")]
JsonFileOption = Annotated[
    Path | None,
    typer.Option("--json-file", help="Also write the results as JSON to FILE (beside the table)."),
]
RootOption = Annotated[
    bool,
    typer.Option("--as-root", help="Run uWSGI as root, as the article did (default: an unprivileged user)."),
]
TimelineOption = Annotated[
    Path | None, typer.Option("--timeline", help="Also draw the request timeline to FILE.svg or FILE.png.")
]
HtmlOption = Annotated[
    Path | None,
    typer.Option(
        "--html",
        help="Also write one self-contained HTML page (no network, no script): trees side by side, "
        "the timeline, the verdict with its evidence. Opens in any browser, offline.",
    ),
]
BriefOption = Annotated[
    bool,
    typer.Option(
        "--brief", help="At most 25 lines, for a projector: commands, trees, request lines, verdict."
    ),
]
NormalizeOption = Annotated[
    bool,
    typer.Option(
        "--normalize-pids", help="Show pids as stable names by role (W1, R1, T2.1...) to diff runs."
    ),
]
KeepOption = Annotated[
    bool, typer.Option("--keep", help="Leave the containers running; prints how to remove them.")
]


@app.callback()
def _global(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Do not print the docker commands run.")
    ] = False,
) -> None:
    _state["debug"] = debug
    console.install(quiet)


def _fail_if_unanswered(runs: list["JudgedRun"]) -> None:
    """A scenario whose requests got no answer was not observed: a lab failure, not a verdict."""
    from sandbox.output.wording import Namer

    lost = [(run, lost) for run in runs for lost in run.lost_unexpectedly]
    if lost:
        run, first = lost[0]
        said = f"{first.record.path}: no answer ({first.cause})"
        if first.reason:
            said += f"; {Namer(run.observation).fact(first.reason)}"
        raise RequestsUnanswered(
            f"{len(lost)} request(s) got no answer, so the scenario was not observed: {said}"[:400],
            "the transcript names each one; `sandbox doctor` checks the lab's traffic path",
        )


@app.command("doctor")
def doctor_command() -> None:
    """Where the engine is, Compose v2, CA bundle, images, and a real request along the lab's traffic path."""
    from sandbox.output import tables
    from sandbox.runs import doctor

    checks = doctor.run_checks()
    tables.doctor_table(checks)
    if not all(check.ok for check in checks):
        raise typer.Exit(EXIT_FOUND_A_PROBLEM)


@app.command("build")
def build_command(
    uwsgi: Annotated[
        list[str] | None, typer.Option("--uwsgi", help="uWSGI version(s) to build; repeat.")
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
        bool, typer.Option("--force", help="Rebuild even when current (cached layers stay).")
    ] = False,
    controller: Annotated[
        bool,
        typer.Option(
            "--controller", help="Also build the controller's image (`docker compose run --rm sandbox`)."
        ),
    ] = False,
) -> None:
    """Build the lab image for each uWSGI version (default: the current 2.0.31 and the article-era 2.0.21).

    An image is reused while current: it is rebuilt when the Dockerfile or the apps changed.
    Without a reachable registry the Debian 12 base is bootstrapped locally with debootstrap.
    """
    from sandbox.containers import images
    from sandbox.containers.ca_bundle import resolve_ca_bundle

    versions = [images.check_version(version) for version in uwsgi or BOTH_VERSIONS]
    bundle = resolve_ca_bundle(ca_bundle)
    for version in versions:
        images.ensure_image(version, force, bundle)
        console.err.print(f"image for uWSGI {version}: built and current", style="dim")
    if controller:
        images.ensure_controller_image(force, bundle)
        console.err.print("controller image: built and current", style="dim")


@app.command("list")
def list_command(
    name: Annotated[
        str | None,
        typer.Argument(help="A scenario (or its id, C4, L1): its claim, expectations and commands."),
    ] = None,
) -> None:
    """The scenarios, one line each; with a NAME, that one in full: the claim, the verdict
    expected on each version, and each container's uWSGI command (from compose.yaml)."""
    from sandbox import catalog
    from sandbox.output import tables

    if name is None:
        tables.scenario_table(catalog.SCENARIOS)
        console.err.print(
            "details: [bold]sandbox list NAME[/]    run one: [bold]sandbox run NAME[/]   (make scenario-NAME)"
        )
        return
    from sandbox.containers import compose

    scenario = catalog.find(name)
    commands = {service: spec["command"] for service, spec in compose.services().items() if "command" in spec}
    tables.scenario_details(scenario, commands)


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
    short: BriefOption = False,
    html: HtmlOption = None,
) -> None:
    """Replay one claim live: command, spawn lines, pstree, request lines, roles, timeline, verdict.

    Example: sandbox run threads --sleep 2 --uwsgi 2.0.21 --html threads.html
    """
    from sandbox import catalog
    from sandbox.output.files import check_picture_name, check_writable
    from sandbox.runs import run as one_run

    scenario = catalog.find(name)
    check_picture_name(timeline_file, "--timeline")
    check_writable(html, "--html")
    run = one_run.replay(scenario, uwsgi, sleep, keep=keep, as_root=as_root)
    from sandbox.output import show  # imported while the requests ran

    show.judged_run(run, json_output, normalize_pids, timeline_file, short, html)
    _fail_if_unanswered([run])


@app.command("judge")
def judge_command(
    run_file: Annotated[
        Path, typer.Argument(help="A saved `sandbox run NAME --json` (a CI artifact, a classmate's run).")
    ],
    json_output: JsonOption = False,
    normalize_pids: NormalizeOption = False,
    short: BriefOption = False,
    html: HtmlOption = None,
) -> None:
    """Judge a saved run again, offline, with no engine: what `run` would print (or its --json).

    What the file lacks is evidence missing: a verdict that needs it says "cannot tell".
    Example: sandbox run threads --json > threads.json; sandbox judge threads.json
    """
    from sandbox.output import show
    from sandbox.output.files import check_writable
    from sandbox.runs import rejudge

    check_writable(html, "--html")
    show.judged_run(rejudge.from_file(run_file), json_output, normalize_pids, None, short, html)


@app.command("verify")
def verify_command(
    uwsgi: VersionsOption = None,
    scenario: Annotated[
        list[str] | None, typer.Option("--scenario", help="Only these scenarios (repeat); overrides --set.")
    ] = None,
    which: Annotated[
        ScenarioSet,
        typer.Option("--set", help="The article's claims, the lessons beyond it, or all of them."),
    ] = ScenarioSet.all,
    sleep: SleepOption = 10.0,
    jobs: JobsOption = 4,
    json_output: JsonOption = False,
    junit: Annotated[
        Path | None,
        typer.Option("--junit", help="Also write a JUnit XML report (a test case per claim and version)."),
    ] = None,
    markdown: Annotated[
        Path | None,
        typer.Option("--markdown", help="Also write a Markdown report (verdicts, summary, transcripts)."),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html",
            help="Also write one self-contained HTML page: the claims x versions table, each verdict "
            "linked to its run (trees, timeline, evidence). No network, no script.",
        ),
    ] = None,
) -> None:
    """Every scenario (of a set) on each version; exit 0 only if every observed verdict is the expected one."""
    from sandbox import catalog
    from sandbox.containers import images
    from sandbox.output import show
    from sandbox.output.files import check_writable
    from sandbox.runs import verify

    versions = [images.check_version(version) for version in uwsgi or BOTH_VERSIONS]
    scenarios = [catalog.find(name) for name in scenario] if scenario else list(catalog.SETS[which.value])
    check_writable(junit, "--junit")
    check_writable(markdown, "--markdown")
    check_writable(html, "--html")
    runs = verify.verify(versions, scenarios, sleep, jobs)
    show.verified(runs, json_output, junit, markdown, html)
    _fail_if_unanswered(runs)
    if not all(run.as_expected for run in runs):
        raise typer.Exit(EXIT_FOUND_A_PROBLEM)


@app.command("soak")
def soak_command(
    runs: Annotated[int, typer.Option("--runs", min=2, max=50, help="How many verify rounds.")] = 5,
    max_minutes: Annotated[
        float, typer.Option("--max-minutes", min=1, help="Start no round after this.")
    ] = 30,
    sleep: SleepOption = 1.0,
    jobs: JobsOption = 4,
    scenario: Annotated[
        list[str] | None, typer.Option("--scenario", help="Only these scenarios (repeat); default: all.")
    ] = None,
    sweep_server: Annotated[
        SoakSweep,
        typer.Option(
            "--sweep",
            help="Each round also checks the article's conclusion (threads help I/O, only processes help CPU) "
            "on four sweep cells of uWSGI, gunicorn, both, or none.",
        ),
    ] = SoakSweep.both,
    busy_cores: Annotated[
        int,
        typer.Option(
            "--busy-cores",
            min=0,
            max=16,
            help="Keep this many cores busy with a spinning process for the whole soak (bounded in time): "
            "do the verdicts hold on a loaded machine?",
        ),
    ] = 0,
) -> None:
    """`verify` several times (bounded in count and time), with the sweep's check of the article's
    conclusion each round; fail if any verdict changes between rounds or is not the expected one."""
    import os

    from sandbox import catalog
    from sandbox.output import show
    from sandbox.runs import verify

    if busy_cores >= (os.cpu_count() or 1):
        raise BadOption(
            f"--busy-cores {busy_cores}: this machine has {os.cpu_count()} core(s); keep one free"
        )
    scenarios = [catalog.find(name) for name in scenario] if scenario else list(catalog.SCENARIOS)
    servers = [] if sweep_server is SoakSweep.none else _each(sweep_server, Server)
    result, every_run = verify.soak(
        BOTH_VERSIONS, scenarios, sleep, runs, max_minutes, jobs, busy_cores, servers
    )
    show.soaked(result, every_run)
    _fail_if_unanswered(every_run)
    if not result.stable:
        raise typer.Exit(EXIT_FOUND_A_PROBLEM)


@app.command("try", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def try_command(
    ctx: typer.Context,
    app_name: Annotated[App, typer.Option("--app", help="Which app to host.")] = App.plain,
    request: Annotated[
        list[str] | None,
        typer.Option(
            "--request", help="Path to request; repeat. All are sent at once. Default: /sleep1 and /sleep2."
        ),
    ] = None,
    sleep: SleepOption = 10.0,
    uwsgi: UwsgiOption = DEFAULT_UWSGI,
    json_output: JsonOption = False,
    keep: KeepOption = False,
    as_root: RootOption = False,
    timeline_file: TimelineOption = None,
    normalize_pids: NormalizeOption = False,
    short: BriefOption = False,
    html: HtmlOption = None,
    config: Annotated[
        list[str] | None,
        typer.Option(
            "--config",
            help="Your uWSGI config, FILE or FILE:section (.ini, .yaml, .json, .xml); repeat for layers, in "
            "order. uWSGI itself resolves it; its app options give way to the lab's app, and host-only settings "
            "(daemonize, logto, uid, pidfile...) are neutralised, each listed.",
        ),
    ] = None,
    env: Annotated[
        list[str] | None,
        typer.Option("--env", help="A UWSGI_NAME=VALUE variable, read before the files (repeat)."),
    ] = None,
    env_file: Annotated[
        Path | None, typer.Option("--env-file", help="UWSGI_NAME=VALUE lines, read before --env.")
    ] = None,
) -> None:
    """Any uWSGI options, same transcript: sandbox try --sleep 2 -- --processes 2 --threads 2

    Your own config: sandbox try --config uwsgi.ini --env UWSGI_PROCESSES=4 -- --threads 2
    (the environment first, then the files in order, then the options after --, which win).

    Without a socket option `--http-socket :18000` is added; without an app option, the app's own.
    A request that gets no answer is shown as the observation it is (exit 0).
    """
    from sandbox.output.files import check_picture_name, check_writable
    from sandbox.runs import trial

    check_picture_name(timeline_file, "--timeline")
    check_writable(html, "--html")
    run = trial.try_options(
        app_name.value, list(ctx.args), request, uwsgi, sleep, keep=keep, as_root=as_root,
        configs=config or (), env=env or (), env_file=env_file,
    )  # fmt: skip
    from sandbox.output import show  # imported while the requests ran

    show.judged_run(run, json_output, normalize_pids, timeline_file, short, html)


@app.command("bench")
def bench_command(
    runs: Annotated[
        int, typer.Option("--runs", min=1, max=20, help="Runs per scenario (median reported).")
    ] = 3,
    sleep: SleepOption = 1.0,
    uwsgi: UwsgiOption = DEFAULT_UWSGI,
    json_output: JsonOption = False,
    json_file: JsonFileOption = None,
    which: Annotated[
        ScenarioSet,
        typer.Option("--set", help="The article's claims (and verify timed), the lessons, or all of them."),
    ] = ScenarioSet.article,
    tricks: Annotated[
        bool,
        typer.Option(
            "--tricks",
            help="Instead: what each speed trick pays (sandbox run default with every trick on, without "
            "each, without all; SANDBOX_WITHOUT), interleaved round by round.",
        ),
    ] = False,
) -> None:
    """Time what a user waits for each scenario of a set (each run a `sandbox run` of its own, from
    its start to its exit), the part its own sleeps take, and the overhead against the engine's floor.

    Example: sandbox bench --set all --runs 1 --sleep 10   (what `make times` writes for the README)
    """
    from sandbox import catalog
    from sandbox.output import show
    from sandbox.output.files import check_writable
    from sandbox.runs import bench

    check_writable(json_file, "--json-file")
    if tricks:
        show.tricks_benched(
            bench.bench_tricks(catalog.find("default"), uwsgi, sleep, runs), json_output, json_file
        )
        return
    scenarios = list(catalog.SETS[which.value])
    result = bench.bench(scenarios, uwsgi, sleep, runs, time_verify=which == ScenarioSet.article)
    show.benched(result, json_output, json_file)


@app.command("sweep")
def sweep_command(
    processes: Annotated[
        str, typer.Option("--processes", help="Process counts to try, e.g. 1,2,4.")
    ] = "1,2,4",
    threads: Annotated[str, typer.Option("--threads", help="Thread counts to try, e.g. 1,2,4.")] = "1,2,4",
    workload: Annotated[
        Workload, typer.Option("--workload", help="I/O-bound, CPU-bound, or both.")
    ] = Workload.both,
    server: Annotated[Server, typer.Option("--server", help="uWSGI, gunicorn, or both.")] = Server.both,
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
    json_file: JsonFileOption = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Also draw heatmaps to FILE.png or FILE.svg.")
    ] = None,
) -> None:
    """Measure the article's conclusion: when threads help (I/O) and when only processes do (CPU).

    Every cell starts its own container and runs a bounded closed-loop load beside it.
    """
    from sandbox.output import show
    from sandbox.output.files import check_picture_name, check_writable
    from sandbox.runs import sweep

    check_picture_name(plot, "--plot")
    check_writable(json_file, "--json-file")
    process_counts, thread_counts = sweep.counts(processes, "--processes"), sweep.counts(threads, "--threads")
    result = sweep.sweep(
        process_counts,
        thread_counts,
        _each(workload, Workload),
        _each(server, Server),
        concurrency,
        duration,
        ms,
    )
    show.swept(result, json_output, json_file, plot)


@app.command("export")
def export_command(
    file: Annotated[Path, typer.Argument(help="Archive to write, e.g. lab-images.tar.gz.")],
) -> None:
    """Save every lab image (each uWSGI version built, gunicorn's, the controller's) into one archive.

    Carry it to a machine without network and `sandbox import` it there: every scenario then runs.
    """
    from sandbox.containers import archive
    from sandbox.output import show
    from sandbox.output.files import check_writable

    check_writable(file, "export")
    done = archive.export_images(file)
    show.wrote(
        file,
        f"{len(done.images)} image(s) ({', '.join(done.images)}), {done.size / 1e6:.0f} MB in {done.seconds:.1f} s,",
    )


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="An archive written by `sandbox export`.")],
) -> None:
    """Load the images of a `sandbox export` archive into the engine (no network needed)."""
    from sandbox.containers import archive

    done = archive.import_images(file)
    console.err.print(
        f"imported {len(done.images)} image(s) ({', '.join(done.images)}) from {file} in {done.seconds:.1f} s"
    )


@app.command("down")
def down_command(
    all_runs: Annotated[
        bool,
        typer.Option("--all", help="Also what was started by hand with docker compose (the lab's services)."),
    ] = False,
) -> None:
    """Remove what an earlier crashed or --keep run left behind (found by label)."""
    from sandbox.containers import cleanup

    removed = cleanup.remove_leftovers(include_by_hand=all_runs)
    console.err.print(
        f"removed {removed.containers} container(s), {removed.networks} network(s), {removed.volumes} volume(s)"
    )


def entry() -> None:
    """The `sandbox` command: main, then the quickest way out. With nothing left running, the
    process ends without the interpreter tearing down every module it loaded (a twentieth of a
    second, a good part of what a short command costs)."""
    try:
        main()
        code = 0
    except SystemExit as done:
        if isinstance(done.code, str):  # sys.exit("why"): Python would print it
            print(done.code, file=sys.stderr)
        code = done.code if isinstance(done.code, int) else int(done.code is not None)
    main_thread = threading.main_thread()
    signals = sys.modules["sandbox.containers.signals"]
    still_working = any(t.is_alive() and not t.daemon and t is not main_thread for t in threading.enumerate())
    if still_working and not signals.received():  # interrupted: its cleanup is done, the rest abandoned
        sys.exit(code)  # some work is still under way: let the interpreter wait for it, as usual
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`sandbox ... | head`)
            stream.flush()
    os._exit(code)


GLOBAL_FLAGS = ("-q", "--quiet", "--debug")


def hoisted(args: list[str]) -> list[str]:
    """The global flags moved before the command, so `sandbox run threads -q` works as
    `sandbox -q run threads` does; what follows `--` (try's uWSGI options) is never touched."""
    end = args.index("--") if "--" in args else len(args)
    flags = [arg for arg in args[:end] if arg in GLOBAL_FLAGS]
    return [*flags, *(arg for arg in args[:end] if arg not in GLOBAL_FLAGS), *args[end:]]


def main() -> None:
    from sandbox.containers import signals

    signals.install()
    try:
        try:
            # standalone: typer itself reports usage errors (exit 2) and --help
            app(args=hoisted(sys.argv[1:]), prog_name="sandbox")
        finally:
            _removals_done()
    except SandboxError as failure:
        if _state["debug"]:
            console.err.print_exception()
        from rich.markup import escape  # rich loads only when there is something to print

        # what the user gave (a path, a section) is printed as given, never read as markup
        console.err.print(f"[red]error:[/] {escape(str(failure))}", markup=True, highlight=False)
        if failure.hint:
            console.err.print(f"  {failure.hint}", style="dim", markup=False)
        sys.exit(failure.exit_code)
    except Exception as failure:
        if _is_docker_error(failure):
            _unexpected(failure, "the Docker engine refused a request", EXIT_ENGINE_REFUSED)
        # a bug: still one line, the traceback only with --debug
        _unexpected(failure, "unexpected error (a bug in the lab; please report it)", EXIT_INTERNAL)


def _removals_done() -> None:
    """Containers of a run are removed while its result is printed: the command ends after that."""
    cleanup = sys.modules.get("sandbox.containers.cleanup")
    if cleanup is not None:  # nothing imported it: nothing was started
        cleanup.wait_for_removals()


def _is_docker_error(failure: Exception) -> bool:
    """Without importing docker (slow) when nothing did yet: then it cannot be one of its errors."""
    errors = sys.modules.get("docker.errors")
    return errors is not None and isinstance(failure, errors.DockerException)


def _unexpected(failure: Exception, what: str, code: int) -> None:
    if _state["debug"]:
        console.err.print_exception()
    first_line = (str(failure).strip().splitlines() or [""])[0][:300]
    console.err.print(f"[red]error:[/] {what}: {type(failure).__name__}: {first_line}", highlight=False)
    console.err.print("  rerun with --debug for the traceback", style="dim")
    sys.exit(code)
