"""Side by side: the pipeline a user would write with the named libraries, and `auditor scan`.

Usage: python benchmarks/naive_pipeline.py CORPUS_DIR [MEGABYTES]

The naive pipeline reads every document and, line by line, runs ftfy (`fix_text`, as users
call it: a line it changes is flagged), asks langdetect (seeded) for the line's language and
compares it with the document's, and applies the C4 line rules (terminal punctuation, at least
three words, no "javascript", "lorem ipsum", curly braces or policy boilerplate). The auditor
runs serially in-process (`--jobs 1`, every default detector, the corpus-wide pass included).
Both see the same first MEGABYTES (default 2) of text; prints MB/s of each and the ratio.
"""
from __future__ import annotations

import sys
import time

from auditor.config import Settings
from auditor.engine.scan import finish, scan_file
from auditor.langid import forget_answers
from auditor.sources.discovery import discover
from auditor.sources.formats import open_source

TERMINAL = (".", "?", "!", '"', "'", "\u201d", "\u2019", "\u2026")
POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies")


def naive(texts: list[str]) -> int:
    """The per-line pipeline; returns the number of lines it flags."""
    from ftfy import fix_text
    from langdetect import DetectorFactory, detect

    DetectorFactory.seed = 0

    def language(text: str) -> str | None:
        try:
            return detect(text)
        except Exception:  # noqa: BLE001 - langdetect raises on text without letters
            return None

    flagged = 0
    for text in texts:
        document = language(text)
        for line in text.split("\n"):
            s = line.strip()
            if not s:
                continue
            low = s.lower()
            c4 = (not s.endswith(TERMINAL) or len(s.split()) < 3 or "javascript" in low or "lorem ipsum" in low
                  or "{" in s or any(p in low for p in POLICY))
            foreign = document is not None and language(s) not in (None, document)
            flagged += bool(c4 or foreign or fix_text(s) != s)
    return flagged


def main() -> None:
    folder = sys.argv[1]
    budget = float(sys.argv[2]) * 1e6 if len(sys.argv) > 2 else 2e6
    inputs, texts, size = [], [], 0
    for inp in discover([folder]):
        if size >= budget:
            break
        inputs.append(inp)
        for doc in open_source(inp).documents:
            texts.append(doc.text)
            size += len(doc.text.encode("utf-8"))
    settings = Settings()
    scan_file(inputs[0], settings)  # models loaded before the clock starts, for both
    naive(texts[:3])
    forget_answers()  # the warm-up saw the first file: its langdetect answers must not be reused

    start = time.perf_counter()
    finish([scan_file(inp, settings) for inp in inputs], settings)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    naive(texts)
    theirs = time.perf_counter() - start
    mb = size / 1e6
    print(f"{mb:.1f} MB, {len(texts)} documents")
    print("| pipeline | seconds | MB/s |")
    print("|---|---|---|")
    print(f"| naive (ftfy fix_text + langdetect + C4 rules, per line) | {theirs:.1f} | {mb / theirs:.3f} |")
    print(f"| auditor scan, --jobs 1 | {ours:.1f} | {mb / ours:.2f} |")
    print(f"auditor / naive: {theirs / ours:.0f}x")


if __name__ == "__main__":
    main()
