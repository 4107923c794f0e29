"""Show a run the way the article does: the command, uWSGI's spawn lines, `pstree -p`, the
app's request lines; then the article's own output, labelled as such; then the verdict."""

from __future__ import annotations

import shlex

from rich.console import Console
from rich.markup import escape
from rich.rule import Rule
from rich.table import Table

from sandbox.probe import PSTREE_ARGV
from sandbox.report import JudgedRun

out = Console(highlight=False, soft_wrap=True)

_VERDICT_STYLE = {"holds": "green", "differs": "yellow", "cannot tell": "red"}


def _verdict_text(verdict: str) -> str:
    return f"[{_VERDICT_STYLE.get(verdict, 'white')}]{verdict}[/]"


def transcript(run: JudgedRun) -> None:
    observation = run.observation
    scenario = observation.scenario
    heading = f"{scenario.name}" + (f" ({scenario.claim})" if run.verdict else "")
    out.print(
        Rule(
            f"[bold]{escape(heading)}[/] · uWSGI {observation.uwsgi_version} · sleep {observation.sleep:g} s"
        )
    )
    if run.verdict:
        out.print(f"[bold]The article says:[/] {escape(scenario.statement)}\n")
    for variant in observation.variants:
        out.print(f"[bold cyan]live · {escape(variant.label)}[/]")
        out.print(f"$ {escape(shlex.join(variant.command))}")
        for spawn in variant.spawn_lines:
            out.print(escape(spawn.text))
        out.print(f"$ {' '.join(PSTREE_ARGV)}")
        out.print(escape(variant.pstree.rstrip()))
        if variant.app_lines:
            out.print("[dim]# the app's request lines: pid ppid uri called HH:MM:SS[/]")
            for line in variant.app_lines:
                out.print(escape(line.text))
        failed = [r for r in variant.requests if r.status != 200]
        for record in failed:
            out.print(f"[red]{escape(record.path)}: {escape(record.error or f'HTTP {record.status}')}[/]")
        out.print()
    if run.verdict:
        out.print("[bold magenta]the article's own output[/] [dim](2023, uWSGI version not stated)[/]")
        out.print(f"$ {escape(scenario.article_command)}")
        out.print(escape(scenario.article_output) + "\n")
        _verdict(run)


def _verdict(run: JudgedRun) -> None:
    verdict = run.verdict
    matches = "as expected" if run.as_expected else "[red]NOT as expected[/]"
    out.print(
        f"[bold]Verdict {verdict.claim}:[/] {_verdict_text(verdict.verdict)} on uWSGI "
        f"{run.observation.uwsgi_version} (expected: {run.expected}; {matches})"
    )
    for line in verdict.evidence:
        out.print(f"  • {escape(line)}")
    out.print()


def verdict_table(runs: list[JudgedRun]) -> None:
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
    out.print(table)


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
