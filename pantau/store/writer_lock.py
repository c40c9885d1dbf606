"""One writer at a time: an advisory lock beside the writer's database file.

DuckDB itself refuses a second writing process, but with an error that says nothing of who holds the file or
for how long. The lock is `fcntl.flock` on `<db>-writer.lock`: the kernel drops it when its holder exits,
however it exits (SIGKILL, out of memory, power cut), so a crashed run never leaves it stuck. The file keeps
the holder's pid, command and start time for the message the next writer prints.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path


class WriterBusy(RuntimeError):
    """Another process is writing this database; the message says which and since when."""


class WriterLock:
    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    def holder(self) -> str:
        try:
            info = json.loads(self.path.read_text(encoding="utf-8") or "{}")
        except (OSError, ValueError):
            return "another process"
        return f"pid {info.get('pid', '?')} ({info.get('command', '?')}, since {info.get('since', '?')})"

    def acquire(self, wait_seconds: float = 0.0, poll: float = 0.5) -> None:
        """Take the lock, waiting up to `wait_seconds` for the current holder to finish."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise WriterBusy(f"{self.path.name}: the database is being written by {self.holder()}; "
                                     f"try again when it has finished (or pass --wait SECONDS)") from None
                time.sleep(poll)
        info = {"pid": os.getpid(), "command": " ".join(os.path.basename(a) for a in sys.argv[:3]),
                "since": datetime.now(UTC).isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps(info).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
