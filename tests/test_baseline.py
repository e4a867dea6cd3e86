"""Baselines: old findings are known, only new ones report and gate; fixed ones are counted and
can be pruned; a broken baseline is a usage error."""
from __future__ import annotations

import json

import pytest

ARTICLE = ("The council met on Tuesday and agreed on the budget for the schools and the roads.\n\n"
           "Subscribe\n\n"
           "Members said the plan would be reviewed in the spring when the figures are known.\n")


@pytest.fixture()
def corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data/a.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def test_known_findings_do_not_fail_but_new_ones_do(cli, corpus):
    assert cli("scan", "data").exit_code == 1
    assert cli("baseline", "data", "-o", "base.json").exit_code == 0
    entries = json.loads((corpus / "base.json").read_text())["findings"]
    assert [e["rule"] for e in entries.values()] == ["RES001"]
    result = cli("scan", "data", "--baseline", "base.json")
    assert result.exit_code == 0 and "1 known finding(s) not reported" in result.output
    # lines move: the old finding is still known; a new one is reported
    (corpus / "data/a.txt").write_text("A new opening paragraph about the harbour and the ferry timetable.\n\n"
                                       + ARTICLE + "\nLog in or register\n", encoding="utf-8")
    out = corpus / "f.jsonl"
    result = cli("scan", "data", "--baseline", "base.json", "--findings", str(out))
    assert result.exit_code == 1
    assert [json.loads(line)["excerpt"] for line in out.open()] == ["Log in or register"]


def test_fixed_findings_are_counted_and_pruned(cli, corpus):
    cli("baseline", "data", "-o", "base.json")
    (corpus / "data/a.txt").write_text(ARTICLE.replace("Subscribe\n\n", ""), encoding="utf-8")
    result = cli("scan", "data", "--baseline", "base.json")
    assert result.exit_code == 0 and "1 fixed since the baseline" in result.output
    assert cli("baseline", "data", "-o", "base.json", "--prune").exit_code == 0
    assert json.loads((corpus / "base.json").read_text())["findings"] == {}


def test_prune_adds_nothing_new(cli, corpus):
    cli("baseline", "data", "-o", "base.json")
    (corpus / "data/a.txt").write_text(ARTICLE + "\nLog in or register\n", encoding="utf-8")
    cli("baseline", "data", "-o", "base.json", "--prune")
    assert [e["excerpt"] for e in json.loads((corpus / "base.json").read_text())["findings"].values()] == ["Subscribe"]


@pytest.mark.parametrize("content", ["not json", '{"schema_version": 99, "findings": {}}', '[]', '{"findings": 3}'])
def test_a_broken_baseline_is_a_usage_error(cli, corpus, content):
    (corpus / "base.json").write_text(content, encoding="utf-8")
    result = cli("scan", "data", "--baseline", "base.json")
    assert result.exit_code == 2 and "baseline" in result.output


def test_a_missing_baseline_is_a_usage_error(cli, corpus):
    assert cli("scan", "data", "--baseline", "nowhere.json").exit_code == 2


def test_same_text_twice_gives_two_fingerprints(cli, corpus):
    (corpus / "data/a.txt").write_text(ARTICLE + "\nSubscribe\n", encoding="utf-8")
    cli("baseline", "data", "-o", "base.json")
    prints = list(json.loads((corpus / "base.json").read_text())["findings"])
    assert len(prints) == 2 and {p.rsplit(":", 1)[1] for p in prints} == {"1", "2"}
