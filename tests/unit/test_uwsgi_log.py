from sandbox import uwsgi_log
from tests.unit.samples import LOG_2_0_21_NO_THREADS, LOG_2_0_31_THREADS_HTTP, LOG_AUTORELOAD, LOG_ONLY_WORKER


def test_spawn_lines_name_workers_cores_and_the_http_router():
    spawns = uwsgi_log.spawn_lines(LOG_2_0_31_THREADS_HTTP)
    assert [(s.label, s.pid, s.cores) for s in spawns] == [
        ("http router", 7, None),
        ("worker 1", 1, 4),
        ("worker 2", 8, 4),
        ("worker 3", 9, 4),
    ]


def test_the_only_worker_line():
    assert [(s.label, s.pid) for s in uwsgi_log.spawn_lines(LOG_ONLY_WORKER)] == [
        ("http router", 7),
        ("worker 1", 1),
    ]


def test_master_and_respawn_keep_the_worker_number():
    roles = uwsgi_log.roles_by_pid(uwsgi_log.spawn_lines(LOG_AUTORELOAD))
    assert roles[1].label == "master"
    assert roles[12].label == "worker 1"
    assert roles[8].label == "http router"


def test_app_lines_are_the_articles_format_only():
    lines = uwsgi_log.app_lines(LOG_2_0_31_THREADS_HTTP + "1 0 /x called later\nnot 1 2 a line\n")
    assert [(a.pid, a.ppid, a.uri, a.clock) for a in lines] == [
        (9, 1, "/sleep2", "20:54:27"),
        (1, 0, "/sleep1", "20:54:27"),
    ]


def test_thread_support_line_per_version():
    assert uwsgi_log.thread_support(LOG_2_0_31_THREADS_HTTP) is True
    assert uwsgi_log.thread_support(LOG_2_0_21_NO_THREADS) is False
    assert uwsgi_log.thread_support(LOG_ONLY_WORKER) is None
    assert "--enable-threads" in uwsgi_log.thread_support_line(LOG_2_0_21_NO_THREADS)


def test_malformed_spawn_lines_are_ignored():
    assert uwsgi_log.spawn_lines("spawned uWSGI worker x (pid: y)\nspawned uWSGI worker 2 (pid: )\n") == []
