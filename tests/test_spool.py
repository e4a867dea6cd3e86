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
