"""Readers for corpus formats: plain text (one document per file) and JSON Lines (one per record),
and the dispatch to the table (CSV/TSV, Parquet) and web-archive (WARC/WET) readers.

A reader never raises for a problem in the data: it records a finding on the file (with byte
offset or record index) and yields every document it could still read.
"""
from __future__ import annotations

import json
import os
import re
from typing import Iterator

from ..model import Document
from .compression import STREAM_ERRORS, read_all, read_up_to
from .decoding import Decoded, canonical, decode, decode_utf8_lenient
from .archives import warc_documents
from .discovery import UNLISTABLE, InputFile, strip_compression
from .source import Source, open_input
from .storage import is_remote
from .tables import csv_documents, parquet_documents


FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv", ".parquet": "parquet",
           ".warc": "warc", ".wet": "warc", ".arc": "arc"}


def format_of(name: str) -> str:
    """The reader for a file, by its name without the compression suffix (default: plain text)."""
    base = strip_compression(name).lower()
    return next((kind for suffix, kind in FORMATS.items() if base.endswith(suffix)), "txt")


def _line_of_offset(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and byte column of a byte offset."""
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    return line, offset - start + 1


def _report_decoding(source: Source, raw: bytes, decoded, record: int | None = None,
                     first_line: int = 1, byte_base: int = 0) -> None:
    """Findings of a decoding; `first_line` and `byte_base` place a segment of a large file."""
    if decoded.bom and record is None and not byte_base:
        source.add("ENC002", f"file starts with a {decoded.bom.upper()} byte-order mark")
    if decoded.encoding not in ("utf-8", "utf-8-sig") and not decoded.binary and not byte_base:
        source.add("ENC001",
                   f"file is encoded as {decoded.encoding}, not UTF-8 (confidence {decoded.confidence:.2f})",
                   suggestion=f"iconv -f {decoded.encoding} -t utf-8")
    for line, encoding in decoded.mixed[:100]:
        source.add("ENC013", f"line is in {encoding}, the rest of the file in UTF-8 (read each in its own encoding)",
                   record=record, line=line + first_line - 1)
    if len(decoded.mixed) > 100:
        source.add("ENC013", f"{len(decoded.mixed) - 100} more {decoded.mixed[0][1]} lines not listed", record=record)
    for offset, length in decoded.invalid[:100]:
        line, column = _line_of_offset(raw, offset)
        shown = raw[offset:offset + length].hex(" ")
        source.add("ENC003", f"{length} undecodable byte(s) [{shown}] at byte offset {offset + byte_base}",
                   record=record, line=line + first_line - 1, column=column, end_column=column + length)
    if len(decoded.invalid) > 100:
        source.add("ENC003", f"{len(decoded.invalid) - 100} more undecodable sequences not listed", record=record)


DECLARATION = re.compile(
    r"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]{2,40})"""
    r"""|<\?xml[^>]{0,200}?encoding\s*=\s*["']([\w.:-]{2,40})["']""", re.IGNORECASE)


def _check_declarations(source: Source, raw: bytes, decoded, declared: str | None) -> None:
    """ENC012 when the user's --encoding, or a charset the text declares (HTML meta, XML
    declaration), does not read the bytes the way they really read."""
    if declared and canonical(declared) != decoded.encoding and not decoded.bom:
        source.add("ENC012", f"--encoding {declared} does not decode this file; it reads as {decoded.encoding}")
    head = decoded.text[:8192]
    match = DECLARATION.search(head)
    if not match:
        return
    name = match.group(1) or match.group(2)
    line = head.count("\n", 0, match.start()) + 1
    try:
        claimed = canonical(name)
        same = claimed == decoded.encoding or raw.decode(claimed) == decoded.text \
            or decoded.bom is not None and claimed in ("utf-8", "utf-16", "utf-32")
    except LookupError:
        source.add("ENC012", f"the text declares an unknown encoding '{name}'", line=line)
        return
    except UnicodeDecodeError:
        same = False
    if not same:
        source.add("ENC012", f"the text declares {name} but its bytes are {decoded.encoding}; "
                             f"a reader trusting the declaration garbles it", line=line,
                   suggestion=f"declare {decoded.encoding}")


SEGMENT = 16 << 20  # bytes: a larger text file is audited in segments of whole lines this size


def _text_documents(source: Source, declared: str | None, prior: str | None = None) -> Iterator[Document]:
    """A text file is one document. A file larger than SEGMENT (after decompression) is read
    in segments of whole lines, each a document whose findings keep the file's line numbers,
    so memory stays bounded whatever the file's size; the first segment decides the encoding."""
    inp = source.input
    stream = open_input(source)
    if stream is None:
        return
    with stream:
        raw, damage, ended = read_up_to(stream, SEGMENT)
        if not ended and not _wide_encoding(raw):
            yield from _segments(source, stream, raw, declared, prior)
            return
        if not ended:
            rest, damage = read_all(stream)
            raw += rest
    source.size = len(raw)
    if damage:
        source.add("IO004", f"compressed stream is damaged after {damage.offset} bytes ({damage}); the text before it is audited")
    if not raw.strip():
        source.add("IO002", "file is empty" if not raw else "file holds only white space")
        source.encoding = "utf-8" if raw.isascii() else ""
        return
    decoded = decode(raw, declared, prior)
    source.encoding = decoded.encoding
    source.encoding_confidence = decoded.confidence
    if decoded.binary:
        source.add("IO003", "file looks like binary data (control bytes and NULs), not text; not audited")
        return
    _report_decoding(source, raw, decoded)
    _check_declarations(source, raw, decoded, declared)
    yield Document(inp.display, None, decoded.text)


def _wide_encoding(raw: bytes) -> bool:
    """UTF-16/32 (with or without a BOM): a newline byte is no place to cut such text."""
    return raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4096]


def _continued(piece: bytes, encoding: str, prior: str | None) -> Decoded:
    """A later segment, read in the encoding the first one settled: broken UTF-8 sequences are
    reported where they are (or legacy lines among UTF-8 ones, as for a whole file), never taken
    as a reason to read the segment in another code page."""
    if encoding != "utf-8":
        return Decoded(piece.decode(encoding, errors="replace"), encoding)
    try:
        return Decoded(piece.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    decoded = decode(piece, None, prior)
    if decoded.mixed or decoded.encoding == "utf-8":
        return decoded
    text, invalid = decode_utf8_lenient(piece)
    return Decoded(text, "utf-8", invalid=invalid)


def _segments(source: Source, stream, pending: bytes, declared: str | None, prior: str | None) -> Iterator[Document]:
    first_line, byte_base, encoding = 1, 0, None
    damage, ended = None, False
    while True:
        while not ended and damage is None and b"\n" not in pending:
            more, damage, ended = read_up_to(stream, SEGMENT)  # a line longer than a segment stays whole
            pending += more
        if not pending:
            break
        cut = len(pending) if ended or damage is not None else pending.rfind(b"\n") + 1
        piece, pending = pending[:cut], pending[cut:]
        decoded = _continued(piece, encoding, prior) if encoding else decode(piece, declared, prior)
        if encoding is None:
            if decoded.binary:
                source.add("IO003", "file looks like binary data (control bytes and NULs), not text; not audited")
                return
            encoding = decoded.encoding
            source.encoding, source.encoding_confidence = decoded.encoding, decoded.confidence
            _check_declarations(source, piece, decoded, declared)
        _report_decoding(source, piece, decoded, first_line=first_line, byte_base=byte_base)
        yield Document(source.input.display, None, decoded.text, first_line=first_line)
        first_line += piece.count(b"\n")
        byte_base += len(piece)
        source.size = byte_base
        if not ended and damage is None:
            more, damage, ended = read_up_to(stream, max(1, SEGMENT - len(pending)))
            pending += more
    if damage:
        source.add("IO004", f"compressed stream is damaged after {byte_base} bytes ({damage}); "
                            f"the text before it is audited")


SURROGATE = re.compile("[\ud800-\udfff]")


def clean_surrogates(text: str) -> tuple[str, int]:
    """JSON escapes can encode lone surrogates, which no UTF-8 writer accepts: replace them."""
    if text.isascii() or not SURROGATE.search(text):
        return text, 0
    return SURROGATE.subn("\ufffd", text)


def _jsonl_documents(source: Source, text_field: str) -> Iterator[Document]:
    inp = source.input
    stream = open_input(source)
    if stream is None:
        return
    source.encoding = "utf-8"
    offset = 0
    record = -1
    damaged = False
    with stream:
        while True:
            try:
                raw_line = stream.readline()
            except STREAM_ERRORS as exc:
                source.add("IO004", f"compressed stream is damaged after {offset} bytes "
                                    f"({type(exc).__name__}: {exc}); records before it are audited")
                damaged = True
                break
            if not raw_line:
                break
            offset += len(raw_line)
            if not raw_line.strip():
                continue
            record += 1
            line_text, invalid = decode_utf8_lenient(raw_line)
            if invalid:
                source.add("ENC003", f"record is not valid UTF-8 ({len(invalid)} broken sequence(s))", record=record)
            try:
                obj = json.loads(line_text)
            except ValueError as exc:
                source.add("IO005", f"record does not parse as JSON: {exc.msg} at character {exc.pos}", record=record)
                continue
            if not isinstance(obj, dict):
                source.add("IO005", f"record is a JSON {type(obj).__name__}, not an object", record=record)
                continue
            text = obj.get(text_field)
            if not isinstance(text, str):
                what = "has no" if text_field not in obj else f"has a {type(text).__name__} in the"
                source.add("IO006", f"record {what} '{text_field}' field", record=record)
                continue
            text, surrogates = clean_surrogates(text)
            if surrogates:
                source.add("ENC003", f"record text holds {surrogates} lone surrogate escape(s), replaced by U+FFFD", record=record)
            record_id = obj.get("id")
            url = obj.get("url")
            yield Document(inp.display, record, text,
                           record_id=None if record_id is None else str(record_id),
                           url=url if isinstance(url, str) else None)
    source.size = offset
    if record < 0 and not damaged:
        source.add("IO002", "file holds no records")


def open_source(inp: InputFile, text_field: str = "text", encoding: str | None = None,
                prior: str | None = None) -> Source:
    """Open one input file for reading; problems opening it become findings, never exceptions."""
    source = Source(inp, format_of(inp.display))
    if inp.bad_name:
        source.add("IO007", "the file name is not valid UTF-8 (shown with \\x escapes); tools that expect UTF-8 names will choke on it")
    if inp.skipped:
        return source  # listed, not read: the per-file report says why
    if inp.special == UNLISTABLE:
        source.add("IO001", "a folder that could not be listed (no permission, or gone): the files in it "
                            "were not audited")
        return source
    if inp.special:
        source.add("IO001", f"not a regular file ({inp.special}); skipped without reading")
        return source
    if source.format == "jsonl":
        source.documents = _guarded(source, _jsonl_documents(source, text_field))
    elif source.format in ("csv", "tsv"):
        source.documents = _guarded(source, csv_documents(source, text_field, encoding))
    elif source.format == "parquet":
        source.documents = _guarded(source, parquet_documents(source, text_field))
    elif source.format in ("warc", "arc"):
        source.documents = _guarded(source, warc_documents(source))
    else:
        source.documents = _guarded(source, _text_documents(source, encoding, prior))
    return source


def _guarded(source: Source, documents: Iterator[Document]) -> Iterator[Document]:
    """Turn an I/O error in the middle of reading into a finding instead of a crash, and notice
    a local file that was truncated, rewritten or appended to while it was being read (what
    was read is audited; the finding says the audit may not match the file as it is now)."""
    before = _state(source.input)
    try:
        yield from documents
    except OSError as exc:
        source.add("IO001", f"read failed: {exc.strerror or exc}")
    after = _state(source.input)
    if before is not None and after is not None and after != before:
        source.add("IO001", f"the file changed while it was read ({before[0]} bytes when opened, {after[0]} now); "
                            f"the audit covers what was read")


def _state(inp: InputFile) -> tuple[int, int] | None:
    """(size, modification time) of a local file, None for URLs or a file that is gone."""
    if is_remote(inp.fs_path):
        return None
    try:
        st = os.stat(inp.fs_path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns
