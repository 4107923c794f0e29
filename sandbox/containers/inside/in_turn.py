"""Run INSIDE a lab container: `python3 -c SCRIPT JOBS_JSON [--on-go]`, JOBS_JSON being a list
of [name, source, args] of this folder's other scripts. Each runs in turn as __main__ in this one
interpreter, with its own sys.argv and its own stdout, so a look at the tree and the requests
that follow it cost one `docker exec` and one Python start instead of two.

With --on-go it first imports what the scripts import (the first one's; the others' in a
thread), then waits for the line `go` on stdin (anything else, or stdin closing, ends it having
run nothing): the exec can start while the server boots, and the scripts run the moment the
controller sees the server ready.

Prints a JSON list: for each script, {"stdout": what it printed, "seconds": how long it ran}.
A script that fails ends it all, as it would alone: its traceback on stderr, exit status 1.
"""

import ast
import contextlib
import io
import json
import os
import sys
import time


def _import_what_they_import(trees):
    """The modules each script imports at its top (importing them is most of a look's start):
    the first script's now, the others' in a thread, which the first one's waits leave time for
    (a look reads the tree twice, 0.025 s apart)."""
    import threading

    first, *later = [
        [alias.name for node in tree.body if isinstance(node, ast.Import) for alias in node.names]
        for tree in trees
    ]
    for name in first:
        __import__(name)

    def import_later():
        for name in (name for names in later for name in names):
            try:
                __import__(name)
            except ImportError:  # the script that imports it fails there, with its own error
                return

    if later:
        threading.Thread(target=import_later, daemon=True).start()


if __name__ == "__main__":
    # Parsed (once: for its imports too) and compiled before the wait for `go` (a look's script
    # takes 3 ms), so none of it follows `go`.
    jobs = [(name, ast.parse(source, name), args) for name, source, args in json.loads(sys.argv[1])]
    compiled = [(name, compile(tree, name, "exec"), args) for name, tree, args in jobs]
    if "--on-go" in sys.argv[2:]:
        _import_what_they_import([tree for _, tree, _ in jobs])
        if sys.stdin.readline().strip() != "go":
            sys.exit(0)
    results = []
    for name, code, args in compiled:
        sys.argv = [name, *args]
        printed = io.StringIO()
        began = time.monotonic()
        with contextlib.redirect_stdout(printed):
            exec(code, {"__name__": "__main__"})
        results.append({"stdout": printed.getvalue(), "seconds": time.monotonic() - began})
    print(json.dumps(results))
    sys.stdout.flush()
    sys.stderr.flush()
    # Nothing is left to clean up: ending without the interpreter's teardown (0.02 s, with psutil
    # and the client's threads loaded) ends the exec, which the controller waits for, sooner.
    os._exit(0)
