"""Run INSIDE a lab container: `python3 -c SCRIPT JOBS_JSON`, JOBS_JSON being a list of
[name, source, args] of this folder's other scripts. Each runs in turn as __main__ in this one
interpreter, with its own sys.argv and its own stdout, so a look at the tree and the requests
that follow it cost one `docker exec` and one Python start instead of two.

Prints a JSON list: for each script, {"stdout": what it printed, "seconds": how long it ran}.
A script that fails ends it all, as it would alone: its traceback on stderr, exit status 1.
"""

import contextlib
import io
import json
import sys
import time

if __name__ == "__main__":
    results = []
    for name, source, args in json.loads(sys.argv[1]):
        sys.argv = [name, *args]
        printed = io.StringIO()
        began = time.monotonic()
        with contextlib.redirect_stdout(printed):
            exec(compile(source, name, "exec"), {"__name__": "__main__"})
        results.append({"stdout": printed.getvalue(), "seconds": time.monotonic() - began})
    print(json.dumps(results))
