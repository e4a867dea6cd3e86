"""Open a file as a stream of decompressed bytes, whatever its compression.

Streams are read incrementally: nothing here loads a whole file. Multi-member gzip, multi-stream
bzip2/xz and multi-frame zstd are read to the end.
"""
from __future__ import annotations

import bz2
import gzip
import io
import lzma

import zstandard

MAGIC = {
    ".gz": b"\x1f\x8b",
    ".bz2": b"BZh",
    ".xz": b"\xfd7zXZ\x00",
    ".zst": b"\x28\xb5\x2f\xfd",
}
COMPRESSION_SUFFIXES = tuple(MAGIC)
# Errors a damaged compressed stream raises while being read.
STREAM_ERRORS = (EOFError, OSError, lzma.LZMAError, zstandard.ZstdError, ValueError)


class CorruptStream(Exception):
    """The compressed data is damaged; `offset` is the count of decompressed bytes read before."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


def compression_of(name: str) -> str | None:
    lower = name.lower()
    return next((suffix for suffix in COMPRESSION_SUFFIXES if lower.endswith(suffix)), None)


def open_stream(fs_path: str) -> tuple[io.BufferedIOBase, str | None]:
    """Open `fs_path` read-only; return a binary stream of its content and the compression used."""
    kind = compression_of(fs_path)
    raw = open(fs_path, "rb")  # noqa: SIM115 - the caller closes the returned stream
    if kind is None:
        return raw, None
    head = raw.peek(8)[:8] if hasattr(raw, "peek") else b""
    if not head.startswith(MAGIC[kind]):
        raw.close()
        raise CorruptStream(f"not a {kind[1:]} stream: the file does not start with the {kind[1:]} signature", 0)
    if kind == ".gz":
        return gzip.GzipFile(fileobj=raw, mode="rb"), kind
    if kind == ".bz2":
        return bz2.BZ2File(raw, mode="rb"), kind
    if kind == ".xz":
        return lzma.LZMAFile(raw, mode="rb"), kind
    reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=True)
    return io.BufferedReader(reader), kind


def read_all(stream: io.BufferedIOBase, chunk: int = 1 << 20) -> tuple[bytes, CorruptStream | None]:
    """Read a stream to its end; on damage return what was read before it and the error."""
    parts: list[bytes] = []
    size = 0
    try:
        while True:
            block = stream.read(chunk)
            if not block:
                break
            parts.append(block)
            size += len(block)
    except STREAM_ERRORS as exc:
        return b"".join(parts), CorruptStream(f"{type(exc).__name__}: {exc}", size)
    return b"".join(parts), None
