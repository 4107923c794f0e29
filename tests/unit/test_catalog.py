import pytest

from sandbox import catalog, compose
from sandbox.errors import UnknownName
from sandbox.images import CONTROLLER_SERVICE
from sandbox.sweep import SWEEP_SERVICES
from sandbox.trial import BASE_APPS


def test_unknown_scenario_suggests_the_nearest():
    with pytest.raises(UnknownName) as failure:
        catalog.find("thread")
    assert "threads" in failure.value.hint


@pytest.mark.parametrize(
    ("version", "verdict"),
    [("2.0.21", "holds"), ("2.0.26", "holds"), ("2.0.27", "differs"), ("2.0.31", "differs")],
)
def test_c6_expectation_changes_with_2_0_27(version, verdict):
    assert catalog.expected_verdict(catalog.find("enable-threads"), version) == verdict


def test_every_claim_of_the_article_has_exactly_one_scenario():
    assert sorted(s.claim for s in catalog.SCENARIOS) == [f"C{n}" for n in range(1, 9)]


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
        assert command[0] == ("gunicorn" if name == SWEEP_SERVICES["gunicorn"] else "uwsgi"), name
        assert ":18000" in command, name
        assert service["ports"][0]["host_ip"] == "127.0.0.1", name
