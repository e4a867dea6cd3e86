"""A hostile corpus built on the fly: every fault is a finding on its file, clean files beside
them are audited normally, nothing hangs or crashes, inputs are untouched, reruns are identical."""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

def clean(n: int) -> str:
    """A short article of our own, different for every n (so no line repeats across files)."""
    return (f"The harbour authority said on day {n} that the new ferry terminal would open in the spring, "
            f"{n + 2} years later than planned.\n\nEngineers found that the ground under quay number {n} was "
            "softer than the surveys had shown.\n")


def build(folder):
    """Write the hostile corpus; return {file name: rules that must be reported on it}."""
    expect = {}

    def put(name, data, *rules):
        path = folder / name if isinstance(name, str) else folder / os.fsdecode(name)
        path.write_bytes(data)
        expect[path.name] = set(rules)

    put("empty.txt", b"", "IO002")
    put("whitespace.txt", b" \n\t\n", "IO002")
    put("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "IO003")
    put("nuls.txt", b"\x00" * 4096, "IO003")
    records = b"".join(json.dumps({"text": f"Record {i}: the council met and voted on the budget."}).encode() + b"\n"
                       for i in range(50))
    put("truncated.jsonl.gz", gzip.compress(records)[:-40], "IO004")
    put("garbage.jsonl.bz2", b"BZh9 this is not bzip2 at all", "IO004")
    put("garbage.jsonl.xz", b"\xfd7zXZ\x00 not really", "IO004")
    put("truncated.jsonl.zst", zstandard.ZstdCompressor().compress(records)[:-20], "IO004")
    put("members.jsonl.gz", gzip.compress(records[:200]) + gzip.compress(records[200:]))
    put("almost.jsonl", b'{"text": "fine line of text here"}\n{"text": "unterminated\n[1, 2]\n"just a string"\n'
                        b'{"body": "no text field"}\n{"text": 42}\n', "IO005", "IO006")
    put("surrogates.jsonl", b'{"text": "broken \\ud800 surrogate in an otherwise fine sentence"}\n', "ENC003")
    put("bad_utf8.jsonl", b'{"text": "caf\xe9 au lait"}\n', "ENC003")
    put("huge_line.txt", (b"word " * 1_000_000).strip() + b"\n")
    put("many_lines.txt", b"ok\n" * 300_000)
    put("repeated.txt", b"The same line of several words, again and again.\n" * 100_000)
    put("punctuation.txt", b"!?.,;:-" * 100_000)
    # lines built to make backtracking regular expressions blow up (each found or feared)
    put("regex_traps.txt", b"\n".join([b"a@" * 50_000, b"x - " + b"y" * 100_000, b"{{" * 50_000,
                                        b"&" * 100_000, b"<" * 100_000, b"www." * 30_000,
                                        b"Word " * 20_000 + b"- Site News"]) + b"\n")
    put("utf16.txt", clean(1).encode("utf-16-le"), "ENC001")
    put("odd_utf16.txt", clean(2).encode("utf-16-le") + b"\x00", "ENC001", "ENC003")
    put("half_binary.txt", clean(3).encode() + bytes(range(256)) * 16, "ENC005", "ENC006")  # audited, junk located
    put(b"latin1_name_caf\xe9.txt", clean(4).encode(), "IO007")
    put("clean.txt", clean(5).encode())
    # tables and web archives, damaged
    table = io.BytesIO()
    pq.write_table(pa.table({"text": [clean(6), clean(7)]}), table)
    put("cut.parquet", table.getvalue()[:-30], "IO008")
    put("not_really.parquet", b"PAR1 this is no parquet file at all", "IO008")
    put("no_column.csv", b"id,body\n1,some text\n", "IO006")
    put("stray_quote.csv", b'id,text\n1,"fine row of text."\n2,"a "stray" quote,x\n3,another fine row.\n', "IO005")
    put("nul_row.tsv", b"id\ttext\n1\tfine\x00row\n", "ENC006")
    put("garbage.warc", b"<html>this is a saved page, not a web archive</html>\n", "IO008")
    put("cut.warc.wet.gz", gzip.compress(b"WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 900\r\n\r\nshort")[:-10],
        "IO004")
    os.symlink("nowhere.txt", folder / "dangling.txt")
    expect["dangling.txt"] = {"IO001"}
    os.symlink("loop_b.txt", folder / "loop_a.txt")
    os.symlink("loop_a.txt", folder / "loop_b.txt")
    expect["loop_a.txt"] = expect["loop_b.txt"] = {"IO001"}
    os.mkfifo(folder / "pipe.txt")
    expect["pipe.txt"] = {"IO001"}
    return expect


def digest(folder):
    out = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and not path.is_symlink() and not path.is_fifo():
            out[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    expect = build(folder)
    before = digest(folder)
    runs = []
    for jobs in ("1", "2", "1"):
        out = tmp_path_factory.mktemp("out")
        proc = subprocess.run([sys.executable, "-m", "auditor", "scan", str(folder), "--jobs", jobs,
                               "--findings", str(out / "f.jsonl"), "--report", str(out / "r.csv"), "-q"],
                              capture_output=True, text=True, timeout=600)  # a hang guard, not a benchmark
        runs.append((proc, out))
    return folder, expect, before, runs


def test_the_scan_ends_with_findings_not_a_crash(hostile):
    _, _, _, runs = hostile
    for proc, _ in runs:
        assert proc.returncode == 1, proc.stderr[-2000:]
        assert "Traceback" not in proc.stderr


def test_every_hostile_file_is_reported_with_its_rule(hostile):
    folder, expect, _, runs = hostile
    _, out = runs[0]
    report = {os.path.basename(r["path"]): r for r in csv.DictReader((out / "r.csv").open(encoding="utf-8"))}
    findings = [json.loads(line) for line in (out / "f.jsonl").open(encoding="utf-8")]
    rules = {}
    for row in findings:
        rules.setdefault(os.path.basename(row["path"]), set()).add(row["rule"])
    shown = {name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"): wanted
             for name, wanted in expect.items()}
    for name, wanted in shown.items():
        assert name in report, name
        assert wanted <= rules.get(name, set()), (name, wanted, rules.get(name))
    assert report["clean.txt"]["status"] == "clean"
    assert report["members.jsonl.gz"]["records"] == "50"
    assert int(report["truncated.jsonl.gz"]["records"]) > 0  # records before the damage are audited
    assert not [r for r in findings if r["rule"].startswith("AUD")]
    assert len(shown) >= 25


def test_inputs_untouched_and_runs_identical(hostile):
    folder, _, before, runs = hostile
    assert digest(folder) == before
    outputs = [((out / "f.jsonl").read_bytes(), (out / "r.csv").read_bytes()) for _, out in runs]
    assert outputs[0] == outputs[1] == outputs[2]  # serial, parallel and a rerun agree
