"""Scan files: the per-file function (pure: input file + settings -> FileResult) and the run.

The per-file function is what a worker process or a cluster task calls; the run merges results in
input order and then applies the corpus-wide pass, so output never depends on scheduling.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable

from ..config import Settings
from ..model import FileResult, Finding
from ..sources.discovery import InputFile
from ..sources.formats import open_source
from .corpus import CorpusCounts, finalise, map_document
from .document import analyze, audit_document, default_detectors

UNREADABLE = {"IO001", "IO003"}
_DETECTORS: list | None = None


def _detectors() -> list:
    global _DETECTORS
    if _DETECTORS is None:  # built once per process
        _DETECTORS = default_detectors()
    return _DETECTORS


def scan_file(inp: InputFile, settings: Settings) -> FileResult:
    """Audit one file completely; never raises for anything wrong with the file."""
    source = open_source(inp, settings.text_field, settings.encoding)
    result = FileResult(path=inp.display, format=source.format)
    findings: list[Finding] = []
    languages: Counter = Counter()
    detectors = _detectors()
    for doc in source.documents:
        analyzed = analyze(doc)
        result.records += 1
        result.lines += len(analyzed.lines) - (analyzed.lines[-1] == "")
        if analyzed.language:
            languages[analyzed.language] += 1
        if not doc.text.strip() and doc.record is not None:
            findings.append(analyzed.finding("IO002", "record text is empty", None))
        findings.extend(audit_document(analyzed, detectors))
        map_document(analyzed, result)
    result.bytes = source.size
    result.encoding = source.encoding
    result.languages = dict(languages)
    result.language = ",".join(lang for lang, n in languages.most_common()
                               if n >= 0.1 * result.records) if languages else ""
    result.findings = [f for f in source.findings + findings if settings.wants(f.rule)]
    return result


@dataclass
class ScanResult:
    files: list[FileResult] = field(default_factory=list)
    template_lines: list = field(default_factory=list)  # (group, example, documents)

    @property
    def findings(self) -> Iterable[Finding]:
        for result in self.files:
            yield from result.findings


def finish(results: list[FileResult], settings: Settings) -> ScanResult:
    """The reduce step: corpus-wide repetition, statuses, and a stable order of everything."""
    counts = CorpusCounts()
    for result in results:
        counts.add(result)
    template = counts.template_lines(settings.corpus_min_documents, settings.corpus_min_share)
    for result in results:
        if settings.wants("RES008"):
            result.findings.extend(finalise(result, template, counts))
        result.findings.sort(key=Finding.sort_key)
        result.line_keys = {}
        codes = {f.rule for f in result.findings}
        if codes & UNREADABLE or ("IO004" in codes and result.records == 0):
            result.status = "unreadable"
        else:
            result.status = "dirty" if result.findings else "clean"
    results.sort(key=lambda r: r.path)
    return ScanResult(results, counts.top(template))


def run_scan(inputs: list[InputFile], settings: Settings,
             progress: Callable[[FileResult], None] | None = None) -> ScanResult:
    results = []
    for inp in inputs:
        result = scan_file(inp, settings)
        if progress:
            progress(result)
        results.append(result)
    return finish(results, settings)
