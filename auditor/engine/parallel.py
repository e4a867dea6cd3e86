"""All cores: the per-file function in a pool of worker processes, results in input order.

Workers are started with the explicit 'spawn' method (forking a process that already runs
fastText's threads is unsafe), build their detectors once, and ignore Ctrl-C so that only the
parent handles it: it stops handing out files, finishes the ones that are done and says the scan
was interrupted. Output is identical to a serial run: results are taken in input order and the
corpus-wide pass runs in the parent. A worker that dies costs a file, never the scan.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable

from ..config import Settings
from ..model import FileResult
from ..sources.discovery import InputFile
from .runners import lost

AUTO_MIN_FILES = 8            # below this many files a pool costs more than it saves
AUTO_MIN_BYTES = 4 * 1024 * 1024
WINDOW_PER_WORKER = 4         # chunks in flight per worker: it never waits for work, the parent holds few futures
_SETTINGS: Settings | None = None


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def choose_jobs(requested: int, inputs: list[InputFile]) -> int:
    """`requested` workers (0: all cores, unless the input is too small to be worth a pool)."""
    if requested > 0:
        return min(requested, max(1, len(inputs)))
    if len(inputs) < AUTO_MIN_FILES:
        return 1
    size = 0
    for inp in inputs:
        try:
            size += os.stat(inp.fs_path).st_size
        except OSError:
            pass
    return 1 if size < AUTO_MIN_BYTES else min(default_jobs(), len(inputs))


def _init(settings: Settings) -> None:
    global _SETTINGS
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    _SETTINGS = settings
    from .scan import _detectors
    _detectors(settings)  # build once per worker


def _scan_many(inputs: list[InputFile]) -> list[FileResult]:
    from .scan import scan_file
    results = [scan_file(inp, _SETTINGS) for inp in inputs]
    for result in results:
        result.input = None  # the parent has it: not sent back (a copy per file would stay in memory)
    return results


def _pool(settings: Settings, jobs: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init, initargs=(settings,))


def _renewed(broken: ProcessPoolExecutor, settings: Settings, jobs: int) -> ProcessPoolExecutor:
    """A new pool for one a dying worker broke (its other workers are already ended)."""
    broken.shutdown(wait=False, cancel_futures=True)
    return _pool(settings, jobs)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Ctrl-C: drop what is queued and end the workers now, not after the files they hold (whose
    results would be thrown away). Python 3.14 has terminate_workers; before it the processes
    are taken before shutdown, which forgets them."""
    terminate = getattr(pool, "terminate_workers", None)
    if terminate:
        terminate()
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()


def scan_in_pool(inputs: list[InputFile], settings: Settings, jobs: int,
                 take: Callable[[int, FileResult], None]) -> bool:
    """Hand each result to `take(position, result)`, mostly in input order; return whether the
    scan was interrupted.

    Files go to the workers in chunks, WINDOW_PER_WORKER chunks per worker in flight and the next
    when the oldest is done: a corpus of a million files is never a million futures here. A
    worker process that dies (a crash in a compiled library, the kernel's OOM killer) breaks the
    pool: the chunks it took down are run again in a new pool, one file at a time with nothing
    else in flight, so a file that kills its worker again is reported (AUD003) and its neighbours
    are audited."""
    def arrived(position: int, result: FileResult) -> None:
        result.input = inputs[position]
        take(position, result)

    chunk = max(1, min(16, len(inputs) // (jobs * 8) or 1))
    waiting = deque(range(0, len(inputs), chunk))
    in_flight: deque = deque()  # (positions, future), oldest first
    suspects: list[int] = []  # positions of files in chunks that a dying worker took down
    pool = _pool(settings, jobs)
    try:
        while waiting or in_flight:
            while waiting and len(in_flight) < jobs * WINDOW_PER_WORKER:
                start = waiting.popleft()
                positions = range(start, min(start + chunk, len(inputs)))
                in_flight.append((positions, pool.submit(_scan_many, [inputs[i] for i in positions])))
            positions, future = in_flight.popleft()
            try:
                for position, result in zip(positions, future.result()):
                    arrived(position, result)
            except BrokenProcessPool:
                suspects.extend(positions)
                for others, pending in in_flight:  # chunks finished before the death are kept
                    if pending.done() and pending.exception() is None:
                        for position, result in zip(others, pending.result()):
                            arrived(position, result)
                    else:
                        suspects.extend(others)
                in_flight.clear()
                pool = _renewed(pool, settings, jobs)
        for position in sorted(suspects):
            try:
                arrived(position, pool.submit(_scan_many, [inputs[position]]).result()[0])
            except BrokenProcessPool:
                arrived(position, lost(inputs[position], "its worker process died on it, also when it was "
                                                      "the only file in flight"))
                pool = _renewed(pool, settings, jobs)
    except KeyboardInterrupt:
        _stop(pool)
        return True
    pool.shutdown(wait=True)
    return False
