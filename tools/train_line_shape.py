"""Fit the line-shape model (auditor/data/line_shape.toml) on labelled lines.

Usage: python tools/train_line_shape.py LABELLED_DIR [--write]

LABELLED_DIR holds `labels.jsonl` (corpus, path, record, line, label) and one folder per corpus,
the layout of the dev evaluation set. Lines already caught by the residue rules that do not use
the model are left out: the model decides only what the other rules leave open. Prints grouped
cross-validation (folds by document, so a document's lines never score their own fit) before
writing the weights, so the figures reported are out-of-sample.
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

from auditor.detectors.base import AnalyzedDocument
from auditor.detectors.line_shape import FEATURES, document_features
from auditor.detectors.residue import KNOWN_LEFTOVERS, ResidueDetector, _article_body, _title
from auditor.model import Document

CORPORA = ("clean", "residue", "site", "jsonl", "foreign")
L2 = 1.0


def documents(root: Path, corpus: str):
    folder = root / corpus
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        text = path.read_text("utf-8", errors="replace")
        if path.suffix == ".jsonl":
            for number, row in enumerate(text.split("\n")):
                if row.strip():
                    yield name, number, json.loads(row).get("text", "")
        else:
            yield name, None, text


def dataset(root: Path):
    labels = defaultdict(dict)
    for row in map(json.loads, (root / "labels.jsonl").open(encoding="utf-8")):
        if row["corpus"] in CORPORA and row["label"] in ("clean", "residue"):
            labels[(row["corpus"], row["path"], row["record"])][row["line"]] = row["label"] == "residue"
    detector = ResidueDetector(model=None)
    rows, ys, groups = [], [], []
    for corpus in CORPORA:
        for name, record, text in documents(root, corpus):
            wanted = labels.get((corpus, name, record))
            if not wanted:
                continue
            doc = AnalyzedDocument.of(Document(name, record, text))
            found = list(detector.check(doc))
            caught = {f.line for f in found}
            # the body as the detector sees it: known leftovers (packs, site suffixes) bound it
            start, end, _ = _article_body(doc.lines, flagged={f.line for f in found if f.rule in KNOWN_LEFTOVERS})
            every = document_features(doc.lines, (start, end))
            title = _title(doc.lines, every)
            for index, features in enumerate(every):
                number = index + 1
                if features is None or number not in wanted or number in caught or index == title:
                    continue
                rows.append([features[n] for n in FEATURES])
                ys.append(wanted[number])
                groups.append(f"{Path(name).name.split('_')[0]}{record or ''}")
    return np.array(rows), np.array(ys, dtype=float), np.array(groups)


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = 30) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method; column 0 is the bias."""
    x = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(x.shape[1])
    reg = np.full(x.shape[1], l2)
    reg[0] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        gradient = x.T @ (p - y) + reg * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(reg + 1e-9)
        w -= np.linalg.solve(hessian, gradient)
    return w


def predict(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(w[0] + x @ w[1:])))


def report(y: np.ndarray, p: np.ndarray) -> None:
    for threshold in (0.5, 0.6, 0.7, 0.8, 0.9):
        flagged = p >= threshold
        tp = int((flagged & (y == 1)).sum())
        precision = tp / max(1, flagged.sum())
        recall = tp / max(1, (y == 1).sum())
        false_per_k = 1000 * (flagged & (y == 0)).sum() / max(1, (y == 0).sum())
        print(f"  threshold {threshold:.1f}: precision {precision:.3f} recall {recall:.3f} "
              f"clean lines flagged {false_per_k:.1f}/1k")


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__.split("\n\n")[1])  # the usage line
    root = Path(sys.argv[1])
    x, y, groups = dataset(root)
    print(f"{len(y)} lines, {int(y.sum())} residue")
    folds = np.array([sum(map(ord, g)) % 5 for g in groups])  # by article: its lines in every corpus
    out = np.zeros(len(y))
    for k in range(5):
        w = fit(x[folds != k], y[folds != k])
        out[folds == k] = predict(w, x[folds == k])
    print("grouped 5-fold cross-validation:")
    report(y, out)
    w = fit(x, y)
    for name, value in sorted(zip(FEATURES, w[1:]), key=lambda t: -abs(t[1])):
        print(f"  {name:18s} {value:+.3f}")
    if "--write" in sys.argv:
        target = Path(__file__).resolve().parents[1] / "auditor/data/line_shape.toml"
        lines = [
            "# Line-shape model: logistic regression over the features of auditor/detectors/line_shape.py.",
            "# Written by tools/train_line_shape.py; `threshold` is the default probability above which",
            "# a line is reported (RES011), overridable with --residue-threshold.",
            f"bias = {w[0]:.4f}",
            f"threshold = {THRESHOLD}",
            "",
            "[weights]",
        ] + [f"{name} = {value:.4f}" for name, value in zip(FEATURES, w[1:])]
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {target}")


THRESHOLD = 0.6

if __name__ == "__main__":
    main()
