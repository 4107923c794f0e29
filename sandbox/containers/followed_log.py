"""A container's log followed as it is written: one request to the engine, read as it grows,
closed from any thread (a timeout, a run that stops). The readiness wait reads it."""

from __future__ import annotations

import threading
from collections.abc import Iterator


class FollowedLog:
    """A container's log as it is written. `stream` yields its bytes and can be closed from any
    thread, which ends the iteration: the SDK's followed logs do both. The first close says why."""

    def __init__(self, stream) -> None:
        self._stream = stream
        self._lock = threading.Lock()
        self.closed_because: str | None = None

    @classmethod
    def of(cls, container) -> FollowedLog:
        return cls(container.logs(stream=True, follow=True))

    def chunks(self) -> Iterator[bytes]:
        return iter(self._stream)

    def close(self, because: str) -> None:
        with self._lock:
            if self.closed_because is None:
                self.closed_because = because
                self._stream.close()
