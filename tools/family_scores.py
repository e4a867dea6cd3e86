"""Per-family scores on a labelled dev set (run by hand): each family's findings against its own labels.

usage: python tools/family_scores.py ../shared/eval/data [--corpus jsonl foreign] [--family foreign]

`score.py --only foreign` counts only foreign findings but keeps every positive label of the
corpus, so on the jsonl corpus (residue and foreign documents) its recall is the share of residue
*and* foreign lines found by foreign findings. This script scores a family on its own lines:
positives are lines labelled with the family, false positives lines labelled clean, and lines of
another family's label are left out of both.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path

FAMILIES = ("residue", "foreign", "mojibake")


def flagged_lines(folder: Path) -> dict[tuple, set[str]]:
    """(path, record, line) -> categories the auditor flagged there."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "findings.jsonl"
        subprocess.run(["auditor", "scan", ".", "--findings", str(out), "-q", "--exit-zero", "--no-config"],
                       cwd=folder, check=True)
        flagged: dict[tuple, set[str]] = defaultdict(set)
        for row in map(json.loads, out.read_text(encoding="utf-8").splitlines()):
            if row.get("line"):
                path = row["path"].removeprefix("./")
                for line in range(row["line"], (row.get("end_line") or row["line"]) + 1):
                    flagged[(path, row.get("record"), line)].add(row["category"])
        return flagged


def scores(labels: dict[tuple, str], flagged: dict[tuple, set[str]], family: str) -> dict[str, float]:
    tp = sum(1 for k, v in labels.items() if v == family and family in flagged.get(k, ()))
    fn = sum(1 for k, v in labels.items() if v == family and family not in flagged.get(k, ()))
    fp = sum(1 for k, v in labels.items() if v == "clean" and family in flagged.get(k, ()))
    clean = sum(1 for v in labels.values() if v == "clean")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"positives": tp + fn, "precision": round(precision, 3), "recall": round(recall, 3),
            "f1": round(f1, 3), "clean_flagged_per_1k": round(1000 * fp / clean, 1) if clean else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("--corpus", nargs="*", default=["foreign", "jsonl", "residue"])
    parser.add_argument("--family", nargs="*", default=list(FAMILIES))
    args = parser.parse_args()
    labels: dict[str, dict[tuple, str]] = defaultdict(dict)
    for row in map(json.loads, (args.data / "labels.jsonl").read_text(encoding="utf-8").splitlines()):
        labels[row["corpus"]][(row["path"], row["record"], row["line"])] = row["label"]
    for corpus in args.corpus:
        flagged = flagged_lines(args.data / corpus)
        for family in args.family:
            result = scores(labels[corpus], flagged, family)
            if result["positives"]:
                print(f"{corpus:9} {family:9} " + "  ".join(f"{k}={v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
