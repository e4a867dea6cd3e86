"""The parent process's memory through a scan: does it grow with the number of files?

Usage: python benchmarks/parent_memory.py CORPUS_DIR [JOBS] [--every N]   (default JOBS 2, N 20000)

Scans in this process (the parent; workers are separate processes), samples its resident memory
every 20 ms with psutil, and prints it at each stage: after discovery, every N files scanned,
after the corpus-wide pass, after the CSV report and after the HTML report (with the peak so
far). A corpus of many small files shows what the parent keeps per file:
`python benchmarks/make_corpus.py /tmp/small60k 220 --format txt --docs-per-file 1`.
"""
from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from auditor.config import Settings
from auditor.engine.scan import run_scan
from auditor.reports.html import write_html
from auditor.reports.tables import write_report_csv
from auditor.sources.discovery import discover


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    every = int(sys.argv[sys.argv.index("--every") + 1]) if "--every" in sys.argv else 20000
    if "--every" in sys.argv:
        args.remove(str(every))
    folder, jobs = args[0], int(args[1]) if len(args) > 1 else 2
    me = psutil.Process()
    peak, running = [0], [True]

    def sample() -> None:
        while running[0]:
            peak[0] = max(peak[0], me.memory_info().rss)
            time.sleep(0.02)

    threading.Thread(target=sample, daemon=True).start()
    print("| stage | RSS MB | peak so far MB |")
    print("|---|---|---|")

    def mark(stage: str) -> None:
        rss = me.memory_info().rss
        print(f"| {stage} | {rss >> 20} | {max(peak[0], rss) >> 20} |", flush=True)

    mark("start")
    inputs = discover([folder])
    mark(f"discovered {len(inputs):,} files")
    done = [0]

    def progress(_result) -> None:
        done[0] += 1
        if done[0] % every == 0:
            mark(f"{done[0]:,} files scanned")

    scan = run_scan(inputs, Settings(), progress=progress, jobs=jobs)
    mark("corpus pass done")
    with tempfile.TemporaryDirectory() as tmp:
        write_report_csv(scan, str(Path(tmp) / "report.csv"))
        mark("CSV report written")
        write_html(scan, str(Path(tmp) / "report.html"))
        mark("HTML report written")
    running[0] = False


if __name__ == "__main__":
    main()
