"""Faults injected into Dask workers by the tests (imported by the worker processes): a worker
process that dies while scanning a chosen file, every time or only the first time."""
from __future__ import annotations

import os

from distributed.diagnostics.plugin import WorkerPlugin


class DieOnFile(WorkerPlugin):
    """The worker process exits abruptly when it starts on a file whose path contains `needle`;
    with `marker`, only until that marker file exists (it is created by the first death)."""

    def __init__(self, needle: str, marker: str | None = None):
        self.needle = needle
        self.marker = marker

    def setup(self, worker) -> None:
        from auditor.engine import scan

        original = scan.scan_file
        needle, marker = self.needle, self.marker

        def dying(inp, settings):
            if needle in inp.display and (marker is None or not os.path.exists(marker)):
                if marker is not None:
                    open(marker, "w").close()
                os._exit(17)
            return original(inp, settings)

        scan.scan_file = dying
