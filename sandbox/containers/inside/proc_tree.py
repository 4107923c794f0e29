"""Run INSIDE a lab container: `python3 -c SCRIPT [ROOT_PID [SETTLE_SECONDS [WORKERS THREADS]]]`.
One look at the server, printed as one JSON object, so a probe costs one `docker exec`:

  processes  the tree under PID 1 (or ROOT_PID): pid, ppid, name, cmdline, status (a zombie is
             listed as such), extra threads, memory (USS, PSS), the inodes of its sockets
  pstree     `pstree -p -l -U` of that tree, as a person would see it
  facts      what the lab's apps wrote about themselves in /tmp/sandbox-facts/*.json

The tree is read until two reads in a row agree and, when asked, WORKERS processes run at least
THREADS extra threads each (or SETTLE_SECONDS pass, and `settled` says false): uWSGI logs a worker's spawn line right after
fork(), before the worker has started its threads, and on a busy machine a tree can look
settled in between. Only descendants of PID 1 are listed: `docker exec` processes, such as this
very script, hang off the container's root, not off uWSGI.
"""

import contextlib
import glob
import json
import os
import subprocess
import sys
import time

import psutil

FACTS = "/tmp/sandbox-facts"
GAP = 0.025  # s between two reads of the tree; they must agree


def _thread_name(pid, tid):
    try:
        with open(f"/proc/{pid}/task/{tid}/comm") as comm:
            return comm.read().strip()
    except OSError:
        return None


def _sockets(pid):
    """fd -> socket inode, for every socket the process holds."""
    found = {}
    for fd in os.listdir(f"/proc/{pid}/fd"):
        with contextlib.suppress(OSError):
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
            if target.startswith("socket:["):
                found[int(fd)] = int(target[8:-1])
    return found


def _memory(process):
    with contextlib.suppress(psutil.Error, OSError):
        info = process.memory_full_info()
        return {"uss": info.uss, "pss": getattr(info, "pss", None)}
    return {"uss": None, "pss": None}


def _zombie(process):
    """A dead process nobody has reaped yet: it has no threads or memory left to read."""
    return {
        "pid": process.pid,
        "ppid": process.ppid(),
        "name": process.name(),
        "cmdline": [],
        "threads": [],
        "status": "zombie",
    }


def describe(process, memory):
    if process.status() == psutil.STATUS_ZOMBIE:
        return _zombie(process)
    with process.oneshot():
        tids = sorted(thread.id for thread in process.threads())
        found = {
            "pid": process.pid,
            "ppid": process.ppid(),
            "name": process.name(),
            "cmdline": process.cmdline(),
            "threads": [
                {"tid": tid, "name": _thread_name(process.pid, tid)} for tid in tids if tid != process.pid
            ],
        }
    if memory:
        found.update(_memory(process))
        with contextlib.suppress(OSError):
            found["sockets"] = _sockets(process.pid)
    return found


def tree(root_pid, memory):
    root = psutil.Process(root_pid)
    found = []
    for process in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            found.append(describe(process, memory))
    return found


def _shape(processes):
    return sorted((p["pid"], p["ppid"], len(p["threads"])) for p in processes)


def threaded(processes, workers, threads):
    """Whether `workers` processes run at least `threads` extra threads each (0 workers: yes)."""
    return sum(1 for p in processes if len(p["threads"]) >= threads) >= workers


def settled(root_pid, seconds, workers=0, threads=0):
    """The tree once two reads agree, and whether they did before the deadline."""
    deadline = time.monotonic() + seconds
    previous = tree(root_pid, memory=False)
    while True:
        time.sleep(GAP)
        current = tree(root_pid, memory=False)
        calm = _shape(current) == _shape(previous) and threaded(current, workers, threads)
        if calm or time.monotonic() > deadline:
            return tree(root_pid, memory=True), calm
        previous = current


def facts():
    found = {}
    for path in sorted(glob.glob(f"{FACTS}/*.json")):
        with contextlib.suppress(OSError, ValueError), open(path) as kept:
            found[os.path.basename(path)[:-5]] = json.load(kept)
    return found


def pstree(root_pid):
    done = subprocess.run(
        ["pstree", "-p", "-l", "-U", str(root_pid)], capture_output=True, text=True, check=False
    )
    return done.stdout


if __name__ == "__main__":
    root_pid = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    settle = float(sys.argv[2]) if len(sys.argv) > 2 else 15.0
    workers, threads = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else (0, 0)
    processes, calm = settled(root_pid, settle, workers, threads)
    at = time.time()  # when the facts were read: what a progress rate is measured against
    print(
        json.dumps(
            {"processes": processes, "pstree": pstree(root_pid), "facts": facts(), "at": at, "settled": calm}
        )
    )
