"""End to end: the bundled corpora give exactly the findings listed in tests/golden/corpora.tsv."""
import csv
import json

from conftest import ROOT


def expected():
    lines = [line for line in (ROOT / "tests/golden/corpora.tsv").read_text().splitlines() if not line.startswith("#")]
    return sorted((r["path"], r["record"], r["line"], r["rule"]) for r in csv.DictReader(lines, delimiter="\t"))


def test_bundled_corpora_match_the_expected_listing(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "f.jsonl"
    cli("scan", "corpora", "--findings", str(out), "-q")
    got = sorted((r["path"], "" if r["record"] is None else str(r["record"]), "" if r["line"] is None else str(r["line"]),
                  r["rule"]) for r in map(json.loads, out.open()))
    assert got == expected()


def test_every_family_is_planted():
    families = {rule[:3].rstrip("0123456789") for *_, rule in expected()}
    assert {"ENC", "MOJ", "LNG", "RES", "IO"} <= families
