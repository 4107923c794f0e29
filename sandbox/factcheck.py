"""Where the live run contradicts the article, say so in one plain sentence with the evidence.

Each check is a pure function of the observation; the catalog lists which ones a scenario
runs. A check that finds nothing to correct says nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from sandbox.observe import ScenarioObservation, VariantObservation
from sandbox.pstree import parse_pstree
from sandbox.uwsgi_log import thread_support_line

THREAD_OPTIONS = ("--enable-threads", "--threads", "--py-autoreload")


def _router_spawn(variant: VariantObservation):
    return next((s for s in variant.spawn_lines if s.role == "http"), None)


def _article_processes(article_output: str) -> int | None:
    """uWSGI processes in the article's own tree (its last tree, if it shows several)."""
    tree = article_output.split("\n\n")[-1]
    try:
        roots = parse_pstree(tree)
    except ValueError:
        return None
    return sum(1 for root in roots for node in root.walk() if node.name == "uwsgi" and not node.is_thread)


def router_omitted(run: ScenarioObservation) -> list[str]:
    """The article's trees for --http commands leave out the HTTP router."""
    article = _article_processes(run.scenario.article_output)
    sentences = []
    for variant in run.variants:
        spawn = _router_spawn(variant)
        if spawn is None or article is None or article >= len(variant.processes):
            continue
        sentences.append(
            f"The article's tree shows {article} uWSGI process(es) for this command; live there are "
            f"{len(variant.processes)}: --http also starts uWSGI's HTTP router as its own process "
            f"(`{spawn.text}`), so the article's tree must have been taken without --http."
        )
    return sentences


def thread_support_default(run: ScenarioObservation) -> list[str]:
    """Since uWSGI 2.0.27, Python thread support is on without any option."""
    for variant in run.variants:
        line = thread_support_line(variant.log)
        asked = any(option.split("=")[0] in THREAD_OPTIONS for option in variant.command)
        if line and "enabled" in line and not asked:
            return [
                f"With no thread option, uWSGI {run.uwsgi_version} logged `{line}`: since "
                f'uWSGI 2.0.27 (2024-09-23, "set enable threads by default") --enable-threads is no longer '
                f"needed, so the article's advice only holds for older versions."
            ]
    return []


def router_not_django(run: ScenarioObservation) -> list[str]:
    """The article guesses Django forks the extra child; the spawn line says otherwise."""
    sentences = []
    for variant in run.variants:
        spawn = _router_spawn(variant)
        if spawn is None:
            continue
        others = [v for v in run.variants if v is not variant and _router_spawn(v) is None]
        without = f"; with --http-socket ({others[0].label}) there is no child at all" if others else ""
        sentences.append(
            f"The article guesses Django forks the extra child; it is uWSGI's HTTP router, started by --http "
            f"(`{spawn.text}`){without}."
        )
    return sentences


CHECKS: dict[str, Callable[[ScenarioObservation], list[str]]] = {
    "router_omitted": router_omitted,
    "thread_support_default": thread_support_default,
    "router_not_django": router_not_django,
}


def fact_checks(run: ScenarioObservation) -> list[str]:
    return [sentence for name in run.scenario.fact_checks for sentence in CHECKS[name](run)]
