"""Audit one document: shared analysis once, then every detector, each isolated from the others."""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from .. import rules
from ..config import Settings
from ..detectors.base import AnalyzedDocument, OutOfTime
from ..detectors.homoglyphs import HomoglyphDetector
from ..detectors.hygiene import HygieneDetector
from ..detectors.language import LanguageDetector, document_language
from ..detectors.mojibake import MojibakeDetector
from ..detectors.packs import default_matcher
from ..detectors.residue import ResidueDetector
from ..scripts import letter_scripts
from ..detectors.words import forget_document
from ..model import Document, Finding


def default_detectors(settings: Settings | None = None) -> list:
    settings = settings or Settings()
    residue = ResidueDetector(default_matcher(settings.residue_packs), threshold=settings.residue_threshold)
    language = LanguageDetector(settings.languages, settings.foreign_min_letters, settings.foreign_confidence,
                                settings.allow)
    return [HygieneDetector(), MojibakeDetector(), language, HomoglyphDetector(), residue]


def analyze(doc: Document) -> AnalyzedDocument:
    analyzed = AnalyzedDocument.of(doc)
    analyzed.scripts = dict(letter_scripts(doc.text[:50000]))
    analyzed.language, analyzed.language_confidence = document_language(doc.text)
    return analyzed


AHEAD_DOCUMENTS, AHEAD_CHARACTERS = 32, 200_000


def analyze_ahead(documents: Iterable[Document]) -> Iterator[AnalyzedDocument]:
    """`analyze` each document, a few ahead of the detectors: the language identifier runs on
    consecutive documents while its model is in the processor's cache (the detectors' work in
    between evicted it and doubled its cost). At most AHEAD_DOCUMENTS documents or about
    AHEAD_CHARACTERS characters are held; each is analysed exactly as alone."""
    batch: list[AnalyzedDocument] = []
    held = 0
    for doc in documents:
        batch.append(analyze(doc))
        held += len(doc.text)
        if len(batch) >= AHEAD_DOCUMENTS or held >= AHEAD_CHARACTERS:
            yield from batch
            batch, held = [], 0
    yield from batch


def audit_document(analyzed: AnalyzedDocument, detectors: list, budget: float | None = None) -> list[Finding]:
    """Run every detector; a detector that raises yields an AUD001 finding, never a crash, and a
    document that outlives its time budget (seconds) gets AUD002 naming the checks it missed."""
    findings: list[Finding] = []
    if budget:
        analyzed.deadline = time.monotonic() + budget
    for index, detector in enumerate(detectors):
        try:
            if analyzed.deadline is not None and time.monotonic() > analyzed.deadline:
                raise OutOfTime
            findings.extend(detector.check(analyzed))
        except OutOfTime as stop:
            skipped = ", ".join(type(d).__name__.removesuffix("Detector").lower() for d in detectors[index:])
            where = (f" ({skipped.split(', ')[0]} stopped at line {stop.args[0]} of {len(analyzed.lines)})"
                     if stop.args else "")
            findings.append(rules.make(
                "AUD002", analyzed.doc.path, analyzed.doc.record,
                f"document exceeded its time budget of {budget:g} s; not fully checked: {skipped}{where}; "
                "the file is reported as partial",
                record_id=analyzed.doc.record_id, url=analyzed.doc.url))
            break
        except Exception as exc:  # noqa: BLE001 - one detector's bug must not stop the scan
            findings.append(rules.make(
                "AUD001", analyzed.doc.path, analyzed.doc.record,
                f"{type(detector).__name__} failed: {type(exc).__name__}; document not fully audited",
                record_id=analyzed.doc.record_id, url=analyzed.doc.url))
    forget_document()
    return findings
