"""The lab's health check: exit 0 once something listens on TCP port argv[1] in this container.

Read from /proc, never by sending a request: a probe request would occupy the only worker for
SANDBOX_SLEEP seconds and print a request line into the very experiment being observed."""

import sys

PORT = f":{int(sys.argv[1]):04X}"
LISTEN = "0A"  # the kernel's TCP_LISTEN state


def listening(table: str) -> bool:
    with open(table) as lines:
        next(lines)  # the header
        return any(f[1].endswith(PORT) and f[3] == LISTEN for f in (line.split() for line in lines))


sys.exit(not any(listening(table) for table in ("/proc/net/tcp", "/proc/net/tcp6")))
