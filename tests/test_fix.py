"""`auditor fix` end to end: cleaned copies, the change log, undo byte for byte, inputs untouched."""
from __future__ import annotations

import bz2
import codecs
import gzip
import hashlib
import json
import lzma
import shutil
from collections import Counter
from pathlib import Path

import pytest
import zstandard

from conftest import ROOT

from auditor.repair.containers import compress, reproduce

ARTICLE = ("The council approved the harbour budget on Tuesday after a long debate.\n"
           "Members said the new quay would open to ferries next spring.\n")


def tree_digest(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def findings_of(cli, folder: Path, tmp_path: Path, name: str) -> list[dict]:
    out = tmp_path / f"{name}.jsonl"
    cli("scan", str(folder), "--findings", str(out), "-q", "--no-config", "--fail-on", "never")
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("repairs", [(), ("--apply", "ALL")], ids=["defaults", "all"])
def test_bundled_corpora_round_trip(cli, tmp_path, repairs):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpora", corpus)
    before = tree_digest(corpus)
    result = cli("fix", str(corpus), "--out", str(tmp_path / "clean"), "--log", str(tmp_path / "log.jsonl"),
                 "--report", str(tmp_path / "fix.csv"), "-q", "--no-config", *repairs)
    assert result.exit_code == 0, result.output
    assert tree_digest(corpus) == before                       # inputs never modified
    assert set(tree_digest(tmp_path / "clean")) == set(before)  # same layout
    undone = cli("fix", "--undo", str(tmp_path / "log.jsonl"), "--out", str(tmp_path / "restored"))
    assert undone.exit_code == 0, undone.output
    assert tree_digest(tmp_path / "restored") == before         # every byte back


def test_scan_of_the_copy_shows_applied_rules_gone_and_nothing_new(cli, tmp_path):
    before = findings_of(cli, ROOT / "corpora", tmp_path, "before")
    cli("fix", str(ROOT / "corpora"), "--out", str(tmp_path / "clean"), "--log", str(tmp_path / "log.jsonl"),
        "--findings", str(tmp_path / "left.jsonl"), "-q", "--no-config", "--apply", "ALL")
    after = findings_of(cli, tmp_path / "clean", tmp_path, "after")
    left = Counter(json.loads(line)["rule"] for line in (tmp_path / "left.jsonl").read_text().splitlines())
    counts_before, counts_after = Counter(f["rule"] for f in before), Counter(f["rule"] for f in after)
    entries = [json.loads(line) for line in (tmp_path / "log.jsonl").open()]
    applied = {r for entry in entries for r in entry.get("rules", ())}
    assert {"MOJ001", "RES001", "LNG002"} <= applied
    [legacy] = [e for e in entries if e["kind"] == "file" and e["path"].endswith("pogoda_cp1251.txt")]
    assert legacy["status"] == "fixed" and legacy["encoding"] == "cp1251"  # ENC001: re-encoded
    applied.add("ENC001")
    for rule in counts_before | counts_after:
        assert counts_after[rule] <= counts_before[rule], rule   # nothing new
    for rule in applied:
        assert counts_after[rule] <= left[rule], rule            # only what was left for review remains
    assert sum(counts_after.values()) < sum(counts_before.values()) / 3


def test_the_log_names_file_line_rule_and_text(cli, tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE + "Trumpâ€™s plan was approved after a long debate.\n", encoding="utf-8")
    cli("fix", str(corpus), "--out", str(tmp_path / "out"), "--log", str(tmp_path / "log.jsonl"), "-q", "--no-config")
    entries = [json.loads(line) for line in (tmp_path / "log.jsonl").open()]
    assert entries[0]["kind"] == "fix" and entries[-1]["kind"] == "end" and entries[-1]["fixed"] == 1
    [change] = [e for e in entries if e["kind"] == "change"]
    assert change["path"].endswith("a.txt") and change["line"] == 3 and change["rules"] == ["MOJ001"]
    assert change["before"] == "Trumpâ€™s plan was approved after a long debate.\n"
    assert change["after"] == "Trump’s plan was approved after a long debate.\n"
    assert (tmp_path / "out/a.txt").read_text(encoding="utf-8") == ARTICLE + change["after"]


def _hostile() -> dict[str, bytes]:
    text = ARTICLE + "Trumpâ€™s plan\x07 was approved.\nThe Pre\u200bsident spoke.\n"
    cp1252 = ("Le conseil a approuvé le budget du port mardi après un long débat.\n" * 3 + "Café crème.\n")
    record = {"id": 1, "url": "https://example.org/a", "text": "Trumpâ€™s plan\nSubscribe", "score": 1.50}
    return {
        "legacy_cp1252.txt": cp1252.encode("cp1252"),
        "utf8_bom.txt": codecs.BOM_UTF8 + text.encode("utf-8"),
        "utf16_bom.txt": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        "utf16_no_bom.txt": text.encode("utf-16-le"),
        "invalid_bytes.txt": ARTICLE.encode() + b"Broken \xff\xfe bytes and \xc3 a cut sequence.\n" + "Trumpâ€™s.\n".encode(),
        "mixed_encodings.txt": ("Grüße aus München, schöne Straße und Käse.\n" * 3).encode() + "Caf\xe9 cr\xe8me br\xfbl\xe9e.\n".encode("cp1252"),
        "nul_and_controls.txt": b"Text with a NUL\x00 inside and a bell\x07.\n" + ARTICLE.encode(),
        "mixed_endings.txt": b"One line.\r\nTwo lines.\r\nThree.\nFour.\rFive.\n",
        "no_final_newline.txt": (ARTICLE + "Trumpâ€™s last line").encode(),
        "empty.txt": b"",
        "blank.txt": b"\n\n   \n",
        "binary.txt": bytes(range(256)) * 8,
        "one_long_line.txt": ("word " * 40000 + "Trumpâ€™s").encode(),
        "records.jsonl": "\n".join([
            json.dumps(record, ensure_ascii=False),
            json.dumps(record, ensure_ascii=True),
            '{"text": "unterminated',
            "",
            '{"id": 3, "text": "Lone \\ud800 surrogate and Trumpâ€™s plan"}',
            '{"text": "first", "text": "Trumpâ€™s second"}',
            json.dumps({"id": 4, "body": "no text field"}),
        ]).encode("utf-8") + b"\n" + b'{"text": "bad \xff byte and Trump\xc3\xa2\xe2\x82\xac\xe2\x84\xa2s"}\n',
        "gzip_python.txt.gz": gzip.compress(text.encode(), compresslevel=9, mtime=1_700_000_000),
        "gzip_level1.txt.gz": gzip.compress(text.encode(), compresslevel=1, mtime=0),
        "bzip.txt.bz2": bz2.compress(text.encode(), 5),
        "xz.txt.xz": lzma.compress(text.encode(), preset=2),
        "zstd.txt.zst": zstandard.ZstdCompressor(level=7, write_checksum=True).compress(text.encode()),
        "zstd_records.jsonl.zst": zstandard.ZstdCompressor().compress((json.dumps(record) + "\n").encode()),
        "truncated.txt.gz": gzip.compress(text.encode() * 50)[:-40],
        "concatenated.txt.gz": gzip.compress(text.encode()) + gzip.compress(b"Second member.\n"),
    }


HOSTILE = _hostile()


@pytest.mark.parametrize("repairs", [(), ("--apply", "ALL")], ids=["defaults", "all"])
def test_hostile_inputs_round_trip_byte_for_byte(cli, tmp_path, repairs):
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name, data in HOSTILE.items():
        (corpus / name).write_bytes(data)
    before = tree_digest(corpus)
    result = cli("fix", str(corpus), "--out", str(tmp_path / "out"), "--log", str(tmp_path / "log.jsonl"),
                 "--report", str(tmp_path / "fix.csv"), "-q", "--no-config", *repairs)
    assert result.exit_code == 0, result.output
    assert tree_digest(corpus) == before
    undone = cli("fix", "--undo", str(tmp_path / "log.jsonl"), "--out", str(tmp_path / "back"))
    assert undone.exit_code == 0, undone.output
    assert tree_digest(tmp_path / "back") == before
    statuses = {Path(e["path"]).name: e["status"] for e in map(json.loads, (tmp_path / "log.jsonl").open())
                if e["kind"] == "file"}
    for name in ("legacy_cp1252.txt", "utf8_bom.txt", "utf16_bom.txt", "invalid_bytes.txt", "mixed_encodings.txt",
                 "gzip_python.txt.gz", "bzip.txt.bz2", "xz.txt.xz", "zstd.txt.zst", "records.jsonl"):
        assert statuses[name] == "fixed", name
    assert statuses["truncated.txt.gz"] == "copied" and statuses["binary.txt"] == "copied"
    for name, status in statuses.items():
        if status == "fixed" and not name.endswith((".gz", ".bz2", ".xz", ".zst")):
            data = (tmp_path / "out" / name).read_bytes()
            assert not data.startswith(codecs.BOM_UTF8), name
            data.decode("utf-8")  # UTF-8 without BOM


def test_compressed_copies_keep_their_compression_and_settings(cli, tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name in ("gzip_python.txt.gz", "bzip.txt.bz2", "xz.txt.xz", "zstd.txt.zst"):
        (corpus / name).write_bytes(HOSTILE[name])
    cli("fix", str(corpus), "--out", str(tmp_path / "out"), "--log", str(tmp_path / "log.jsonl"), "-q", "--no-config")
    assert gzip.decompress((tmp_path / "out/gzip_python.txt.gz").read_bytes()).startswith(ARTICLE.encode())
    assert (tmp_path / "out/gzip_python.txt.gz").read_bytes()[4:8] == HOSTILE["gzip_python.txt.gz"][4:8]  # mtime kept
    assert b"Trump\xe2\x80\x99s" in bz2.decompress((tmp_path / "out/bzip.txt.bz2").read_bytes())
    assert b"President" in lzma.decompress((tmp_path / "out/xz.txt.xz").read_bytes())
    assert b"Trump\xe2\x80\x99s" in zstandard.ZstdDecompressor().decompress((tmp_path / "out/zstd.txt.zst").read_bytes())
    kept_whole = [e for e in map(json.loads, (tmp_path / "log.jsonl").open()) if e["kind"] == "original"]
    assert not kept_whole  # every one reproducible: the log holds settings, not the files


def test_jsonl_changes_only_the_text_value(cli, tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    line = '{"id": 7,  "text": "Trumpâ€™s plan",\t"meta": {"score": 1.50, "tags": ["a"]}, "url": "https://e.org/x"}'
    (corpus / "r.jsonl").write_text(line + "\n", encoding="utf-8")
    cli("fix", str(corpus), "--out", str(tmp_path / "out"), "--log", str(tmp_path / "log.jsonl"), "-q", "--no-config")
    assert (tmp_path / "out/r.jsonl").read_text(encoding="utf-8") == line.replace("Trumpâ€™s", "Trump’s") + "\n"


def test_undo_refuses_a_cleaned_copy_edited_since(cli, tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE + "Trumpâ€™s plan.\n", encoding="utf-8")
    cli("fix", str(corpus), "--out", str(tmp_path / "out"), "--log", str(tmp_path / "log.jsonl"), "-q", "--no-config")
    (tmp_path / "out/a.txt").write_text("edited by hand\n", encoding="utf-8")
    result = cli("fix", "--undo", str(tmp_path / "log.jsonl"), "--out", str(tmp_path / "back"))
    assert result.exit_code == 1 and "changed since the fix" in result.output
    assert not (tmp_path / "back/a.txt").exists()


@pytest.mark.parametrize("args, message", [
    (("fix", "{in}"), "needs --out"),
    (("fix", "{in}", "--out", "{in}/clean"), "inside the input folder"),
    (("fix", "{in}", "--out", "{tmp}/o", "--apply", "XYZ"), "no repair for 'XYZ'"),
    (("fix", "--undo", "{tmp}/missing.jsonl", "--out", "{tmp}/o"), "cannot read fix log"),
    (("fix", "--undo", "{in}/a.txt", "--out", "{tmp}/o"), "cannot read fix log"),
])
def test_usage_errors(cli, tmp_path, args, message):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = cli(*(a.format(**{"in": corpus, "tmp": tmp_path}) for a in args))
    assert result.exit_code == 2 and message in " ".join(result.output.split())
    assert not (corpus / "clean").exists()


def test_an_incomplete_log_is_refused(cli, tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE + "Trumpâ€™s plan.\n", encoding="utf-8")
    cli("fix", str(corpus), "--out", str(tmp_path / "out"), "--log", str(tmp_path / "log.jsonl"), "-q", "--no-config")
    lines = (tmp_path / "log.jsonl").read_text(encoding="utf-8").splitlines()
    (tmp_path / "cut.jsonl").write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    result = cli("fix", "--undo", str(tmp_path / "cut.jsonl"), "--out", str(tmp_path / "back"))
    assert result.exit_code == 2 and "not a complete fix log" in result.output


@pytest.mark.parametrize("kind, make", [
    (".gz", lambda data: gzip.compress(data, compresslevel=6, mtime=12345)),
    (".gz", lambda data: gzip.compress(data, compresslevel=3)),
    (".bz2", lambda data: bz2.compress(data, 1)),
    (".xz", lambda data: lzma.compress(data, preset=9 | lzma.PRESET_EXTREME)),
    (".xz", lambda data: lzma.compress(data, check=lzma.CHECK_CRC32)),
    (".zst", lambda data: zstandard.ZstdCompressor(level=19).compress(data)),
    (".zst", lambda data: zstandard.ZstdCompressor(level=1, write_content_size=False).compress(data)),
])
def test_compression_settings_are_found_again(kind, make):
    data = (ARTICLE * 200).encode()
    original = make(data)
    settings = reproduce(kind, original, data)
    assert settings is not None and compress(kind, data, settings) == original


def test_unreproducible_compression_is_recognised():
    data = (ARTICLE * 200).encode()
    two_members = gzip.compress(data[:500]) + gzip.compress(data[500:])
    assert reproduce(".gz", two_members, data) is None
    assert reproduce(None, data + b"x", data) is None


def test_special_files_and_undecodable_names(cli, tmp_path):
    import os

    corpus = tmp_path / "in"
    corpus.mkdir()
    odd = os.fsdecode(b"odd\xff.txt")
    (corpus / odd).write_text(ARTICLE + "Trumpâ€™s plan.\n", encoding="utf-8")
    os.mkfifo(corpus / "pipe.txt")  # opening it would block: it must never be opened
    result = cli("fix", str(corpus), "--out", str(tmp_path / "out"), "--log", str(tmp_path / "log.jsonl"),
                 "--no-config")
    assert result.exit_code == 0 and "skipped" in result.output
    assert (tmp_path / "out" / odd).read_text(encoding="utf-8").endswith("Trump’s plan.\n")
    assert not (tmp_path / "out/pipe.txt").exists()
    (tmp_path / "log.jsonl").read_text(encoding="utf-8")  # the log is valid UTF-8 whatever the names
    undone = cli("fix", "--undo", str(tmp_path / "log.jsonl"), "--out", str(tmp_path / "back"))
    assert undone.exit_code == 0 and "Restored 1 of 1" in undone.output
    assert (tmp_path / "back" / odd).read_bytes() == (corpus / odd).read_bytes()


def test_remote_inputs_are_refused(cli, tmp_path):
    result = cli("fix", "s3://bucket/corpus/", "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and "local files only" in result.output


@pytest.mark.parametrize("golden, repairs", [("fix_defaults.csv", ()), ("fix_all.csv", ("--apply", "ALL"))])
def test_bundled_corpora_fix_summary_matches_golden(cli, tmp_path, monkeypatch, golden, repairs):
    """What fix does to each bundled file, repair by repair: a change here must be deliberate."""
    monkeypatch.chdir(ROOT)
    cli("fix", "corpora", "--out", str(tmp_path / "out"), "--log", str(tmp_path / "log.jsonl"),
        "--report", str(tmp_path / "fix.csv"), "-q", *repairs)
    assert (tmp_path / "fix.csv").read_text(encoding="utf-8") == (ROOT / "tests/golden" / golden).read_text(encoding="utf-8")


def test_a_file_over_the_in_memory_limit_is_copied_whole(cli, tmp_path, monkeypatch):
    from auditor.repair import files

    monkeypatch.setattr(files, "IN_MEMORY_LIMIT", 100)
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "big.txt").write_text(ARTICLE + "Trumpâ€™s plan.\n", encoding="utf-8")
    result = cli("fix", str(corpus), "--out", str(tmp_path / "out"), "--log", str(tmp_path / "log.jsonl"), "--no-config")
    assert result.exit_code == 0 and "fix rewrites files of up to" in " ".join(result.output.split())
    assert (tmp_path / "out/big.txt").read_bytes() == (corpus / "big.txt").read_bytes()
    undone = cli("fix", "--undo", str(tmp_path / "log.jsonl"), "--out", str(tmp_path / "back"))
    assert undone.exit_code == 0 and (tmp_path / "back/big.txt").read_bytes() == (corpus / "big.txt").read_bytes()


def test_summary_reports_agree_with_each_other(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    cli("fix", "corpora", "--out", str(tmp_path / "out"), "--log", str(tmp_path / "log.jsonl"), "-q",
        "--markdown", str(tmp_path / "fix.md"), "--findings", str(tmp_path / "left.jsonl"), "--report", str(tmp_path / "fix.csv"))
    left = Counter(json.loads(line)["rule"] for line in (tmp_path / "left.jsonl").read_text().splitlines())
    rows = [line.split(" | ") for line in (tmp_path / "fix.md").read_text().splitlines() if line.startswith("| ENC")
            or line.startswith("| MOJ") or line.startswith("| RES") or line.startswith("| LNG") or line.startswith("| IO")]
    table = {row[0].lstrip("| "): (int(row[3]), int(row[4].rstrip(" |"))) for row in rows}
    assert {rule: n for rule, (_, n) in table.items() if n} == dict(left)
    assert table["MOJ001"] == (4, 1) and table["ENC001"] == (1, 0)
    import csv
    per_file = list(csv.DictReader((tmp_path / "fix.csv").open(encoding="utf-8")))
    assert sum(int(r["left_for_review"]) for r in per_file) == sum(left.values())


def test_text_field_option_picks_the_field_rewritten(cli, tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    line = '{"id": 1, "body": "Trumpâ€™s plan", "text": "untouched â€™"}'
    (corpus / "a.jsonl").write_text(line + "\n", encoding="utf-8")
    cli("fix", str(corpus), "--out", str(tmp_path / "out"), "--log", str(tmp_path / "log.jsonl"), "-q",
        "--no-config", "--text-field", "body")
    assert (tmp_path / "out/a.jsonl").read_text(encoding="utf-8") == line.replace("Trumpâ€™s", "Trump’s") + "\n"


def test_fix_is_the_same_with_any_number_of_workers(cli, tmp_path):
    """Same cleaned bytes and same log, entry for entry, serial and with two worker processes."""
    corpus = tmp_path / "in"
    shutil.copytree(ROOT / "corpora", corpus)
    for name in ("legacy_cp1252.txt", "records.jsonl", "gzip_python.txt.gz", "mixed_endings.txt"):
        (corpus / name).write_bytes(HOSTILE[name])
    logs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        cli("fix", str(corpus), "--out", str(out), "--log", str(tmp_path / f"log{jobs}.jsonl"), "-q", "--no-config",
            "--apply", "ALL", "--jobs", jobs)
        entries = [json.loads(line) for line in (tmp_path / f"log{jobs}.jsonl").open()]
        entries[0].pop("out")
        logs.append((entries, tree_digest(out)))
    assert logs[0] == logs[1]
