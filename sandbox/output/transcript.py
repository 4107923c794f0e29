"""Show a run the way the article does: the command, uWSGI's spawn lines, `pstree -p`, the app's
request lines; then what the lab adds (every node's role, the request timeline, corrections
to the article); then the article's own output, labelled as such; then the verdict. What it
shows comes from the run's view (output.view); this module lays it out for a terminal."""

from __future__ import annotations

import io
import shlex

from rich.console import Console
from rich.constrain import Constrain
from rich.markup import escape
from rich.rule import Rule
from rich.tree import Tree

from sandbox.analysis import uwsgi_log
from sandbox.model.judged import JudgedRun
from sandbox.model.verdicts import Verdict
from sandbox.output import fit, timeline
from sandbox.output.console import NOT_A_TERMINAL_WIDTH, out
from sandbox.output.view import (
    PSTREE_COMMAND,
    ContainerView,
    Entry,
    RoleNode,
    RunView,
    VerdictView,
    run_view,
)

HEADING_WIDTH = 100  # a rule across a 4096-column log would be noise
TREE_INDENT = 4  # columns a rich Tree level takes
VERDICT_STYLE = {Verdict.HOLDS: "green", Verdict.DIFFERS: "yellow", Verdict.CANNOT_TELL: "red"}


def verdict_text(verdict: Verdict) -> str:
    return f"[{VERDICT_STYLE[verdict]}]{verdict.value}[/]"


def role_tree(nodes: tuple[RoleNode, ...], evidence: bool = True, width: int = NOT_A_TERMINAL_WIDTH) -> Tree:
    """The live tree with every node's role (and, unless asked not to, what shows it). Where a
    node's line would not fit `width`, its evidence goes on the lines below it, whole."""

    def label(node: RoleNode, depth: int) -> str:
        style = "red" if not node.known else "" if node.is_thread else "bold"
        shown, words = escape(node.shown), escape(node.words)
        text = f"{shown}  [{style}]{words}[/]" if style else f"{shown}  {words}"
        if not evidence:
            return text
        room = width - TREE_INDENT * depth
        said = f"← {node.evidence}"
        if len(node.shown) + len(node.words) + len(said) + 4 <= room:
            return f"{text}  [dim]{escape(said)}[/]"
        return text + "".join(f"\n[dim]{escape(line)}[/]" for line in fit.wrap(said, room, rest=2))

    tree = Tree("[dim]roles, from live evidence[/]", guide_style="dim")

    def add(parent: Tree, node: RoleNode, depth: int = 1) -> None:
        branch = parent.add(label(node, depth))
        for child in node.children:
            add(branch, child, depth + 1)

    for top in nodes:
        add(tree, top)
    return tree


def _structure(console: Console, container: ContainerView, evidence: bool = True) -> None:
    """What the article shows of one container: command, spawn lines, pstree; plus every role.

    Without evidence (golden transcripts) only the spawn lines of the first tree are kept: later
    ones (a respawn, a cheaper spawn) depend on timing, the first tree does not.
    """
    shell(console, container.command)
    for spawn in (s for s in container.spawns if evidence or s.in_first_tree):
        console.print(escape(spawn.text if evidence else uwsgi_log.without_clock(spawn.text)))
    console.print(f"$ {PSTREE_COMMAND}")
    drawn(console, container.pstree)
    console.print(role_tree(container.roles, evidence, console.width), soft_wrap=True)


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


def entry(console: Console, shown: Entry) -> None:
    """One thing a step or a request showed, as a shell session would: `$ ...`, `# ...`."""
    if shown.kind == "command":
        comment = f"   [dim]# {escape(shown.comment)}[/]" if shown.comment else ""
        console.print(f"$ {escape(shown.text)}{comment}", soft_wrap=True)
    elif shown.kind == "tree":
        console.print(f"[dim]# {escape(shown.comment)}:[/] $ {PSTREE_COMMAND}", soft_wrap=True)
        drawn(console, shown.text)
    elif shown.kind == "quote":
        console.print(escape(shown.text), soft_wrap=True)
    elif shown.kind == "problem":
        said(console, shown.text, style="red", hang=2)
    else:
        said(console, f"# {shown.text}", style="dim", hang=2)


def transcript(run: JudgedRun, console: Console = out, normalize_pids: bool = False) -> None:
    view = run_view(run, normalize_pids, dated_quotes=console.width >= HEADING_WIDTH)
    render(view, console)


def render(view: RunView, console: Console = out) -> None:
    """The transcript of a run's view, laid out for this console."""
    rule = Rule(f"[bold]{escape(view.heading)}[/] · uWSGI {view.uwsgi_version} · {view.sleep_words}")
    console.print(Constrain(rule, width=min(console.width, HEADING_WIDTH)))
    if view.statement:
        if view.source:
            said(console, f"({view.source}): {view.statement}", lead="[bold]The docs say[/] ")
        else:
            said(console, view.statement, lead="[bold]The article says:[/] ")
        console.print()
    if view.your_config:
        mine = view.your_config
        said(
            console,
            " ".join(f"{name}={value}" for name, value in mine.options) or "no options",
            lead=f"[bold]Your config[/] ({escape(', '.join(mine.sources))}), as uWSGI {view.uwsgi_version} resolved it: ",
            hang=2,
        )
        for change in mine.changes:
            said(console, change, lead="  • ", hang=4)
        console.print()
    for container in view.containers:
        console.print(f"[bold cyan]live · {escape(container.label)}[/]")
        if not container.started:
            shell(console, container.command)
            console.print(f"[yellow]exited before it was ready (exit {container.exit_code}); its log:[/]")
            console.print(escape(container.log) + "\n", soft_wrap=True)
            continue
        _structure(console, container)
        for step in container.steps:
            entry(console, step)
        if container.app_lines:
            console.print("[dim]# the app's request lines: pid ppid uri called HH:MM:SS[/]")
            for line in container.app_lines:
                console.print(escape(line), soft_wrap=True)
        for shown in container.requests:
            entry(console, shown)
        console.print()
    lines = timeline.gantt_lines(view.timeline, columns=console.width)
    if lines:
        cut = view.timeline.has_cut
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
    for fact in view.fact_checks:
        said(console, fact, lead="[bold yellow]Fact check:[/] ")
    if view.fact_checks:
        console.print()
    if view.article_command:
        console.print("[bold magenta]the article's own output[/] [dim](2023, uWSGI version not stated)[/]")
        console.print(f"$ {escape(view.article_command)}", soft_wrap=True)
        drawn(console, view.article_output)
        console.print()
    if view.verdict:
        _verdict(view.verdict, console)


BRIEF_LINES = 25  # what a projector shows at once


def brief(run: JudgedRun, console: Console = out, normalize_pids: bool = False) -> None:
    """The run in at most BRIEF_LINES lines: each container's command, its tree as `pstree`
    without -p draws it, the app's request lines (as many as fit), and the verdict with its
    one-sentence reason."""
    view = run_view(run, normalize_pids, dated_quotes=console.width >= HEADING_WIDTH)
    width = console.width
    head = [
        f"── {view.heading} · uWSGI {view.uwsgi_version} · {view.sleep_words}",
        "# each tree as `pstree` without -p draws it",
    ]
    parts: list[tuple[list[str], list[str]]] = []  # (command and tree, request lines) per container
    for container in view.containers:
        shown = fit.argv(container.command, width)
        if not container.started:
            shown.append(f"# exited before it was ready (exit {container.exit_code})")
        shown += container.compact_tree.splitlines()
        parts.append((shown, list(container.app_lines)))
    verdict: list[str] = []
    if view.verdict:
        matches = (
            "as expected"
            if view.verdict.as_expected
            else f"NOT as expected (expected: {view.verdict.expected.value if view.verdict.expected else '-'})"
        )
        verdict_words = f"Verdict {view.verdict.claim}: {view.verdict.verdict.value}, {matches}: "
        first, *rest = fit.wrap(verdict_words + view.verdict.summary, width, rest=2)
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


def _verdict(verdict: VerdictView, console: Console) -> None:
    """The verdict and its reason in one sentence beside it, then the evidence, one fact a line."""
    matches = (
        "as expected"
        if verdict.as_expected
        else f"[red]NOT as expected[/] (expected: {verdict.expected.value if verdict.expected else '-'})"
    )
    lead = (
        f"[bold]Verdict {verdict.claim}:[/] {verdict_text(verdict.verdict)} on uWSGI "
        f"{verdict.uwsgi_version}, {matches}: "
    )
    said(console, verdict.summary, lead=lead, hang=2)
    for fact in verdict.evidence:
        said(console, fact, lead="  • ", hang=4)
    console.print()


def golden_transcript(run: JudgedRun) -> str:
    """The parts of a normalised transcript that must be the same on every run and machine.

    Left out on purpose: which idle worker takes a request (the kernel decides), wall-clock
    times, and measured rates; the verdict is kept, its evidence (pids of served requests,
    percentages) is not.
    """
    console = Console(record=True, width=200, file=io.StringIO(), color_system=None)
    view = run_view(run, normalize_pids=True)
    console.print(f"# {view.name} ({view.verdict.claim}) on uWSGI {view.uwsgi_version}")
    for container in view.containers:
        console.print(f"## {escape(container.label)}")
        if not container.started:
            console.print(
                f"$ {escape(shlex.join(container.command))}\nexited before it was ready (exit {container.exit_code})"
            )
            continue
        _structure(console, container, evidence=False)
    console.print(f"verdict: {view.verdict.verdict.value} (expected: {run.expected.value})")
    return console.export_text()
