"""Scan files: the per-file function (pure: input file + settings -> FileResult) and the run.

The per-file function is what a worker process or a cluster task calls; the run merges results in
input order and then applies the corpus-wide pass, so output never depends on scheduling.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Sequence

from ..config import Settings
from ..model import FileResult, Finding
from ..sources.discovery import InputFile
from ..sources.formats import open_source
from .corpus import NO_RECORD, CorpusCounts, IndexSpill, LineIndex, finalise, map_document, top_templates
from .document import analyze_ahead, audit_document, default_detectors
from .spool import FindingSpool, ResultStore

UNREADABLE = {"IO001", "IO003", "AUD003"}
DAMAGED = {"IO004", "IO008"}  # unreadable when nothing could be read before the damage
PRIOR_CONFIDENCE = 0.5  # a document identified less surely than this is no prior for others
SHORT_DOCUMENT = 120  # characters: below this a document's own language guess yields to the file's
_DETECTORS: dict = {}


def _detectors(settings: Settings) -> list:
    """Detectors for these settings, built once per process (and per residue configuration)."""
    key = (settings.residue_packs, settings.residue_threshold, settings.languages, settings.foreign_min_letters,
           settings.foreign_confidence, settings.allow)
    if key not in _DETECTORS:
        _DETECTORS[key] = default_detectors(settings)
    # a detector none of whose rules is wanted is not run at all (ignoring a family saves its time)
    return [d for d in _DETECTORS[key] if any(settings.wants(code) for code in d.codes)]


def scan_file(inp: InputFile, settings: Settings) -> FileResult:
    """Audit one file completely; never raises for anything wrong with the file."""
    source = open_source(inp, settings.text_field, settings.encoding, settings.encoding_prior or None)
    result = FileResult(path=inp.display, format="" if inp.skipped else source.format, line_index=LineIndex(),
                        input=inp)
    findings: list[Finding] = []
    languages: Counter = Counter()
    confident: Counter = Counter()  # documents identified surely enough to be a prior for others
    detectors = _detectors(settings)
    for analyzed in analyze_ahead(source.documents):
        doc = analyzed.doc
        if (not analyzed.language or len(doc.text) < SHORT_DOCUMENT) and doc.text.strip():
            # too short to identify reliably: its neighbours' language is the prior, the same
            # rule for a record as for a file. A record's neighbours are the file's documents so
            # far (a short record of a German JSONL file is German, so English in it is a
            # fragment); a file's are the corpus's (the corpus pass, see finish). A first record
            # with a guess of its own keeps it: reading a file of short records again for it
            # would double its cost.
            prior = max(confident, key=lambda lang: (confident[lang], lang)) if confident else settings.language_prior
            if not prior:
                # keeps its own guess, if any; with none, or as a whole file (one short document,
                # cheap to read again), the corpus pass gives it the corpus's language
                if not analyzed.language or doc.record is None:
                    result.unidentified += 1
            elif analyzed.language != prior:  # (a guess that agrees keeps its confidence and counts)
                analyzed.language, analyzed.language_confidence = prior, 0.0
        result.records += 1
        result.lines += len(analyzed.lines) - (analyzed.lines[-1] == "")
        if analyzed.language and analyzed.language_confidence:
            languages[analyzed.language] += 1
            if analyzed.language_confidence >= PRIOR_CONFIDENCE:
                confident[analyzed.language] += 1
        if not doc.text.strip() and doc.record is not None:
            findings.append(analyzed.finding("IO002", "record text is empty", None))
        found = audit_document(analyzed, detectors, settings.time_budget)
        findings.extend(_placed(found, doc.first_line - 1) if doc.first_line > 1 else found)
        map_document(analyzed, result, doc.first_line - 1)
    result.note = f"not audited: {inp.skipped}" if inp.skipped else ""
    result.bytes = source.size
    result.encoding = source.encoding
    result.encoding_confidence = source.encoding_confidence
    result.languages = dict(languages)
    result.confident_languages = dict(confident)
    result.language = ",".join(lang for lang, n in languages.most_common()
                               if n >= 0.1 * result.records) if languages else ""
    # a byte the reader could not decode is ENC003 at its offset; the U+FFFD the reader put in
    # its place is not a second finding
    undecodable = {(f.record, f.line) for f in source.findings if f.rule == "ENC003"}
    findings = [f for f in findings if not (f.rule == "ENC004" and (f.record, f.line) in undecodable)]
    result.findings = [_with_severity(f, settings) for f in source.findings + findings
                       if settings.wants_in(f.rule, inp.display)]
    return result


@dataclass
class ScanResult:
    files: Sequence[FileResult] = field(default_factory=list)  # a ResultStore after a scan: on disk
    template_lines: list = field(default_factory=list)  # corpus.TemplateLine, most repeated first
    settings: Settings | None = None
    interrupted: bool = False     # Ctrl-C: only the files in `files` were audited
    planned: int = 0              # how many files the scan set out to audit
    spool: object = None          # where the files' findings live on disk (kept open with the result)

    @property
    def findings(self) -> Iterable[Finding]:
        for result in self.files:
            yield from result.findings

    def rewrite(self, change: Callable[[FileResult], None]) -> None:
        """Apply `change` to every file's result and keep what it made of it (back on disk, with
        its findings spooled, when the results are stored)."""
        if not isinstance(self.files, ResultStore):
            for result in self.files:
                change(result)
            return
        for position, result in self.files.items():
            change(result)
            if self.spool is not None and isinstance(result.findings, list):
                result.findings = self.spool.store(result.findings)
            self.files.put(position, result)


TOP_TEMPLATES = 50


Mapper = Callable[[list[InputFile], Settings, Callable[[int, FileResult], None]], object]  # a runner's map


def scan_serially(inputs: list[InputFile], settings: Settings, take: Callable[[int, FileResult], None]) -> bool:
    for position, inp in enumerate(inputs):
        take(position, scan_file(inp, settings))
    return False


def finish(results: list[FileResult] | ResultStore, settings: Settings, mapper: Mapper = scan_serially,
           spool: FindingSpool | None = None) -> ScanResult:
    """The reduce step: corpus-wide repetition, statuses, and a stable order of everything, in
    passes over the stored results (one in memory at a time). `mapper` (a runner's map) scans
    again the files a corpus-wide prior changes, on the engine that scanned them, into the store;
    with a `spool`, each file's final findings go back to disk."""
    store = results if isinstance(results, ResultStore) else ResultStore.holding(results)
    store.arrange(key=lambda result: result.path)
    _with_corpus_prior(store, settings, mapper)
    _with_encoding_prior(store, settings, mapper)
    counts = CorpusCounts()
    for result in store:
        if result.line_index is not None:
            counts.add(result)
    template = counts.template_lines(settings.corpus_min_documents, settings.corpus_min_share)
    examples: dict = {}
    for position, result in store.items():
        findings = list(result.findings)
        if result.line_index is not None and template:
            result.findings = findings  # finalise looks at the residue already reported
            found = finalise(result, template, counts, lambda r, wanted: _read_lines(r, wanted, settings), examples)
            findings.extend(_with_severity(f, settings) for f in found if settings.wants_in(f.rule, result.path))
        findings.sort(key=Finding.sort_key)
        result.line_index = None
        codes = {f.rule for f in findings}
        if result.note:
            result.status = "skipped"
        elif codes & UNREADABLE or (codes & DAMAGED and result.records == 0):
            result.status = "unreadable"
        elif "AUD002" in codes:
            result.status = "partial"  # a time budget cut a document short: its audit has holes
        else:
            result.status = "dirty" if findings else "clean"
        result.findings = spool.store(findings) if spool is not None else findings
        store.put(position, result)
    scan = ScanResult(store, top_templates(template, counts, examples, TOP_TEMPLATES), settings)
    scan.spool = spool
    return scan


def _placed(findings: list[Finding], shift: int) -> list[Finding]:
    """Findings of a segment of a large file, moved to the file's line numbers."""
    return [replace(f, line=f.line + shift, end_line=None if f.end_line is None else f.end_line + shift)
            if f.line is not None else f for f in findings]


def _with_severity(finding: Finding, settings: Settings) -> Finding:
    severity = settings.severity_of(finding.rule, finding.severity)
    return finding if severity == finding.severity else replace(finding, severity=severity)


def _with_corpus_prior(store: ResultStore, settings: Settings, mapper: Mapper) -> None:
    """Files with a document too short to identify reliably and no earlier document of their own
    to lean on are scanned again with the corpus's dominant language as prior: a folder of
    one-line files is read in the corpus's language, as the short records of one file are read
    in the file's."""
    if settings.language_prior:
        return
    totals: Counter = Counter()
    again: list[int] = []
    for position, result in store.items():
        totals.update(result.confident_languages)
        if result.unidentified:
            again.append(position)
    if not again or not totals:
        return
    prior = max(totals, key=lambda lang: (totals[lang], lang))
    _rescan(store, again, replace(settings, language_prior=prior), mapper)


LEGACY_PRIOR_FILES = 3    # confidently decoded legacy files that make an encoding the corpus's own
LEGACY_PRIOR_SHARE = 0.6


def _with_encoding_prior(store: ResultStore, settings: Settings, mapper: Mapper) -> None:
    """Files of one scrape usually share an encoding: when most files decoded with confidence
    use one legacy code page, the files whose reading was a close call are read again with it as
    the tie-breaker."""
    if settings.encoding_prior:
        return
    sure: Counter = Counter()
    unsure: list[int] = []
    for position, result in store.items():
        if result.encoding and not result.encoding.startswith("utf") and result.encoding != "binary":
            if result.encoding_confidence >= 1.0:
                sure[result.encoding] += 1
            else:
                unsure.append(position)
    if not sure or not unsure:
        return
    encoding, count = max(sure.items(), key=lambda item: (item[1], item[0]))
    if count < LEGACY_PRIOR_FILES or count < LEGACY_PRIOR_SHARE * sum(sure.values()):
        return
    _rescan(store, unsure, replace(settings, encoding_prior=encoding), mapper)


def _rescan(store: ResultStore, positions: list[int], settings: Settings, mapper: Mapper) -> None:
    """Scan the files at `positions` anew under `settings`, each result replacing the old one in
    the store as it arrives."""
    chosen = [(position, store.input(position)) for position in positions]
    chosen = [(position, inp) for position, inp in chosen if inp is not None]
    if chosen:
        mapper([inp for _, inp in chosen], settings, lambda index, result: store.put(chosen[index][0], result))


def _read_lines(result: FileResult, wanted: set, settings: Settings) -> dict:
    """The text of the wanted (record, line) places, from a second read of the file."""
    records = {record for record, _ in wanted}
    found: dict = {}
    try:
        source = open_source(result.input, settings.text_field, settings.encoding, settings.encoding_prior or None)
        for doc in source.documents:
            record = NO_RECORD if doc.record is None else doc.record
            if record not in records:
                continue
            lines = doc.text.split("\n")
            first = doc.first_line  # segments of a large text file share record NO_RECORD
            for number in (n for r, n in wanted if r == record and first <= n < first + len(lines)):
                found[(record, number)] = (lines[number - first].rstrip("\r"), doc.record_id, doc.url)
    except Exception:  # noqa: BLE001 - a file gone or changed since the scan: findings without quotes
        return found
    return found


def run_scan(inputs: list[InputFile], settings: Settings,
             progress: Callable[[FileResult], None] | None = None, jobs: int = 1, runner=None) -> ScanResult:
    """Scan every input and apply the corpus-wide pass. `runner` is the engine (see
    engine/runners.py: local processes by default, Dask for a cluster); Ctrl-C stops the scan
    between files: the files done so far are finished as usual and the result says it was
    interrupted and where."""
    from .runners import LocalRunner

    runner = runner or LocalRunner(jobs)
    spill, spool, store = IndexSpill(), FindingSpool(), ResultStore(inputs)

    def take(position: int, result: FileResult) -> None:
        # memory stays flat as files arrive: their line indexes, findings and the result itself
        # go to disk
        if isinstance(result.line_index, LineIndex) and len(result.line_index.digest):
            result.line_index = spill.store(result.line_index)
        if progress:
            progress(result)
        result.findings = spool.store(result.findings)
        store.put(position, result)

    try:
        interrupted = runner.map(inputs, settings, take)
        scan = finish(store, settings, runner.map, spool)
    finally:
        spill.close()
    scan.interrupted = interrupted
    scan.planned = len(inputs)
    return scan
