"""Findings of finished files live on disk during a scan; every report is the same as with the
findings kept in memory."""
import pickle

from auditor.engine import spool as spool_module
from auditor.engine.spool import SpooledFindings


def many_findings(folder):
    lines = [f"Subscribe to our newsletter number {n}" if n % 2 else "Sign up for our newsletter" for n in range(60)]
    (folder / "page.txt").write_text("The harbour reopened today after the storm.\n\n" + "\n\n".join(lines) + "\n",
                                     encoding="utf-8")


def reports(cli, folder, out):
    out.mkdir()
    cli("scan", str(folder), "-q", "--no-config", "--report", str(out / "r.csv"), "--findings", str(out / "f.jsonl"),
        "--sarif", str(out / "s.sarif"), "--markdown", str(out / "m.md"), "--html", str(out / "h.html"))
    return {name: (out / name).read_bytes() for name in ("r.csv", "f.jsonl", "s.sarif", "m.md", "h.html")}


def test_reports_are_the_same_with_findings_spooled_or_in_memory(cli, tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    many_findings(corpus)
    spooled = reports(cli, corpus, tmp_path / "spooled")
    monkeypatch.setattr(spool_module, "SPOOL_FROM", 10**9)
    in_memory = reports(cli, corpus, tmp_path / "memory")
    assert spooled["f.jsonl"].count(b"\n") >= 30
    for name in spooled:
        if name == "h.html":  # the page carries no timestamps either, but check the findings part
            assert spooled[name].split(b"<details>", 1)[1] == in_memory[name].split(b"<details>", 1)[1]
        else:
            assert spooled[name] == in_memory[name], name


def test_spooled_findings_behave_like_the_list(tmp_path):
    from auditor.config import Settings
    from auditor.engine.scan import run_scan
    from auditor.sources.discovery import discover

    many_findings(tmp_path)
    [result] = run_scan(discover([str(tmp_path)]), Settings()).files
    assert isinstance(result.findings, SpooledFindings)
    plain = list(result.findings)
    assert len(result.findings) == len(plain) >= 30
    assert result.findings[0] == plain[0] and result.findings[-3:] == plain[-3:]
    assert result.findings == plain and bool(result.findings)
    assert pickle.loads(pickle.dumps(result.findings)) == plain


def test_what_the_parent_keeps_per_file_is_shared(tmp_path):
    """A scan of many files keeps a small result per file in the parent: its input is the very
    object discovery made (not a copy sent back by a worker), its path that input's string, and
    values most files have in common (language counts, folder counts, format, encoding) are one
    object for all of them."""
    from auditor.config import Settings
    from auditor.engine.scan import run_scan
    from auditor.sources.discovery import discover

    for n in range(24):
        (tmp_path / f"doc_{n:02d}.txt").write_text(
            f"Story {n}. The harbour authority said on Tuesday that the new ferry terminal would open "
            "in the spring, two years later than planned, after a dispute over the foundations.\n",
            encoding="utf-8")
    inputs = discover([str(tmp_path)])
    result = run_scan(inputs, Settings(), jobs=2)
    assert [id(r.input) for r in result.files] == [id(inp) for inp in inputs]
    assert all(r.path is r.input.display for r in result.files)
    for name in ("languages", "confident_languages", "group_docs", "encoding", "format"):
        assert len({id(getattr(r, name)) for r in result.files}) == 1, name
    assert result.files[0].languages == {"en": 1}


def test_summaries_keep_only_the_dirtiest_rows():
    """The console and Markdown summaries take their counts and their 'dirtiest files' from one
    pass that keeps a few rows, not one per file: same answer as sorting every row."""
    import random

    from auditor import rules
    from auditor.engine.scan import ScanResult
    from auditor.model import FileResult
    from auditor.reports.tables import file_row, overview, statistics

    rng = random.Random(5)
    files = []
    for n in range(300):
        result = FileResult(path=f"part/{n:03d}.txt", status="clean")
        dirty = rng.choice([0, 0, 1, 2, 3, 3, 7])  # many ties: the path decides among them
        result.findings = [rules.make("RES001", result.path, None, "widget", line=line) for line in range(1, dirty + 1)]
        result.status = "dirty" if dirty else rng.choice(["clean", "clean", "unreadable"])
        files.append(result)
    scan = ScanResult(files=files)
    seen = overview(scan, top=10)
    every = sorted((file_row(r) for r in files if r.findings or r.status == "unreadable"),
                   key=lambda row: (-row["dirty_lines"], row["path"]))
    assert seen.dirtiest == every[:10]
    assert seen.files == 300 and seen.findings == sum(len(r.findings) for r in files)
    assert dict(seen.by_rule) == statistics(scan)["findings_by_rule"]
    assert sum(seen.statuses.values()) == 300
