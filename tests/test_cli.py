"""The command line contract: outputs, their columns, exit codes, determinism, untouched inputs."""
import csv
import gzip
import hashlib
import json
import shutil
from pathlib import Path

from auditor.model import FINDING_FIELDS
from auditor.reports.tables import REPORT_FIELDS

from conftest import ROOT

CORPORA = ROOT / "corpora"


def tree_digest(folder: Path) -> dict:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_scan_writes_every_output_with_the_contract_columns(cli, tmp_path):
    before = tree_digest(CORPORA)
    report, fcsv, fjsonl, fjson = (tmp_path / n for n in ("r.csv", "f.csv", "f.jsonl", "f.json"))
    result = cli("scan", str(CORPORA), "--report", str(report), "--findings", str(fcsv))
    assert result.exit_code == 1  # the sample corpus has warnings and errors
    cli("scan", str(CORPORA), "--findings", str(fjsonl), "-q")
    cli("scan", str(CORPORA), "--findings", str(fjson), "-q")
    assert tree_digest(CORPORA) == before  # inputs untouched
    rows = list(csv.DictReader(report.open()))
    assert tuple(rows[0].keys()) == REPORT_FIELDS
    assert {r["status"] for r in rows} == {"clean", "dirty"}
    by_path = {r["path"]: r for r in rows}
    assert by_path[str(CORPORA / "ru/pogoda_cp1251.txt")]["encoding"] == "cp1251"
    assert by_path[str(CORPORA / "en/harbour_clean.txt")]["status"] == "clean"
    assert by_path[str(CORPORA / "mixed/records.jsonl.gz")]["records"] == "3"
    frows = list(csv.DictReader(fcsv.open()))
    assert tuple(frows[0].keys()) == FINDING_FIELDS
    jl = [json.loads(line) for line in fjsonl.open()]
    assert [tuple(r)[:12] for r in jl] == [FINDING_FIELDS] * len(jl)
    doc = json.loads(fjson.read_text())
    assert doc["schema_version"] == 1 and len(doc["findings"]) == len(jl) == len(frows)
    assert [(r["path"], r["line"], r["rule"]) for r in jl] == \
           [(r["path"], int(r["line"]) if r["line"] else None, r["rule"]) for r in frows]


def test_paths_are_shown_as_given(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(CORPORA)
    out = tmp_path / "f.jsonl"
    cli("scan", "de", "--findings", str(out), "-q")
    assert {json.loads(line)["path"] for line in out.open()} == {"de/stadtrat.txt"}


def test_exit_codes(cli, tmp_path):
    clean = CORPORA / "en/harbour_clean.txt"
    assert cli("scan", str(clean), "-q").exit_code == 0
    dirty = CORPORA / "en/markets_garbled.txt"
    assert cli("scan", str(dirty), "-q").exit_code == 1
    assert cli("scan", str(dirty), "-q", "--fail-on", "never").exit_code == 0
    assert cli("scan", str(CORPORA / "de"), "-q", "--fail-on", "error").exit_code == 0  # warnings only
    assert cli("scan", str(dirty), "-q", "--select", "RES00", "--ignore", "RES002,RES003").exit_code == 0
    assert cli("scan", str(tmp_path / "missing"), "-q").exit_code == 2
    assert cli("scan", str(clean), "--no-such-option").exit_code == 2
    assert cli("scan", str(clean), "--fail-on", "sometimes").exit_code == 2
    assert cli("scan", str(clean), "--select", "XYZ").exit_code == 2
    assert cli("scan", str(clean), "--report", str(tmp_path)).exit_code == 2  # a directory
    assert cli("scan", str(clean), "--report", str(tmp_path / "no/such/dir/r.csv")).exit_code == 2


def test_broken_file_is_a_finding_not_a_usage_error(cli, tmp_path):
    (tmp_path / "broken.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    out = tmp_path / "f.jsonl"
    result = cli("scan", str(tmp_path), "--findings", str(out), "-q")
    assert result.exit_code == 1
    assert [json.loads(line)["rule"] for line in out.open()] == ["IO004"]


def test_summary_and_quiet(cli):
    loud = cli("scan", str(CORPORA))
    assert "Findings by rule" in loud.output and "RES001" in loud.output and "Dirtiest files" in loud.output
    quiet = cli("scan", str(CORPORA), "--quiet")
    assert quiet.stdout == ""  # nothing but why the gate fails, on one line of standard error
    assert quiet.stderr.splitlines() == ["auditor: gate failed: 34 finding(s) at or above severity warning"]
    assert cli("scan", str(CORPORA), "--quiet", "--exit-zero").output == ""


def test_runs_are_deterministic_and_reports_atomic(cli, tmp_path):
    work = tmp_path / "c"
    shutil.copytree(CORPORA, work)
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    cli("scan", str(work), "--findings", str(a), "-q")
    cli("scan", str(work), "--findings", str(b), "-q")
    assert a.read_bytes() == b.read_bytes() and a.stat().st_size > 0
    assert not list(tmp_path.glob(".auditor-*"))  # no temporary files left behind


def test_python_dash_m(tmp_path):
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, "-m", "auditor", "rules"], capture_output=True, text=True)
    assert proc.returncode == 0 and "MOJ001" in proc.stdout


def test_residue_options(cli, tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text("The council met on Tuesday and approved the budget for the coming year after a long debate.\n\n"
                   "Watch the replay\n\nPrint\n\nMembers said the plan would be reviewed in the spring.\n", encoding="utf-8")
    pack = tmp_path / "pack.toml"
    pack.write_text('language = "en"\nremove = ["print"]\n[[group]]\nrule = "RES001"\nkind = "ui"\n'
                    'lines = ["Watch the replay"]\n', encoding="utf-8")
    out = tmp_path / "f.jsonl"
    cli("scan", str(doc), "--findings", str(out), "-q")
    assert {(r["line"], r["rule"]) for r in map(json.loads, out.open())} == {(5, "RES001")}
    cli("scan", str(doc), "--findings", str(out), "-q", "--residue-pack", str(pack))
    assert {(r["line"], r["rule"]) for r in map(json.loads, out.open())} == {(3, "RES001")}
    bad = tmp_path / "bad.toml"
    bad.write_text('language = "en"\n[[group]]\nrule = "RES001"\npatterns = ["(unclosed"]\n', encoding="utf-8")
    result = cli("scan", str(doc), "--residue-pack", str(bad))
    assert result.exit_code == 2 and "residue pack" in result.output
    assert cli("scan", str(doc), "--residue-threshold", "1.5").exit_code == 2


def test_reports_get_ordinary_permissions(cli, tmp_path):
    import os
    import stat
    out = tmp_path / "r.csv"
    cli("scan", str(CORPORA), "--report", str(out), "-q")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask


def test_ctrl_c_writes_what_is_complete_and_says_so(cli, tmp_path, monkeypatch):
    from auditor.engine import scan as engine

    real = engine.scan_file
    calls = []

    def interrupted_on_third(inp, settings):
        calls.append(inp)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(inp, settings)
    monkeypatch.setattr(engine, "scan_file", interrupted_on_third)
    report, listing = tmp_path / "r.csv", tmp_path / "f.json"
    result = cli("scan", str(CORPORA), "--report", str(report), "--findings", str(listing))
    assert result.exit_code == 130
    planned = sum(1 for p in CORPORA.rglob("*") if p.is_file())
    assert "interrupted" in result.output and f"2 of {planned} file(s) audited" in result.output
    assert len(list(csv.DictReader(report.open()))) == 2
    assert json.loads(listing.read_text())["statistics"]["interrupted"] is True


def test_a_document_over_its_time_budget_gets_a_finding_and_the_scan_goes_on(cli, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("Ligne de texte avec des accents: é à ü.\n" * 20000, encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text("Subscribe\n", encoding="utf-8")
    out = tmp_path / "f.jsonl"
    result = cli("scan", str(tmp_path), "--findings", str(out), "--time-budget", "0.000001")
    rows = [json.loads(line) for line in out.open(encoding="utf-8")]
    over = [r for r in rows if r["rule"] == "AUD002"]
    assert {r["path"].rsplit("/", 1)[-1] for r in over} >= {"big.txt"}
    assert "not fully checked" in over[0]["message"]
    assert result.exit_code == 1
    cli("scan", str(big), "--findings", str(out), "--time-budget", "0")
    assert not [line for line in out.open() if "AUD002" in line]  # 0: no limit


def test_a_budget_cut_is_stated_as_partial_and_there_is_none_by_default(cli, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("Ligne de texte avec des accents: é à ü.\n" * 20000, encoding="utf-8")
    report, out = tmp_path / "r.csv", tmp_path / "f.jsonl"
    result = cli("scan", str(big), "--report", str(report), "--findings", str(out), "--time-budget", "0.000001")
    [row] = list(csv.DictReader(report.open()))
    assert row["status"] == "partial"
    assert "1 partly audited (time budget)" in result.output
    [over] = [json.loads(line) for line in out.open(encoding="utf-8") if "AUD002" in line]
    assert "the file is reported as partial" in over["message"]
    cli("scan", str(big), "--report", str(report), "--findings", str(out))  # no budget given: none applies
    assert [r["status"] for r in csv.DictReader(report.open())] == ["clean"]
    assert not [line for line in out.open() if "AUD002" in line]


def test_jobs_give_identical_output(cli, tmp_path):
    outputs = {}
    for jobs in ("1", "2"):
        out, report = tmp_path / f"f{jobs}.jsonl", tmp_path / f"r{jobs}.csv"
        result = cli("scan", str(CORPORA), "--findings", str(out), "--report", str(report), "--jobs", jobs, "-q")
        assert result.exit_code == 1
        outputs[jobs] = (out.read_bytes(), report.read_bytes())
    assert outputs["1"] == outputs["2"] and outputs["1"][0]


def test_a_detector_that_fails_is_an_internal_error_unless_keep_going(cli, tmp_path, monkeypatch):
    from auditor.detectors.residue import ResidueDetector

    def broken(self, doc):
        raise RuntimeError("boom")
        yield
    monkeypatch.setattr(ResidueDetector, "check", broken)
    out = tmp_path / "f.jsonl"
    result = cli("scan", str(CORPORA), "--findings", str(out))
    assert result.exit_code == 2 and "internal error" in result.output
    rows = [json.loads(line) for line in out.open()]
    assert {r["rule"] for r in rows} >= {"AUD001", "MOJ001"}  # the other detectors still ran
    assert "ResidueDetector failed: RuntimeError" in next(r["message"] for r in rows if r["rule"] == "AUD001")
    assert cli("scan", str(CORPORA), "--keep-going").exit_code == 1


def test_files_not_audited_are_counted_listed_and_included_on_request(cli, tmp_path):
    """A folder of a software package's documentation: the corpus file is audited; the readme,
    the licence with no suffix and a compressed changelog are listed as not audited, with why, in
    the summary and the per-file report; --include audits them; fix copies none of them."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "notes.txt").write_text("The parser now keeps every line it reads.\n", encoding="utf-8")
    (docs / "README.md").write_text("# Parser\n\nReads lines, one at a time.\n", encoding="utf-8")
    (docs / "copyright").write_text("Copyright 2019 The Parser Authors.\n", encoding="utf-8")
    with gzip.open(docs / "changelog.Debian.gz", "wt", encoding="utf-8") as handle:
        handle.write("parser (1.2-1) unstable; urgency=low\n\n  * New upstream release.\n")
    report = tmp_path / "r.csv"
    result = cli("scan", str(docs), "--report", str(report), "--no-config")
    assert "Audited 1 of 4 file(s)" in result.stderr + result.stdout
    assert "Not audited: 3 file(s) not a corpus format (1 .gz, 1 .md, 1 no extension)" in result.stderr + result.stdout
    rows = {Path(r["path"]).name: r for r in csv.DictReader(report.open())}
    assert [(rows[n]["status"], rows[n]["note"]) for n in ("README.md", "changelog.Debian.gz", "copyright")] == \
        [("skipped", "not audited: not a corpus format")] * 3
    assert rows["notes.txt"]["status"] == "clean" and rows["notes.txt"]["note"] == ""
    cli("scan", str(docs), "--report", str(report), "--no-config", "--include", "*", "-q")
    rows = {Path(r["path"]).name: r for r in csv.DictReader(report.open())}
    assert {r["status"] for r in rows.values()} <= {"clean", "dirty"} and rows["changelog.Debian.gz"]["lines"] == "3"
    out = tmp_path / "clean"
    cli("fix", str(docs), "--out", str(out), "--no-config", "-q")
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == ["notes.txt"]
