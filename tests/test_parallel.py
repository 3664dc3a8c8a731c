"""fork_map: the same results, in order, whether items run in forked workers or not."""

from __future__ import annotations

import os
import time

import pytest

from generator.parallel import chunk_bounds, fork_map, worker_count


def _square_and_pid(item: int) -> tuple[int, int]:
    return item * item, os.getpid()


def _slow_square_and_pid(item: int) -> tuple[int, int]:
    time.sleep(0.002)  # long enough that every worker gets chunks to do
    return _square_and_pid(item)


@pytest.mark.parametrize(("items", "workers"), [(0, 2), (1, 2), (7, 2), (33, 2), (1000, 3)])
def test_chunks_cover_every_item_once_in_order(items: int, workers: int) -> None:
    bounds = chunk_bounds(items, workers)
    covered = [i for start, stop in bounds for i in range(start, stop)]
    assert covered == list(range(items))
    assert all(stop > start for start, stop in bounds)


def test_many_items_come_back_in_order_from_several_workers() -> None:
    if worker_count(500, 1) < 2:
        pytest.skip("one CPU, or other threads running: items run in-process")
    results = fork_map(_slow_square_and_pid, list(range(500)), minimum=1)
    assert [square for square, _ in results] == [i * i for i in range(500)]
    workers = {pid for _, pid in results}
    assert os.getpid() not in workers and len(workers) >= 2


def test_few_items_run_in_process() -> None:
    results = fork_map(_square_and_pid, [1, 2, 3], minimum=10)
    assert results == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]
