"""Whole-scan throughput, with every detector and with one family switched off.

Usage: python benchmarks/scan_speed.py CORPUS_DIR [REPEAT]

Runs the serial scan (as `auditor scan`, without writing reports) REPEAT times (default 3) and
prints the best time per configuration as MB/s and lines/s, so the cost of each stage is
visible: "all detectors", then without the language stage (LNG), residue (RES), mojibake (MOJ).
Answers remembered for repeated text (langdetect's) are forgotten before each run: a run must
not profit from having seen the same corpus before.
"""
from __future__ import annotations

import sys
import time

from auditor.config import Settings
from auditor.engine.scan import run_scan
from auditor.langid import forget_answers
from auditor.sources.discovery import discover

CONFIGURATIONS = {
    "all detectors": Settings(),
    "without language (LNG)": Settings(ignore=("LNG",)),
    "without residue (RES)": Settings(ignore=("RES",)),
    "without mojibake (MOJ)": Settings(ignore=("MOJ",)),
}


def main() -> None:
    folder = sys.argv[1]
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    inputs = discover([folder], (), ())
    print("| configuration | MB/s | lines/s | seconds |")
    print("|---|---|---|---|")
    for name, settings in CONFIGURATIONS.items():
        run_scan(inputs, settings)  # warm-up: models loaded, files in the page cache
        best = float("inf")
        for _ in range(repeat):
            forget_answers()
            start = time.perf_counter()
            result = run_scan(inputs, settings)
            best = min(best, time.perf_counter() - start)
        size = sum(r.bytes for r in result.files)
        lines = sum(r.lines for r in result.files)
        print(f"| {name} | {size / best / 1e6:.2f} | {lines / best:,.0f} | {best:.2f} |")


if __name__ == "__main__":
    main()
