"""Readers for tables: CSV/TSV with a header row and Parquet, one document per row.

The text column is the user's `--text-field`; `id` and `url` columns, when present, name the
record in reports. Both readers stream: CSV row by row through an incremental decoder, Parquet in
record batches of the columns needed, so a table of any size is read in bounded memory.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
from typing import Iterator

from ..model import Document
from .compression import STREAM_ERRORS
from .decoding import decode, decode_utf8_lenient
from .source import Source, open_input

SAMPLE = 1 << 16
PARQUET_BATCH = 1024
ID_COLUMNS = ("id", "doc_id", "document_id")
URL_COLUMNS = ("url", "uri", "source_url")
ESCAPED_BYTE = re.compile("[\udc80-\udcff]")  # an undecodable byte, as surrogateescape leaves it
csv.field_size_limit(2**31 - 1)  # one cell may hold a whole book; memory is bounded by the row


def _first_of(names: list[str], wanted: tuple[str, ...]) -> str | None:
    return next((name for name in wanted if name in names), None)


def _sample_encoding(sample: bytes, declared: str | None) -> tuple[str, float]:
    """The encoding of a table, judged on its first bytes (a cut multi-byte character at the
    end of the sample is not held against UTF-8)."""
    if declared:
        return declared, 1.0
    for cut in range(4):
        try:
            (sample[:len(sample) - cut] if cut else sample).decode("utf-8")
            return ("utf-8-sig" if sample.startswith(codecs.BOM_UTF8) else "utf-8"), 1.0
        except UnicodeDecodeError:
            continue
    decoded = decode(sample, None)
    return decoded.encoding, decoded.confidence


def _broken(text: str) -> tuple[str, int]:
    """Surrogate escapes left by undecodable bytes, replaced by U+FFFD, and their count."""
    if text.isascii():
        return text, 0
    return ESCAPED_BYTE.subn("\ufffd", text)


def csv_documents(source: Source, text_field: str, declared: str | None) -> Iterator[Document]:
    stream = open_input(source)
    if stream is None:
        return
    with stream:
        buffered = io.BufferedReader(stream) if not hasattr(stream, "peek") else stream
        try:
            sample = buffered.peek(SAMPLE)[:SAMPLE]
        except STREAM_ERRORS as exc:
            source.add("IO004", f"compressed stream is damaged at its start ({type(exc).__name__}: {exc})")
            return
        if not sample.strip():
            source.add("IO002", "file is empty")
            return
        encoding, confidence = _sample_encoding(sample, declared)
        source.encoding, source.encoding_confidence = encoding.replace("-sig", ""), confidence
        if encoding.startswith("utf-8") and sample.startswith(codecs.BOM_UTF8):
            source.add("ENC002", "file starts with a UTF-8 byte-order mark")
        elif not encoding.startswith("utf"):
            source.add("ENC001", f"file is encoded as {encoding}, not UTF-8 (confidence {confidence:.2f})",
                       suggestion=f"iconv -f {encoding} -t utf-8")
        text = io.TextIOWrapper(buffered, encoding=encoding, errors="surrogateescape", newline="")
        delimiter = "\t" if source.format == "tsv" else ","
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        yield from _rows(source, reader, text_field)
        source.size = buffered.tell() if buffered.seekable() else source.size


def _rows(source: Source, reader, text_field: str) -> Iterator[Document]:
    """Rows as documents. The reader is strict, and a malformed row (a stray quote) is a finding
    on that row; reading goes on with the next one."""
    record = -1
    try:
        header = next(reader, None)
    except csv.Error as exc:
        source.add("IO005", f"the header row is malformed CSV ({exc})")
        return
    if header is None:
        source.add("IO002", "file holds no header row")
        return
    header = [_broken(name)[0].strip() for name in header]
    if text_field not in header:
        shown = ", ".join(header[:12]) + (" …" if len(header) > 12 else "")
        source.add("IO006", f"the table has no '{text_field}' column (columns: {shown}); choose one with --text-field")
        return
    column = header.index(text_field)
    id_index = _index_of(header, ID_COLUMNS)
    url_index = _index_of(header, URL_COLUMNS)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            record += 1
            source.add("IO005", f"row is malformed CSV ({exc}; file line {reader.line_num})", record=record)
            continue
        except STREAM_ERRORS as exc:
            source.add("IO004", f"compressed stream is damaged after row {record} ({type(exc).__name__}: {exc}); "
                                f"rows before it are audited")
            return
        if not row:
            continue
        record += 1
        if column >= len(row):
            source.add("IO006", f"row has {len(row)} field(s), no '{text_field}' value", record=record)
            continue
        text, broken = _broken(row[column])
        if broken:
            source.add("ENC003", f"row text holds {broken} undecodable byte(s), read as U+FFFD", record=record)
        yield Document(source.input.display, record, text,
                       record_id=_cell(row, id_index), url=_cell(row, url_index))
    if record < 0:
        source.add("IO002", "file holds a header and no rows")


def _index_of(header: list[str], wanted: tuple[str, ...]) -> int | None:
    name = _first_of(header, wanted)
    return None if name is None else header.index(name)


def _cell(row: list[str], index: int | None) -> str | None:
    return row[index] if index is not None and index < len(row) else None


def _batches(table, columns: list[str]):
    """Record batches one row group at a time (no read-ahead: damage in a later group does not
    cost the rows of the earlier ones)."""
    for group in range(table.num_row_groups):
        yield from table.iter_batches(batch_size=PARQUET_BATCH, row_groups=[group], columns=columns, use_threads=False)


def parquet_documents(source: Source, text_field: str) -> Iterator[Document]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        source.add("IO001", "Parquet needs pyarrow: pip install pyarrow")
        return
    stream = open_input(source)
    if stream is None:
        return
    with stream:
        try:
            table = pq.ParquetFile(stream)
        except (pa.ArrowException, OSError, ValueError) as exc:
            source.add("IO008", f"not a readable Parquet file: {exc}")
            return
        names = table.schema_arrow.names
        if text_field not in names:
            shown = ", ".join(names[:12]) + (" …" if len(names) > 12 else "")
            source.add("IO006", f"the table has no '{text_field}' column (columns: {shown}); choose one with --text-field")
            return
        kind = table.schema_arrow.field(text_field).type
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_binary(kind)
                or pa.types.is_large_binary(kind) or getattr(pa.types, "is_string_view", lambda _: False)(kind)):
            source.add("IO006", f"the '{text_field}' column holds {kind}, not text")
            return
        id_column = _first_of(names, ID_COLUMNS)
        url_column = _first_of(names, URL_COLUMNS)
        columns = [text_field] + [c for c in (id_column, url_column) if c and c != text_field]
        source.encoding = "utf-8"
        record = -1
        size = 0
        try:
            for batch in _batches(table, columns):
                texts = batch.column(0).cast(pa.large_binary()).to_pylist()
                ids = batch.column(columns.index(id_column)).to_pylist() if id_column in columns else None
                urls = batch.column(columns.index(url_column)).to_pylist() if url_column in columns else None
                for i, raw in enumerate(texts):
                    record += 1
                    if raw is None:
                        source.add("IO006", f"row has a null '{text_field}'", record=record)
                        continue
                    size += len(raw)
                    text, invalid = decode_utf8_lenient(raw)
                    if invalid:
                        source.add("ENC003", f"row text is not valid UTF-8 ({len(invalid)} broken sequence(s))",
                                   record=record)
                    url = urls[i] if urls is not None else None
                    yield Document(source.input.display, record, text,
                                   record_id=None if ids is None or ids[i] is None else str(ids[i]),
                                   url=url if isinstance(url, str) else None)
        except (pa.ArrowException, OSError, ValueError) as exc:
            source.add("IO008", f"Parquet data is damaged after row {record} ({exc}); rows before it are audited",
                       record=record + 1)
        source.size = size
        if record < 0:
            source.add("IO002", "table holds no rows")
