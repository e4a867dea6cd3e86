"""The console lists findings as a linter does: `path:line:col: CODE message` by default in CI,
grouped or with the flagged text on request, JSON on standard output with the tables on standard
error, and control characters of the corpus shown as escapes."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGE = ("The harbour authority opened the new ferry terminal on Monday morning after two years of work.\n\n"
        "Subscribe to our newsletter\n\n"
        "Passengers praised the wider waiting hall and the covered walkway to the quay in the rain.\n")


@pytest.fixture()
def corpus(tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "page.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "news" / "records.jsonl").write_text(json.dumps({"text": PAGE}) + "\n", encoding="utf-8")
    return tmp_path / "news"


def test_concise_is_the_default_off_a_terminal(cli, corpus):
    result = cli("scan", str(corpus))
    listed = [line for line in result.stdout.splitlines() if ": RES001 " in line]
    assert listed == [f"{corpus}/page.txt:3:1: RES001 subscription box [en]: 'Subscribe to our newsletter'",
                      f"{corpus}/records.jsonl:record 0:3:1: RES001 subscription box [en]: "
                      "'Subscribe to our newsletter'"]
    assert result.stdout.index(listed[-1]) < result.stdout.index("Audited 2 file(s)")  # listing, then summary


def test_full_grouped_and_the_limit(cli, corpus):
    full = cli("scan", str(corpus), "--output-format", "full").stdout
    assert "3:1: RES001" in full and "    | Subscribe to our newsletter" in full
    grouped = cli("scan", str(corpus), "--output-format", "grouped").stdout
    assert f"{corpus}/page.txt:\n  3:1 RES001 " in grouped and f"{corpus}/records.jsonl:\n  record 0:3:1 RES001" in grouped
    limited = cli("scan", str(corpus), "--max-listed", "1").stdout
    assert len([line for line in limited.splitlines() if line.startswith(str(corpus))]) == 1
    assert "... and 1 more finding(s)" in limited


def test_json_is_data_on_stdout_and_the_tables_go_to_stderr(cli, corpus):
    result = cli("scan", str(corpus), "--output-format", "json", "--max-listed", "1")
    rows = json.loads(result.stdout)  # the whole of standard output parses: nothing else is mixed in
    assert [(Path(r["path"]).name, r["record"], r["line"], r["rule"]) for r in rows] == \
        [("page.txt", None, 3, "RES001"), ("records.jsonl", 0, 3, "RES001")]  # json lists all
    assert "Audited 2 file(s)" in result.stderr
    findings = subprocess.run([sys.executable, "-m", "auditor", "scan", str(corpus), "--findings", "-"], cwd=ROOT,
                              capture_output=True, text=True, timeout=300)
    assert [json.loads(line)["rule"] for line in findings.stdout.splitlines()] == ["RES001", "RES001"]
    assert "Audited" in findings.stderr and "page.txt:3:1" in findings.stderr


def test_corpus_control_characters_cannot_reach_the_terminal(cli, tmp_path):
    (tmp_path / "evil.txt").write_text(PAGE.replace("Subscribe to our newsletter", "Subscribe\x1b[2J\x1b]0;pwned\x07"),
                                       encoding="utf-8")
    out = cli("scan", str(tmp_path), "--output-format", "full").stdout
    assert "\x1b" not in out and "\x07" not in out and "\\x1b[2J" in out


def test_unknown_format_is_a_usage_error_naming_the_choices(cli, corpus):
    result = cli("scan", str(corpus), "--output-format", "pretty")
    assert result.exit_code == 2 and "full, concise, grouped, json, github" in result.output


def test_a_closed_pipe_ends_quietly(corpus):
    many = corpus / "many"
    many.mkdir()
    for n in range(30):
        (many / f"p{n}.txt").write_text(PAGE, encoding="utf-8")
    scan = subprocess.Popen([sys.executable, "-m", "auditor", "scan", str(many)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    scan.stdout.readline()
    scan.stdout.close()  # the reader leaves, as `| head -1` does
    _, err = scan.communicate(timeout=300)
    assert b"BrokenPipe" not in err and b"Traceback" not in err and b"Exception ignored" not in err
    assert scan.returncode != 0


def test_fail_on_error_names_every_choice(cli, corpus):
    result = cli("scan", str(corpus), "--fail-on", "bogus")
    assert result.exit_code == 2 and "choose info, warning, error or never" in result.output


def test_github_limit_zero_means_no_annotations(cli, corpus):
    result = cli("scan", str(corpus), "--github", "--github-limit", "0")
    assert result.stdout == "" and "Audited 2 file(s)" in result.stderr
