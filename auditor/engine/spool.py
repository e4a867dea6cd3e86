"""Data of finished files kept on disk instead of in memory: a Spill is an anonymous temporary
file that blobs are appended to and read back by (offset, size); the line indexes of the corpus
pass (corpus.IndexSpill) and the findings (FindingSpool) both live in one. A scan of a corpus
with millions of findings holds about one file's findings at a time; the reports read them back
file by file, in order, as often as they need."""
from __future__ import annotations

import pickle
import tempfile
from collections.abc import Sequence

from ..model import Finding

SPOOL_FROM = 1  # every file with findings spools them: a million files of few findings each add up


class Spill:
    """Append-only blobs in an anonymous temporary file (removed by the OS when it is closed or
    the process ends), created on first use."""

    def __init__(self):
        self._handle = None

    def append(self, *blobs: bytes) -> int:
        """Write the blobs one after another; return where the first begins."""
        if self._handle is None:
            self._handle = tempfile.TemporaryFile(prefix="auditor-spill-")
        self._handle.seek(0, 2)
        offset = self._handle.tell()
        for blob in blobs:
            self._handle.write(blob)
        return offset

    def read(self, offset: int, size: int) -> bytes:
        self._handle.flush()
        self._handle.seek(offset)
        return self._handle.read(size)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


class FindingSpool(Spill):
    def store(self, findings: list[Finding]) -> Sequence[Finding]:
        if len(findings) < SPOOL_FROM:
            return findings
        data = pickle.dumps(findings, protocol=pickle.HIGHEST_PROTOCOL)
        return SpooledFindings(self, self.append(data), len(data), len(findings))


class SpooledFindings(Sequence):
    """A file's findings on disk: iterating loads them (each time), len() does not."""

    __slots__ = ("_spool", "_offset", "_size", "_count")

    def __init__(self, spool: FindingSpool, offset: int, size: int, count: int):
        self._spool, self._offset, self._size, self._count = spool, offset, size, count

    def _load(self) -> list[Finding]:
        return pickle.loads(self._spool.read(self._offset, self._size))

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
