"""Run INSIDE a lab container: `python3 -c SCRIPT JOBS_JSON [--on-go]`, JOBS_JSON being a list
of [name, source, args] of this folder's other scripts. Each runs in turn as __main__ in this one
interpreter, with its own sys.argv and its own stdout, so a look at the tree and the requests
that follow it cost one `docker exec` and one Python start instead of two.

With --on-go it first imports what the scripts import, then waits for the line `go` on stdin
(anything else, or stdin closing, ends it having run nothing): the exec can start while the
server boots, and the scripts run the moment the controller sees the server ready.

Prints a JSON list: for each script, {"stdout": what it printed, "seconds": how long it ran}.
A script that fails ends it all, as it would alone: its traceback on stderr, exit status 1.
"""

import contextlib
import io
import json
import sys
import time


def _import_what_they_import(jobs):
    """The modules each script imports at its top: importing them is most of a look's start."""
    import ast

    for _, source, _ in jobs:
        for node in ast.parse(source).body:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    __import__(alias.name)


if __name__ == "__main__":
    jobs = json.loads(sys.argv[1])
    if "--on-go" in sys.argv[2:]:
        _import_what_they_import(jobs)
        if sys.stdin.readline().strip() != "go":
            sys.exit(0)
    results = []
    for name, source, args in jobs:
        sys.argv = [name, *args]
        printed = io.StringIO()
        began = time.monotonic()
        with contextlib.redirect_stdout(printed):
            exec(compile(source, name, "exec"), {"__name__": "__main__"})
        results.append({"stdout": printed.getvalue(), "seconds": time.monotonic() - began})
    print(json.dumps(results))
