"""One batch at a time per output folder: OUTDIR/.ita-docs.lock, locked while a batch writes there.

Hand-written (filelock would lock, but not record the holder for the message): an OS lock on the
file (flock; msvcrt on Windows) is released by the kernel when its process dies however it dies, so
a lock left by a killed run never blocks the next one; the pid written into the file only names
the holder in the message.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from ita_docs.diagnostics import ItaDocsError

LOCK_NAME = ".ita-docs.lock"

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


class FolderLocked(ItaDocsError):
    """Another batch is writing into the folder (exit code 2)."""

    def __init__(self, folder: Path, holder: str):
        self.folder, self.holder = folder, holder
        who = f" (pid {holder})" if holder else ""
        super().__init__(f"{folder}: มีการสร้างเอกสารอีกชุดหนึ่งกำลังเขียนลงโฟลเดอร์นี้อยู่{who} รอให้เสร็จหรือใช้โฟลเดอร์อื่น / "
                         f"another batch{who} is writing into this folder: wait for it to finish, or choose another -o")


def _try_lock(fd: int) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError as exc:
        # held by another process; any other errno is a file system without locks (some network
        # shares): there a batch runs unguarded rather than never
        return exc.errno not in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, errno.EDEADLK)
    return True


class FolderLock:
    """Held from creation to release(); raises FolderLocked when another process holds it."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.path = self.folder / LOCK_NAME
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)  # never write through a planted symlink
        for _ in range(5):
            fd = os.open(self.path, flags, 0o644)
            if not _try_lock(fd):
                holder = _read_holder(fd)
                os.close(fd)
                raise FolderLocked(self.folder, holder)
            # a finishing holder removes the file after we opened it: then the lock we got is on a
            # file nobody else will look at, so take the new one
            try:
                if os.name != "posix" or os.fstat(fd).st_ino == os.stat(self.path).st_ino:
                    break
            except FileNotFoundError:
                pass
            os.close(fd)
        else:
            raise FolderLocked(self.folder, "")
        self._fd: int | None = fd
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            self.path.unlink(missing_ok=True)  # while still held, so no one locks a file about to go
        except OSError:
            pass  # Windows cannot remove an open file: the next batch locks it again
        os.close(self._fd)  # closing releases the lock
        self._fd = None


def _read_holder(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace") if hasattr(os, "pread") else ""
    except OSError:
        return ""
    return text.strip() if text.strip().isdigit() else ""
