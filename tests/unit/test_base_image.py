from sandbox.containers.base_image import DEFAULT_MIRROR, host_debian_mirror


def test_deb822_sources_give_the_main_mirror_not_security(tmp_path):
    (tmp_path / "debian.sources").write_text(
        "Types: deb\nURIs: http://mirror.example/debian-security\nSuites: bookworm-security\n\n"
        "Types: deb\nURIs: http://mirror.example/debian/\nSuites: bookworm\n"
    )
    assert host_debian_mirror((tmp_path,)) == "http://mirror.example/debian"


def test_one_line_sources(tmp_path):
    listing = tmp_path / "sources.list"
    listing.write_text("# comment\ndeb [arch=amd64] http://ftp.example.org/debian bookworm main\n")
    assert host_debian_mirror((listing,)) == "http://ftp.example.org/debian"


def test_default_when_nothing_is_found(tmp_path):
    assert host_debian_mirror((tmp_path / "nothing",)) == DEFAULT_MIRROR
