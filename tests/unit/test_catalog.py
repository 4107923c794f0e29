import dataclasses

import pytest

from sandbox import catalog
from sandbox.containers import compose
from sandbox.containers.images import CONTROLLER_SERVICE
from sandbox.errors import BadOption, UnknownName
from sandbox.model.scenario import Expected
from sandbox.model.steps import Fire, Load, Look, Watch
from sandbox.model.verdicts import Verdict
from sandbox.model.versions import version_matches
from sandbox.runs import verify
from sandbox.runs.sweep import SWEEP_SERVICES
from sandbox.runs.trial import BASE_APPS


def test_unknown_scenario_suggests_the_nearest():
    with pytest.raises(UnknownName) as failure:
        catalog.find("thread")
    assert "threads" in failure.value.hint


@pytest.mark.parametrize(
    ("version", "verdict"),
    [("2.0.21", "holds"), ("2.0.26", "holds"), ("2.0.27", "differs"), ("2.0.31", "differs")],
)
def test_c6_expectation_changes_with_2_0_27(version, verdict):
    assert catalog.find("enable-threads").expected_verdict(version).value == verdict


def test_a_version_no_entry_covers_has_no_expected_verdict_and_verify_refuses_it():
    scenario = dataclasses.replace(catalog.find("default"), expected=(Expected("<2.0.22", Verdict.HOLDS),))
    assert scenario.expected_verdict("2.0.21") == Verdict.HOLDS
    assert scenario.expected_verdict("2.0.22") is None
    with pytest.raises(BadOption, match=r"default.*2\.0\.22"):
        verify.verify(["2.0.21", "2.0.22"], [scenario], sleep=1)


@pytest.mark.parametrize(
    ("bend", "complaint"),
    [
        (lambda s: dataclasses.replace(s, claim="L99"), "no names"),
        (lambda s: dataclasses.replace(s, variants=(dataclasses.replace(s.variants[0], part="dflt"), *s.variants[1:])), "play"),
        (lambda s: dataclasses.replace(s, variants=s.variants[1:]), "play"),
        (lambda s: dataclasses.replace(s, steps=tuple(dataclasses.replace(step, label="in flite") if isinstance(step, Fire) else step for step in s.steps)), "Fire"),
    ],
    ids=["unknown claim", "misspelt part", "missing part", "misspelt batch"],
)  # fmt: skip
def test_a_name_the_judge_does_not_know_stops_the_catalog_at_load(bend, complaint):
    with pytest.raises(catalog.CatalogError, match=complaint):
        catalog.checked((bend(catalog.find("sigterm")),))


@pytest.mark.parametrize(
    ("name", "kind", "label"),
    [("master", Look, "after the kill"), ("thunder-lock", Load, "load"), ("cheaper", Watch, "watch")],
)
def test_a_look_load_or_watch_label_the_judge_reads_is_checked_too(name, kind, label):
    scenario = catalog.find(name)
    steps = tuple(
        dataclasses.replace(step, label="other") if isinstance(step, kind) else step
        for step in scenario.steps
    )
    with pytest.raises(catalog.CatalogError, match=kind.__name__):
        catalog.checked((dataclasses.replace(scenario, steps=steps),))
    assert catalog.checked((scenario,)) == (scenario,)


@pytest.mark.parametrize(
    ("version", "versions", "matches"),
    [("2.0.27", ">=2.0.27", True), ("2.0.26", ">=2.0.27", False), ("2.0.9", "<2.0.27", True), ("2.0.30", "2.0.30", True),
     ("2.0.31", "2.0.30", False), ("2.0.21", "*", True)],
)  # fmt: skip
def test_version_ranges_compare_numbers_not_text(version, versions, matches):
    assert version_matches(version, versions) is matches


def test_judges_read_their_parts_from_the_catalog():
    """Every part a multi-container scenario names is played by exactly one of its variants."""
    for scenario in catalog.SCENARIOS:
        parts = [variant.part for variant in scenario.variants]
        assert len(parts) == len(set(parts)), scenario.name


def test_every_claim_of_the_article_has_exactly_one_scenario():
    assert sorted(s.claim for s in catalog.ARTICLE) == [f"C{n}" for n in range(1, 9)]


LESSON_NAMES = [
    "sigterm", "master", "prefork", "listen-queue", "harakiri", "thunder-lock", "recycling", "socket-types",
    "cheaper", "gunicorn-timeout",
]  # fmt: skip


def test_the_lessons_have_the_names_people_and_scripts_rely_on():
    assert [s.name for s in catalog.LESSONS] == LESSON_NAMES
    assert len({s.claim for s in catalog.SCENARIOS}) == len(catalog.SCENARIOS)


def test_every_lesson_cites_its_source_and_every_judge_exists():
    from sandbox.analysis.judge import JUDGES

    for scenario in catalog.LESSONS:
        assert scenario.source and ("docs" in scenario.source or "#" in scenario.source), scenario.name
    assert {s.claim for s in catalog.SCENARIOS} == set(JUDGES)


def test_the_sets_verify_chooses_from():
    assert catalog.SETS["all"] == catalog.ARTICLE + catalog.LESSONS
    assert set(catalog.SETS) == {"article", "lessons", "all"}


def test_catalog_and_compose_name_the_same_services():
    """compose.yaml is the single source of commands: every service is used, none is missing."""
    in_compose = set(compose.services())
    in_catalog = {service for scenario in catalog.SCENARIOS for service in scenario.services}
    assert in_catalog <= in_compose
    assert in_compose - in_catalog == set(BASE_APPS) | set(SWEEP_SERVICES.values()) | {CONTROLLER_SERVICE}


def test_every_service_runs_uwsgi_on_the_articles_port():
    for name, service in compose.services().items():
        if name == CONTROLLER_SERVICE:
            continue
        command = service["command"]
        assert command[0] == ("gunicorn" if "gunicorn" in service["image"] else "uwsgi"), name
        assert ":18000" in command, name
        assert service["ports"][0]["host_ip"] == "127.0.0.1", name


def test_the_thunder_lock_load_is_big_enough_for_its_statistics():
    """Four workers: the chi-square test needs 5 expected requests each; the lower tail, thousands."""
    from sandbox.analysis import dealing
    from sandbox.model.steps import Load

    (load,) = [step for step in catalog.find("thunder-lock").steps if isinstance(step, Load)]
    assert load.requests * load.concurrency / 4 >= dealing.MIN_EXPECTED
    assert dealing.even_p([load.requests // 4] * 4) < dealing.ALPHA / 10  # perfect turns are far from chance
