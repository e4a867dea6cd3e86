"""Reader for web archives: WARC and WET files (Common Crawl's text extracts), one document per
text record, named by its target URI and record ID.

What is audited is text: WET 'conversion' records, and 'resource'/'response' records whose
content type is text/plain. HTML responses are markup, not the text a corpus keeps; they are
counted and reported as not audited (audit the WET extracts, or the text your extractor made).
"""
from __future__ import annotations

from collections import Counter
from typing import Iterator

from ..model import Document
from .compression import STREAM_ERRORS
from .decoding import canonical, decode, decode_utf8_lenient
from .source import Source, open_input

TEXT_RECORDS = ("conversion", "resource", "response")


def _content_type(record) -> str:
    if record.rec_type == "response" and record.http_headers is not None:
        value = record.http_headers.get_header("Content-Type") or ""
    else:
        value = record.rec_headers.get_header("Content-Type") or ""
    return value.lower()


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key == "charset" and value:
            try:
                return canonical(value.strip("\"' "))
            except LookupError:
                return None
    return None


class _Watched:
    """The decompressed stream as warcio reads it, remembering a damage error that warcio's own
    reader may swallow (a truncated gzip member would otherwise look like a short archive)."""

    def __init__(self, stream):
        self._stream = stream
        self.error: Exception | None = None

    def _watch(self, method, *args):
        try:
            return method(*args)
        except STREAM_ERRORS as exc:
            self.error = self.error or exc
            raise

    def read(self, *args):
        return self._watch(self._stream.read, *args)

    def readline(self, *args):
        return self._watch(self._stream.readline, *args)


def warc_documents(source: Source) -> Iterator[Document]:
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:  # pragma: no cover - warcio is a dependency
        source.add("IO001", "WARC files need warcio: pip install warcio")
        return
    stream = open_input(source)
    if stream is None:
        return
    source.encoding = "utf-8"
    skipped: Counter = Counter()
    index = -1
    audited = 0
    size = 0
    watched = _Watched(stream)
    damaged = False
    with stream:
        try:
            for record in ArchiveIterator(watched, arc2warc=source.format == "arc"):
                index += 1
                if record.format.startswith("arc") and source.format != "arc":
                    # warcio reads any line it does not know as an old ARC header: in a WARC
                    # file that is garbage where a record should begin
                    source.add("IO008", f"archive is damaged at record {index}: no WARC header where a record "
                                        f"begins; records before it are audited", record=index)
                    damaged = True
                    break
                if record.rec_type not in TEXT_RECORDS:
                    continue
                content_type = _content_type(record)
                if record.rec_type != "conversion" and not content_type.startswith("text/plain"):
                    skipped[content_type.split(";")[0].strip() or "no content type"] += 1
                    continue
                raw = record.content_stream().read()
                size += len(raw)
                charset = _charset(content_type)
                if record.rec_type == "conversion" or charset == "utf-8" or not charset:
                    text, invalid = decode_utf8_lenient(raw)
                    if invalid and record.rec_type != "conversion" and not charset:
                        decoded = decode(raw, None)
                        text, invalid = decoded.text, decoded.invalid
                else:
                    decoded = decode(raw, charset)
                    text, invalid = decoded.text, decoded.invalid
                if invalid:
                    source.add("ENC003", f"record text is not valid {charset or 'UTF-8'} "
                                         f"({len(invalid)} broken sequence(s))", record=index)
                audited += 1
                yield Document(source.input.display, index, text,
                               record_id=record.rec_headers.get_header("WARC-Record-ID"),
                               url=record.rec_headers.get_header("WARC-Target-URI"))
        except ArchiveLoadFailed as exc:
            if watched.error is None:
                source.add("IO008", f"archive is damaged at record {index + 1} ({str(exc).strip()[:200]}); "
                                    f"records before it are audited", record=index + 1)
                damaged = True
        except STREAM_ERRORS as exc:
            watched.error = watched.error or exc
        if watched.error is not None:
            exc = watched.error
            source.add("IO004", f"compressed stream is damaged at record {index + 1} "
                                f"({type(exc).__name__}: {exc}); records before it are audited", record=index + 1)
            damaged = True
    source.size = size
    if skipped:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])))
        source.add("IO009", f"{sum(skipped.values())} record(s) are not text and were not audited ({kinds}); "
                            f"audit the extracted text (WET) instead")
    if damaged:
        return
    if index < 0:
        source.add("IO002", "archive holds no records")
    elif not audited and not skipped:
        source.add("IO002", "archive holds no text records")
