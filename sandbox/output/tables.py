"""The lab's tables: verdicts, soak rounds, bench timings, doctor's checks, the scenario list."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Console
from rich.table import Table

from sandbox.model.judged import JudgedRun, SoakResult
from sandbox.model.measures import BenchResult, TricksResult
from sandbox.model.scenario import Scenario
from sandbox.output.console import out
from sandbox.output.transcript import verdict_text


def verdict_table(runs: list[JudgedRun], console: Console = out) -> None:
    table = Table("claim", "scenario", "uWSGI", "observed", "expected", "", title="Verdicts, observed live")
    for run in runs:
        table.add_row(
            run.judgement.claim,
            run.observation.scenario.name,
            run.observation.uwsgi_version,
            verdict_text(run.judgement.verdict),
            run.expected.value,
            "[green]✓[/]" if run.as_expected else "[red]✗[/]",
        )
    console.print(table)


def soak_table(result: SoakResult, console: Console = out) -> None:
    rounds = result.rounds
    table = Table(
        "claim",
        "uWSGI",
        *(f"round {n}" for n in range(1, len(rounds) + 1)),
        "stable",
        title="Verdicts across rounds",
    )
    for key in rounds[0]:
        verdicts = [one.get(key) for one in rounds]
        table.add_row(
            *key,
            *(verdict_text(v) if v else "?" for v in verdicts),
            "[green]✓[/]" if len(set(verdicts)) == 1 else "[red]✗[/]",
        )
    console.print(table)


PHASES = ("start", "ready", "probe", "traffic", "logs", "teardown", "rest")


def bench_table(result: BenchResult, console: Console = out) -> None:
    floor = result.floor
    table = Table(
        "scenario", "containers", "wall s", "sleeps s", "overhead s", "per container s", "x floor", *PHASES,
        title=f"What a user waits, from the command's start (medians of {result.rows[0].runs if result.rows else 0})",
        caption=f"floor: start to ready {floor['start_to_ready']:.2f} s + exec {floor['exec']:.2f} s + "
        f"removal {floor['remove']:.2f} s = {result.floor_total:.2f} s (the same image through the SDK)",
    )  # fmt: skip
    for row in result.rows:
        table.add_row(
            row.scenario, str(row.containers), f"{row.wall:.2f}", f"{row.sleeps:.2f}",
            f"{row.overhead:.2f}", f"{row.overhead_per_container:.2f}", f"{result.ratio(row):.1f}",
            *(f"{row.phases.get(name, 0):.2f}" for name in PHASES),
        )  # fmt: skip
    console.print(table)
    if verify := result.verify:
        console.print(
            f"verify --set article --sleep {verify['sleep']:g} --jobs {verify['jobs']}: {verify['checks']} checks in "
            f"{verify['seconds']:.1f} s from its start to its exit; every verdict as expected: {verify['as_expected']}"
        )


def tricks_table(result: TricksResult, console: Console = out) -> None:
    table = Table(
        "without", "overhead s, every trick on", "overhead s, without it", "it pays s",
        title=f"What each speed trick pays: sandbox run {result.scenario} --sleep {result.sleep:g}, "
        f"medians of {result.rows[0].runs if result.rows else 0} interleaved rounds",
    )  # fmt: skip
    for row in result.rows:
        table.add_row(row.trick, f"{row.with_it:.2f}", f"{row.without_it:.2f}", f"{row.pays:+.2f}")
    console.print(table)


def doctor_table(checks: Sequence, console: Console = out) -> None:
    table = Table("check", "", "detail", "fix")
    for check in checks:
        table.add_row(check.name, "[green]ok[/]" if check.ok else "[red]FAIL[/]", check.detail, check.fix)
    console.print(table)


def scenario_table(scenarios: Sequence[Scenario], console: Console = out) -> None:
    """One line per scenario, to fit 100 columns; `scenario_details` has the rest."""
    table = Table(
        "id",
        "scenario",
        "what it shows",
        "containers",
        title="Scenarios: the article's claims (C), lessons (L, G)",
    )
    for scenario in scenarios:
        table.add_row(scenario.claim, scenario.name, scenario.title, str(len(scenario.services)))
    console.print(table)


def scenario_details(
    scenario: Scenario, commands: Mapping[str, Sequence[str]], console: Console = out
) -> None:
    """One scenario in full: its claim and where it comes from, what each version is expected
    to show, and each container's command."""
    from rich.markup import escape

    from sandbox.output.transcript import shell, statement

    console.print(
        f"[bold]{escape(scenario.name)}[/] ({scenario.claim}): {escape(scenario.title)}", soft_wrap=True
    )
    statement(console, scenario)
    for expected in scenario.expected:
        versions = "every version" if expected.versions == "*" else f"uWSGI {expected.versions}"
        console.print(f"  expected on {escape(versions)}: {verdict_text(expected.verdict)}")
    console.print(f"[bold]{len(scenario.services)} container(s)[/], each running:")
    for service in scenario.services:
        console.print(f"[dim]# {escape(service)}[/]")
        shell(console, commands[service])
    console.print(
        f"run it: [bold]sandbox run {escape(scenario.name)}[/]   (or: make scenario-{escape(scenario.name)})"
    )
    if len({expected.verdict for expected in scenario.expected}) > 1:
        console.print(f"  on another version: sandbox run {escape(scenario.name)} --uwsgi 2.0.21")
