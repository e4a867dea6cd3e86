"""Reports to streams: `-` is standard output, and a pipe or device given as a report path is
written in place, never replaced by a renamed file (the atomic rename once turned /dev/stdout
into a regular file)."""
import json
import os
import stat
import subprocess
import sys
import threading

from conftest import ROOT


def test_dash_writes_findings_to_standard_output():
    proc = subprocess.run([sys.executable, "-m", "auditor", "scan", str(ROOT / "corpora"), "--findings", "-", "-q",
                           "--no-config"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert rows and {"path", "rule", "line"} <= set(rows[0])


def test_a_fifo_report_path_stays_a_fifo(tmp_path):
    fifo = tmp_path / "report.csv"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    proc = subprocess.run([sys.executable, "-m", "auditor", "scan", str(ROOT / "corpora"), "--report", str(fifo),
                           "-q", "--no-config"], capture_output=True, text=True, timeout=300)
    reader.join(timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received and received[0].startswith("path,format,encoding")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".auditor-")]
