"""Temporary folders that a later process can tell are abandoned, so a killed run leaves nothing behind.

The owner holds an exclusive lock (flock) on a file inside its folder for as long as it lives; the
kernel drops the lock when the owner dies, even by SIGKILL, so the next `OwnedTempDir` of the same
prefix removes every folder whose lock it can take. A lock survives pid reuse and works across pid
namespaces sharing /tmp, which a pid in the folder's name would not. Hand-written: tempfile has no
notion of an owner, and no library we use does this. Without fcntl (Windows) folders are still
removed at close, only the sweep of a killed run's folders is missing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX
    fcntl = None  # type: ignore[assignment]

OWNER_LOCK = "owner.lock"
PENDING_GRACE = 60  # seconds after which a lock never put in place marks an abandoned folder


class OwnedTempDir:
    """A fresh folder under the temp directory, named prefix + random, removed by `remove()` or, if
    this process dies first, by the next OwnedTempDir of that prefix."""

    def __init__(self, prefix: str):
        sweep_abandoned(prefix)
        self.path = Path(tempfile.mkdtemp(prefix=prefix))
        self._lock_fd: int | None = None
        if fcntl is not None:
            # Locked under another name first, then renamed into place: a sweeper never sees an
            # owner lock that is not yet held (the rename keeps the inode, and with it the lock).
            pending = self.path / f"{OWNER_LOCK}.new"
            self._lock_fd = os.open(pending, os.O_WRONLY | os.O_CREAT, 0o600)  # not inherited by exec
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.replace(pending, self.path / OWNER_LOCK)

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None


def sweep_abandoned(prefix: str) -> list[Path]:
    """Remove the folders prefix* in the temp directory whose owner has died; returns them."""
    if fcntl is None:
        return []
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(f"{prefix}*"):
        lock = folder / OWNER_LOCK
        pending = folder / f"{OWNER_LOCK}.new"
        try:
            if not lock.exists() and time.time() - pending.stat().st_mtime > PENDING_GRACE:
                lock = pending  # its owner died between creating its lock and taking it
            fd = os.open(lock, os.O_RDWR)
        except OSError:  # no owner lock: not an OwnedTempDir (or not ours to read); leave it
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # held: its owner is alive
            continue
        else:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        finally:
            os.close(fd)
    return removed
