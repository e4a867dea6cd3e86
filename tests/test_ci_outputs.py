"""Outputs for CI and dashboards (SARIF, GitHub annotations, Markdown) and the gates that fail a
build. Every SARIF written here is also validated against the official schema (conftest)."""
from __future__ import annotations

import json
import shutil

import pytest

from auditor.model import Finding, Severity
from auditor.reports.github import annotation, escape_property

from conftest import ROOT, SARIF_SCHEMA

CORPORA = ROOT / "corpora"


def test_sarif_lists_every_finding_with_rule_metadata(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out, listing = tmp_path / "out.sarif", tmp_path / "f.jsonl"
    cli("scan", "corpora", "--sarif", str(out), "--findings", str(listing), "-q")
    doc = json.loads(out.read_text(encoding="utf-8"))
    run = doc["runs"][0]
    findings = [json.loads(line) for line in listing.open(encoding="utf-8")]
    assert doc["version"] == "2.1.0" and len(run["results"]) == len(findings)
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rule_ids == sorted({f["rule"] for f in findings})
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
        assert not result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("/")
    record = next(r for r in run["results"] if r["ruleId"] == "MOJ001" and "records.jsonl.gz" in
                  r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
    assert record["locations"][0]["physicalLocation"]["region"]["startLine"] == record["properties"]["record"] + 1


def test_sarif_keeps_the_most_severe_when_capped(cli, tmp_path, monkeypatch):
    """Past the cap the SARIF file keeps the most severe findings, the earlier first among equals,
    in report order, and says how many there were (in one pass: millions are never held)."""
    from auditor.reports import sarif

    monkeypatch.chdir(ROOT)
    listing = tmp_path / "f.jsonl"
    cli("scan", "corpora", "--findings", str(listing), "-q")
    findings = [json.loads(line) for line in listing.open(encoding="utf-8")]
    cap = 7
    monkeypatch.setattr(sarif, "MAX_RESULTS", cap)
    out = tmp_path / "capped.sarif"
    cli("scan", "corpora", "--sarif", str(out), "-q")
    run = json.loads(out.read_text(encoding="utf-8"))["runs"][0]
    rank = {"error": 0, "warning": 1, "info": 2}
    expected = sorted(range(len(findings)), key=lambda i: (rank[findings[i]["severity"]], i))[:cap]
    got = [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]]
    assert len(got) == cap and len(findings) > cap
    assert [findings[i]["rule"] for i in sorted(expected)] == [rule for rule, _ in got]
    assert f"{len(findings)} findings" in run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == sorted({f["rule"] for f in findings})


def test_sarif_fingerprints_survive_moved_lines(cli, tmp_path):
    page = (CORPORA / "en/alliance_meeting.txt").read_text(encoding="utf-8")
    target = tmp_path / "page.txt"

    def prints(text):
        target.write_text(text, encoding="utf-8")
        out = tmp_path / "out.sarif"
        cli("scan", str(target), "--sarif", str(out), "-q")
        results = json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"]
        return {(r["ruleId"], r["partialFingerprints"]["auditor/v1"]): r["locations"][0]["physicalLocation"]["region"]["startLine"]
                for r in results}
    before = prints(page)
    after = prints("\n\n" + page)  # every line two lower, the page itself unchanged
    assert set(before) == set(after) and before
    assert all(after[key] == before[key] + 2 for key in before)


def test_sarif_is_validated_against_the_official_schema(cli, tmp_path):
    if not SARIF_SCHEMA.exists():
        pytest.skip("the official SARIF schema is not beside the project (set AUDITOR_SARIF_SCHEMA)")
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    out = tmp_path / "out.sarif"
    cli("scan", str(CORPORA), "--sarif", str(out), "-q")
    doc = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(doc)
    doc["runs"][0]["results"][0]["level"] = "fatal"  # the validator does catch a broken file
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(schema).validate(doc)


def test_github_annotations_are_escaped():
    finding = Finding("data/a,b:c.txt", None, 3, 2, 3, 9, "RES001", "residue", Severity.WARNING,
                      "100% sure:\nline two, really")
    line = annotation(finding)
    assert line.startswith("::warning file=data/a%2Cb%3Ac.txt,line=3,col=2,endColumn=9,title=RES001 ui-boilerplate::")
    assert line.endswith("::100% sure:%0Aline two, really".replace("100%", "100%25"))
    assert "\n" not in line
    assert escape_property("a%b") == "a%25b"


def test_github_annotations_most_severe_first_and_limited(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = cli("scan", "corpora", "--github", "--github-limit", "5")
    lines = result.stdout.splitlines()
    assert len(lines) == 5 and all(line.startswith("::error ") for line in lines)  # standard output: the annotations
    assert "Audited" in result.stderr  # the summary goes to standard error, not among them


def test_markdown_summary_neutralises_corpus_text(cli, tmp_path):
    page = tmp_path / "page.txt"
    hostile = "Share | this `code` <script>alert(1)</script> [link](http://x)"
    page.write_text(("The council met on Tuesday and agreed on the budget for the schools and roads.\n\n"
                     f"{hostile}\n") * 1, encoding="utf-8")
    for i in range(3):
        shutil.copy(page, tmp_path / f"copy{i}.txt")
    out = tmp_path / "summary.md"
    cli("scan", str(tmp_path), "--markdown", str(out), "-q")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# auditor report") and "**Failed**" in text
    template_rows = [line for line in text.splitlines() if "<script>" in line]
    assert template_rows and all(row.count("|") == 4 for row in template_rows)  # pipes inside text neutralised
    assert all("`" + "Share ¦ this ˋcodeˋ" in row for row in template_rows)


@pytest.mark.parametrize("options, code", [
    ((), 1),
    (("--exit-zero",), 0),
    (("--fail-on", "never"), 0),
    (("--fail-on", "never", "--max-dirty-files", "7"), 0),
    (("--fail-on", "never", "--max-dirty-files", "6"), 1),
    (("--fail-on", "never", "--max-dirty-files", "90%"), 0),
    (("--fail-on", "never", "--max-dirty-files", "50%"), 1),
    (("--fail-on", "never", "--max-findings", "RES=11"), 1),
    (("--fail-on", "never", "--max-findings", "RES=100", "--max-findings", "MOJ001=5"), 0),
    (("--fail-on", "never", "--max-findings", "MOJ001=4"), 1),
])
def test_gates(cli, monkeypatch, options, code):
    monkeypatch.chdir(ROOT)
    result = cli("scan", "corpora", *options)
    assert result.exit_code == code, result.output
    if code:
        assert "gate:" in result.output


@pytest.mark.parametrize("options", [("--max-dirty-files", "lots"), ("--max-dirty-files", "120%"),
                                     ("--max-findings", "RES"), ("--max-findings", "XYZ=3")])
def test_bad_gate_values_are_usage_errors(cli, options):
    assert cli("scan", str(CORPORA), *options).exit_code == 2


def test_statistics_count_per_rule(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = cli("scan", "corpora", "--statistics", "--fail-on", "never")
    assert "     13  RES001  ui-boilerplate" in result.output
    assert "Documents by language:" in result.output and "Files by encoding:" in result.output


def test_progress_in_a_log_is_plain_text(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert "scanned 8 of 8 files" in cli("scan", "corpora").output
    assert "scanned" not in cli("scan", "corpora", "-q").output


@pytest.mark.parametrize("flag", ["--sarif", "--markdown", "--report", "--findings", "--templates"])
def test_a_report_path_that_is_a_directory_is_a_usage_error(cli, tmp_path, flag):
    target = tmp_path / "out"
    target.mkdir()
    result = cli("scan", str(CORPORA), flag, str(target))
    assert result.exit_code == 2 and list(target.iterdir()) == []


def test_json_report_carries_tool_settings_and_statistics(cli, tmp_path):
    out = tmp_path / "f.json"
    cli("scan", str(CORPORA), "--findings", str(out), "-q", "--ignore", "RES011")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["tool"]["name"] == "auditor" and doc["settings"]["ignore"] == ["RES011"]
    assert doc["statistics"]["findings"] == len(doc["findings"])
    assert doc["statistics"]["files_by_encoding"]["cp1251"] == 1


def test_json_report_of_a_clean_corpus_is_a_valid_document(cli, tmp_path):
    """Written a finding at a time, the document is still one valid JSON value with no findings."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("The harbour reopened on Tuesday after the storm, officials said.\n",
                                            encoding="utf-8")
    out = tmp_path / "f.json"
    cli("scan", str(tmp_path / "in"), "--findings", str(out), "-q")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["findings"] == [] and doc["template_lines"] == [] and doc["statistics"]["findings"] == 0
