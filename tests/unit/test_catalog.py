import dataclasses

import pytest

from sandbox import catalog
from sandbox.containers import compose
from sandbox.containers.images import CONTROLLER_SERVICE
from sandbox.errors import UnknownName
from sandbox.model.scenario import Expected
from sandbox.model.verdicts import Verdict
from sandbox.model.versions import version_matches
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


def test_a_version_no_entry_covers_expects_cannot_tell():
    scenario = dataclasses.replace(catalog.find("default"), expected=(Expected("<2.0.22", Verdict.HOLDS),))
    assert scenario.expected_verdict("2.0.21") == Verdict.HOLDS
    assert scenario.expected_verdict("2.0.22") == Verdict.CANNOT_TELL


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
