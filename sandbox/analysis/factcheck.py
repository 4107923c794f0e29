"""Where the live run contradicts the article, say so in one sentence with the evidence.

Each check is a pure function of the observation; the catalog lists which ones a scenario
runs. A check that finds nothing to correct says nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from sandbox.analysis import uwsgi_log
from sandbox.analysis.command import parse
from sandbox.analysis.lessons import facts as lesson_facts
from sandbox.analysis.pstree import parse_pstree
from sandbox.model.evidence import Fact
from sandbox.model.observation import ScenarioObservation, SpawnLine, VariantObservation
from sandbox.model.roles import RoleKind

THREAD_OPTIONS = ("--enable-threads", "--threads", "--py-autoreload")
THREADS_BY_DEFAULT = "2.0.27"  # uWSGI's changelog: "core/uwsgi: set enable threads by default" (2024-09-23)


def _router_spawn(variant: VariantObservation) -> SpawnLine | None:
    return next((s for s in variant.spawn_lines if s.kind == RoleKind.HTTP_ROUTER), None)


def article_processes(article_output: str) -> int | None:
    """uWSGI processes in the article's own tree (its last tree, if it shows several)."""
    try:
        roots = parse_pstree(article_output.split("\n\n")[-1])
    except ValueError:
        return None
    return sum(1 for top in roots for node in top.walk() if node.name == "uwsgi" and not node.is_thread)


def router_omitted(run: ScenarioObservation) -> list[Fact]:
    """The article's trees for --http commands leave out the HTTP router."""
    article = article_processes(run.scenario.article_output)
    if article is None:
        return []
    return [
        Fact(
            "The article's tree shows {} uWSGI process(es) for this command; live there are {}: --http also "
            "starts uWSGI's HTTP router as its own process ({}), so the article's tree must have been taken "
            "without --http.",
            article, len(variant.processes), uwsgi_log.quote_spawn(variant.service, spawn),
        )
        for variant in run.variants
        if (spawn := _router_spawn(variant)) and len(variant.processes) > article
    ]  # fmt: skip


def thread_support_default(run: ScenarioObservation) -> list[Fact]:
    """Since uWSGI 2.0.27, Python thread support is on without any option."""
    for variant in run.variants:
        line = uwsgi_log.thread_support_line(variant.log)
        asked = parse(variant.command).has(*THREAD_OPTIONS)
        if line and uwsgi_log.thread_support(variant.log) and not asked:
            return [
                Fact(
                    "With no thread option, uWSGI {} logged {}: since uWSGI {} (2024-09-23, \"set enable threads "
                    "by default\") --enable-threads is no longer needed, so the article's advice only holds for "
                    "older versions.",
                    run.uwsgi_version, uwsgi_log.quote(variant.service, line), THREADS_BY_DEFAULT,
                )
            ]  # fmt: skip
    return []


def router_not_django(run: ScenarioObservation) -> list[Fact]:
    """The article guesses Django forks the extra child; the spawn line says otherwise."""
    without_router = [v for v in run.variants if _router_spawn(v) is None]
    without = (
        Fact("; with --http-socket ({}) there is no child at all", without_router[0].label)
        if without_router
        else ""
    )
    return [
        Fact(
            "The article guesses Django forks the extra child; it is uWSGI's HTTP router, started by --http ({}){}.",
            uwsgi_log.quote_spawn(variant.service, spawn), without,
        )
        for variant in run.variants
        if (spawn := _router_spawn(variant))
    ]  # fmt: skip


CHECKS: dict[str, Callable[[ScenarioObservation], list[Fact]]] = {
    "router_omitted": router_omitted,
    "thread_support_default": thread_support_default,
    "router_not_django": router_not_django,
    "min_worker_lifetime_default": lesson_facts.min_worker_lifetime_default,
}


def fact_checks(run: ScenarioObservation) -> list[Fact]:
    return [fact for name in run.scenario.fact_checks for fact in CHECKS[name](run)]
