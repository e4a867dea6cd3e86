"""The engine boundary: a runner maps the per-file function over inputs and hands over each
result with its input's position, so the order of the report never depends on the engine.
Everything else (the corpus-wide reduce, reports) is the same for every runner,
so a new engine (Ray, say) is one class here and touches no detector.

A runner's `map(inputs, settings, take)` hands each file's result to `take(position, result)`
as it arrives (in any order; the caller keeps them, on disk) and returns whether it was
interrupted; a file it could not get audited (a worker lost, a task that failed) comes back as a
FileResult with an AUD003 finding, never as a gap.
"""
from __future__ import annotations

from typing import Callable, Protocol

from .. import rules
from ..config import Settings
from ..model import FileResult
from ..sources.discovery import InputFile

Take = Callable[[int, FileResult], None]


class Runner(Protocol):
    def map(self, inputs: list[InputFile], settings: Settings, take: Take) -> bool:
        ...


def lost(inp: InputFile, reason: str) -> FileResult:
    """The result for a file the engine could not audit: an AUD003 finding saying why."""
    result = FileResult(path=inp.display, format="", input=inp)
    result.findings = [rules.make("AUD003", inp.display, None, f"file not audited: {reason}")]
    return result


class LocalRunner:
    """This machine: serially, or in a pool of `jobs` worker processes (0: choose by input size)."""

    def __init__(self, jobs: int = 1):
        self.jobs = jobs

    def map(self, inputs: list[InputFile], settings: Settings, take: Take) -> bool:
        from .parallel import choose_jobs, scan_in_pool
        from .scan import scan_file

        workers = choose_jobs(self.jobs, inputs)
        if workers > 1:
            return scan_in_pool(inputs, settings, workers, take)
        try:
            for position, inp in enumerate(inputs):
                take(position, scan_file(inp, settings))
        except KeyboardInterrupt:
            return True
        return False
