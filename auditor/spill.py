"""Append-only blobs in an anonymous temporary file: what a scan keeps per file (its discovered
path, its result, its findings, its line index) goes to disk, and memory holds where it is."""
from __future__ import annotations

import tempfile


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
