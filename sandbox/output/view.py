"""What a run shows, as one value: the terminal transcript, the Markdown and the HTML report
each render it in their own form, so none of them re-derives what another shows.

Everything in it is already in words (pids named by the Namer, roles and facts worded); what
is left to a writer is layout: widths, colours, tags. No rich here: a report needs none.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from sandbox.analysis import factcheck, roles, uwsgi_log
from sandbox.analysis.requests import first_requests, start_spread
from sandbox.analysis.timeline import Bar, bars, lanes
from sandbox.containers.probe import PSTREE_ARGV
from sandbox.model.judged import JudgedRun
from sandbox.model.observation import ScenarioObservation, VariantObservation
from sandbox.model.scenario import YourConfig
from sandbox.model.steps import LAB_HTTP
from sandbox.model.verdicts import Verdict
from sandbox.model.versions import version_key
from sandbox.output import pstree_text
from sandbox.output.wording import Namer, role_text

PSTREE_COMMAND = " ".join(PSTREE_ARGV)


@dataclass(frozen=True)
class RoleNode:
    """A node of the live tree: as pstree names it, its role in words, what shows that role."""

    shown: str  # `uwsgi(12)`, `{uwsgi}(14)` for a thread
    words: str
    evidence: str
    known: bool
    is_thread: bool
    children: tuple[RoleNode, ...] = ()


@dataclass(frozen=True)
class Spawn:
    text: str  # as uWSGI logged it, its pids named
    in_first_tree: bool  # its pid is in the tree looked at first (later spawns depend on timing)


@dataclass(frozen=True)
class Entry:
    """One thing a scenario's steps or its requests showed, by kind: `command` (a shell line, with
    an optional comment), `note`, `quote` (a log line), `problem`, `tree` (a later pstree)."""

    kind: str
    text: str
    comment: str = ""


@dataclass(frozen=True)
class ContainerView:
    service: str
    label: str
    command: tuple[str, ...]
    started: bool
    exit_code: int | None
    log: str  # only kept when it never started: then the log is what there is to see
    spawns: tuple[Spawn, ...]
    pstree: str  # `pstree -p` as drawn, pids named
    compact_tree: str  # as `pstree` without -p draws it: no pids, like siblings merged
    roles: tuple[RoleNode, ...]
    steps: tuple[Entry, ...]
    app_lines: tuple[str, ...]  # `pid ppid uri called HH:MM:SS`
    requests: tuple[Entry, ...]  # how they were sent, and each that got no answer or an error


@dataclass(frozen=True)
class TimelineBar:
    lane: int  # index into TimelineView.lanes
    path: str
    start: float
    end: float
    cut: bool


@dataclass(frozen=True)
class TimelineView:
    lanes: tuple[str, ...]  # each lane in words
    bars: tuple[TimelineBar, ...]  # one per request, server-side times

    @property
    def span(self) -> float:
        return max(bar.end for bar in self.bars) or 1.0

    @property
    def has_cut(self) -> bool:
        return any(bar.cut for bar in self.bars)


@dataclass(frozen=True)
class VerdictView:
    claim: str
    verdict: Verdict
    uwsgi_version: str
    as_expected: bool
    expected: Verdict | None
    summary: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class RunView:
    name: str
    claim: str  # "" for `try`
    uwsgi_version: str
    sleep_words: str
    source: str  # who says it: "" for the article
    statement: str
    containers: tuple[ContainerView, ...]
    timeline: TimelineView | None
    fact_checks: tuple[str, ...]
    article_command: str
    article_output: str
    verdict: VerdictView | None
    your_config: YourConfig | None = None  # `try --config`: resolved by uWSGI, and what the lab changed

    @property
    def heading(self) -> str:
        return self.name + (f" ({self.claim})" if self.claim else "")

    @property
    def anchor(self) -> str:
        return anchor(self.claim or self.name, self.uwsgi_version)


def anchor(claim: str, uwsgi_version: str) -> str:
    """An id for a run in a report of several: its claim (or name) and version (`C4-2-0-31`)."""
    return f"{claim}-{uwsgi_version}".replace(".", "-")


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


def role_nodes(variant: VariantObservation, namer: Namer) -> tuple[RoleNode, ...]:
    """The live tree with every node's role and what shows it; under --normalize-pids children
    go in the order of their names (pid order varies between runs; names by role do not)."""
    # As pstree names them: a thread by its process's name, in braces (uwsgi, or gunicorn).
    names = {proc.pid: proc.name or "uwsgi" for proc in variant.processes}

    def node(annotated: roles.AnnotatedNode, process: str) -> RoleNode:
        process = process if annotated.is_thread else names.get(annotated.ident, "uwsgi")
        name = namer.id(variant.service, annotated.ident)
        children = annotated.children
        if namer.normalize:
            children = tuple(
                sorted(children, key=lambda c: (c.is_thread, namer.id(variant.service, c.ident)))
            )
        return RoleNode(
            shown=f"{{{process}}}({name})" if annotated.is_thread else f"{process}({name})",
            words=role_text(annotated.role, annotated.cores),
            evidence=namer.fact(annotated.evidence),
            known=annotated.role.known,
            is_thread=annotated.is_thread,
            children=tuple(node(child, process) for child in children),
        )

    return tuple(node(top, "uwsgi") for top in roles.annotate(variant))


def _named_tree(variant: VariantObservation, text: str, namer: Namer) -> str:
    if namer.normalize and text:
        return pstree_text.renamed(text, lambda pid: namer.id(variant.service, pid))
    return text.rstrip()


def _steps(variant: VariantObservation, namer: Namer) -> tuple[Entry, ...]:
    """What the scenario's steps saw after the first look: kills, stops, later trees, loads."""
    name = lambda pid: namer.id(variant.service, pid)  # noqa: E731
    entries = [
        Entry("command", f"kill -{killed.signal} {name(killed.pid)}", role_text(killed.role))
        for killed in variant.killed
    ]
    if variant.stopped:
        stopped = variant.stopped
        entries += [
            Entry("command", f"docker stop -t {stopped.grace:g} {variant.container}"),
            Entry("note", f"took {stopped.seconds:.1f} s; exit code {stopped.exit_code}"),
        ]
        after = spawned_after_the_stop(variant)
        if after:
            entries.append(Entry("note", "uWSGI's log after the stop signal:"))
        entries += [
            Entry("quote", namer.quote_text(variant.service, spawn.text, uwsgi_log.pid_mentions(spawn.text)))
            for spawn in after
        ]
    watch = [look for look in variant.looks if look.label.startswith("watch-")]
    entries += [
        Entry("tree", _named_tree(variant, look.pstree, namer), look.label)
        for look in variant.looks
        if look not in watch
    ]
    if watch:
        counts = " ".join(str(sum(1 for p in look.processes if p.ppid != 0)) for look in watch)
        entries.append(Entry("note", f"processes under the first one, once a second: {counts}"))
    for label, load in variant.loads.items():
        spread = ", ".join(f"{name(pid)}: {count}" for pid, count in sorted(load.by_pid.items()))
        entries.append(
            Entry("note", f"{label}: {load.completed} answered, {load.errors} errors; per process: {spread}")
        )
    return tuple(entries)


def _requests(run: JudgedRun, variant: VariantObservation, namer: Namer) -> tuple[Entry, ...]:
    """How the requests were sent, and every one that got no answer or an error status."""
    if not variant.requests:
        return ()
    first = first_requests(variant.requests)
    endpoint = run.observation.scenario.endpoint
    where = (
        "the container's own network namespace (127.0.0.1:18000)"
        if endpoint == LAB_HTTP
        else f"the container, in {endpoint.words()}"
    )
    entries = [
        Entry(
            "note",
            f"{len(variant.requests)} request(s) from {len(first)} client(s) inside {where}; first requests "
            f"sent within {start_spread(first) * 1000:.1f} ms of each other",
        )
    ]
    for lost in (lost for lost in run.unanswered if lost.variant == variant.service):
        text = f"{lost.record.path}: no answer ({lost.cause})"
        if lost.reason:
            text += f"; {namer.fact(lost.reason)}"
        entries.append(Entry("problem", text))
    entries += [
        Entry("problem", f"{record.path}: HTTP {record.status}")
        for record in variant.requests
        if record.answered and record.status != 200
    ]
    return tuple(entries)


def container_view(run: JudgedRun, variant: VariantObservation, namer: Namer) -> ContainerView:
    said = {"service": variant.service, "label": variant.label, "command": tuple(variant.command)}
    if not variant.started:  # then its log is all there is to see
        return ContainerView(
            **said, started=False, exit_code=variant.exit_code, log=variant.log.rstrip(), spawns=(),
            pstree="", compact_tree="", roles=(), steps=(), app_lines=(), requests=(),
        )  # fmt: skip
    in_tree = {proc.pid for proc in variant.processes}
    after = spawned_after_the_stop(variant)
    return ContainerView(
        **said,
        started=True,
        exit_code=variant.exit_code,
        log="",
        spawns=tuple(
            Spawn(namer.quote_text(variant.service, s.text, uwsgi_log.pid_mentions(s.text)), s.pid in in_tree)
            for s in variant.spawn_lines
            if s not in after
        ),
        pstree=_named_tree(variant, variant.pstree, namer),
        compact_tree=pstree_text.compact(variant.pstree) if variant.pstree.strip() else "",
        roles=role_nodes(variant, namer),
        steps=_steps(variant, namer),
        app_lines=tuple(
            namer.quote_text(variant.service, line.text, line.pid_spans) for line in variant.app_lines
        ),
        requests=_requests(run, variant, namer),
    )


def lane_names(observation: ScenarioObservation, all_bars: list[Bar], namer: Namer) -> dict[tuple, str]:
    """Each lane in words: `worker 1 (pid 1) · thread 10`, prefixed by the variant when several ran."""
    prefix = len(observation.variants) > 1
    names = {}
    for bar in all_bars:
        if bar.cut:
            names.setdefault(bar.lane, f"{bar.variant_label}: " * prefix + "cut, no answer (client-side)")
            continue
        thread = "main thread" if bar.tid == bar.pid else f"thread {namer.id(bar.variant, bar.tid)}"
        role = role_text(bar.role)
        names.setdefault(
            bar.lane,
            f"{bar.variant_label}: " * prefix + f"{role} (pid {namer.id(bar.variant, bar.pid)}) · {thread}",
        )
    return names


def timeline_view(observation: ScenarioObservation, namer: Namer) -> TimelineView | None:
    """One lane per serving (process, thread), in analysis.timeline's order; one bar per request."""
    all_bars = bars(observation)
    if not all_bars:
        return None
    names = lane_names(observation, all_bars, namer)
    order = lanes(all_bars)
    return TimelineView(
        lanes=tuple(names[lane] for lane in order),
        bars=tuple(
            TimelineBar(order.index(bar.lane), bar.path, bar.start, bar.end, bar.cut) for bar in all_bars
        ),
    )


def verdict_view(run: JudgedRun, namer: Namer) -> VerdictView | None:
    judgement = run.judgement
    if judgement is None:
        return None
    return VerdictView(
        claim=judgement.claim,
        verdict=judgement.verdict,
        uwsgi_version=run.observation.uwsgi_version,
        as_expected=run.as_expected,
        expected=run.expected,
        summary=namer.fact(judgement.summary),
        evidence=tuple(namer.fact(fact) for fact in judgement.evidence),
    )


def run_view(run: JudgedRun, normalize_pids: bool = False, dated_quotes: bool = True) -> RunView:
    """What to show of a run, every writer's one source."""
    observation = run.observation
    scenario = observation.scenario
    namer = Namer(observation, normalize_pids, dated_quotes=dated_quotes)
    judged = run.judgement is not None
    return RunView(
        name=scenario.name,
        claim=scenario.claim if judged else "",
        uwsgi_version=observation.uwsgi_version,
        sleep_words=sleep_words(observation),
        source=scenario.source if judged else "",
        statement=scenario.statement if judged else "",
        containers=tuple(container_view(run, variant, namer) for variant in observation.variants),
        timeline=timeline_view(observation, namer),
        fact_checks=tuple(namer.fact(fact) for fact in factcheck.fact_checks(observation)),
        article_command=scenario.article_command if judged else "",
        article_output=scenario.article_output if judged and scenario.article_command else "",
        verdict=verdict_view(run, namer),
        your_config=scenario.your_config,
    )


def article_and_lessons(runs: list[JudgedRun]) -> tuple[list[JudgedRun], list[JudgedRun]]:
    """The article's claims, and the lessons (which cite a source), each table's runs."""
    return (
        [run for run in runs if not run.observation.scenario.source],
        [run for run in runs if run.observation.scenario.source],
    )


@dataclass(frozen=True)
class ClaimCell:
    verdict: Verdict
    as_expected: bool
    anchor: str  # the run's section in a report


@dataclass(frozen=True)
class ClaimRow:
    """One claim (or lesson) across versions: what the source says, each version's verdict, and
    what the lab saw in one sentence (a fact check first: it corrects the source)."""

    claim: str
    statement: str
    source: str
    cells: dict[str, ClaimCell]  # uWSGI version -> its verdict
    why: str


def claim_rows(runs: list[JudgedRun]) -> list[ClaimRow]:
    """The claims x versions table of a verify, in the order the runs ran: the catalog's."""
    by_claim: dict[str, dict[str, JudgedRun]] = {}
    for run in runs:
        by_claim.setdefault(run.judgement.claim, {})[run.observation.uwsgi_version] = run
    rows = []
    for claim, by_version in by_claim.items():
        per_version = {v: by_version[v] for v in sorted(by_version, key=version_key)}
        notes: list[str] = []
        for run in per_version.values():
            namer = Namer(run.observation)
            notes += [
                n for n in (namer.fact(f) for f in factcheck.fact_checks(run.observation)) if n not in notes
            ]
        summaries = {
            version: Namer(run.observation).fact(run.judgement.summary)
            for version, run in per_version.items()
        }
        if len(set(summaries.values())) == 1:  # the same on every version: say it once
            said = next(iter(summaries.values()))
        else:
            said = "; ".join(f"{version}: {text}" for version, text in summaries.items())
        scenario = next(iter(per_version.values())).observation.scenario
        rows.append(
            ClaimRow(
                claim=claim,
                statement=scenario.statement,
                source=scenario.source,
                cells={
                    version: ClaimCell(run.judgement.verdict, run.as_expected, anchor(claim, version))
                    for version, run in per_version.items()
                },
                why=notes[0] if notes else said,
            )
        )
    return rows
