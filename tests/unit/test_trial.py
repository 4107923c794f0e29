from sandbox.trial import app_loader, trial_command

PLAIN = ["uwsgi", "--http-socket", ":18000", "--wsgi-file", "./main.py"]
DJANGO = ["uwsgi", "--http-socket", ":18000", "--module", "labsite.wsgi"]


def test_loader_is_the_base_command_without_its_socket():
    assert app_loader(PLAIN) == ["--wsgi-file", "./main.py"]
    assert app_loader(DJANGO) == ["--module", "labsite.wsgi"]
    assert app_loader(["uwsgi", "--http=:18000", "--wsgi-file=./main.py"]) == ["--wsgi-file=./main.py"]


def test_socket_and_app_are_added_when_missing():
    assert trial_command(PLAIN, ["--processes", "2"]) == [
        "uwsgi",
        "--processes",
        "2",
        "--http-socket",
        ":18000",
        "--wsgi-file",
        "./main.py",
    ]


def test_what_the_student_gives_is_kept_and_not_doubled():
    assert trial_command(DJANGO, ["--http", ":18000", "--module", "labsite.wsgi"]) == [
        "uwsgi",
        "--http",
        ":18000",
        "--module",
        "labsite.wsgi",
    ]
