"""Compression for the cleaned copy, kept as the original had it, and reproducible for undo.

`auditor fix --undo` must give back the original file byte for byte, compressed bytes included.
Compressors are deterministic for given settings, so the settings that turn the original's
content into exactly the original's bytes are searched once (gzip's header is kept as it was,
bzip2 names its level, xz and zstd say which check they carry) and written to the log. When no
setting reproduces the file (another compressor, a damaged or concatenated stream), the log
keeps the original bytes instead: undo stays exact, at the cost of the log's size.
"""
from __future__ import annotations

import base64
import bz2
import lzma
import struct
import zlib

import zstandard

GZIP_LEVELS = (6, 9, 1, 2, 3, 4, 5, 7, 8)
XZ_PRESETS = (6, 9, 0, 1, 2, 3, 4, 5, 7, 8)
ZSTD_LEVELS = (3, 19, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 20, 21, 22)
SEARCH_LIMIT = 64 << 20  # content bytes beyond which only the most common settings are tried
CHUNK = 1 << 20


def reproduce(kind: str | None, original: bytes, content: bytes) -> dict | None:
    """Settings with which `compress(kind, content, settings)` is exactly `original`; None if
    none is found. Uncompressed files need none."""
    if kind is None:
        return {} if original == content else None
    finder = {".gz": _gzip_settings, ".bz2": _bz2_settings, ".xz": _xz_settings, ".zst": _zstd_settings}[kind]
    try:
        return finder(original, content)
    except (ValueError, OSError, lzma.LZMAError, zstandard.ZstdError, zlib.error, struct.error, IndexError):
        return None


def compress(kind: str | None, content: bytes, settings: dict | None) -> bytes:
    """Compress `content` the way `settings` says (None: this library's default for the kind)."""
    settings = settings or {}
    if kind is None:
        return content
    if kind == ".gz":
        header = base64.b64decode(settings["header"]) if "header" in settings else _plain_gzip_header()
        body = _deflate(content, settings.get("level", 6), settings.get("mem_level", 8))
        return header + body + struct.pack("<II", zlib.crc32(content), len(content) & 0xFFFFFFFF)
    if kind == ".bz2":
        return bz2.compress(content, settings.get("level", 9))
    if kind == ".xz":
        return lzma.compress(content, format=lzma.FORMAT_XZ, check=settings.get("check", lzma.CHECK_CRC64),
                             preset=settings.get("preset", 6))
    compressor = zstandard.ZstdCompressor(level=settings.get("level", 3), write_checksum=settings.get("checksum", False),
                                          write_content_size=settings.get("content_size", True))
    return compressor.compress(content)


def _plain_gzip_header() -> bytes:
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # no name, no time: the same bytes on every run


def _deflate(content: bytes, level: int, mem_level: int) -> bytes:
    engine = zlib.compressobj(level, zlib.DEFLATED, -15, mem_level)
    return engine.compress(content) + engine.flush()


def _gzip_header_length(data: bytes) -> int:
    if data[:3] != b"\x1f\x8b\x08":
        raise ValueError("not a deflate gzip member")
    flags, position = data[3], 10
    if flags & 4:  # FEXTRA
        position += 2 + struct.unpack("<H", data[position:position + 2])[0]
    for flag in (8, 16):  # FNAME, FCOMMENT: zero-terminated
        if flags & flag:
            position = data.index(b"\x00", position) + 1
    if flags & 2:  # FHCRC
        position += 2
    return position


def _gzip_settings(original: bytes, content: bytes) -> dict | None:
    start = _gzip_header_length(original)
    body = original[start:-8]
    if original[-8:] != struct.pack("<II", zlib.crc32(content), len(content) & 0xFFFFFFFF):
        return None  # several members, or trailing data: not one stream we can rebuild
    levels = GZIP_LEVELS if len(content) <= SEARCH_LIMIT else GZIP_LEVELS[:2]
    for mem_level in (8, 9):
        for level in levels:
            if _deflates_to(content, level, mem_level, body):
                return {"header": base64.b64encode(original[:start]).decode("ascii"), "level": level,
                        "mem_level": mem_level}
    return None


def _deflates_to(content: bytes, level: int, mem_level: int, body: bytes) -> bool:
    """Compress chunk by chunk and give up at the first byte that differs: a wrong level is
    usually told within the first chunk."""
    engine = zlib.compressobj(level, zlib.DEFLATED, -15, mem_level)
    produced = 0
    for offset in range(0, len(content), CHUNK):
        piece = engine.compress(content[offset:offset + CHUNK])
        if piece != body[produced:produced + len(piece)]:
            return False
        produced += len(piece)
    piece = engine.flush()
    return produced + len(piece) == len(body) and piece == body[produced:]


def _bz2_settings(original: bytes, content: bytes) -> dict | None:
    level = original[3] - ord("0")
    if original[:3] != b"BZh" or not 1 <= level <= 9:
        return None
    return {"level": level} if bz2.compress(content, level) == original else None


def _xz_settings(original: bytes, content: bytes) -> dict | None:
    check = original[7] & 0x0F  # stream flags: the check type
    presets = XZ_PRESETS if len(content) <= SEARCH_LIMIT else XZ_PRESETS[:1]
    for preset in presets:
        for extreme in (0, lzma.PRESET_EXTREME):
            if lzma.compress(content, format=lzma.FORMAT_XZ, check=check, preset=preset | extreme) == original:
                return {"check": check, "preset": preset | extreme}
    return None


def _zstd_settings(original: bytes, content: bytes) -> dict | None:
    descriptor = original[4]
    checksum = bool(descriptor & 0x04)
    content_size = bool(descriptor & 0xC0) or bool(descriptor & 0x20)
    levels = ZSTD_LEVELS if len(content) <= SEARCH_LIMIT else ZSTD_LEVELS[:1]
    for level in levels:
        settings = {"level": level, "checksum": checksum, "content_size": content_size}
        if compress(".zst", content, settings) == original:
            return settings
    return None
