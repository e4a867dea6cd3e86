"""Findings of finished files kept on disk instead of in memory, so that a scan of a corpus with
millions of findings holds about one file's findings at a time; the reports read them back file
by file, in order, as often as they need."""
from __future__ import annotations

import pickle
import tempfile
from collections.abc import Sequence

from ..model import Finding

SPOOL_FROM = 16  # files with fewer findings keep them in memory (the pickle would cost more)


class FindingSpool:
    """One anonymous temporary file (removed by the OS when closed or when the process ends)."""

    def __init__(self):
        self._handle = None

    def store(self, findings: list[Finding]) -> Sequence[Finding]:
        if len(findings) < SPOOL_FROM:
            return findings
        if self._handle is None:
            self._handle = tempfile.TemporaryFile(prefix="auditor-findings-")
        self._handle.seek(0, 2)
        offset = self._handle.tell()
        data = pickle.dumps(findings, protocol=pickle.HIGHEST_PROTOCOL)
        self._handle.write(data)
        return SpooledFindings(self, offset, len(data), len(findings))

    def read(self, offset: int, size: int) -> list[Finding]:
        self._handle.flush()
        self._handle.seek(offset)
        return pickle.loads(self._handle.read(size))

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


class SpooledFindings(Sequence):
    """A file's findings on disk: iterating loads them (each time), len() does not."""

    __slots__ = ("_spool", "_offset", "_size", "_count")

    def __init__(self, spool: FindingSpool, offset: int, size: int, count: int):
        self._spool, self._offset, self._size, self._count = spool, offset, size, count

    def _load(self) -> list[Finding]:
        return self._spool.read(self._offset, self._size)

    def __iter__(self):
        return iter(self._load())

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        return self._load()[index]

    def __eq__(self, other) -> bool:
        return list(self) == list(other) if isinstance(other, (list, Sequence)) else NotImplemented

    def __reduce__(self):
        return list, (self._load(),)  # pickled (to a worker, a cache) as the plain list it stands for
