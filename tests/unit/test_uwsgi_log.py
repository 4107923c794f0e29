from sandbox.analysis import uwsgi_log
from sandbox.model.roles import Role, RoleKind, worker
from tests.unit.samples import LOG_2_0_21_NO_THREADS, LOG_2_0_31_THREADS_HTTP, LOG_AUTORELOAD, LOG_ONLY_WORKER

HTTP_ROUTER = Role(RoleKind.HTTP_ROUTER, 1)


def test_spawn_lines_name_workers_cores_and_the_http_router():
    spawns = uwsgi_log.spawn_lines(LOG_2_0_31_THREADS_HTTP)
    assert [(s.role, s.pid, s.cores) for s in spawns] == [
        (HTTP_ROUTER, 7, None),
        (worker(1), 1, 4),
        (worker(2), 8, 4),
        (worker(3), 9, 4),
    ]


def test_each_spawn_line_knows_where_its_pid_is():
    for spawn in uwsgi_log.spawn_lines(LOG_2_0_31_THREADS_HTTP + LOG_AUTORELOAD):
        start, end = spawn.pid_span
        assert spawn.text[start:end] == str(spawn.pid)


def test_the_only_worker_line():
    assert [(s.role, s.pid) for s in uwsgi_log.spawn_lines(LOG_ONLY_WORKER)] == [
        (HTTP_ROUTER, 7),
        (worker(1), 1),
    ]


GUNICORN_LOG = """\
[2026-11-27 15:50:57 +0000] [1] [INFO] Starting gunicorn 23.0.0
[2026-11-27 15:50:57 +0000] [1] [INFO] Listening at: http://127.0.0.1:9090 (1)
[2026-11-27 15:50:57 +0000] [7] [INFO] Booting worker with pid: 7
[2026-11-27 15:51:00 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:7)
[2026-11-27 15:51:01 +0000] [9] [INFO] Booting worker with pid: 9
"""


def test_gunicorn_arbiter_is_unnumbered_and_its_workers_are_counted_by_boot():
    assert [(s.role, s.pid) for s in uwsgi_log.spawn_lines(GUNICORN_LOG)] == [
        (Role(RoleKind.GUNICORN_ARBITER, 0), 1),
        (Role(RoleKind.GUNICORN_WORKER, 1), 7),
        (Role(RoleKind.GUNICORN_WORKER, 2), 9),
    ]


def test_master_and_respawn_keep_the_worker_number():
    latest = uwsgi_log.latest_spawn_by_pid(uwsgi_log.spawn_lines(LOG_AUTORELOAD))
    assert latest[1].role == Role(RoleKind.MASTER)
    assert latest[12].role == worker(1)
    assert latest[8].role == HTTP_ROUTER


def test_app_lines_are_the_articles_format_only_with_their_pid_positions():
    lines = uwsgi_log.app_lines(LOG_2_0_31_THREADS_HTTP + "1 0 /x called later\nnot 1 2 a line\n")
    assert [(a.pid, a.ppid, a.uri, a.clock) for a in lines] == [
        (9, 1, "/sleep2", "20:54:27"),
        (1, 0, "/sleep1", "20:54:27"),
    ]
    for line in lines:
        assert [line.text[start:end] for start, end, _ in line.pid_spans] == [str(line.pid), str(line.ppid)]


def test_a_quoted_line_knows_every_pid_it_mentions():
    quoted = uwsgi_log.quote("s", "*** HARAKIRI ON WORKER 1 (pid: 7, try: 1) ***")
    assert [(quoted.text[a:b], pid) for a, b, pid in quoted.pids] == [("7", 7)]
    assert uwsgi_log.quote("s", "no pid here").pids == ()


def test_thread_support_line_per_version():
    assert uwsgi_log.thread_support(LOG_2_0_31_THREADS_HTTP) is True
    assert uwsgi_log.thread_support(LOG_2_0_21_NO_THREADS) is False
    assert uwsgi_log.thread_support(LOG_ONLY_WORKER) is None
    assert "--enable-threads" in uwsgi_log.thread_support_line(LOG_2_0_21_NO_THREADS)


def test_malformed_spawn_lines_are_ignored():
    assert uwsgi_log.spawn_lines("spawned uWSGI worker x (pid: y)\nspawned uWSGI worker 2 (pid: )\n") == []


def test_without_clock_drops_only_gunicorns_time_prefix():
    line = "[2026-11-27 17:13:39 +0000] [7] [INFO] Booting worker with pid: 7"
    assert uwsgi_log.without_clock(line) == "[7] [INFO] Booting worker with pid: 7"
    assert uwsgi_log.without_clock("[2026-11-27 17:13:39 -0130] [1] x") == "[1] x"
    uwsgi_line = "spawned uWSGI worker 1 (pid: 7, cores: 1)"
    assert uwsgi_log.without_clock(uwsgi_line) == uwsgi_line
    assert uwsgi_log.without_clock(" " + line) == " " + line  # only at the start of the line


def test_undated_drops_uwsgis_own_date_and_gunicorns_clock():
    harakiri = "Sun Dec  6 19:40:47 2026 - *** HARAKIRI ON WORKER 1 (pid: 9, try: 1) ***"
    assert uwsgi_log.undated(harakiri) == "*** HARAKIRI ON WORKER 1 (pid: 9, try: 1) ***"
    assert uwsgi_log.undated("Fri Nov 27 17:13:39 2026 - x") == "x"
    assert uwsgi_log.undated("[2026-11-27 17:13:39 +0000] [7] [INFO] x") == "[7] [INFO] x"
    assert uwsgi_log.undated("x - " + harakiri) == "x - " + harakiri  # only at the start of the line
