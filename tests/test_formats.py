"""Tables (CSV, TSV, Parquet) and web archives (WARC, WET): real files written by the real
libraries, the same records in every format giving the same findings, and damaged files giving
their findings while the records before the damage are still audited."""
import csv
import gzip
import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from auditor.config import Settings
from auditor.engine.scan import finish, scan_file
from auditor.sources.discovery import discover

# Our own records: a clean report, one with a newsletter box, one with mojibake, one in Russian
# with an English UI string glued to its end.
RECORDS = [
    ("a1", "https://harbour.example/news/1",
     "The harbour authority opened the new ferry terminal on Monday morning.\n\n"
     "Passengers praised the wider waiting hall and the covered walkway to the quay."),
    ("a2", "https://harbour.example/news/2",
     "Fishermen say the autumn catch was the best in a decade.\n\n"
     "Sign up for our newsletter\n\n"
     "Prices at the morning auction rose for the third week running."),
    ("a3", "https://harbour.example/news/3",
     "The mayorâ€™s office said the repairs would finish before the winter storms arrive."),
    ("a4", "https://harbour.example/news/4",
     "Новый паромный терминал открылся в понедельник утром после двух лет строительства.\n\n"
     "Пассажиры отметили просторный зал ожидания и крытый переход к причалу. "
     "The best seafood restaurants near the harbour"),
]


def findings_by_record(result):
    """(record, line, rule) of every finding: what must not depend on the format."""
    return sorted(((f.record, f.line or 0, f.rule) for f in result.findings), key=str)


def scan(path, **settings):
    [inp] = discover([str(path)])
    return finish([scan_file(inp, Settings(**settings))], Settings(**settings)).files[0]


def write_jsonl(path):
    path.write_text("".join(json.dumps({"id": i, "url": u, "text": t}, ensure_ascii=False) + "\n"
                            for i, u, t in RECORDS), encoding="utf-8")


def write_csv(path, delimiter=",", encoding="utf-8", opener=open):
    with opener(path, "wt", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(["id", "url", "text"])
        writer.writerows(RECORDS)


def write_parquet(path, **columns):
    data = {"id": [r[0] for r in RECORDS], "url": [r[1] for r in RECORDS], "text": [r[2] for r in RECORDS]}
    data.update(columns)
    pq.write_table(pa.table(data), path, row_group_size=2)


def write_wet(path, compress=True):
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for _, url, text in RECORDS:
            writer.write_record(writer.create_warc_record(
                url, "conversion", payload=io.BytesIO(text.encode("utf-8")), warc_content_type="text/plain"))


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    path = tmp_path_factory.mktemp("ref") / "records.jsonl"
    write_jsonl(path)
    result = scan(path)
    rules = {rule for _, _, rule in findings_by_record(result)}
    assert {"RES001", "MOJ001", "LNG002"} <= rules  # the records hold what we say they hold
    return findings_by_record(result)


@pytest.mark.parametrize("name, writer", [
    ("records.csv", write_csv),
    ("records.tsv", lambda p: write_csv(p, delimiter="\t")),
    ("records.csv.gz", lambda p: write_csv(p, opener=gzip.open)),
    ("records.parquet", write_parquet),
])
def test_tables_give_the_findings_of_the_same_jsonl(tmp_path, reference, name, writer):
    path = tmp_path / name
    writer(path)
    result = scan(path)
    assert findings_by_record(result) == reference
    assert result.records == len(RECORDS)
    first = next(f for f in result.findings if f.rule == "MOJ001")
    assert (first.record_id, first.url) == ("a3", "https://harbour.example/news/3")


def test_wet_records_are_documents_named_by_uri(tmp_path, reference):
    path = tmp_path / "crawl.warc.wet.gz"
    write_wet(path)
    result = scan(path)
    assert result.records == len(RECORDS)
    # records are numbered as they stand in the archive (the warcinfo record is 0)
    assert findings_by_record(result) == sorted(((r + 1, line, rule) for r, line, rule in reference), key=str)
    mojibake = next(f for f in result.findings if f.rule == "MOJ001")
    assert mojibake.url == "https://harbour.example/news/3"
    assert mojibake.record_id.startswith("<urn:uuid:")


def test_warc_audits_text_and_counts_what_it_skips(tmp_path):
    path = tmp_path / "pages.warc"
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        html = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        for n in range(2):
            writer.write_record(writer.create_warc_record(
                f"https://site.example/{n}", "response", payload=io.BytesIO(b"<html><p>hello</p></html>"),
                http_headers=html))
        plain = StatusAndHeaders("200 OK", [("Content-Type", "text/plain; charset=windows-1251")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://site.example/ru.txt", "response", payload=io.BytesIO(RECORDS[3][2].encode("cp1251")),
            http_headers=plain))
    result = scan(path)
    assert result.records == 1 and result.languages == {"ru": 1}
    [skipped] = [f for f in result.findings if f.rule == "IO009"]
    assert "2 record(s)" in skipped.message and "text/html" in skipped.message
    assert not [f for f in result.findings if f.rule.startswith(("ENC", "MOJ"))]


def test_csv_in_a_legacy_code_page_is_read_and_reported(tmp_path, reference):
    path = tmp_path / "records.csv"
    rows = [r for r in RECORDS if r[0] != "a4"]  # cp1252 cannot hold the Russian record
    with open(path, "w", newline="", encoding="cp1252") as handle:
        csv.writer(handle).writerows([("id", "url", "text")] + [(i, u, t.replace("â€™", "’")) for i, u, t in rows])
    result = scan(path)
    assert result.encoding == "cp1252"
    assert [f.rule for f in result.findings if f.rule.startswith("ENC")] == ["ENC001"]
    assert result.records == 3


def test_csv_with_broken_bytes_in_one_row(tmp_path):
    path = tmp_path / "records.csv"
    # UTF-8 for far longer than the sample the encoding is judged on, then one broken byte
    path.write_bytes(b"id,text\n" + b"1,The ferry left on time this morning, the harbour master said.\n" * 2000
                     + b"2,The ferry left \xff late tonight.\n")
    result = scan(path)
    broken = [f for f in result.findings if f.rule == "ENC003"]
    assert [f.record for f in broken] == [2000]
    assert result.records == 2001


@pytest.mark.parametrize("content, rule, text", [
    ("id,body\n1,Some text here.\n", "IO006", "no 'text' column"),
    ("", "IO002", "empty"),
    ("id,text\n", "IO002", "no rows"),
    ('id,text\n1,"A fine row."\n2,"an open quote\n', "IO005", "unexpected end of data"),
    ('id,text\n1,"A stray"quote,x\n2,A good row of text.\n', "IO005", "file line 2"),
])
def test_bad_csv_gets_its_finding(tmp_path, content, rule, text):
    path = tmp_path / "t.csv"
    path.write_text(content, encoding="utf-8")
    result = scan(path)
    assert any(f.rule == rule and text in f.message for f in result.findings), result.findings


def test_csv_text_column_is_chosen_by_the_user(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,body\n1,Sign up for our newsletter\n", encoding="utf-8")
    assert [f.rule for f in scan(path, text_field="body").findings] == ["RES001"]


def test_parquet_problems(tmp_path):
    nulls = tmp_path / "nulls.parquet"
    pq.write_table(pa.table({"text": ["A fine row of text about the harbour.", None]}), nulls)
    assert [(f.rule, f.record) for f in scan(nulls).findings] == [("IO006", 1)]
    numbers = tmp_path / "numbers.parquet"
    pq.write_table(pa.table({"text": [1, 2]}), numbers)
    [finding] = scan(numbers).findings
    assert finding.rule == "IO006" and "int64" in finding.message
    truncated = tmp_path / "cut.parquet"
    write_parquet(truncated)
    truncated.write_bytes(truncated.read_bytes()[:-20])
    result = scan(truncated)
    assert [f.rule for f in result.findings] == ["IO008"] and result.status == "unreadable"


def test_parquet_damaged_in_a_later_row_group_keeps_the_first(tmp_path, reference):
    path = tmp_path / "damaged.parquet"
    write_parquet(path)  # two row groups of two rows
    data = bytearray(path.read_bytes())
    meta = pq.ParquetFile(path).metadata
    column = meta.row_group(1).column(2)
    start = column.data_page_offset
    data[start:start + 40] = b"\x00" * 40  # garbage over the second row group's text pages
    path.write_bytes(bytes(data))
    result = scan(path)
    assert any(f.rule == "IO008" for f in result.findings)
    assert result.records == 2
    assert [x for x in findings_by_record(result) if x[2] != "IO008"] == [x for x in reference if x[0] < 2]


def test_damaged_warc_keeps_the_records_before(tmp_path):
    path = tmp_path / "crawl.warc.wet"
    write_wet(path, compress=False)
    raw = path.read_bytes()
    cut = raw.index(b"WARC/1", raw.index(RECORDS[1][2][:20].encode()))  # header of the third text record
    path.write_bytes(raw[:cut] + b"GARBAGE NOT A WARC HEADER\r\n\r\n" + raw[cut + 40:])
    result = scan(path)
    assert result.records == 2
    damaged = [f for f in result.findings if f.rule == "IO008"]
    assert len(damaged) == 1 and damaged[0].record == 3


def test_directories_pick_up_the_new_formats(tmp_path):
    for name in ("a.csv", "b.tsv.zst", "c.parquet", "d.warc.wet.gz", "e.warc", "notes.md", "data.bin"):
        (tmp_path / name).write_bytes(b"")
    found = [inp.display.rsplit("/", 1)[-1] for inp in discover([str(tmp_path)]) if not inp.skipped]
    assert found == ["a.csv", "b.tsv.zst", "c.parquet", "d.warc.wet.gz", "e.warc"]
