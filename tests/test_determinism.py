"""Same input, same findings, on any machine: identical files scanned twice at once beside a CPU
burner get identical findings (no wall-clock limit decides anything by default)."""
from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _burn(seconds: float) -> None:
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        sum(i * i for i in range(10_000))


def test_identical_files_get_identical_findings_under_load(tmp_path):
    # a long page of our own: prose, chrome, a foreign line and mojibake, many times over
    page = "\n\n".join([
        "Harbour News", "Home | Sport | Weather", "Subscribe to our newsletter",
        "The harbour authority opened the new ferry terminal on Monday morning after two years of building work.",
        "Passengers praised the wider waiting hall and the covered walkway to the quay, which stays dry in the rain.",
        "Tallenna muutokset", "The mayorâ€™s office said the repairs would finish before the winter storms.",
        "© Harbour Press 2026", "Read more: Ferry timetable changes for the winter"])
    text = "\n\n".join(page.replace("Monday", day) for day in ("Monday", "Tuesday", "Friday") * 150)
    for n in range(4):
        (tmp_path / "in" / f"copy{n}").mkdir(parents=True)
        (tmp_path / "in" / f"copy{n}" / "page.txt").write_text(text, encoding="utf-8")
    burner = multiprocessing.get_context("spawn").Process(target=_burn, args=(120.0,))
    burner.start()
    try:
        scans = [subprocess.Popen([sys.executable, "-m", "auditor", "scan", str(tmp_path / "in"), "--jobs", "1",
                                   "--findings", str(tmp_path / f"f{k}.jsonl"), "-q", "--exit-zero"], cwd=ROOT)
                 for k in range(2)]
        assert [scan.wait(timeout=600) for scan in scans] == [0, 0]
    finally:
        burner.terminate()
        burner.join()
    listings = []
    for k in range(2):
        per_copy: dict[str, list] = {}
        for row in map(json.loads, (tmp_path / f"f{k}.jsonl").read_text(encoding="utf-8").splitlines()):
            copy = Path(row["path"]).parent.name
            per_copy.setdefault(copy, []).append((row["line"], row["column"], row["rule"], row["message"]))
        listings.append(per_copy)
    first = listings[0]["copy0"]
    assert len(first) > 100 and {rule for _, _, rule, _ in first} >= {"RES001", "LNG002", "MOJ001"}
    for per_copy in listings:
        assert sorted(per_copy) == [f"copy{n}" for n in range(4)]
        assert all(findings == first for findings in per_copy.values())
