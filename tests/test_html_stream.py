"""The HTML report is written piece by piece, and its file table is bounded: a corpus of a
million files gets the dirtiest MAX_FILES_TABLE rows and a pointer to the CSV report, not a
page the browser cannot open. (The page itself is tested in a real browser in test_html_report.)"""
from __future__ import annotations

import re

import pytest

from auditor.config import Settings
from auditor.engine.scan import run_scan
from auditor.reports import html
from auditor.reports.tables import file_row
from auditor.sources.discovery import discover

ARTICLE = ("The council met on Tuesday and agreed on the budget for the schools and the roads, "
           "after a long debate about the cost of repairs to the old harbour wall.\n\n")
LEFTOVERS = ["Subscribe", "Log in", "Share on Facebook", "Share on Twitter", "Leave a Reply", "Print"]


@pytest.fixture(scope="module")
def scan(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for k, name in enumerate(["d.txt", "a.txt", "f.txt", "b.txt", "e.txt", "c.txt"]):
        (folder / name).write_text(ARTICLE + "\n\n".join(LEFTOVERS[:k]) + "\n", encoding="utf-8")
    return run_scan(discover([str(folder)]), Settings())


def table_paths(page: str) -> list[str]:
    body = page.split('<table id="files">', 1)[1].split("</table>", 1)[0]
    return [m.group(1) for m in re.finditer(r'<tr data-status="[^"]*"><td>([^<]*)</td>', body)]


def test_every_file_in_scan_order_when_the_table_is_small_enough(scan):
    page = html.html_report(scan)
    assert table_paths(page) == [r.path for r in scan.files]
    assert "the CSV report" not in page


def test_a_large_corpus_gets_its_dirtiest_files_and_a_pointer_to_the_csv(scan, monkeypatch):
    monkeypatch.setattr(html, "MAX_FILES_TABLE", 3)
    monkeypatch.setattr(html, "MAX_FILES_DETAILED", 2)
    page = html.html_report(scan)
    rows = sorted((file_row(r) for r in scan.files), key=lambda row: (-row["dirty_lines"], row["path"]))
    assert table_paths(page) == [row["path"] for row in rows[:3]]
    assert "The 3 files with the most dirty lines of 6" in page and '<span id="shown">3</span> of 3' in page
    most = sorted((r for r in scan.files if r.findings), key=lambda r: (-len(r.findings), r.path))[:2]
    assert re.findall(r"<summary>([^ ]*) —", page) == [r.path for r in most]


def test_written_piece_by_piece(scan, tmp_path):
    parts = html.html_parts(scan)
    assert iter(parts) is parts  # a generator: the page is never one string in memory
    pieces = list(parts)
    assert len(pieces) > len(scan.files)  # at least one piece per file row
    out = tmp_path / "r.html"
    html.write_html(scan, str(out))
    assert out.read_text(encoding="utf-8") == "".join(pieces)
