"""Show a run the way the article does: the command, uWSGI's spawn lines, `pstree -p`, the app's
request lines; then what the lab adds (every node's role, the request timeline, corrections
to the article); then the article's own output, labelled as such; then the verdict."""

from __future__ import annotations

import io
import shlex
from urllib.parse import parse_qs, urlsplit

from rich.console import Console
from rich.constrain import Constrain
from rich.markup import escape
from rich.rule import Rule
from rich.tree import Tree

from sandbox.analysis import factcheck, roles, uwsgi_log
from sandbox.analysis.requests import first_requests, start_spread
from sandbox.containers.probe import PSTREE_ARGV
from sandbox.model.judged import JudgedRun
from sandbox.model.observation import ScenarioObservation, VariantObservation
from sandbox.model.steps import LAB_HTTP
from sandbox.model.verdicts import Verdict
from sandbox.output import fit, pstree_text, timeline
from sandbox.output.console import NOT_A_TERMINAL_WIDTH, out
from sandbox.output.wording import Namer, role_text

HEADING_WIDTH = 100  # a rule across a 4096-column log would be noise
TREE_INDENT = 4  # columns a rich Tree level takes
VERDICT_STYLE = {Verdict.HOLDS: "green", Verdict.DIFFERS: "yellow", Verdict.CANNOT_TELL: "red"}


def verdict_text(verdict: Verdict) -> str:
    return f"[{VERDICT_STYLE[verdict]}]{verdict.value}[/]"


def role_tree(
    variant: VariantObservation, namer: Namer, evidence: bool = True, width: int = NOT_A_TERMINAL_WIDTH
) -> Tree:
    """The live tree with every node's role (and, unless asked not to, what shows it). Where a
    node's line would not fit `width`, its evidence goes on the lines below it, whole."""

    # As pstree names them: a thread by its process's name, in braces (uwsgi, or gunicorn).
    names = {proc.pid: proc.name or "uwsgi" for proc in variant.processes}

    def label(node: roles.AnnotatedNode, process: str, depth: int) -> str:
        name = namer.id(variant.service, node.ident)
        shown = f"{{{process}}}({name})" if node.is_thread else f"{process}({name})"
        words = role_text(node.role, node.cores)
        style = "red" if not node.role.known else "" if node.is_thread else "bold"
        text = (
            f"{escape(shown)}  [{style}]{escape(words)}[/]" if style else f"{escape(shown)}  {escape(words)}"
        )
        if not evidence:
            return text
        room = width - TREE_INDENT * depth
        said = f"← {namer.fact(node.evidence)}"
        if len(shown) + len(words) + len(said) + 4 <= room:
            return f"{text}  [dim]{escape(said)}[/]"
        return text + "".join(f"\n[dim]{escape(line)}[/]" for line in fit.wrap(said, room, rest=2))

    tree = Tree("[dim]roles, from live evidence[/]", guide_style="dim")

    def add(parent: Tree, node: roles.AnnotatedNode, process: str = "uwsgi", depth: int = 1) -> None:
        process = process if node.is_thread else names.get(node.ident, "uwsgi")
        branch = parent.add(label(node, process, depth))
        children = node.children
        if namer.normalize:  # pid order varies between runs; names by role do not
            children = tuple(
                sorted(children, key=lambda c: (c.is_thread, namer.id(variant.service, c.ident)))
            )
        for child in children:
            add(branch, child, process, depth + 1)

    for top in roles.annotate(variant):
        add(tree, top)
    return tree


def _structure(console: Console, variant: VariantObservation, namer: Namer, evidence: bool = True) -> None:
    """What the article shows of one container: command, spawn lines, pstree; plus every role.

    Without evidence (golden transcripts) only the spawn lines of the first tree are kept: later
    ones (a respawn, a cheaper spawn) depend on timing, the first tree does not.
    """
    shell(console, variant.command)
    in_tree = {proc.pid for proc in variant.processes}
    after = spawned_after_the_stop(variant)
    for spawn in (s for s in variant.spawn_lines if (evidence or s.pid in in_tree) and s not in after):
        text = namer.quote_text(variant.service, spawn.text, uwsgi_log.pid_mentions(spawn.text))
        console.print(escape(text if evidence else uwsgi_log.without_clock(text)))
    console.print(f"$ {' '.join(PSTREE_ARGV)}")
    tree = variant.pstree.rstrip()
    if namer.normalize and tree:
        tree = pstree_text.renamed(variant.pstree, lambda pid: namer.id(variant.service, pid))
    drawn(console, tree)
    console.print(role_tree(variant, namer, evidence, console.width), soft_wrap=True)


def spawned_after_the_stop(variant: VariantObservation) -> list:
    """The spawn lines uWSGI logged after `docker stop` sent its signal (a reload's respawns), in
    order; none when the run did not count the log's lines before the stop."""
    stopped = variant.stopped
    if stopped is None or stopped.log_lines is None:
        return []
    lines = [line.strip() for line in variant.log.splitlines()]
    after, at = [], 0
    for spawn in variant.spawn_lines:
        found = next((index for index in range(at, len(lines)) if lines[index] == spawn.text.strip()), None)
        if found is None:  # not where it should be: leave it with the others
            continue
        at = found + 1
        if found >= stopped.log_lines:
            after.append(spawn)
    return after


def sleep_words(observation: ScenarioObservation) -> str:
    """How long the requests sleep: --sleep, or what a lesson's requests ask for (`/sleep?s=2`)."""
    asked, default = set(), False
    for variant in observation.variants:
        for record in variant.requests:
            seconds = parse_qs(urlsplit(record.path).query).get("s")
            if seconds:
                asked.add(float(seconds[0]))
            elif record.path != "/noop":  # the one path that does not sleep
                default = True
    if not asked:
        return f"sleep {observation.sleep:g} s"
    listed = ", ".join(f"{seconds:g}" for seconds in sorted(asked))
    return (
        f"sleep {observation.sleep:g} s, some requests {listed} s"
        if default
        else f"requests sleep {listed} s"
    )


def shell(console: Console, argv) -> None:
    """A command as `$ ...` lines that fit the console and paste into a shell."""
    for line in fit.argv(argv, console.width):
        console.print(line, markup=False, soft_wrap=True)


def statement(console: Console, scenario) -> None:
    """What the source claims, and who says it: the article, or the docs it cites."""
    if scenario.source:
        said(console, f"({scenario.source}): {scenario.statement}", lead="[bold]The docs say[/] ")
    else:
        said(console, scenario.statement, lead="[bold]The article says:[/] ")


def said(console: Console, text: str, lead: str = "", style: str = "", hang: int = 0) -> None:
    """Prose wrapped to the console between words, quotes kept whole; `lead` is markup shown
    before the first line (its printed width is what it takes), `style` colours the text."""
    from rich.text import Text

    lead_width = Text.from_markup(lead).cell_len
    first, *rest = fit.wrap(text, console.width, first=lead_width, rest=hang)
    paint = (lambda line: f"[{style}]{escape(line)}[/]") if style else escape
    console.print(lead + paint(first), soft_wrap=True)
    for line in rest:
        console.print(" " * hang + paint(line), soft_wrap=True)


def drawn(console: Console, text: str) -> None:
    """A tree as drawn (never folded), its ancestors above uWSGI set aside if it is too wide."""
    fitted, aside = fit.tree(text, console.width)
    console.print(escape(fitted), soft_wrap=True)
    if aside:
        said(console, f"# {aside}, left out to fit {console.width} columns", style="dim")


def _steps(console: Console, variant: VariantObservation, namer: Namer) -> None:
    """What the scenario's steps saw after the first look: kills, stops, later trees, loads."""
    name = lambda pid: namer.id(variant.service, pid)  # noqa: E731
    for killed in variant.killed:
        console.print(
            f"$ kill -{killed.signal} {name(killed.pid)}   [dim]# {escape(role_text(killed.role))}[/]",
            soft_wrap=True,
        )
    if variant.stopped:
        stopped = variant.stopped
        console.print(f"$ docker stop -t {stopped.grace:g} {escape(variant.container)}")
        console.print(f"[dim]# took {stopped.seconds:.1f} s; exit code {stopped.exit_code}[/]")
        after = spawned_after_the_stop(variant)
        if after:
            console.print("[dim]# uWSGI's log after the stop signal:[/]")
        for spawn in after:
            console.print(
                escape(namer.quote_text(variant.service, spawn.text, uwsgi_log.pid_mentions(spawn.text)))
            )
    watch = [look for look in variant.looks if look.label.startswith("watch-")]
    for look in (look for look in variant.looks if look not in watch):
        console.print(f"[dim]# {escape(look.label)}:[/] $ {' '.join(PSTREE_ARGV)}", soft_wrap=True)
        tree = (
            pstree_text.renamed(look.pstree, name)
            if namer.normalize and look.pstree
            else look.pstree.rstrip()
        )
        drawn(console, tree)
    if watch:
        counts = " ".join(str(sum(1 for p in look.processes if p.ppid != 0)) for look in watch)
        said(console, counts, lead="[dim]# processes under the first one, once a second:[/] ", hang=2)
    for label, load in variant.loads.items():
        spread = ", ".join(f"{name(pid)}: {count}" for pid, count in sorted(load.by_pid.items()))
        said(
            console, spread, hang=2,
            lead=f"[dim]# {escape(label)}: {load.completed} answered, {load.errors} errors; per process:[/] ",
        )  # fmt: skip


def _requests(console: Console, run: JudgedRun, variant: VariantObservation, namer: Namer) -> None:
    """How the requests were sent, and every one that got no answer or an error status."""
    if not variant.requests:
        return
    first = first_requests(variant.requests)
    endpoint = run.observation.scenario.endpoint
    where = (
        "the container's own network namespace (127.0.0.1:18000)"
        if endpoint == LAB_HTTP
        else f"the container, in {endpoint.words()}"
    )
    said(
        console,
        f"# {len(variant.requests)} request(s) from {len(first)} client(s) inside {where}; first requests sent within "
        f"{start_spread(first) * 1000:.1f} ms of each other",
        style="dim",
    )
    for lost in (lost for lost in run.unanswered if lost.variant == variant.service):
        text = f"{lost.record.path}: no answer ({lost.cause})"
        if lost.reason:
            text += f"; {namer.fact(lost.reason)}"
        said(console, text, style="red", hang=2)
    for record in (r for r in variant.requests if r.answered and r.status != 200):
        console.print(f"[red]{escape(record.path)}: HTTP {record.status}[/]")


def transcript(run: JudgedRun, console: Console = out, normalize_pids: bool = False) -> None:
    observation = run.observation
    scenario = observation.scenario
    namer = Namer(observation, normalize_pids, dated_quotes=console.width >= HEADING_WIDTH)
    heading = scenario.name + (f" ({scenario.claim})" if run.judgement else "")
    rule = Rule(
        f"[bold]{escape(heading)}[/] · uWSGI {observation.uwsgi_version} · {sleep_words(observation)}"
    )
    console.print(Constrain(rule, width=min(console.width, HEADING_WIDTH)))
    if run.judgement:
        statement(console, scenario)
        console.print()
    for variant in observation.variants:
        console.print(f"[bold cyan]live · {escape(variant.label)}[/]")
        if not variant.started:
            shell(console, variant.command)
            console.print(f"[yellow]exited before it was ready (exit {variant.exit_code}); its log:[/]")
            console.print(escape(variant.log.rstrip()) + "\n", soft_wrap=True)
            continue
        _structure(console, variant, namer)
        _steps(console, variant, namer)
        if variant.app_lines:
            console.print("[dim]# the app's request lines: pid ppid uri called HH:MM:SS[/]")
            for line in variant.app_lines:
                console.print(
                    escape(namer.quote_text(variant.service, line.text, line.pid_spans)), soft_wrap=True
                )
        _requests(console, run, variant, namer)
        console.print()
    lines = timeline.gantt_lines(observation, namer, columns=console.width)
    if lines:
        cut = any("×" in line for line in lines)
        said(
            console,
            "(server-side, one lane per process · thread"
            + ("; a request cut without an answer client-side, × where it was cut" * cut)
            + ")",
            lead="[bold]request timeline[/] ",
            style="dim",
        )
        for line in lines:
            console.print(escape(line), soft_wrap=True)
        console.print()
    checks = factcheck.fact_checks(observation)
    for fact in checks:
        said(console, namer.fact(fact), lead="[bold yellow]Fact check:[/] ")
    if checks:
        console.print()
    if run.judgement and scenario.article_command:
        console.print("[bold magenta]the article's own output[/] [dim](2023, uWSGI version not stated)[/]")
        console.print(f"$ {escape(scenario.article_command)}", soft_wrap=True)
        drawn(console, scenario.article_output)
        console.print()
    if run.judgement:
        _verdict(run, console, namer)


BRIEF_LINES = 25  # what a projector shows at once


def brief(run: JudgedRun, console: Console = out, normalize_pids: bool = False) -> None:
    """The run in at most BRIEF_LINES lines: each container's command, its tree as `pstree`
    without -p draws it, the app's request lines (as many as fit), and the verdict with its
    one-sentence reason."""
    observation = run.observation
    namer = Namer(observation, normalize_pids, dated_quotes=console.width >= HEADING_WIDTH)
    width = console.width
    head = [
        f"── {observation.scenario.name}"
        + (f" ({observation.scenario.claim})" if observation.scenario.claim else "")
        + f" · uWSGI {observation.uwsgi_version}"
        f" · {sleep_words(observation)}",
        "# each tree as `pstree` without -p draws it",
    ]
    parts: list[tuple[list[str], list[str]]] = []  # (command and tree, request lines) per container
    for variant in observation.variants:
        shown = fit.argv(variant.command, width)
        if not variant.started:
            shown.append(f"# exited before it was ready (exit {variant.exit_code})")
        elif variant.pstree.strip():
            shown += pstree_text.compact(variant.pstree).splitlines()
        requests = [
            namer.quote_text(variant.service, line.text, line.pid_spans) for line in variant.app_lines
        ]
        parts.append((shown, requests))
    verdict: list[str] = []
    if run.judgement:
        matches = "as expected" if run.as_expected else f"NOT as expected (expected: {run.expected.value})"
        verdict_words = f"Verdict {run.judgement.claim}: {run.judgement.verdict.value}, {matches}: "
        first, *rest = fit.wrap(verdict_words + namer.fact(run.judgement.summary), width, rest=2)
        verdict = [first, *("  " + line for line in rest)]
    room = BRIEF_LINES - len(head) - len(verdict) - sum(len(shown) for shown, _ in parts)
    lines = list(head)
    for index, (shown, requests) in enumerate(parts):
        share = max(0, room // (len(parts) - index))  # what is left, shared by the containers left
        kept = requests if len(requests) <= share else requests[: max(0, share - 1)]
        lines += shown + kept
        room -= len(kept)
        if len(kept) < len(requests):
            lines.append(f"# … {len(requests) - len(kept)} more request line(s): run it without --brief")
            room -= 1
    for line in lines + verdict:
        console.print(line, markup=False, soft_wrap=True)


def _verdict(run: JudgedRun, console: Console, namer: Namer) -> None:
    """The verdict and its reason in one sentence beside it, then the evidence, one fact a line."""
    judgement = run.judgement
    matches = (
        "as expected" if run.as_expected else f"[red]NOT as expected[/] (expected: {run.expected.value})"
    )
    lead = (
        f"[bold]Verdict {judgement.claim}:[/] {verdict_text(judgement.verdict)} on uWSGI "
        f"{run.observation.uwsgi_version}, {matches}: "
    )
    said(console, namer.fact(judgement.summary), lead=lead, hang=2)
    for fact in judgement.evidence:
        said(console, namer.fact(fact), lead="  • ", hang=4)
    console.print()


def golden_transcript(run: JudgedRun) -> str:
    """The parts of a normalised transcript that must be the same on every run and machine.

    Left out on purpose: which idle worker takes a request (the kernel decides), wall-clock
    times, and measured rates; the verdict is kept, its evidence (pids of served requests,
    percentages) is not.
    """
    console = Console(record=True, width=200, file=io.StringIO(), color_system=None)
    observation = run.observation
    namer = Namer(observation, normalize=True)
    console.print(
        f"# {observation.scenario.name} ({run.judgement.claim}) on uWSGI {observation.uwsgi_version}"
    )
    for variant in observation.variants:
        console.print(f"## {escape(variant.label)}")
        if not variant.started:
            console.print(
                f"$ {escape(shlex.join(variant.command))}\nexited before it was ready (exit {variant.exit_code})"
            )
            continue
        _structure(console, variant, namer, evidence=False)
    console.print(f"verdict: {run.judgement.verdict.value} (expected: {run.expected.value})")
    return console.export_text()
