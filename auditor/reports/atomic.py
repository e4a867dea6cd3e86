"""Write a report so that readers never see half of it: temporary file in the same folder, then rename."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from typing import Iterator, TextIO


class ReportError(OSError):
    """A report could not be written (exit code 2)."""


@contextmanager
def atomic_text(path: str, newline: str | None = None) -> Iterator[TextIO]:
    target = os.path.abspath(path)
    if os.path.isdir(target):
        raise ReportError(f"report path is a directory: {path}")
    folder = os.path.dirname(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".auditor-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ReportError(f"cannot write report {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
            yield handle
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes the file private; a report is not
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
