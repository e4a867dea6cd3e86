"""What every detector sees: a document split into lines, with its language, and a way to report.

Detectors are independent of one another: each takes an `AnalyzedDocument` and yields findings.
They keep no state between documents, so one instance per worker process serves a whole scan.
"""
from __future__ import annotations

import time
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterable, Protocol

from .. import rules
from ..model import Document, Finding

EXCERPT_CHARS = 120
CHECK_EVERY = 512  # lines between two looks at the clock


class OutOfTime(Exception):
    """A detector ran past the document's time budget; the engine reports it and moves on. Its
    argument, when a line loop raised it, is the line the detector had reached."""


def may_hold_address(line: str) -> bool:
    """Whether a URL or e-mail address can be in the line (each has one of these): the gate in
    front of the address regexes, which are the costliest step of an ordinary line."""
    return "@" in line or "://" in line or "www." in line


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(slots=True)
class AnalyzedDocument:
    """A document with the per-document facts detectors share (computed once)."""

    doc: Document
    lines: list[str]                 # the text's lines, without '\n' or a trailing '\r'
    starts: list[int]                # character offset of each line in doc.text
    language: str = ""               # ISO 639-1 code of the dominant language, "" if unknown
    language_confidence: float = 0.0
    scripts: dict = field(default_factory=dict)  # letters per script in the whole document
    deadline: float | None = None    # time.monotonic() after which detectors give up on this document

    @classmethod
    def of(cls, doc: Document) -> "AnalyzedDocument":
        lines = doc.text.split("\n")
        starts, pos = [], 0
        for line in lines:
            starts.append(pos)
            pos += len(line) + 1
        return cls(doc, [line[:-1] if line.endswith("\r") else line for line in lines], starts)

    def check_time(self, number: int) -> None:
        """Called by line loops; every CHECK_EVERY lines, raise OutOfTime past the deadline."""
        if self.deadline is not None and number % CHECK_EVERY == 0 and time.monotonic() > self.deadline:
            raise OutOfTime(number)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset in the document text."""
        index = bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1

    def finding(self, code: str, message: str, line: int | None, column: int | None = None,
                end_column: int | None = None, *, end_line: int | None = None,
                text: str | None = None, suggestion: str = "") -> Finding:
        if line is not None and column is None:
            column, end_column = 1, len(self.lines[line - 1]) + 1
        if text is None and line is not None:
            text = self.lines[line - 1]
        return rules.make(code, self.doc.path, self.doc.record, message, line=line, column=column,
                          end_line=end_line, end_column=end_column,
                          excerpt=excerpt(text or ""), suggestion=suggestion,
                          record_id=self.doc.record_id, url=self.doc.url)

    def span_finding(self, code: str, message: str, start: int, end: int, suggestion: str = "") -> Finding:
        """A finding for the character range [start, end) of the document text."""
        line, column = self.position(start)
        end_line, end_column = self.position(max(start, end - 1))
        context = self.lines[line - 1]
        return self.finding(code, message, line, column, end_column + 1, end_line=end_line,
                            text=context, suggestion=suggestion)


class Detector(Protocol):
    """One family of checks. `codes` lists the rules it can report."""

    codes: tuple[str, ...]

    def check(self, doc: AnalyzedDocument) -> Iterable[Finding]: ...
