"""The names a scenario and its judge share, one namespace per claim: the parts its variants
play, the labels of the batches, looks, loads and watches its steps make, and what its judge
reads of them (READS). The catalog writes them and is checked against READS when it loads;
the judges read them; so neither side can spell a name the other does not know."""

from __future__ import annotations

from sandbox.model.scenario import MAIN, Reads
from sandbox.model.steps import ARTICLE_BATCH


class C1:
    READS = Reads(parts=(MAIN,), batches=(ARTICLE_BATCH,))


class C2:
    WORKERS, PROCESSES, P = "workers", "processes", "p"  # one spelling each
    READS = Reads(parts=(WORKERS, PROCESSES, P))


class C3:
    READS = Reads(parts=(MAIN,))


class C4:
    READS = Reads(parts=(MAIN,))


class C5:
    READS = Reads(parts=(MAIN,), batches=(ARTICLE_BATCH,))


class C6:
    OFF, ON, THREADS, LAZY = "off", "on", "threads", "lazy"
    READS = Reads(parts=(OFF, ON, THREADS, LAZY))


class C7:
    HTTP, HTTP_SOCKET = "http", "http-socket"
    READS = Reads(parts=(HTTP, HTTP_SOCKET), batches=(ARTICLE_BATCH,))


class C8:
    PLAIN, DJANGO = "plain", "django"
    READS = Reads(parts=(PLAIN, DJANGO))


class L1:
    DEFAULT, DIE_ON_TERM, GRACEFUL, GRACEFUL_HTTP = "default", "die-on-term", "graceful", "graceful-http"
    IN_FLIGHT = "in flight"
    READS = Reads(parts=(DEFAULT, DIE_ON_TERM, GRACEFUL, GRACEFUL_HTTP), batches=(IN_FLIGHT,))


class L2:
    NONE, MASTER, STATS, HARAKIRI = "none", "master", "stats", "harakiri"
    AFTER_THE_KILL = "after the kill"  # a batch and a look
    READS = Reads(parts=(NONE, MASTER, STATS, HARAKIRI), batches=(AFTER_THE_KILL,), looks=(AFTER_THE_KILL,))


class L3:
    DEFAULT, LAZY, HOOKS = "default", "lazy", "hooks"
    TOUCH, AFTER = "touch", "after the requests"
    READS = Reads(parts=(DEFAULT, LAZY, HOOKS), batches=(TOUCH,), looks=(AFTER,))


class L4:
    QUEUE, SOMAXCONN = "queue", "somaxconn"
    TWELVE_CLIENTS = "12 clients"
    READS = Reads(parts=(QUEUE, SOMAXCONN), batches=(TWELVE_CLIENTS,))


class L5:
    THREADS, GRACEFUL = "threads", "graceful"
    STUCK, AFTER_THE_RESPAWN = "stuck", "after the respawn"  # batches; the second is a look too
    READS = Reads(parts=(THREADS, GRACEFUL), batches=(STUCK, AFTER_THE_RESPAWN), looks=(AFTER_THE_RESPAWN,))


class L6:
    OFF, ON = "off", "on"
    LOAD = "load"
    READS = Reads(parts=(OFF, ON), loads=(LOAD,))


class L7:
    DEFAULT, ONE_SECOND = "default", "one-second"
    FIRST, SECOND = "at 4 s", "at 11 s"
    AFTER = "after the requests"
    READS = Reads(parts=(DEFAULT, ONE_SECOND), batches=(FIRST, SECOND), looks=(AFTER,))


class L8:
    SOCKET, HTTP_SOCKET, HTTP = "socket", "http-socket", "http"
    ONE_REQUEST = "one request"
    READS = Reads(parts=(SOCKET, HTTP_SOCKET, HTTP), batches=(ONE_REQUEST,))


class L9:
    CHEAPER = "cheaper"
    LOAD = "load"
    WATCH = "watch"  # the Watch step's looks are watch-0, watch-1, ...
    READS = Reads(parts=(CHEAPER,), batches=(LOAD,), watches=(WATCH,))


class G1:
    SYNC, GTHREAD = "sync", "gthread"
    FIVE_SECONDS = "5 s request"
    AFTER = "after the request"
    READS = Reads(parts=(SYNC, GTHREAD), batches=(FIVE_SECONDS,), looks=(AFTER,))


BY_CLAIM: dict[str, type] = {
    space.__name__: space
    for space in (C1, C2, C3, C4, C5, C6, C7, C8, L1, L2, L3, L4, L5, L6, L7, L8, L9, G1)
}
