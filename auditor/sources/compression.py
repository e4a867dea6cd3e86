"""Open a file as a stream of decompressed bytes, whatever its compression.

Streams are read incrementally: nothing here loads a whole file. Multi-member gzip, multi-stream
bzip2/xz and multi-frame zstd are read to the end.
"""
from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zlib

import zstandard

from .storage import StorageError, head, open_binary

MAGIC = {
    ".gz": b"\x1f\x8b",
    ".bz2": b"BZh",
    ".xz": b"\xfd7zXZ\x00",
    ".zst": b"\x28\xb5\x2f\xfd",
}
COMPRESSION_SUFFIXES = tuple(MAGIC)
# Errors a damaged compressed stream raises while being read.
STREAM_ERRORS = (EOFError, OSError, lzma.LZMAError, zstandard.ZstdError, zlib.error, ValueError)


class CorruptStream(Exception):
    """The compressed data is damaged; `offset` is the count of decompressed bytes read before."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


def compression_of(name: str) -> str | None:
    lower = name.lower()
    return next((suffix for suffix in COMPRESSION_SUFFIXES if lower.endswith(suffix)), None)


def open_stream(path: str, options: tuple = ()) -> tuple[io.BufferedIOBase, str | None]:
    """Open `path` (local or URL) read-only; return a binary stream of its content and the
    compression used."""
    kind = compression_of(path)
    return decompressing(open_binary(path, options), kind), kind


def decompressing(raw: io.BufferedIOBase, kind: str | None) -> io.BufferedIOBase:
    """A stream of `raw`'s content decompressed as `kind` says (a file or bytes in memory)."""
    if kind is None:
        return raw
    if not head(raw).startswith(MAGIC[kind]):
        raw.close()
        raise CorruptStream(f"not a {kind[1:]} stream: the file does not start with the {kind[1:]} signature", 0)
    if kind == ".gz":
        return gzip.GzipFile(fileobj=raw, mode="rb")
    if kind == ".bz2":
        return bz2.BZ2File(raw, mode="rb")
    if kind == ".xz":
        return lzma.LZMAFile(raw, mode="rb")
    return io.BufferedReader(ZstdFrames(raw))


class ZstdFrames(io.RawIOBase):
    """Every frame of a zstd file, decompressed in chunks. Unlike zstandard's stream reader,
    a file that ends inside a frame is an error here (the reader would report a clean end)."""

    CHUNK = 1 << 18

    def __init__(self, raw: io.BufferedIOBase):
        self._raw = raw
        self._decompressor = zstandard.ZstdDecompressor()
        self._frame = self._decompressor.decompressobj()
        self._pending = b""
        self._in_frame = False
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending and not self._done:
            self._fill()
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def _fill(self) -> None:
        data = self._raw.read(self.CHUNK)
        if not data:
            self._done = True
            if self._in_frame:
                raise zstandard.ZstdError("the file ends inside a zstd frame (truncated)")
            return
        while data:
            self._in_frame = True
            self._pending += self._frame.decompress(data)
            if not self._frame.eof:
                return
            data = self._frame.unused_data  # the next frame starts here
            self._frame = self._decompressor.decompressobj()
            self._in_frame = False

    def close(self) -> None:
        self._raw.close()
        super().close()


def read_all(stream: io.BufferedIOBase) -> tuple[bytes, CorruptStream | None]:
    """Read a stream to its end; on damage return what was read before it and the error."""
    data, damage, _ = read_up_to(stream, 1 << 62)
    return data, damage


def read_up_to(stream: io.BufferedIOBase, limit: int, chunk: int = 1 << 20) -> tuple[bytes, CorruptStream | None, bool]:
    """Read at most `limit` bytes: (data, damage met on the way, whether the stream ended)."""
    parts: list[bytes] = []
    size = 0
    try:
        while size < limit:
            block = stream.read(min(chunk, limit - size))
            if not block:
                return b"".join(parts), None, True
            parts.append(block)
            size += len(block)
    except (FileNotFoundError, PermissionError, StorageError):
        raise
    except STREAM_ERRORS as exc:
        return b"".join(parts), CorruptStream(f"{type(exc).__name__}: {exc}", size), True
    return b"".join(parts), None, False
