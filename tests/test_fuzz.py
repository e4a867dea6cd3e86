"""Property tests: no input, however hostile, crashes a reader or a detector."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.sources.decoding import decode

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
LINES = st.lists(st.one_of(
    TEXT,
    st.sampled_from(["Subscribe", "Share this article", "© REUTERS / X", "{{ title }}", "Заголовок", "",
                     "Ã©tÃ©", "Ïðèâåò", "&amp;", "\u202e", "\ufffd", "NАTO", "   ", "\r", "0", "a" * 300]),
), max_size=40)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_decoding_any_bytes_never_raises(raw):
    decoded = decode(raw)
    assert isinstance(decoded.text, str)
    if not decoded.binary and not decoded.invalid and not decoded.mixed:
        assert raw.decode(decoded.encoding).lstrip("\ufeff") == decoded.text.lstrip("\ufeff") or decoded.bom


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(LINES)
def test_no_detector_fails_on_any_text(audit, lines):
    text = "\n".join(lines)
    findings = audit(text)
    assert not [f for f in findings if f.rule in ("AUD001", "AUD002")], [f.message for f in findings if f.rule.startswith("AUD")]
    for f in findings:
        if f.line is not None:
            assert 1 <= f.line <= text.count("\n") + 1
            if f.column is not None and f.end_column is not None and f.end_line in (None, f.line):
                assert 1 <= f.column <= f.end_column


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.lists(st.binary(max_size=300), min_size=1, max_size=6))
def test_any_jsonl_bytes_are_read_without_crashing(tmp_path_factory, records):
    from auditor.config import Settings
    from auditor.engine.scan import finish, scan_file
    from auditor.sources.discovery import discover

    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "x.jsonl"
    path.write_bytes(b"\n".join(records))
    [inp] = discover([str(path)])
    result = finish([scan_file(inp, Settings())], Settings()).files[0]
    assert result.status in ("clean", "dirty", "unreadable")
    assert not [f for f in result.findings if f.rule == "AUD001"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.sampled_from([".gz", ".bz2", ".xz", ".zst"]), st.integers(min_value=0, max_value=400),
       st.lists(st.tuples(st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=255)),
                max_size=4))
def test_damaged_archives_never_crash_the_reader(tmp_path_factory, suffix, cut, flips):
    """Compressed JSON Lines cut short or with flipped bytes: a finding, never an exception."""
    import bz2
    import gzip
    import json as jsonlib
    import lzma

    import zstandard

    from auditor.config import Settings
    from auditor.engine.scan import finish, scan_file
    from auditor.sources.discovery import discover

    records = b"".join(jsonlib.dumps({"text": f"Record {i}: the council met on Tuesday."}).encode() + b"\n"
                       for i in range(30))
    packed = {".gz": gzip.compress, ".bz2": bz2.compress, ".xz": lzma.compress,
              ".zst": zstandard.ZstdCompressor().compress}[suffix](records)
    data = bytearray(packed[:max(1, len(packed) - cut)])
    for position, value in flips:
        data[position % len(data)] = value
    folder = tmp_path_factory.mktemp("archive")
    path = folder / f"damaged.jsonl{suffix}"
    path.write_bytes(bytes(data))
    [inp] = discover([str(path)])
    result = finish([scan_file(inp, Settings())], Settings()).files[0]
    assert result.status in ("clean", "dirty", "unreadable")
    assert not [f for f in result.findings if f.rule == "AUD001"]
    if cut and not flips:
        assert "IO004" in {f.rule for f in result.findings}  # a cut archive is always reported
    # (a flipped byte may be harmless: a header flag, a timestamp — so no claim about flips)


ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "cp1251", "utf-16", "latin-1"])
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(LINES, ENCODINGS, LINE_ENDS, st.booleans(), st.binary(max_size=40)), min_size=1, max_size=4))
def test_fix_then_undo_gives_back_every_byte(tmp_path_factory, files):
    """Whatever the text, its encoding, line endings, stray bytes and compression, `fix` with every
    repair and then `--undo` give back the original files exactly."""
    import gzip
    import hashlib

    from typer.testing import CliRunner

    from auditor.cli import app

    root = tmp_path_factory.mktemp("fixfuzz")
    corpus = root / "in"
    corpus.mkdir()
    for number, (lines, encoding, end, compressed, junk) in enumerate(files):
        data = end.join(lines).encode(encoding, errors="replace") + junk
        name = f"f{number}.txt"
        if compressed:
            data, name = gzip.compress(data, mtime=0), name + ".gz"
        (corpus / name).write_bytes(data)
    digests = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in corpus.iterdir()}
    runner = CliRunner()
    done = runner.invoke(app, ["fix", str(corpus), "--out", str(root / "out"), "--log", str(root / "log.jsonl"),
                               "--apply", "ALL", "--drop-unrepairable", "-q", "--no-config"], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    undone = runner.invoke(app, ["fix", "--undo", str(root / "log.jsonl"), "--out", str(root / "back")],
                           catch_exceptions=False)
    assert undone.exit_code == 0, undone.output
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (root / "back").iterdir()} == digests
