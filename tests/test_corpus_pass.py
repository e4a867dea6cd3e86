"""The corpus-wide pass: a line in many documents of one site or folder is template (RES008),
counted by hash, quoted from a second read, and listed in the report's template section."""
from __future__ import annotations

import csv
import json
from array import array

import pytest

from auditor.config import Settings
from auditor.engine.corpus import CorpusCounts, LineIndex, finalise
from auditor.engine.scan import run_scan, scan_file
from auditor.sources.discovery import discover

FOOTER = "Harbour Gazette, 12 Quay Street, Leith"
STORIES = [
    "The ferry to the northern islands was cancelled on Monday because of the storm and high seas.",
    "Fishermen said the catch this winter was the smallest in twenty years, blaming warmer water.",
    "A new bakery opened next to the old customs house and sold out of bread by ten o'clock.",
    "The council approved money to repair the sea wall, which was damaged in the autumn storms.",
    "Schoolchildren planted two hundred trees along the river path as part of a city project.",
    "The lighthouse museum will close for repairs until the spring, its director announced.",
]


def write_site(folder, footer_in=range(6), extra=None):
    folder.mkdir(parents=True, exist_ok=True)
    for i, story in enumerate(STORIES):
        lines = [f"Story number {i} of the week", "", story, ""]
        if i in footer_in:
            lines.append(FOOTER)
        if extra and i in extra[0]:
            lines.append(extra[1])
        (folder / f"page{i}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def scan(paths, **settings):
    settings = Settings(**settings)
    return run_scan(discover([str(p) for p in paths], (), ()), settings)


def test_a_footer_on_every_page_is_template_and_quoted(tmp_path):
    write_site(tmp_path / "gazette")
    result = scan([tmp_path])
    found = [f for f in result.findings if f.rule == "RES008"]
    assert len(found) == 6 and {f.excerpt for f in found} == {FOOTER}
    assert all(f.line == 5 and f.end_column == len(FOOTER) + 1 for f in found)
    assert "6 of 6 documents" in found[0].message
    top = result.template_lines[0]
    assert (top.text, top.documents, top.group_documents) == (FOOTER, 6, 6)


def test_a_line_in_two_documents_is_not_template(tmp_path):
    write_site(tmp_path / "gazette", footer_in={0, 1})
    assert not [f for f in scan([tmp_path]).findings if f.rule == "RES008"]


def test_groups_are_folders_or_url_hosts(tmp_path):
    write_site(tmp_path / "a", footer_in={0, 1})
    write_site(tmp_path / "b", footer_in={2, 3})  # four in all, but never three in one folder
    assert not [f for f in scan([tmp_path]).findings if f.rule == "RES008"]
    rows = [{"text": f"{story}\n\n{FOOTER}", "url": f"https://{'www.gazette.example' if i < 4 else 'other.example'}/{i}"}
            for i, story in enumerate(STORIES)]
    (tmp_path / "c").mkdir()
    (tmp_path / "c/pages.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    found = [f for f in scan([tmp_path / "c"]).findings if f.rule == "RES008"]
    assert sorted(f.record for f in found) == [0, 1, 2, 3]  # two on other.example: too few
    assert all(f.url.startswith("https://www.gazette.example/") for f in found)
    assert "'gazette.example'" in found[0].message


def test_the_threshold_is_relative_to_the_group(tmp_path):
    write_site(tmp_path / "gazette", footer_in={0, 1, 2})
    assert len([f for f in scan([tmp_path]).findings if f.rule == "RES008"]) == 3
    assert not [f for f in scan([tmp_path], corpus_min_share=0.6).findings if f.rule == "RES008"]


def test_lines_already_flagged_are_not_reported_twice_but_still_listed(tmp_path):
    write_site(tmp_path / "gazette", footer_in=(), extra=(range(6), "Subscribe to our newsletter"))
    result = scan([tmp_path])
    assert not [f for f in result.findings if f.rule == "RES008"]
    assert [t.text for t in result.template_lines] == ["Subscribe to our newsletter"]


def test_the_index_holds_hashes_not_strings(tmp_path):
    write_site(tmp_path / "gazette")
    inp = discover([str(tmp_path / "gazette/page0.txt")], (), ())[0]
    index = scan_file(inp, Settings()).line_index
    assert isinstance(index, LineIndex)
    assert all(isinstance(getattr(index, name), array) for name in ("group", "digest", "record", "line"))
    assert index.groups == [str(tmp_path / "gazette")] and len(index.digest) == 3


def test_a_file_gone_before_the_second_read_keeps_its_findings(tmp_path):
    write_site(tmp_path / "gazette")
    inputs = discover([str(tmp_path)], (), ())
    results = [scan_file(inp, Settings()) for inp in inputs]
    counts = CorpusCounts()
    for result in results:
        counts.add(result)
    template = counts.template_lines(3, 0.05)
    found = finalise(results[0], template, counts, lambda result, wanted: {}, {})
    assert [(f.rule, f.line, f.excerpt) for f in found] == [("RES008", 5, "")]


def test_templates_csv_and_json_section(cli, tmp_path):
    write_site(tmp_path / "gazette")
    out_csv, out_json = tmp_path / "t.csv", tmp_path / "f.json"
    cli("scan", str(tmp_path / "gazette"), "--templates", str(out_csv), "--findings", str(out_json), "-q")
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert rows == [{"group": str(tmp_path / "gazette"), "documents": "6", "group_documents": "6",
                     "share": "1.0", "line": FOOTER}]
    assert json.loads(out_json.read_text())["template_lines"][0]["line"] == FOOTER


def _corpus_outcome(tmp_path):
    write_site(tmp_path / "gazette")
    write_site(tmp_path / "herald", footer_in=range(4))

    def outcome():
        result = scan([tmp_path])
        return ([(t.group, t.text, t.documents) for t in result.template_lines],
                [(r.path, f.line) for r in result.files for f in r.findings if f.rule == "RES008"])
    return outcome


@pytest.mark.parametrize("limit", ["FLUSH", "COUNTED"])
def test_bounded_counting_gives_the_same_templates(tmp_path, monkeypatch, limit):
    """With every shard flushed to the spill after each entry (FLUSH), or counted in slices of
    one entry (COUNTED), the counts, the template lines and the RES008 findings are those of
    counting a shard at once in memory."""
    from auditor.engine import corpus

    outcome = _corpus_outcome(tmp_path)
    whole = outcome()
    monkeypatch.setattr(corpus, limit, 1)
    bounded = outcome()
    assert whole[0] and whole[1]
    assert bounded == whole
