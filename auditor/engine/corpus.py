"""Corpus-wide repetition as map and reduce: lines that recur across many documents of a group.

Map (per file, in any worker): the 8-byte hashes of the document's short normalised lines and
where they occur, in compact arrays (hashes, not strings: a file's index costs about 20 bytes a
line). As each file's result arrives, its index is spilled to a temporary file (IndexSpill), so
the scan holds no index in memory. Reduce: in how many documents of each group (URL host, else
folder) each hash occurs, counted in bounded memory: the first occurrences are appended to
a spill by shard of hash and counted one shard at a time; only template lines' counts are kept.
Finalise: hashes above the group's threshold are template lines; each file that holds one is
read again to quote the line in its RES008 findings and in the report's list of the most
repeated template lines. Hashes are blake2b digests, stable across processes and machines.
"""
from __future__ import annotations

import hashlib
import os
from array import array
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .. import rules
from ..detectors.base import AnalyzedDocument, excerpt
from ..detectors.packs import normalise
from ..model import FileResult, Finding
from ..spill import Spill

MAX_KEY_CHARS = 200   # longer lines are paragraphs, not template
NO_RECORD = -1


def group_of(analyzed: AnalyzedDocument) -> str:
    """Documents of one site share a template: group by URL host, else by folder."""
    if analyzed.doc.url:
        host = urlsplit(analyzed.doc.url).hostname
        if host:
            return host.removeprefix("www.")
    return os.path.dirname(analyzed.doc.path) or "."


def line_hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


def line_key(line: str) -> str | None:
    """The normalised form a line is counted under, or None when it is not a candidate."""
    if not line.strip() or len(line) > MAX_KEY_CHARS:
        return None
    return normalise(line) or None


@dataclass(slots=True)
class LineIndex:
    """One file's candidate template lines: parallel arrays, one entry per occurrence."""

    groups: list = field(default_factory=list)          # group names used in this file
    group: array = field(default_factory=lambda: array("H"))
    digest: array = field(default_factory=lambda: array("Q"))
    record: array = field(default_factory=lambda: array("q"))
    line: array = field(default_factory=lambda: array("L"))
    first: bytearray = field(default_factory=bytearray)  # first occurrence in its document

    def entries(self):
        for i in range(len(self.digest)):
            yield self.groups[self.group[i]], self.digest[i], self.record[i], self.line[i], self.first[i]

    def load(self) -> "LineIndex":
        return self


ARRAYS = ("group", "digest", "record", "line")


class IndexSpill(Spill):
    """The line indexes of every file of a scan, on disk until the reduce step needs them, one
    at a time. What stays in memory per file is a handle: where its index is, how many entries,
    and its group names (one shared tuple for all files with the same groups)."""

    def __init__(self):
        super().__init__()
        self._groups: dict = {}

    def store(self, index: LineIndex) -> "StoredIndex":
        offset = self.append(*(getattr(index, name).tobytes() for name in ARRAYS), bytes(index.first))
        groups = tuple(index.groups)
        return StoredIndex(self, offset, len(index.first), self._groups.setdefault(groups, groups))


@dataclass(slots=True)
class StoredIndex:
    """A line index spilled to disk: where it is, loaded back on demand (each array's size
    follows from the number of entries)."""

    spill: IndexSpill
    offset: int
    entries_count: int
    groups: tuple

    def load(self) -> LineIndex:
        index = LineIndex(groups=list(self.groups))
        position = self.offset
        for name in ARRAYS:
            array_ = getattr(index, name)
            size = array_.itemsize * self.entries_count
            array_.frombytes(self.spill.read(position, size))
            position += size
        index.first = bytearray(self.spill.read(position, self.entries_count))
        return index


def map_document(analyzed: AnalyzedDocument, result: FileResult, shift: int = 0) -> None:
    """Add this document's candidate template lines to the file result's index (`shift`: the
    lines before a segment of a large file)."""
    group = group_of(analyzed)
    result.group_docs[group] = result.group_docs.get(group, 0) + 1
    index: LineIndex = result.line_index
    if group not in index.groups:
        index.groups.append(group)
    group_number = index.groups.index(group)
    record = NO_RECORD if analyzed.doc.record is None else analyzed.doc.record
    seen: set[int] = set()
    for number, line in enumerate(analyzed.lines, 1):
        key = line_key(line)
        if key is None:
            continue
        digest = line_hash(key)
        index.group.append(group_number)
        index.digest.append(digest)
        index.record.append(record)
        index.line.append(number + shift)
        index.first.append(digest not in seen)
        seen.add(digest)


SHARDS = 64
FLUSH = 1 << 14  # entries per shard kept in memory before they are appended to its file
COUNTED = 1 << 18  # (group, line) entries counted at once: about 30 MB of counter at most
MASK = (1 << 64) - 1


class CorpusCounts:
    """The reduced state: documents per group (small, in memory), and documents per (group, line
    hash) counted in bounded memory: first occurrences are spilled to disk by shard of hash and
    counted one shard at a time. After template_lines(), `line_docs` holds the counts of the
    template lines only."""

    def __init__(self):
        self.group_docs: Counter = Counter()
        self.line_docs: dict = {}
        self._group_ids: dict[str, int] = {}
        self._pending = [array("Q") for _ in range(SHARDS)]
        self._spill = Spill()                               # flushed entries of every shard
        self._chunks: list[list] = [[] for _ in range(SHARDS)]  # (offset, size) of each in the spill

    def add(self, result: FileResult) -> None:
        self.group_docs.update(result.group_docs)
        index = result.line_index.load()
        ids = [self._group_ids.setdefault(group, len(self._group_ids)) for group in index.groups]
        for number, digest, first in zip(index.group, index.digest, index.first):
            if first:
                shard = self._pending[digest % SHARDS]
                shard.append(ids[number])
                shard.append(digest)
                if len(shard) >= 2 * FLUSH:
                    self._flush(digest % SHARDS)

    def _flush(self, shard: int) -> None:
        data = self._pending[shard].tobytes()
        self._chunks[shard].append((self._spill.append(data), len(data)))
        self._pending[shard] = array("Q")

    def threshold(self, group: str, min_documents: int, min_share: float) -> int:
        return max(min_documents, int(min_share * self.group_docs[group] + 0.999))

    def template_lines(self, min_documents: int, min_share: float) -> set:
        names = {number: group for group, number in self._group_ids.items()}
        template: set = set()
        try:
            for shard in range(SHARDS):
                entries = array("Q")
                for offset, size in self._chunks[shard]:
                    entries.frombytes(self._spill.read(offset, size))
                entries.extend(self._pending[shard])
                self._pending[shard] = array("Q")
                # a shard of a very large corpus is counted in slices of its hashes, so that the
                # counter never holds more than COUNTED entries whatever the corpus's size
                slices = max(1, -(-len(entries) // (2 * COUNTED)))
                for part in range(slices):
                    counted = Counter((number << 64) | digest for number, digest in zip(entries[0::2], entries[1::2])
                                      if slices == 1 or (digest // SHARDS) % slices == part)
                    for key, n in counted.items():
                        group, digest = names[key >> 64], key & MASK
                        if n >= self.threshold(group, min_documents, min_share):
                            template.add((group, digest))
                            self.line_docs[(group, digest)] = n
        finally:
            self.close()
        return template

    def close(self) -> None:
        self._spill.close()
        self._chunks = [[] for _ in range(SHARDS)]


@dataclass
class TemplateLine:
    """A row of the report's template section."""

    group: str
    text: str
    documents: int
    group_documents: int

    @property
    def share(self) -> float:
        return self.documents / self.group_documents if self.group_documents else 0.0


def finalise(result: FileResult, template: set, counts: CorpusCounts, read_lines,
             examples: dict) -> list[Finding]:
    """RES008 findings for this file's occurrences of template lines not already flagged.

    `read_lines(result)` returns {(record, line): (text, record_id, url)} for the wanted places
    (the file is read again; it returns {} when the file is gone). `examples` collects one
    quoted line per template key for the report.
    """
    hits = [(g, d, r, n) for g, d, r, n, _ in result.line_index.load().entries() if (g, d) in template]
    if not hits:
        return []
    flagged = {(NO_RECORD if f.record is None else f.record, f.line)
               for f in result.findings if f.category == "residue" and f.line}
    texts = read_lines(result, {(r, n) for _, _, r, n in hits})
    findings = []
    for group, digest, record, number in hits:
        text, record_id, url = texts.get((record, number), ("", None, None))
        if text and line_hash(line_key(text) or "") != digest:
            text = ""  # the file changed since it was scanned: do not quote the wrong line
        if text:
            examples.setdefault((group, digest), excerpt(text, 80))
        if (record, number) in flagged:
            continue
        n, total = counts.line_docs[(group, digest)], counts.group_docs[group]
        findings.append(rules.make(
            "RES008", result.path, None if record == NO_RECORD else record,
            f"line occurs in {n} of {total} documents of '{group}'", line=number, column=1,
            end_column=len(text) + 1 if text else None, excerpt=excerpt(text), record_id=record_id, url=url))
    return findings


def top_templates(template: set, counts: CorpusCounts, examples: dict, limit: int) -> list[TemplateLine]:
    """The most repeated template lines, most documents first, then by group and text."""
    rows = [TemplateLine(group, examples.get((group, digest), f"#{digest:016x}"),
                         counts.line_docs[(group, digest)], counts.group_docs[group])
            for group, digest in template]
    rows.sort(key=lambda t: (-t.documents, t.group, t.text))
    return rows[:limit]
