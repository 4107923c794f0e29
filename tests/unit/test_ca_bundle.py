import pytest

from sandbox.containers.ca_bundle import resolve_ca_bundle
from sandbox.errors import CaBundleError

PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"


@pytest.fixture
def pem(tmp_path):
    path = tmp_path / "corp.pem"
    path.write_text(PEM)
    return path


def test_explicit_option_wins(pem, tmp_path):
    other = tmp_path / "other.pem"
    other.write_text(PEM)
    bundle = resolve_ca_bundle(pem, env={"SANDBOX_CA_BUNDLE": str(other)})
    assert (bundle.path, bundle.source) == (pem, "--ca-bundle")


def test_sandbox_variable_then_pip_cert(pem):
    assert resolve_ca_bundle(env={"SANDBOX_CA_BUNDLE": str(pem)}).source == "SANDBOX_CA_BUNDLE"
    assert resolve_ca_bundle(env={"PIP_CERT": str(pem)}).source == "PIP_CERT"
    assert resolve_ca_bundle(env={"SSL_CERT_FILE": str(pem)}).source == "SSL_CERT_FILE"


def test_none_when_nothing_is_set_or_the_implicit_file_is_absent(tmp_path):
    assert resolve_ca_bundle(env={}) is None
    assert resolve_ca_bundle(env={"PIP_CERT": str(tmp_path / "absent.pem")}) is None


def test_an_asked_for_bundle_that_is_missing_or_not_pem_is_an_error(tmp_path):
    with pytest.raises(CaBundleError, match="cannot be read"):
        resolve_ca_bundle(tmp_path / "absent.pem", env={})
    junk = tmp_path / "junk.pem"
    junk.write_text("hello")
    with pytest.raises(CaBundleError, match="no PEM certificate"):
        resolve_ca_bundle(env={"SANDBOX_CA_BUNDLE": str(junk)})
