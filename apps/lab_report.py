"""What every lab app reports about a request it serves.

The article's apps print one line per request: ``pid ppid uri called HH:MM:SS``. The lab keeps
that line unchanged (it is what students compare) and adds the same facts at millisecond
resolution as response headers, so the controller reads them without parsing logs.
"""

import json
import os
import threading
import time
from datetime import datetime

FACTS = "/tmp/sandbox-facts"  # the lab's probe reads every *.json here (containers/inside/proc_tree.py)


def sleep_seconds() -> float:
    """The request's sleep: the article uses 10 s; tests and benches set SANDBOX_SLEEP lower."""
    return float(os.environ.get("SANDBOX_SLEEP", "10"))


class RequestSpan:
    """One request as the serving process saw it: who served it, and when."""

    def __init__(self, uri: str, quiet: bool = False) -> None:
        self.uri = uri
        self.pid = os.getpid()
        self.ppid = os.getppid()
        self.tid = threading.get_native_id()
        self.start = time.time()
        self.end = None
        if not quiet:  # the article's own line, verbatim in spirit
            print(self.pid, self.ppid, uri, "called", datetime.now().strftime("%H:%M:%S"), flush=True)

    def finish(self) -> list:
        self.end = time.time()
        return [
            ("X-Sandbox-Pid", str(self.pid)),
            ("X-Sandbox-Ppid", str(self.ppid)),
            ("X-Sandbox-Tid", str(self.tid)),
            ("X-Sandbox-Start", f"{self.start:.3f}"),
            ("X-Sandbox-End", f"{self.end:.3f}"),
        ]


def write_fact(name: str, data: dict) -> None:
    """Tell the lab a fact about this process, in /tmp/sandbox-facts/NAME-PID.json.

    Write-then-rename: a thread without the GIL can stall between truncating a file and
    writing it, which would leave an empty file; a rename is atomic, so readers always see
    the last complete value.
    """
    os.makedirs(FACTS, exist_ok=True)
    pid = os.getpid()
    scratch = f"{FACTS}/.{name}-{pid}-{threading.get_native_id()}"
    with open(scratch, "w") as out:
        json.dump({"pid": pid, **data}, out)
    os.replace(scratch, f"{FACTS}/{name}-{pid}.json")
