"""Inputs that once crashed, hung or were misread (tests/regressions/README.md): their findings
are exactly those listed, and the scan stays quick enough to finish under a generous guard."""
from __future__ import annotations

import csv
import json
import subprocess
import sys

from conftest import ROOT

FOLDER = ROOT / "tests" / "regressions"


def test_regression_inputs_give_exactly_the_listed_findings(tmp_path):
    out = tmp_path / "f.jsonl"
    proc = subprocess.run([sys.executable, "-m", "auditor", "scan", str(FOLDER), "--findings", str(out), "-q"],
                          capture_output=True, text=True, timeout=300)  # the backtracking bugs took minutes
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    got = sorted((row["path"].rsplit("/", 1)[-1], "" if row["line"] is None else str(row["line"]), row["rule"])
                 for row in map(json.loads, out.open(encoding="utf-8")))
    lines = [line for line in (ROOT / "tests/golden/regressions.tsv").read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    expected = sorted((r["path"], r["line"], r["rule"]) for r in csv.DictReader(lines, delimiter="\t"))
    assert got == expected
