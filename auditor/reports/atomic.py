"""Write a report so that readers never see half of it: temporary file in the same folder, then rename.

A stream is not a file: `-` writes to standard output, and a path that is a character device or a
pipe (/dev/stdout, a FIFO) is written in place, never renamed over.
"""
from __future__ import annotations

import os
import stat
import sys
import tempfile
from contextlib import contextmanager
from typing import Iterator, TextIO


class ReportError(OSError):
    """A report could not be written (exit code 2)."""


@contextmanager
def atomic_text(path: str, newline: str | None = None) -> Iterator[TextIO]:
    if path == "-":
        sys.stdout.flush()
        with open(sys.stdout.fileno(), "w", encoding="utf-8", newline=newline, closefd=False) as handle:
            yield handle
        return
    target = os.path.abspath(path)
    if _is_stream(target):
        try:
            handle = open(target, "w", encoding="utf-8", newline=newline)  # noqa: SIM115
        except OSError as exc:
            raise ReportError(f"cannot write report {path}: {exc.strerror or exc}") from None
        with handle:
            yield handle
        return
    if os.path.isdir(target):
        raise ReportError(f"report path is a directory: {path}")
    with _replaced(target, f"report {path}", mode="w", encoding="utf-8", newline=newline) as handle:
        yield handle


def write_bytes_atomically(target: str, data: bytes) -> None:
    with atomic_binary(target) as handle:
        handle.write(data)


@contextmanager
def atomic_binary(target: str):
    """A file of the cleaned copy: its folder made if needed, then the same temporary-and-rename."""
    os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
    with _replaced(os.path.abspath(target), target, mode="wb") as handle:
        yield handle


@contextmanager
def _replaced(target: str, label: str, **open_args):
    folder = os.path.dirname(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".auditor-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ReportError(f"cannot write {label}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, **open_args) as handle:
            yield handle
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes the file private; a report is not
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _is_stream(target: str) -> bool:
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
