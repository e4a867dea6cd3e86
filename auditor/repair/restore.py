"""Rebuild an original file from its cleaned copy and the log entries of that file.

The cleaned text is the original's units (lines of a text file, records of a JSON Lines file)
with some units replaced; the log holds each replaced unit's text before and after. Walking the
cleaned text, unchanged units are taken as they are and changed ones swapped back; each unit is
then encoded as the original was, except units whose bytes the log holds verbatim (bytes no
decoding could represent); the original's BOM and compression close the circle.
"""
from __future__ import annotations

import base64
import hashlib

from .containers import compress


class RestoreError(Exception):
    """The cleaned copy does not match its log (edited since, or another file)."""


def original_units(cleaned: str, changes: list[tuple[int, str, str]]) -> list[str]:
    """The original units, given the cleaned text and (unit, before, after) for each changed unit."""
    units: list[str] = []
    position, current = 0, 1
    for unit, before, after in sorted(changes):
        while current < unit:
            position = _take_line(cleaned, position, units)
            current += 1
        if cleaned[position:position + len(after)] != after:
            raise RestoreError(f"unit {unit}: the cleaned copy does not hold what the log says was written there")
        units.append(before)
        position += len(after)
        current += 1
    while position < len(cleaned):
        position = _take_line(cleaned, position, units)
    return units


def _take_line(text: str, position: int, units: list[str]) -> int:
    if position >= len(text):
        raise RestoreError("the cleaned copy is shorter than its log says")
    end = text.find("\n", position)
    end = len(text) if end < 0 else end + 1
    units.append(text[position:end])
    return end


def original_bytes(file_entry: dict, cleaned_content: bytes, changes: list[tuple[int, str, str]],
                   raw_units: dict[int, bytes]) -> bytes:
    """The original file's bytes (compressed as it was) from the cleaned content (decompressed)."""
    units = original_units(cleaned_content.decode("utf-8"), changes)
    codec = file_entry["codec"]
    body = b"".join(raw_units[index] if index in raw_units else unit.encode(codec)
                    for index, unit in enumerate(units, 1))
    content = base64.b64decode(file_entry.get("bom", "")) + body
    return compress(file_entry.get("compression"), content, file_entry.get("container"))


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
