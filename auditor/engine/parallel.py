"""All cores: the per-file function in a pool of worker processes, results in input order.

Workers are started with the explicit 'spawn' method (forking a process that already runs
fastText's threads is unsafe), build their detectors once, and ignore Ctrl-C so that only the
parent handles it: it stops handing out files, finishes the ones that are done and says the scan
was interrupted. Output is identical to a serial run: results are taken in input order and the
corpus-wide pass runs in the parent.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from typing import Callable

from ..config import Settings
from ..model import FileResult
from ..sources.discovery import InputFile

AUTO_MIN_FILES = 8            # below this many files a pool costs more than it saves
AUTO_MIN_BYTES = 4 * 1024 * 1024
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


def _scan_one(inp: InputFile) -> FileResult:
    from .scan import scan_file
    result = scan_file(inp, _SETTINGS)
    result.input = None  # the parent has it: not sent back (a copy per file would stay in memory)
    return result


def scan_in_pool(inputs: list[InputFile], settings: Settings, jobs: int,
                 progress: Callable[[FileResult], None] | None) -> tuple[list[FileResult], bool]:
    """(results in input order, interrupted)."""
    results: list[FileResult] = []
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init, initargs=(settings,))
    try:
        chunk = max(1, min(16, len(inputs) // (jobs * 8) or 1))
        for inp, result in zip(inputs, pool.map(_scan_one, inputs, chunksize=chunk)):
            result.input = inp
            results.append(result)
            if progress:
                progress(result)
    except KeyboardInterrupt:
        pool.shutdown(wait=False, cancel_futures=True)
        return results, True
    pool.shutdown(wait=True)
    return results, False
