"""The article's eight claims, as data: one scenario each. Their containers are compose.yaml's
services; their judges are sandbox.analysis.claims (by claim id); which variant plays which part
in a judge is each Variant's `part`."""

from __future__ import annotations

from sandbox.model.names import C2, C6, C7, C8
from sandbox.model.scenario import MAIN, Expected, Scenario, Variant
from sandbox.model.verdicts import Verdict


def _one(service: str) -> tuple[Variant, ...]:
    return (Variant(service, service, MAIN),)


ARTICLE: tuple[Scenario, ...] = (
    Scenario(
        name="default",
        claim="C1",
        title="Default options: one process, one request at a time",
        statement="With default options one uWSGI process serves one request at a time: two simultaneous "
        "requests run one after the other in the same process.",
        variants=_one("default"),
        clients=(("/sleep1",), ("/sleep2",)),
        fact_checks=("router_omitted",),
        article_command="uwsgi --http :18000 --wsgi-file ./main.py",
        article_output="22053 19712 /sleep1 called 11:38:46\n22053 19712 /sleep2 called 11:38:56\n\n"
        "├─init(19710)───init(19711)───bash(19712)───uwsgi(22053)",
    ),
    Scenario(
        name="workers",
        claim="C2",
        title="--workers, --processes and -p are one option",
        statement="--processes and --workers are the same option (both -p), default 1; the first process "
        "is itself worker 1.",
        variants=(
            Variant("--workers 3", "workers-workers", C2.WORKERS),
            Variant("--processes 3", "workers-processes", C2.PROCESSES),
            Variant("-p 3", "workers-p", C2.P),
        ),
        article_command="uwsgi --http-socket :18000 --wsgi-file ./main.py --workers 3\n"
        "uwsgi --http-socket :18000 --wsgi-file ./main.py --processes 3",
        article_output="spawned uWSGI worker 1 (pid: 22079, cores: 1)\nspawned uWSGI worker 2 (pid: 22080, cores: 1)\n"
        "spawned uWSGI worker 3 (pid: 22081, cores: 1)\n\n"
        "spawned uWSGI worker 1 (pid: 22081, cores: 1)\nspawned uWSGI worker 2 (pid: 22082, cores: 1)\n"
        "spawned uWSGI worker 3 (pid: 22083, cores: 1)",
    ),
    Scenario(
        name="processes",
        claim="C3",
        title="--processes 3: one parent, two children, no master",
        statement="--processes 3 gives one parent and two children (no separate master).",
        variants=_one("processes"),
        article_command="uwsgi --http-socket :18000 --wsgi-file ./main.py --processes 3",
        article_output=" ├─init(19710)───init(19711)───bash(19712)───uwsgi(22081)─┬─uwsgi(22082)\n"
        " │                                                        └─uwsgi(22083)",
    ),
    Scenario(
        name="threads",
        claim="C4",
        title="--processes 3 --threads 4: three processes of four threads",
        statement="--processes 3 --threads 4 gives 3 processes, each with 4 threads (the process itself "
        "+ 3 {uwsgi} threads).",
        variants=_one("threads"),
        clients=(("/sleep1",), ("/sleep2",)),
        fact_checks=("router_omitted",),
        article_command="uwsgi --http :18000 --wsgi-file ./main.py --processes 3 --threads 4",
        article_output="""├─init(19710)───init(19711)───bash(19712)───uwsgi(22111)─┬─uwsgi(22112)─┬─{uwsgi}(22114)
│                                                        │              ├─{uwsgi}(22117)
│                                                        │              └─{uwsgi}(22121)
│                                                        ├─uwsgi(22113)─┬─{uwsgi}(22115)
│                                                        │              ├─{uwsgi}(22118)
│                                                        │              └─{uwsgi}(22120)
│                                                        ├─{uwsgi}(22116)
│                                                        ├─{uwsgi}(22119)
│                                                        └─{uwsgi}(22122)""",
    ),
    Scenario(
        name="concurrency",
        claim="C5",
        title="--processes 3: two requests at once run in two processes",
        statement="With --processes 3, two simultaneous requests run at the same time in different processes; "
        "the browser's extra /favicon.ico requests land on the third.",
        variants=_one("concurrency"),
        clients=(("/sleep1", "/favicon.ico"), ("/sleep2", "/favicon.ico")),
        article_command="uwsgi --http-socket :18000 --wsgi-file ./main.py --processes 3",
        article_output="22126 22124 /sleep1 called 13:51:20\n22125 22124 /sleep2 called 13:51:21\n"
        "22124 19712 /favicon.ico called 13:51:30\n22126 22124 /favicon.ico called 13:51:41\n\n"
        "├─init(19710)───init(19711)───bash(19712)───uwsgi(22124)─┬─uwsgi(22125)\n"
        "│                                                        └─uwsgi(22126)",
    ),
    Scenario(
        name="enable-threads",
        claim="C6",
        title="The app's own thread under --processes, without and with --enable-threads",
        statement="--processes alone does not turn on Python thread support; an app that starts its own "
        "threads needs --enable-threads (which --threads turns on by itself).",
        variants=(
            Variant("no thread option", "enable-threads-off", C6.OFF),
            Variant("--enable-threads", "enable-threads-on", C6.ON),
            Variant("--threads 2", "enable-threads-threads", C6.THREADS),
            Variant("--enable-threads --lazy-apps", "enable-threads-lazy", C6.LAZY),
        ),
        measurements=("ticker_progress",),
        fact_checks=("thread_support_default",),
        article_command="(stated, not shown)",
        article_output="(none)",
        # uWSGI 2.0.27 (2024-09-23): "core/uwsgi: set enable threads by default".
        expected=(Expected("<2.0.27", Verdict.HOLDS), Expected(">=2.0.27", Verdict.DIFFERS)),
    ),
    Scenario(
        name="django",
        claim="C7",
        title='Django\'s "extra child" is the HTTP router of --http',
        statement="Hosting Django shows one extra child process at start; the article guesses that Django "
        "forks it and that it serves no requests.",
        variants=(
            Variant("Django with --http", "django-http", C7.HTTP),
            Variant("Django with --http-socket", "django-http-socket", C7.HTTP_SOCKET),
        ),
        clients=(("/sleep1",),),
        fact_checks=("router_not_django",),
        article_command="(Django hosting, options not shown)",
        article_output="├─init(19710)───init(19711)───bash(19712)───uwsgi(22067)───uwsgi(22068)",
        expected=(Expected("*", Verdict.DIFFERS),),
    ),
    Scenario(
        name="autoreload",
        claim="C8",
        title="--py-autoreload=3: a master, a worker and its reloader thread",
        statement="--py-autoreload=3 adds a child process with one thread (plain app); with Django, that plus "
        "Django's extra child.",
        variants=(
            Variant("plain app", "autoreload-plain", C8.PLAIN),
            Variant("Django", "autoreload-django", C8.DJANGO),
        ),
        article_command="--py-autoreload=3 added",
        article_output="plain:  ├─...───bash(19712)───uwsgi(22061)───uwsgi(22062)───{uwsgi}(22063)\n"
        "Django: ├─...───bash(19712)───uwsgi(22070)─┬─uwsgi(22071)───{uwsgi}(22072)\n"
        "                                            └─uwsgi(22073)",
    ),
)
