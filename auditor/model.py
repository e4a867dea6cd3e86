"""Plain data passed between the layers: documents in, findings and file results out.

Everything here is frozen, slotted and picklable so that results can cross process boundaries
and be compared for determinism.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from enum import IntEnum
from operator import attrgetter

CATEGORIES = ("input", "encoding", "mojibake", "foreign", "residue")

FINDING_FIELDS = (
    "path", "record", "line", "column", "end_line", "end_column",
    "rule", "category", "severity", "message", "excerpt", "suggestion",
)


class Severity(IntEnum):
    """Ordered so that `--fail-on` can compare: info < warning < error."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> "Severity":
        try:
            return cls[name.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {name!r} (choose info, warning or error)") from None

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place.

    `line`/`end_line` are 1-based lines of the document's text, `column`/`end_column` 1-based
    character columns (end exclusive). A finding about a whole file or record has line None.
    """

    path: str
    record: int | None
    line: int | None
    column: int | None
    end_line: int | None
    end_column: int | None
    rule: str
    category: str
    severity: Severity
    message: str
    excerpt: str = ""
    suggestion: str = ""
    record_id: str | None = None
    url: str | None = None

    def sort_key(self) -> tuple:
        return (self.path, -1 if self.record is None else self.record,
                self.line or 0, self.column or 0, self.rule, self.message)

    def to_row(self) -> dict:
        row = asdict(self)
        row["severity"] = str(self.severity)
        return row

    def __reduce__(self):
        # pickled as its values, for the spools that hold a scan's findings: the slots pickling
        # of dataclasses looks the fields up again for every object, at three times the cost
        return Finding, _finding_values(self)


_finding_values = attrgetter(*(f.name for f in fields(Finding)))


@dataclass(frozen=True, slots=True)
class Document:
    """One unit of text: a whole .txt file, or one record of a JSON Lines file."""

    path: str
    record: int | None
    text: str
    record_id: str | None = None
    url: str | None = None
    first_line: int = 1  # the file's line number of the text's first line (a segment of a large file)


@dataclass(slots=True)
class FileResult:
    """Everything the engine learned about one input file; mergeable and picklable."""

    path: str
    format: str = "unknown"
    encoding: str = ""
    encoding_confidence: float = 1.0
    language: str = ""
    records: int = 0
    lines: int = 0
    bytes: int = 0
    findings: list[Finding] = field(default_factory=list)
    status: str = "clean"
    note: str = ""  # why a file was not audited (status "skipped")
    # For the corpus-wide repetition pass: the file's short-line hashes (engine.corpus.LineIndex),
    # documents per group, and the input to read again when a template line must be quoted.
    line_index: object = None
    group_docs: dict = field(default_factory=dict)
    input: object = None
    languages: dict = field(default_factory=dict)  # language -> documents
    confident_languages: dict = field(default_factory=dict)  # language -> documents identified surely
    unidentified: int = 0  # documents too short to identify reliably, with no prior from their own file
