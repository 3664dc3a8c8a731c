"""generator/memory.py: the memory a stage freed goes back to the system."""

from __future__ import annotations

import sys

import pytest

from generator.memory import release_free_memory


def resident_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as stream:
        return int(stream.read().split()[1]) * 4096 / 2**20


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_freed_objects_between_live_ones_are_returned() -> None:
    """Objects freed between others still alive (as a stage leaves its results among
    its scratch) keep the process's size up until the allocator is asked to trim."""
    start = resident_mb()
    made = [bytes(1500) + i.to_bytes(4, "big") for i in range(150_000)]  # about 220 MB
    kept = made[::200]  # one in 200 lives on, so no freed page is at the heap's top
    del made
    held = resident_mb()
    assert held - start > 150, "the allocator returned the pages by itself: nothing to test"
    assert release_free_memory()
    assert resident_mb() - start < (held - start) / 3
    assert len(kept) == 750
