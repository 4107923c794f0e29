"""Show a run the way the article does: the command, uWSGI's spawn lines, `pstree -p`, the app's
request lines; then what the lab adds (every node's role, the request timeline, corrections
to the article); then the article's own output, labelled as such; then the verdict."""

from __future__ import annotations

import io
import shlex

from rich.console import Console
from rich.constrain import Constrain
from rich.markup import escape
from rich.rule import Rule
from rich.table import Table
from rich.tree import Tree

from sandbox import factcheck, failures, normalize, roles, timeline, traffic
from sandbox.console import make_console
from sandbox.observe import VariantObservation
from sandbox.probe import PSTREE_ARGV
from sandbox.report import JudgedRun

out = make_console(stderr=False)
HEADING_WIDTH = 100  # a rule across a 4096-column log would be noise

_VERDICT_STYLE = {"holds": "green", "differs": "yellow", "cannot tell": "red"}


def _verdict_text(verdict: str) -> str:
    return f"[{_VERDICT_STYLE.get(verdict, 'white')}]{verdict}[/]"


class _Names:
    """Identity, or stable names by role when pids are normalised."""

    def __init__(self, variant: VariantObservation, enabled: bool) -> None:
        self.map = normalize.stable_names(variant) if enabled else {}
        self.enabled = enabled

    def text(self, text: str) -> str:
        return normalize.normalize_text(text, self.map) if self.enabled else text

    def pstree(self, text: str) -> str:
        return normalize.normalized_pstree(text, self.map) if self.enabled else text.rstrip()

    def pid(self, pid: int) -> str:
        return self.map.get(pid, str(pid))


def role_tree(variant: VariantObservation, names: _Names, evidence: bool = True) -> Tree:
    """The live tree with every node's role (and, unless asked not to, what shows it)."""

    def label(node: roles.AnnotatedNode) -> str:
        shown = (
            f"{{uwsgi}}({names.pid(node.pid)})" if node.kind == "thread" else f"uwsgi({names.pid(node.pid)})"
        )
        style = "red" if node.role.role == roles.UNKNOWN else "bold" if node.kind == "process" else ""
        text = (
            f"{escape(shown)}  [{style}]{escape(node.role.role)}[/]"
            if style
            else f"{escape(shown)}  {escape(node.role.role)}"
        )
        if evidence:
            text += f"  [dim]← {escape(names.text(node.role.evidence))}[/]"
        return text

    tree = Tree("[dim]roles, from live evidence[/]", guide_style="dim")

    def add(parent: Tree, node: roles.AnnotatedNode) -> None:
        branch = parent.add(label(node))
        children = node.children
        if names.enabled:  # pid order varies between runs; names by role do not
            children = sorted(children, key=lambda child: (child.kind, names.pid(child.pid)))
        for child in children:
            add(branch, child)

    for root in roles.annotate(variant):
        add(tree, root)
    return tree


def _structure(console: Console, variant: VariantObservation, names: _Names, evidence: bool = True) -> None:
    """What the article shows of one container: command, spawn lines, pstree; plus every role."""
    console.print(f"$ {escape(shlex.join(variant.command))}")
    for spawn in variant.spawn_lines:
        console.print(escape(names.text(spawn.text)))
    console.print(f"$ {' '.join(PSTREE_ARGV)}")
    console.print(escape(names.pstree(variant.pstree)))
    console.print(role_tree(variant, names, evidence))


def _requests(console: Console, variant: VariantObservation) -> None:
    """How the requests were sent, and every one that got no answer or an error status."""
    if not variant.requests:
        return
    first = traffic.first_requests(variant.requests)
    console.print(
        f"[dim]# {len(variant.requests)} request(s) from {len(first)} client(s) inside the container's own "
        f"network namespace (127.0.0.1:18000); first requests sent within "
        f"{traffic.start_spread(first) * 1000:.1f} ms of each other[/]"
    )
    for failure in failures.unanswered(variant.requests, variant.log):
        console.print(f"[red]{escape(failure.sentence())}[/]")
    for record in (r for r in variant.requests if r.answered and r.status != 200):
        console.print(f"[red]{escape(record.path)}: HTTP {record.status}[/]")


def transcript(run: JudgedRun, console: Console = out, normalize_pids: bool = False) -> None:
    observation = run.observation
    scenario = observation.scenario
    heading = f"{scenario.name}" + (f" ({scenario.claim})" if run.verdict else "")
    rule = Rule(
        f"[bold]{escape(heading)}[/] · uWSGI {observation.uwsgi_version} · sleep {observation.sleep:g} s"
    )
    console.print(Constrain(rule, width=min(console.width, HEADING_WIDTH)))
    if run.verdict:
        console.print(f"[bold]The article says:[/] {escape(scenario.statement)}\n")
    for variant in observation.variants:
        names = _Names(variant, normalize_pids)
        console.print(f"[bold cyan]live · {escape(variant.label)}[/]")
        _structure(console, variant, names)
        if variant.app_lines:
            console.print("[dim]# the app's request lines: pid ppid uri called HH:MM:SS[/]")
            for line in variant.app_lines:
                console.print(escape(names.text(line.text)))
        _requests(console, variant)
        console.print()
    # Run-wide text (timeline, fact checks, verdict) can be renamed only when one container ran.
    run_names = _Names(observation.variants[0], normalize_pids and len(observation.variants) == 1)
    _timeline(run, console, run_names)
    _fact_checks(run, console, run_names)
    if run.verdict:
        console.print("[bold magenta]the article's own output[/] [dim](2023, uWSGI version not stated)[/]")
        console.print(f"$ {escape(scenario.article_command)}")
        console.print(escape(scenario.article_output) + "\n")
        _verdict(run, console, run_names)


def _timeline(run: JudgedRun, console: Console, names: _Names) -> None:
    all_bars = timeline.bars(run.observation)
    if not all_bars:
        return
    console.print("[bold]request timeline[/] [dim](server-side, one lane per process · thread)[/]")
    for line in timeline.gantt_lines(all_bars):
        console.print(escape(names.text(line)))
    console.print()


def _fact_checks(run: JudgedRun, console: Console, names: _Names) -> None:
    sentences = factcheck.fact_checks(run.observation)
    for sentence in sentences:
        console.print(f"[bold yellow]Fact check:[/] {escape(names.text(sentence))}")
    if sentences:
        console.print()


def _verdict(run: JudgedRun, console: Console, names: _Names) -> None:
    verdict = run.verdict
    matches = "as expected" if run.as_expected else "[red]NOT as expected[/]"
    console.print(
        f"[bold]Verdict {verdict.claim}:[/] {_verdict_text(verdict.verdict)} on uWSGI "
        f"{run.observation.uwsgi_version} (expected: {run.expected}; {matches})"
    )
    if verdict.summary:
        console.print(f"  {escape(names.text(verdict.summary))}")
    for line in verdict.evidence:
        console.print(f"  • {escape(names.text(line))}")
    console.print()


def golden_transcript(run: JudgedRun) -> str:
    """The parts of a normalised transcript that must be the same on every run and machine.

    Left out on purpose: which idle worker takes a request (the kernel decides), wall-clock
    times, and measured rates; the verdict is kept, its evidence (pids of served requests,
    percentages) is not.
    """
    console = Console(record=True, width=200, file=io.StringIO(), color_system=None)
    observation = run.observation
    console.print(f"# {observation.scenario.name} ({run.verdict.claim}) on uWSGI {observation.uwsgi_version}")
    for variant in observation.variants:
        names = _Names(variant, True)
        console.print(f"## {escape(variant.label)}")
        _structure(console, variant, names, evidence=False)
    console.print(f"verdict: {run.verdict.verdict} (expected: {run.expected})")
    return console.export_text()


def verdict_table(runs: list[JudgedRun], console: Console = out) -> None:
    table = Table("claim", "scenario", "uWSGI", "observed", "expected", "", title="Verdicts, observed live")
    for run in runs:
        table.add_row(
            run.verdict.claim,
            run.observation.scenario.name,
            run.observation.uwsgi_version,
            _verdict_text(run.verdict.verdict),
            run.expected,
            "[green]✓[/]" if run.as_expected else "[red]✗[/]",
        )
    console.print(table)


def bench_table(rows: list) -> None:
    table = Table(
        "scenario",
        "containers",
        "runs",
        "wall s",
        "sleeps s",
        "overhead s",
        "per container s",
        "start",
        "ready",
        "probe",
        "teardown",
        title="Warm runs (medians)",
    )
    for row in rows:
        phase = row.phases
        table.add_row(
            row.scenario,
            str(row.containers),
            str(row.runs),
            f"{row.wall:.2f}",
            f"{row.sleeps:.2f}",
            f"{row.overhead:.2f}",
            f"{row.overhead_per_container:.2f}",
            *(f"{phase.get(name, 0):.2f}" for name in ("start", "ready", "probe", "teardown")),
        )
    out.print(table)


def soak_table(rounds: list[dict[tuple[str, str], str]]) -> None:
    table = Table(
        "claim",
        "uWSGI",
        *(f"round {n}" for n in range(1, len(rounds) + 1)),
        "stable",
        title="Verdicts across rounds",
    )
    for key in rounds[0]:
        verdicts = [one.get(key, "?") for one in rounds]
        table.add_row(
            *key,
            *(_verdict_text(v) for v in verdicts),
            "[green]✓[/]" if len(set(verdicts)) == 1 else "[red]✗[/]",
        )
    out.print(table)
