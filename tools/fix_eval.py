"""Measure `auditor fix` on the labelled dev corpus (run by hand; prints the figures for the README).

usage: python tools/fix_eval.py ../shared/eval/data [--apply ENC,MOJ]

For each corpus: fix it into a temporary folder with the given repairs, scan the copy, and undo
the fix; then report
- encoding and mojibake findings left in the cleaned copy (what could not be repaired),
- clean articles byte-identical to their originals (the fix must not touch clean text),
- mojibake lines whose repair equals the article as published (mojibake/X.txt is clean/X.txt
  with paragraphs mis-decoded; lines are compared where the two files have the same line count),
- files restored byte for byte by `fix --undo`,
- seconds for the scan and for the fix.
"""
from __future__ import annotations

import argparse
import filecmp
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path


def run(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def findings(folder: Path, out: Path) -> list[dict]:
    run(["auditor", "scan", str(folder), "--findings", str(out), "-q", "--no-config"])
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("--apply", default="ENC,MOJ")
    parser.add_argument("--drop-unrepairable", action="store_true")
    parser.add_argument("--corpus", nargs="*", default=["clean", "mojibake", "legacy", "ftfy", "encoding", "jsonl"])
    args = parser.parse_args()
    labels = [json.loads(line) for line in (args.data / "labels.jsonl").open(encoding="utf-8")]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for corpus in args.corpus:
            source, cleaned, restored = args.data / corpus, work / f"{corpus}-clean", work / f"{corpus}-restored"
            scan_seconds = run(["auditor", "scan", str(source), "-q", "--no-config", "--fail-on", "never"])
            fix_seconds = run(["auditor", "fix", str(source), "--out", str(cleaned), "--apply", args.apply,
                               "--log", str(work / f"{corpus}.log.jsonl"), "-q", "--no-config"]
                              + (["--drop-unrepairable"] if args.drop_unrepairable else []))
            run(["auditor", "fix", "--undo", str(work / f"{corpus}.log.jsonl"), "--out", str(restored)])
            files = sorted(p.relative_to(source) for p in source.rglob("*") if p.is_file())
            same = sum(filecmp.cmp(source / f, restored / f, shallow=False) for f in files if (restored / f).exists())
            left = Counter(f["rule"] for f in findings(cleaned, work / f"{corpus}.left.jsonl")
                           if f["category"] in ("encoding", "mojibake"))
            line = f"{corpus:9s} scan {scan_seconds:5.1f} s  fix {fix_seconds:5.1f} s  undo exact {same}/{len(files)}"
            line += f"  encoding/mojibake findings left: {sum(left.values())} {dict(left) if left else ''}"
            if corpus == "clean":
                identical = sum(filecmp.cmp(source / f, cleaned / f, shallow=False) for f in files)
                line += f"  clean files byte-identical: {identical}/{len(files)}"
            if corpus == "mojibake":
                line += "  " + repaired_share(args.data, cleaned, labels)
            print(line, flush=True)


def repaired_share(data: Path, cleaned: Path, labels: list[dict]) -> str:
    dirty = {(r["path"], r["line"]) for r in labels if r["corpus"] == "mojibake" and r["label"] == "mojibake"}
    equal = total = 0
    for path in sorted({p for p, _ in dirty}):
        fixed = (cleaned / path).read_text(encoding="utf-8").split("\n")
        original = (data / "clean" / path).read_text(encoding="utf-8").split("\n")
        if len(fixed) != len(original):
            continue
        for number in (n for p, n in dirty if p == path):
            total += 1
            equal += fixed[number - 1] == original[number - 1]
    return f"mojibake lines repaired to the published text: {equal}/{total} ({equal / max(total, 1):.3f})"


if __name__ == "__main__":
    sys.exit(main())
