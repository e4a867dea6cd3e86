"""Throughput, peak memory and scaling with --jobs of the real command line on a corpus.

Usage: python benchmarks/scaling.py CORPUS_DIR [JOBS ...] [--no-pass]     (default JOBS: 1 2)

Runs `auditor scan CORPUS_DIR --jobs N --report ... -q` once per N as a separate process,
sampling the resident memory of the whole process tree (parent and workers, summed) every 0.1 s
with psutil, and prints a Markdown table: seconds, MB/s (of decompressed text), documents/s,
peak memory, speed-up over the first N. Also times the corpus-wide pass on its own (files
scanned in-process, then `finish`), to show what it adds to a scan.
"""
from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil


def run(corpus: str, jobs: int) -> tuple[float, int, int, int]:
    """(seconds, bytes, documents, peak RSS of the tree) of one scan."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.csv"
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "auditor", "scan", corpus, "--jobs", str(jobs),
                                 "--report", str(report), "-q", "--no-config", "--fail-on", "never"])
        parent = psutil.Process(proc.pid)
        peak = 0
        while proc.poll() is None:
            try:
                tree = [parent] + parent.children(recursive=True)
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.1)
        seconds = time.perf_counter() - start
        if proc.returncode not in (0, 1):
            raise SystemExit(f"scan failed with exit code {proc.returncode}")
        rows = list(csv.DictReader(report.open(encoding="utf-8")))
    return seconds, sum(int(r["bytes"]) for r in rows), sum(int(r["records"]) for r in rows), peak


def corpus_pass_share(corpus: str) -> tuple[float, float]:
    """(seconds of the per-file scans, seconds of the corpus-wide pass), serially in-process."""
    from auditor.config import Settings
    from auditor.engine.scan import finish, scan_file
    from auditor.engine.spool import ResultStore
    from auditor.sources.discovery import discover

    settings = Settings()
    inputs = discover([corpus])
    start = time.perf_counter()
    store = ResultStore(inputs)
    for position, inp in enumerate(inputs):  # results go to the store as they come, as in a scan
        store.put(position, scan_file(inp, settings))
    scanned = time.perf_counter() - start
    start = time.perf_counter()
    finish(store, settings)
    return scanned, time.perf_counter() - start


def main() -> None:
    corpus = sys.argv[1]
    jobs = [int(n) for n in sys.argv[2:] if n.isdigit()] or [1, 2]
    print(f"corpus: {corpus}; machine: {psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB")
    print("| --jobs | seconds | MB/s | documents/s | peak memory (MB) | speed-up |")
    print("|---|---|---|---|---|---|")
    first = None
    for n in jobs:
        seconds, size, documents, peak = run(corpus, n)
        first = first or seconds
        print(f"| {n} | {seconds:.1f} | {size / seconds / 1e6:.2f} | {documents / seconds:,.0f} | "
              f"{peak / 1e6:.0f} | {first / seconds:.2f}x |", flush=True)
    if "--no-pass" not in sys.argv:
        scanned, reduce = corpus_pass_share(corpus)
        print(f"corpus-wide pass: {reduce:.2f} s after {scanned:.1f} s of per-file scanning "
              f"(+{reduce / scanned * 100:.1f}%)")


if __name__ == "__main__":
    main()
