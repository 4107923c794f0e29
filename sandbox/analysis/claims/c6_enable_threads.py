"""C6: --processes alone does not run an app's own threads; --enable-threads does, and so does
--threads (which turns thread support on by itself).

Parts: `off` (no thread option), `on` (--enable-threads), `threads` (--threads 2), and `lazy`
(--enable-threads --lazy-apps, shown for where the import-time thread lives). Holding needs
the thread stalled without an option, uWSGI saying thread support is off there, and the thread
running freely with either option. The specific alternative (uWSGI 2.0.27 and later) needs
the thread running freely with no option *and* uWSGI saying thread support is on.
"""

from __future__ import annotations

from sandbox.analysis import roles, uwsgi_log
from sandbox.analysis.policy import decide, known, need
from sandbox.model.evidence import Fact, Many, Proc
from sandbox.model.judged import Finding
from sandbox.model.names import C6
from sandbox.model.observation import ScenarioObservation, VariantObservation

TICK_SECONDS = 0.05  # the ticker app's period (apps/ticker/main.py)
STALLED = 0.25  # below this share of its ticks, the app's thread is stalled
FREE = 0.5  # above it, the thread runs freely; in between, the lab refuses to call it


def ticker_rate(variant: VariantObservation) -> float | None:
    """Share of the ticks the app thread of the first process could make while idle (1.0 = ran freely)."""
    top = roles.root(variant)
    if variant.ticker is None or top is None or not variant.ticker.idle_seconds:
        return None
    advanced = variant.ticker.advanced.get(top.pid)
    return None if advanced is None else advanced / (variant.ticker.idle_seconds / TICK_SECONDS)


def _facts(variant: VariantObservation, rate: float | None) -> list[Fact]:
    said = uwsgi_log.thread_support_line(variant.log)
    facts = [
        Fact("{}: uWSGI said {}", variant.label, uwsgi_log.quote(variant.service, said)) if said
        else Fact("{}: uWSGI said nothing about Python thread support", variant.label),
    ]  # fmt: skip
    if rate is None:
        facts.append(Fact("{}: no progress of the app's own thread was measured", variant.label))
    else:
        ticker = variant.ticker
        facts.append(
            Fact(
                "{}: the app's own thread ran {:.0%} of {:.1f} s idle ({} ticks in {})",
                variant.label, rate, ticker.idle_seconds, ticker.advanced.get(roles.root(variant).pid),
                Proc(variant.service, roles.root(variant).pid),
            )
        )  # fmt: skip
    if variant.ticker:
        pids = Many(tuple(Proc(variant.service, pid) for pid in sorted(variant.ticker.ticks_after)))
        facts.append(Fact("{}: processes that have the import-time thread: {}", variant.label, pids))
    return facts


def judge(run: ScenarioObservation) -> Finding:
    rates = {variant.part: ticker_rate(variant) for variant in run.variants}
    evidence = [fact for variant in run.variants for fact in _facts(variant, rates[variant.part])]
    evidence.append(Fact("without --lazy-apps the app is imported once, before fork"))
    said = {variant.part: uwsgi_log.thread_support(variant.log) for variant in run.variants}
    ran = ", ".join(f"{rate:.0%} with {v.label}" for v in run.variants if (rate := rates[v.part]) is not None)
    summary = (
        Fact("the app's own thread ran " + ran) if ran else Fact("the app's own thread was not measured")
    )
    return decide(
        summary,
        evidence,
        given=(
            need(
                "the app thread's progress measured with no option, --enable-threads and --threads",
                None if None in (rates[C6.OFF], rates[C6.ON], rates[C6.THREADS]) else True,
            ),
        ),
        holds=(
            need(Fact("with no option the thread stalled (under {:.0%} of its ticks)", STALLED), known(rates[C6.OFF], lambda r: r < STALLED)),
            need("with no option uWSGI said thread support is off", known(said[C6.OFF], lambda on: not on)),
            need(Fact("with --enable-threads it ran freely (over {:.0%})", FREE), known(rates[C6.ON], lambda r: r > FREE)),
            need("with --enable-threads uWSGI said thread support is on", said[C6.ON]),
            need(Fact("with --threads it ran freely (over {:.0%})", FREE), known(rates[C6.THREADS], lambda r: r > FREE)),
            need("with --threads uWSGI said thread support is on", said[C6.THREADS]),
        ),
        differs=(
            need(Fact("with no option the thread ran freely (over {:.0%})", FREE), known(rates[C6.OFF], lambda r: r > FREE)),
            need("with no option uWSGI said thread support is on", said[C6.OFF]),
        ),
    )  # fmt: skip
