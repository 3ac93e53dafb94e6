"""Scratch space for the suite's throwaway files: shared memory when the machine has room for it.

The suite creates, copies and removes tens of thousands of small files (a store per test, a test
PostgreSQL server's TRUNCATEs). On an ext4 disk mounted with ``discard`` that churn took 11 s of
kernel time and about 5 s of the suite's wall time; in memory, 4.5 s and none. The files, and every
rename and fsync the store makes, are the same on either (an fsync to memory returns at once).
Set ``PYTEST_DEBUG_TEMPROOT`` to choose the place yourself.
"""

from __future__ import annotations

import os
import shutil

SHARED_MEMORY = "/dev/shm"
ROOM = 2 << 30  # a run keeps ~100 MB there; leave the rest of a small /dev/shm (Docker gives 64 MB) alone


def memory_dir() -> str | None:
    """``/dev/shm`` if it is writable and has ``ROOM`` free, else ``None`` (the usual temp dir)."""
    try:
        if os.access(SHARED_MEMORY, os.W_OK) and shutil.disk_usage(SHARED_MEMORY).free >= ROOM:
            return SHARED_MEMORY
    except OSError:
        pass
    return None
