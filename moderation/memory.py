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
from functools import lru_cache
from typing import Any

LARGE_BODY_BYTES = 64 * 1024
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
