"""The pre-commit hook and the example GitHub Actions workflow, exercised for real."""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess

import pytest
import yaml

from conftest import ROOT

DIRTY = "The council met on Tuesday and approved the budget for the schools and the roads.\n\nSubscribe\n"


def test_hook_definition():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "auditor")
    assert hook["require_serial"] is True and hook["entry"] == "auditor scan" and hook["language"] == "python"
    import re
    pattern = re.compile(hook["files"])
    assert all(pattern.search(n) for n in ("a.txt", "b.jsonl", "c.jsonl.zst", "d/e.ndjson.gz"))
    assert not any(pattern.search(n) for n in ("a.py", "b.json", "c.txt.bak"))


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("pre-commit") is None or not (ROOT / ".git").exists(),
                    reason="pre-commit, git or a git checkout of the project is missing")
def test_pre_commit_try_repo_runs_the_hook(tmp_path):
    target = tmp_path / "corpus-repo"
    target.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    (target / "page.txt").write_text(DIRTY, encoding="utf-8")
    (target / "notes.py").write_text("print('not a corpus file')\n", encoding="utf-8")
    for command in (["git", "init", "-q"], ["git", "add", "."], ["git", "commit", "-qm", "corpus"]):
        subprocess.run(command, cwd=target, env=env, check=True)
    run = subprocess.run(["pre-commit", "try-repo", str(ROOT), "auditor", "--all-files"], cwd=target, env=env,
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "RES001" in run.stdout and "page.txt" in run.stdout and "notes.py" not in run.stdout


def test_example_workflow_runs_what_it_says(cli, tmp_path, monkeypatch):
    workflow = yaml.safe_load((ROOT / "docs/github-actions.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["audit"]["steps"]
    assert workflow["jobs"]["audit"]["permissions"]["security-events"] == "write"
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    command = next(s["run"] for s in steps if "auditor scan" in s.get("run", ""))
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "corpora", tmp_path / "corpus")
    assert cli("baseline", "corpus", "-o", "auditor-baseline.json").exit_code == 0
    summary = tmp_path / "summary.md"
    args = shlex.split(command.replace('"$GITHUB_STEP_SUMMARY"', str(summary)))
    assert args[:2] == ["auditor", "scan"]
    result = cli(*args[1:])
    assert result.exit_code == 0, result.output  # nothing new since the baseline
    assert (tmp_path / upload["with"]["sarif_file"]).exists() and summary.read_text().startswith("# auditor report")
