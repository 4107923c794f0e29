"""Run INSIDE a lab container (python3 -c SCRIPT [ROOT_PID]): print the process tree under
PID 1 (or ROOT_PID) as JSON.

Only the descendants of PID 1 (uWSGI) are listed: `docker exec` processes, such as this very
script or a healthcheck, hang off the container's root, not off uWSGI.
"""

import contextlib
import json
import sys

import psutil


def _thread_name(pid, tid):
    try:
        with open(f"/proc/{pid}/task/{tid}/comm") as comm:
            return comm.read().strip()
    except OSError:
        return None


def describe(process):
    with process.oneshot():
        tids = sorted(thread.id for thread in process.threads())
        return {
            "pid": process.pid,
            "ppid": process.ppid(),
            "name": process.name(),
            "cmdline": process.cmdline(),
            "threads": [
                {"tid": tid, "name": _thread_name(process.pid, tid)} for tid in tids if tid != process.pid
            ],
        }


if __name__ == "__main__":
    root = psutil.Process(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
    found = []
    for process in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            found.append(describe(process))
    print(json.dumps(found))
