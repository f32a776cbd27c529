"""Give the C heap's free pages back to the operating system after a large request.

Why: a 1,000-comment request allocates tens of MB of short-lived buffers (the JSON body, text copies,
feature arrays, result objects). glibc keeps freed heap memory for reuse instead of returning it, so a
service worker's RSS stays ~10-25 MB higher after its first large batch (`bench/api_memory.py`: 308-311 MB
after four 1,000-comment requests, 299-300 MB with this). `malloc_trim(0)` returns it in ~2 ms. Setting
`MALLOC_TRIM_THRESHOLD_` instead would trim on every free (286-289 MB) but measured 10-20 % slower
scoring, so the service calls this only after large requests (`api.middleware.BodyGuardMiddleware`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from functools import lru_cache
from typing import Any

LARGE_BODY_BYTES = 64 * 1024
M_ARENA_MAX = -8
"""glibc's `mallopt` parameter number for the arena limit (malloc.h)."""
SERVICE_ARENAS = 2
"""The service trims after answering a request body at least this large (~100 comments)."""


@lru_cache(maxsize=1)
def _libc() -> Any:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


def trim_heap() -> bool:
    """Return free heap pages to the OS (glibc); False where there is no `malloc_trim` (other libcs)."""
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True


def limit_arenas(count: int = SERVICE_ARENAS) -> bool:
    """Cap glibc's malloc arenas (as `MALLOC_ARENA_MAX` would), unless the environment already sets it.

    Why: glibc gives each thread that allocates its own arena (up to 8 per core), and a service worker
    has several -- the model loads on a background thread, large requests are scored on the thread
    pool -- so freed memory stays scattered over arenas no single trim empties. With 2 arenas a worker
    measured 280-289 MB after four 1,000-comment requests instead of 299-304 MB (`bench/api_memory.py`);
    scoring holds the GIL, so the threads never allocate at once and lose nothing to the lock.
    """
    libc = _libc()
    if libc is None or not hasattr(libc, "mallopt") or "MALLOC_ARENA_MAX" in os.environ:
        return False
    return bool(libc.mallopt(M_ARENA_MAX, count))
