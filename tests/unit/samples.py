"""Real uWSGI output captured in the lab's containers (Debian 12, Python 3.11), verbatim."""

LOG_2_0_31_THREADS_HTTP = """\
*** Starting uWSGI 2.0.31 (64bit) on [Thu Nov 26 20:51:04 2026] ***
*** WARNING: you are running uWSGI without its master process manager ***
uWSGI http bound on :18000 fd 4
spawned uWSGI http 1 (pid: 7)
uwsgi socket 0 bound to TCP address 127.0.0.1:36313 (port auto-assigned) fd 3
python threads support enabled
*** Operational MODE: preforking+threaded ***
WSGI app 0 (mountpoint='') ready in 0 seconds on interpreter 0x7f20e785aad8 pid: 1 (default app)
*** uWSGI is running in multiple interpreter mode ***
spawned uWSGI worker 1 (pid: 1, cores: 4)
spawned uWSGI worker 2 (pid: 8, cores: 4)
spawned uWSGI worker 3 (pid: 9, cores: 4)
9 1 /sleep2 called 20:54:27
1 0 /sleep1 called 20:54:27
"""

PSTREE_THREADS_HTTP = """\
uwsgi(1)─┬─uwsgi(7)
         ├─uwsgi(8)─┬─{uwsgi}(10)
         │          ├─{uwsgi}(11)
         │          └─{uwsgi}(12)
         ├─uwsgi(9)─┬─{uwsgi}(16)
         │          ├─{uwsgi}(17)
         │          └─{uwsgi}(18)
         ├─{uwsgi}(13)
         ├─{uwsgi}(14)
         └─{uwsgi}(15)
"""

PSTREE_THREADS_ASCII = """\
uwsgi(1)-+-uwsgi(7)
         |-uwsgi(8)-+-{uwsgi}(10)
         |          |-{uwsgi}(11)
         |          `-{uwsgi}(12)
         |-uwsgi(9)-+-{uwsgi}(16)
         |          |-{uwsgi}(17)
         |          `-{uwsgi}(18)
         |-{uwsgi}(13)
         |-{uwsgi}(14)
         `-{uwsgi}(15)
"""

LOG_2_0_21_NO_THREADS = """\
*** Starting uWSGI 2.0.21 (64bit) on [Thu Nov 26 20:58:10 2026] ***
*** Python threads support is disabled. You can enable it with --enable-threads ***
WSGI app 0 (mountpoint='') ready in 0 seconds on interpreter 0x7f1 pid: 1 (default app)
spawned uWSGI worker 1 (pid: 1, cores: 1)
spawned uWSGI worker 2 (pid: 7, cores: 1)
"""

LOG_AUTORELOAD = """\
spawned uWSGI master process (pid: 1)
spawned uWSGI worker 1 (pid: 7, cores: 1)
Python auto-reloader enabled
spawned uWSGI http 1 (pid: 8)
Respawned uWSGI worker 1 (new pid: 12)
"""

LOG_ONLY_WORKER = """\
spawned uWSGI http 1 (pid: 7)
WSGI app 0 (mountpoint='') ready in 0 seconds on interpreter 0x7f pid: 1 (default app)
spawned uWSGI worker 1 (and the only) (pid: 1, cores: 1)
"""
