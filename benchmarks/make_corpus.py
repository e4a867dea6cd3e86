"""Generate a news-like English corpus of any size for the speed benchmarks.

Usage: python benchmarks/make_corpus.py OUT_DIR SIZE_MB [--format txt|jsonl|jsonl.gz|jsonl.zst|parquet]
                                       [--docs-per-file N] [--seed S]

Sentences are drawn word by word from English's real word-frequency distribution (wordfreq's
top 30,000 words, so function words, line lengths and vocabulary behave like news text and every
line is new, as in a real crawl), in paragraphs of one to four sentences under a headline. Dirt
is planted at the rates of a typical scrape, from the project's own material: a UI line from the
bundled English residue pack in most documents, a mojibake line (a paragraph with curly quotes
read as cp1252) in 3%, a German or Russian line from the bundled corpora in 2%. Deterministic
for a seed.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import random
import sys
import tomllib
from pathlib import Path

import wordfreq

ROOT = Path(__file__).resolve().parent.parent


def _vocabulary() -> tuple[list[str], list[float]]:
    words = [w for w in wordfreq.top_n_list("en", 30000) if w.isalpha() and (len(w) > 1 or w in ("a", "i"))]
    return words, [wordfreq.word_frequency(w, "en") for w in words]


def _residue_lines() -> list[str]:
    pack = tomllib.loads((ROOT / "auditor/data/residue/en.toml").read_text(encoding="utf-8"))
    lines = []
    for group in pack.get("group", []):
        lines.extend(p for p in group.get("phrases", []) if isinstance(p, str))
        lines.extend(p["match"] for p in group.get("patterns", []) if isinstance(p, dict) and "match" in p)
    return sorted(set(lines)) or ["Subscribe to our newsletter"]


def _foreign_lines() -> list[str]:
    lines = []
    for path in (ROOT / "corpora/de/stadtrat.txt", ):
        lines.extend(line for line in path.read_text(encoding="utf-8").splitlines() if len(line.split()) >= 6)
    ru = (ROOT / "corpora/ru/pogoda_cp1251.txt").read_bytes().decode("cp1251")
    lines.extend(line for line in ru.splitlines() if len(line.split()) >= 4)
    return lines


class Writer:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.words, weights = _vocabulary()
        self.cumulative = list(itertools.accumulate(weights))  # choices() would rebuild it per call
        self.residue = _residue_lines()
        self.foreign = _foreign_lines()

    def sentence(self) -> str:
        n = max(4, int(self.rng.gauss(21, 8)))
        words = self.rng.choices(self.words, cum_weights=self.cumulative, k=n)
        if self.rng.random() < 0.5:
            words.insert(self.rng.randrange(1, n), self.rng.choice(["Smith", "Berlin", "Reuters", "Ms Okafor", "Tuesday"]))
        if n > 10 and self.rng.random() < 0.6:
            words[self.rng.randrange(3, n - 3)] += ","
        text = " ".join(words)
        return text[0].upper() + text[1:] + self.rng.choice([".", ".", ".", ".", "?", "!"])

    def paragraph(self) -> str:
        text = " ".join(self.sentence() for _ in range(self.rng.randint(1, 4)))
        if self.rng.random() < 0.2:
            text = f"\u201c{text}\u201d, she said."
        return text

    def document(self) -> str:
        headline = " ".join(self.rng.choices(self.words, cum_weights=self.cumulative, k=self.rng.randint(5, 11))).title()
        paragraphs = [self.paragraph() for _ in range(self.rng.randint(4, 20))]
        if self.rng.random() < 0.7:
            paragraphs.insert(self.rng.randrange(len(paragraphs) + 1), self.rng.choice(self.residue))
        if self.rng.random() < 0.03:
            i = self.rng.randrange(len(paragraphs))
            paragraphs[i] = f"\u201c{paragraphs[i]}\u2019s\u201d".encode("utf-8").decode("cp1252", "replace")
        if self.rng.random() < 0.02:
            paragraphs.append(self.rng.choice(self.foreign))
        return "\n\n".join([headline] + paragraphs) + "\n"


def _write(path: Path, fmt: str, documents: list[str], first_id: int) -> None:
    if fmt == "txt":
        path.write_text(documents[0], encoding="utf-8")
        return
    records = [{"id": f"doc-{first_id + i}", "url": f"https://news.example/{(first_id + i) % 97}/{first_id + i}",
                "text": text} for i, text in enumerate(documents)]
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(records), path)
        return
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    if fmt == "jsonl.gz":
        data = gzip.compress(data, mtime=0)
    elif fmt == "jsonl.zst":
        import zstandard

        data = zstandard.ZstdCompressor(level=3).compress(data)
    path.write_bytes(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("size_mb", type=float)
    parser.add_argument("--format", default="jsonl", choices=["txt", "jsonl", "jsonl.gz", "jsonl.zst", "parquet"])
    parser.add_argument("--docs-per-file", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    writer = Writer(args.seed)
    target = int(args.size_mb * 1e6)
    per_file = 1 if args.format == "txt" else args.docs_per_file
    written = files = docs = 0
    while written < target:
        batch = [writer.document() for _ in range(per_file)]
        name = f"part-{files:05d}.{args.format}"
        _write(out / name, args.format, batch, docs)
        written += sum(len(d.encode("utf-8")) for d in batch)
        files += 1
        docs += len(batch)
    print(f"{out}: {files} file(s), {docs} documents, {written / 1e6:.1f} MB of text", file=sys.stderr)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
