"""The batch's process pool, whose workers die with the batch.

A ProcessPoolExecutor's workers wait on a queue the main process feeds; if the main process is killed
outright (SIGKILL, the OOM killer) nothing ever tells them, and they (with their LibreOffice) would
run on. On Linux each worker asks the kernel for a parent-death signal; a worker's LibreOffice
follows its worker (see render/uno_bridge.py). Elsewhere the pool is an ordinary one.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def make_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of `jobs` worker processes that are killed when this process dies.

    Create it from a thread that lives as long as the pool (the main thread, as the CLI does): Linux
    sends the signal when the thread that started a worker ends."""
    return ProcessPoolExecutor(jobs, initializer=die_with_parent, initargs=(os.getpid(),))


def die_with_parent(parent: int) -> bool:
    """Have the kernel SIGKILL this process when its parent dies; False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):  # no prctl in this C library
        return False
    if not _alive(parent):  # it died before the request took effect: no signal will come
        os._exit(1)
    return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
