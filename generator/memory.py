"""Give the memory a stage freed back to the system.

CPython frees a stage's objects (a region's exports, Pagefind's replies, the records of
the search) into the C allocator, which keeps most of the freed pages: they lie between
objects still alive, below the top of the heap, so the process's resident size stays at
its high-water mark. At 1,000 regions, the exports stage left about 380 MB so held, of
which the next stages reused little; the peak of the whole build came on top of it.
:func:`release_free_memory` asks glibc (``malloc_trim``) to return every free page; on
another C library, or another system, it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        trim: Callable[[int], int] = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None
    return trim


def release_free_memory() -> bool:
    """Return the C allocator's free pages to the system; ``False`` where it cannot."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
