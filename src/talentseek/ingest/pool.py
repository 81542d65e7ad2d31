"""Worker processes for normalising large files, tied to the life of the process that started them.

A `kill -9` of an import gives its workers no chance to be told: each worker asks the Linux kernel for
SIGKILL when its parent dies (`prctl(PR_SET_PDEATHSIG)`), and also runs a watchdog thread that exits
as soon as its parent process id changes (the portable fallback: an orphan is re-parented).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCHDOG_S = 0.5


def _set_parent_death_signal() -> bool:
    """Ask the kernel to SIGKILL this process when its parent exits; False where that is not offered."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    stop = threading.Event()
    while not stop.wait(WATCHDOG_S):
        if os.getppid() != parent:
            os._exit(1)  # noqa: SLF001 - an orphan has nothing to flush: its results have no reader


def die_with_parent(parent: int) -> None:
    """Worker initializer: exit when `parent` dies, however it dies."""
    _set_parent_death_signal()
    if os.getppid() != parent:  # the parent died before the death signal was armed
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="parent-watchdog", daemon=True).start()


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """Spawned (not forked: a forked child must not share the parent's database sockets) workers that
    die with this process."""
    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )
