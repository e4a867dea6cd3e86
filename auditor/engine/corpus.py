"""Corpus-wide repetition as map and reduce: lines that recur across many documents of a group.

Map (per file, in any worker): for each document, the hashes of its short normalised lines, with
where they occur. Reduce: count in how many documents of each group a hash occurs. Finalise:
hashes above the group's threshold are template lines; each occurrence becomes a RES008 finding.
Hashes are blake2b digests, stable across processes and machines (unlike Python's hash()).
"""
from __future__ import annotations

import hashlib
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .. import rules
from ..detectors.base import AnalyzedDocument, excerpt
from ..detectors.packs import normalise
from ..model import FileResult, Finding

MAX_KEY_CHARS = 200


def group_of(analyzed: AnalyzedDocument) -> str:
    """Documents of one site share a template: group by URL host, else by folder."""
    if analyzed.doc.url:
        host = urlsplit(analyzed.doc.url).hostname
        if host:
            return host.removeprefix("www.")
    return os.path.dirname(analyzed.doc.path) or "."


def line_hash(key: str) -> bytes:
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest()


def map_document(analyzed: AnalyzedDocument, result: FileResult) -> None:
    """Add this document's candidate template lines to the file result."""
    group = group_of(analyzed)
    result.group_docs[group] = result.group_docs.get(group, 0) + 1
    seen: set[bytes] = set()
    for number, line in enumerate(analyzed.lines, 1):
        if not line.strip() or len(line) > MAX_KEY_CHARS:
            continue
        key = normalise(line)
        if not key:
            continue
        digest = line_hash(key)
        where = (analyzed.doc.record, number, len(line) + 1, excerpt(line, 80),
                 analyzed.doc.record_id, analyzed.doc.url, digest not in seen)
        seen.add(digest)
        result.line_keys.setdefault((group, digest), []).append(where)


@dataclass
class CorpusCounts:
    """The reduced state: documents per group and documents per (group, line hash)."""

    group_docs: Counter = field(default_factory=Counter)
    line_docs: Counter = field(default_factory=Counter)
    example: dict = field(default_factory=dict)

    def add(self, result: FileResult) -> None:
        self.group_docs.update(result.group_docs)
        for key, places in result.line_keys.items():
            self.line_docs[key] += sum(1 for place in places if place[6])
            self.example.setdefault(key, places[0][3])

    def threshold(self, group: str, min_documents: int, min_share: float) -> int:
        return max(min_documents, int(min_share * self.group_docs[group] + 0.999))

    def template_lines(self, min_documents: int, min_share: float) -> set:
        return {key for key, n in self.line_docs.items()
                if n >= self.threshold(key[0], min_documents, min_share)}

    def top(self, keys: set, limit: int = 20) -> list[tuple[str, str, int]]:
        """The most repeated template lines: (group, example text, documents)."""
        ranked = sorted(keys, key=lambda k: (-self.line_docs[k], k[0], self.example[k]))
        return [(k[0], self.example[k], self.line_docs[k]) for k in ranked[:limit]]


def finalise(result: FileResult, template: set, counts: CorpusCounts) -> list[Finding]:
    """RES008 findings for this file's occurrences of template lines not already flagged."""
    flagged = {(f.record, f.line) for f in result.findings if f.category == "residue" and f.line}
    findings = []
    for key, places in result.line_keys.items():
        if key not in template:
            continue
        n, total = counts.line_docs[key], counts.group_docs[key[0]]
        for record, line, end_column, text, record_id, url, _ in places:
            if (record, line) in flagged:
                continue
            findings.append(rules.make(
                "RES008", result.path, record, f"line occurs in {n} of {total} documents of '{key[0]}'",
                line=line, column=1, end_column=end_column, excerpt=text, record_id=record_id, url=url))
    return findings
