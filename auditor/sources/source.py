"""An opened input: what every reader fills in, whatever the format."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from .. import rules
from ..model import Document, Finding
from .compression import CorruptStream, open_stream
from .discovery import InputFile


@dataclass
class Source:
    """An opened input file: its metadata, the findings about the file, and its documents.

    `findings` grows while `documents` is consumed (a bad record is found when it is read).
    """

    input: InputFile
    format: str
    encoding: str = ""
    encoding_confidence: float = 1.0
    size: int = 0
    findings: list[Finding] = field(default_factory=list)
    documents: Iterator[Document] = iter(())

    def add(self, code: str, message: str, **where) -> None:
        self.findings.append(rules.make(code, self.input.display, where.pop("record", None), message, **where))


def open_input(source: Source):
    """Open the file's decompressed stream, or record why it cannot be opened and return None."""
    try:
        stream, _ = open_stream(source.input.fs_path, source.input.options)
    except CorruptStream as exc:
        source.add("IO004", str(exc))
        return None
    except OSError as exc:
        source.add("IO001", f"cannot open file: {exc.strerror or exc}")
        return None
    return stream
