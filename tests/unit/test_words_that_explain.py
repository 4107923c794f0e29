"""The words of a transcript say what happened: the requests' real sleep in the header, cut
requests drawn as cut in the timeline, the verdict's reason beside it."""

from __future__ import annotations

import io

from rich.console import Console

from sandbox.analysis.judge import judge
from sandbox.analysis.timeline import bars
from sandbox.output.json_run import observation_from_dict
from sandbox.output.transcript import transcript
from sandbox.output.view import sleep_words
from tests.unit.captured import judged, load


def text_of(name: str, width: int = 100) -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    transcript(judged(name), console)
    return console.file.getvalue()


def test_the_header_states_the_sleep_the_requests_asked_for():
    assert sleep_words(judged("sigterm-2.0.31").observation) == "requests sleep 2 s"
    assert sleep_words(judged("threads-2.0.31").observation) == "sleep 1 s"
    assert "requests sleep 2 s" in text_of("sigterm-2.0.31").splitlines()[0]


def test_a_cut_request_is_drawn_client_side_in_a_lane_of_its_own():
    observation = judged("sigterm-2.0.31").observation
    unanswered = [r for v in observation.variants for r in v.requests if not r.answered]
    cut = [bar for bar in bars(observation) if bar.cut]
    assert len(cut) == len(unanswered) == 2
    assert len({bar.lane for bar in cut}) == len(cut)
    assert all(bar.end > bar.start >= 0 for bar in cut)
    lines = [line for line in text_of("sigterm-2.0.31").splitlines() if "cut, no answer" in line]
    assert len(lines) == 2 and all("× sleep?s=2 cut" in line for line in lines)


def test_answered_requests_only_draw_no_cut_lane():
    observation = judged("threads-2.0.31").observation
    assert not any(bar.cut for bar in bars(observation))
    assert "cut, no answer" not in text_of("threads-2.0.31")


def test_the_verdict_gives_its_reason_on_its_own_line():
    verdict = next(
        line for line in text_of("threads-2.0.31", 200).splitlines() if line.startswith("Verdict C4")
    )
    assert "holds on uWSGI 2.0.31, as expected:" in verdict
    assert "3 workers of 4 threads" in verdict and "HTTP router that --http adds" in verdict


def test_spawn_lines_after_docker_stop_stand_below_it_marked_as_such():
    data = load("sigterm-2.0.31")
    default = next(v for v in data["variants"] if v["service"] == "sigterm-default")
    lines = [line.strip() for line in default["log"].splitlines()]
    reload_at = next(i for i, line in enumerate(lines) if line.startswith("gracefully (RE)spawned"))
    default["stopped"]["log_lines"] = reload_at
    console = Console(width=100, file=io.StringIO(), color_system=None)
    transcript(judge(observation_from_dict(data)), console)
    shown = console.file.getvalue().split("live · --die-on-term")[0].splitlines()
    stop, tree = (
        shown.index(next(s for s in shown if s.startswith("$ docker stop"))),
        shown.index("$ pstree -p -l -U"),
    )
    marked = shown.index("# uWSGI's log after the stop signal:")
    respawn = shown.index(next(s for s in shown if s.startswith("gracefully (RE)spawned")))
    assert tree < stop < marked < respawn
    before = [line for line in shown[:tree] if line.startswith("spawned uWSGI worker")]
    after = [line for line in shown[marked:] if line.startswith("spawned uWSGI worker")]
    assert len(before) == 2 and len(after) == 2  # the first workers above the tree, the respawned below


def test_without_a_count_of_the_log_before_the_stop_nothing_is_moved():
    text = text_of("sigterm-2.0.31")  # captured before runs counted it
    assert "after the stop signal" not in text
