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
