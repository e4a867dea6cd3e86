"""Configuration files: found upward, overridden by the command line, validated with hints, and
shown with the source of every value."""
from __future__ import annotations

import json

import pytest

ARTICLE = ("The council met on Tuesday and agreed on the budget for the schools and the roads.\n\n"
           "Subscribe\n\n"
           "Members said the plan would be reviewed in the spring when the figures are known.\n")


@pytest.fixture()
def project(tmp_path):
    (tmp_path / "data/news").mkdir(parents=True)
    (tmp_path / "data/news/a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "data/legacy").mkdir()
    (tmp_path / "data/legacy/b.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def findings(cli, *args):
    import tempfile
    from pathlib import Path

    out = Path(tempfile.mkdtemp()) / "f.jsonl"
    result = cli("scan", *args, "--findings", str(out), "-q")
    rows = [json.loads(line) for line in out.open(encoding="utf-8")] if out.exists() else []
    return result, rows


def test_auditor_toml_is_found_upward_and_the_command_line_wins(cli, project):
    (project / "auditor.toml").write_text('ignore = ["RES001"]\n', encoding="utf-8")
    result, rows = findings(cli, str(project / "data/news"))
    assert result.exit_code == 0 and rows == []
    result, rows = findings(cli, str(project / "data/news"), "--ignore", "LNG")
    assert {r["rule"] for r in rows} == {"RES001"}  # the command line's --ignore replaces the file's
    result, rows = findings(cli, str(project / "data/news"), "--no-config")
    assert {r["rule"] for r in rows} == {"RES001"}


def test_pyproject_tool_table(cli, project):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.auditor]\nfail-on = "never"\n', encoding="utf-8")
    result, rows = findings(cli, str(project / "data"))
    assert result.exit_code == 0 and rows  # findings, but the file says never fail


def test_a_pyproject_without_the_table_is_passed_over(cli, project):
    (project / "data/pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    (project / "auditor.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    assert findings(cli, str(project / "data"))[0].exit_code == 0


def test_per_path_ignores_and_severity_overrides(cli, project):
    (project / "auditor.toml").write_text(
        '[per-path-ignores]\n"legacy/*" = ["RES"]\n\n[severity]\nRES001 = "error"\n', encoding="utf-8")
    result, rows = findings(cli, str(project / "data"))
    assert [(r["path"].rsplit("/", 2)[-2], r["rule"], r["severity"]) for r in rows] == [("news", "RES001", "error")]


def test_residue_packs_are_relative_to_the_config_file(cli, project):
    (project / "packs").mkdir()
    (project / "packs/mine.toml").write_text('language = "en"\nremove = ["subscribe"]\n', encoding="utf-8")
    (project / "auditor.toml").write_text('residue-packs = ["packs/mine.toml"]\n', encoding="utf-8")
    assert findings(cli, str(project / "data/news"))[1] == []


@pytest.mark.parametrize("text, message", [
    ('fail-onn = "never"\n', "did you mean 'fail-on'"),
    ('colour = "red"\n', "known keys"),
    ('fail-on = \n', "not valid TOML"),
    ('foreign-min-letters = "four"\n', "must be an integer"),
    ('select = ["XYZ"]\n', "no rule code starts with XYZ"),
    ('[severity]\nRES001 = "fatal"\n', "unknown severity"),
    ('max-dirty-files = "lots"\n', "--max-dirty-files"),
])
def test_bad_configuration_is_a_usage_error_with_a_hint(cli, project, text, message):
    (project / "auditor.toml").write_text(text, encoding="utf-8")
    result = cli("scan", str(project / "data"))
    assert result.exit_code == 2 and message in result.output, result.output


def test_config_show_names_each_source(cli, project):
    (project / "auditor.toml").write_text('fail-on = "error"\nlanguages = ["en", "de"]\n', encoding="utf-8")
    result = cli("config", str(project / "data"), "--show")
    assert result.exit_code == 0
    assert f"configuration file: {project / 'auditor.toml'}" in result.output
    assert f"fail-on = 'error'  ({project / 'auditor.toml'})" in result.output
    assert "text-field = 'text'  (default)" in result.output
    assert "languages = ['en', 'de']" in result.output
