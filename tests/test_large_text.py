"""Text files larger than a segment are read in segments of whole lines (bounded memory); their
findings keep the file's line numbers and byte offsets, as if the file had been read whole."""
import gzip

import pytest

from auditor.config import Settings
from auditor.engine.scan import run_scan
from auditor.sources import formats
from auditor.sources.discovery import discover

PARAGRAPH = ("The ferry company said on Tuesday that the winter timetable would start a week later than "
             "planned, because the new boats needed more sea trials.")
PLANTED = {
    37: "Subscribe to our newsletter",
    81: "The mayorâ€™s office said the repairs were finished.",
    150: "Price: NaN EUR",
    233: "The NАTO summit opened in the capital on Monday morning with a speech.",
}
LOCAL_RULES = ("RES001", "RES002", "MOJ", "ENC", "LNG004")  # rules that look at one line alone


def write_corpus(path, broken_at=None, opener=open):
    lines = []
    for number in range(1, 301):
        lines.append(PLANTED.get(number, f"{PARAGRAPH} Item {number}."))
    data = "\n\n".join(lines).encode("utf-8") + b"\n"
    if broken_at is not None:
        data = data.replace(b"Item 270.", b"Item \xff270.")
    with opener(path, "wb") as handle:
        handle.write(data)
    return data


def local_findings(path):
    [result] = run_scan(discover([str(path)]), Settings()).files
    return [(f.rule, f.line, f.column, f.end_column, f.message) for f in result.findings
            if f.rule.startswith(LOCAL_RULES)], result


@pytest.mark.parametrize("name, opener", [("big.txt", open), ("big.txt.gz", gzip.open)])
def test_segments_give_the_findings_of_the_whole_file(tmp_path, monkeypatch, name, opener):
    path = tmp_path / name
    raw = write_corpus(path, broken_at=270, opener=opener)
    whole, whole_result = local_findings(path)
    assert whole_result.records == 1
    monkeypatch.setattr(formats, "SEGMENT", 4096)
    parts, parts_result = local_findings(path)
    assert parts_result.records > 5  # really read in segments
    assert parts == whole
    assert {rule for rule, *_ in whole} >= {"RES001", "MOJ001", "RES002", "LNG004", "ENC003"}
    [broken] = [f for f in parts if f[0] == "ENC003"]
    offset = raw.index(b"\xff")
    assert broken[1] == 539 and f"byte offset {offset}" in broken[4]
    assert parts_result.lines == whole_result.lines and parts_result.bytes == whole_result.bytes


def test_a_line_longer_than_a_segment_stays_whole(tmp_path, monkeypatch):
    path = tmp_path / "long.txt"
    long_line = " ".join(["harbour"] * 3000) + " Itâ€™s done."
    path.write_text(f"First line of the file.\n{long_line}\nSubscribe to our newsletter\n", encoding="utf-8")
    monkeypatch.setattr(formats, "SEGMENT", 1024)
    found, result = local_findings(path)
    assert ("MOJ001", 2) in [(rule, line) for rule, line, *_ in found]
    assert ("RES001", 3) in [(rule, line) for rule, line, *_ in found]
    assert result.lines == 3


def test_template_lines_of_segments_are_quoted_from_the_right_line(tmp_path, monkeypatch):
    monkeypatch.setattr(formats, "SEGMENT", 2048)
    footer = "Harbour Gazette weekend edition, all rights kept by the editors"
    for n in range(4):
        body = "\n\n".join(f"{PARAGRAPH} Note {n}.{i}." for i in range(40))
        (tmp_path / f"page{n}.txt").write_text(f"{body}\n\n{footer}\n", encoding="utf-8")
    result = run_scan(discover([str(tmp_path)]), Settings())
    quoted = [(f.line, f.excerpt) for r in result.files for f in r.findings if f.rule == "RES008"]
    assert quoted and all(excerpt == footer and line == 81 for line, excerpt in quoted)


def _records(tmp_path):
    import json

    lines = ["Subscribe to our newsletter", "Der Stadtrat tagte am Dienstag im Rathaus der Stadt.",
             "The mayorâ€™s office said the repairs were finished.", "Share this article"]
    path = tmp_path / "records.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for number in range(90):
            text = "\n".join([PARAGRAPH, lines[number % 4], PARAGRAPH.replace("Tuesday", f"day {number}")])
            handle.write(json.dumps({"text": text if number % 7 else "kurz"}) + "\n")
    return path


def test_documents_analysed_ahead_get_the_findings_they_get_alone(tmp_path, monkeypatch):
    """The engine identifies a few documents' languages ahead of the detectors: same findings
    and languages as one document at a time (short records take the file's prior either way)."""
    from auditor.engine import document

    path = _records(tmp_path)

    def scan():
        result = run_scan(discover([str(path)], (), ()), Settings())
        rows = [(f.rule, f.record, f.line, f.message) for f in result.findings]
        return rows, result.files[0].languages

    ahead = scan()
    monkeypatch.setattr(document, "AHEAD_DOCUMENTS", 1)
    alone = scan()
    assert ahead == alone and len(ahead[0]) > 90


def test_documents_analysed_ahead_are_few(monkeypatch):
    from auditor.engine import document
    from auditor.model import Document

    drawn = []

    def documents(count, size):
        for number in range(count):
            drawn.append(number)
            yield Document(path="x", text=PARAGRAPH * size, record=number)

    first = next(document.analyze_ahead(documents(100, 1)))
    assert first.doc.record == 0 and len(drawn) == document.AHEAD_DOCUMENTS
    drawn.clear()
    next(document.analyze_ahead(documents(100, 1000)))  # 140,000 characters each
    assert len(drawn) == 2
    assert [a.doc.record for a in document.analyze_ahead(documents(40, 1))] == list(range(40))
