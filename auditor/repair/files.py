"""Clean one file: read it as the scan did, repair its documents, write the copy, log every change.

A text file's units are its lines; a JSON Lines file's units are its records, and only the value
of the text field changes (every other byte of the record stays as it was). Before the copy is
written, the file is rebuilt from the copy and the log in memory: if that does not give the
original bytes exactly, the log keeps the original bytes, so undo is exact whatever happened.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import os
from dataclasses import dataclass, field

from ..config import Settings
from ..model import FileResult, Finding
from ..reports.atomic import atomic_binary, write_bytes_atomically
from ..sources.compression import STREAM_ERRORS, CorruptStream, compression_of, decompressing
from ..sources.decoding import BOMS, decode, decode_utf8_lenient
from ..sources.discovery import InputFile
from ..sources.formats import clean_surrogates
from ..sources.storage import open_binary
from .containers import compress, reproduce
from ..detectors.base import AnalyzedDocument
from ..detectors.mojibake import MojibakeDetector
from ..model import Document
from .edits import Edited, edit_text
from .repairs import Plan
from .restore import RestoreError, digest, original_bytes

REWRITTEN = ("txt", "jsonl")
NOT_READ = {"IO001", "IO003", "IO004", "IO008", "AUD003"}  # the scan did not read the whole file
WIDE = ("utf-16", "utf-32")
# a file is rewritten in memory (its text, the copy, and the original rebuilt to check undo):
# about six times its size at the peak
IN_MEMORY_LIMIT = 512 << 20


@dataclass(slots=True)
class FileFix:
    path: str
    out: str                       # the copy's path relative to the output folder
    status: str                    # fixed, unchanged, copied
    reason: str = ""
    entries: list[dict] = field(default_factory=list)  # log entries, the file's own first
    applied: list[Finding] = field(default_factory=list)
    left: list[Finding] = field(default_factory=list)
    changed_lines: int = 0
    bytes_in: int = 0
    bytes_out: int = 0


def fix_file(inp: InputFile, result: FileResult, findings: list[Finding], plan: Plan, settings: Settings,
             out_root: str, out_rel: str) -> FileFix:
    """Write the cleaned copy of one file under `out_root`; never raises for the file's content."""
    fix = FileFix(result.path, out_rel, "copied")
    fix.reason = _not_rewritten(result, findings)
    if fix.reason:
        fix.left = list(findings)
        return _copied_as_is(fix, inp.fs_path, out_root)
    original = _read(inp.fs_path)
    fix.bytes_in = len(original)
    kind = compression_of(inp.display)
    content = content_of(original, kind)
    if content is None:
        fix.reason = "the compressed stream cannot be read to its end: copied unchanged"
        fix.left = list(findings)
        return _written(fix, original, original, out_root)
    if result.format == "jsonl":
        rewritten = _jsonl(content, findings, plan, settings, fix)
    else:
        rewritten = _text(content, result, findings, plan, settings, fix)
    if rewritten is None:
        fix.left = list(findings)
        return _written(fix, original, original, out_root)
    cleaned_content, file_entry, unit_changes, raw_units = rewritten
    if cleaned_content == content:
        fix.status, fix.reason = "unchanged", ""
        return _written(fix, original, original, out_root)
    fix.status = "fixed"
    container = reproduce(kind, original, content)
    cleaned = compress(kind, cleaned_content, container)
    file_entry.update(compression=kind, container=container)
    keep_original = (container is None or raw_units is None
                     or not _restores(file_entry, cleaned_content, unit_changes, raw_units, original))
    return _written(fix, original, cleaned, out_root, file_entry, unit_changes, raw_units, keep_original)


def _not_rewritten(result: FileResult, findings: list[Finding]) -> str:
    """Why the file is copied as it is ("" when it is rewritten)."""
    blocked = sorted({f.rule for f in findings if f.rule in NOT_READ})
    if result.format not in REWRITTEN:
        return f"{result.format} files are copied unchanged (fix rewrites text and JSON Lines)"
    if blocked:
        return f"not fully read by the scan ({', '.join(blocked)}): copied unchanged"
    if result.bytes > IN_MEMORY_LIMIT:
        return (f"{result.bytes >> 20} MB of text: fix rewrites files of up to {IN_MEMORY_LIMIT >> 20} MB "
                f"(it holds one in memory); copied unchanged")
    return ""


def _copied_as_is(fix: FileFix, path: str, out_root: str) -> FileFix:
    """A file fix does not rewrite, copied in chunks (its digest taken on the way)."""
    digest_of = hashlib.sha256()
    with open_binary(path) as source, atomic_binary(os.path.join(out_root, fix.out)) as target:
        while chunk := source.read(1 << 20):
            digest_of.update(chunk)
            target.write(chunk)
            fix.bytes_in += len(chunk)
    fix.bytes_out = fix.bytes_in
    fix.entries.append({"kind": "file", "path": fix.path, "out": fix.out, "status": fix.status,
                        "sha256": digest_of.hexdigest(), "bytes": fix.bytes_in, "cleaned_sha256": digest_of.hexdigest(),
                        "reason": fix.reason})
    return fix


def _read(path: str) -> bytes:
    with open_binary(path) as handle:
        return handle.read()


def content_of(data: bytes, kind: str | None) -> bytes | None:
    """A file's bytes decompressed in memory (None when the stream is damaged)."""
    try:
        with decompressing(io.BytesIO(data), kind) as stream:
            return stream.read()
    except (CorruptStream, *STREAM_ERRORS):
        return None


def _restores(file_entry: dict, cleaned_content: bytes, unit_changes, raw_units, original: bytes) -> bool:
    try:
        changes = [(c["unit"], c["before"], c["after"]) for c in unit_changes if "unit" in c]
        return original_bytes(file_entry, cleaned_content, changes, raw_units) == original
    except (RestoreError, UnicodeError, LookupError):
        return False


def _text(content: bytes, result: FileResult, findings, plan: Plan, settings: Settings, fix: FileFix):
    """A text file decoded exactly as the scan decoded it (the scan's encoding, when legacy, is
    the declared one: the corpus prior it may have used is not needed again)."""
    legacy = result.encoding and not result.encoding.startswith(("utf", "binary"))
    decoded = decode(content, result.encoding if legacy else settings.encoding)
    if decoded.binary or (result.encoding and decoded.encoding != result.encoding):
        fix.reason = f"read as {decoded.encoding} now, {result.encoding} by the scan: copied unchanged"
        return None
    bom = next((mark for mark, name, _ in BOMS if decoded.bom == name and content.startswith(mark)), b"")
    codec = decoded.bom or decoded.encoding
    edited = edit_text(decoded.text, findings, plan, mojibake_left)
    _account(fix, edited)
    units_before = _units(decoded.text)
    unit_changes = [{"kind": "change", "path": fix.path, "record": None, "line": e.line, "unit": e.line,
                     "rules": list(e.rules), "before": e.before, "after": e.after} for e in edited.edits]
    raw_units = _raw_units(content[len(bom):], units_before, codec)
    file_entry = {"kind": "file", "path": fix.path, "out": fix.out, "format": "txt", "encoding": decoded.encoding,
                  "codec": codec, "bom": base64.b64encode(bom).decode("ascii")}
    return edited.text.encode("utf-8"), file_entry, unit_changes, raw_units


_MOJIBAKE = MojibakeDetector()


def mojibake_left(line: str) -> Finding | None:
    """The mojibake finding on a repaired line, if the repair uncovered another layer."""
    if line.isascii():
        return None
    return next(iter(_MOJIBAKE.check(AnalyzedDocument.of(Document("", None, line)))), None)


def _units(text: str) -> list[str]:
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + [parts[-1]]


def _raw_units(body: bytes, units: list[str], codec: str) -> dict[int, bytes] | None:
    """Units whose bytes are not their text encoded in `codec` (undecodable bytes, lines of a
    mixed file in another code page): their bytes verbatim. None when the file cannot be cut
    into units by bytes (UTF-16/32) and does not re-encode whole."""
    if codec.startswith(WIDE):
        return {} if "".join(units).encode(codec) == body else None
    pieces = body.split(b"\n")
    raw = [piece + b"\n" for piece in pieces[:-1]] + [pieces[-1]]
    if len(raw) != len(units):
        return None
    kept = {}
    for index, (unit, data) in enumerate(zip(units, raw, strict=True), 1):
        try:
            same = unit.encode(codec) == data
        except UnicodeEncodeError:
            same = False
        if not same:
            kept[index] = data
    return kept


def _account(fix: FileFix, edited: Edited) -> None:
    fix.applied.extend(edited.applied)
    fix.left.extend(edited.left)
    fix.changed_lines += len(edited.edits)


def _jsonl(content: bytes, findings, plan: Plan, settings: Settings, fix: FileFix):
    """Records with findings get their text field rewritten in place in the record's line."""
    by_record: dict[int, list[Finding]] = {}
    for finding in findings:
        if finding.record is None:
            fix.left.append(finding)  # about the file as a whole
        else:
            by_record.setdefault(finding.record, []).append(finding)
    pieces = content.split(b"\n")
    raw = [piece + b"\n" for piece in pieces[:-1]] + [pieces[-1]]
    units, raw_units, unit_changes, out = [], {}, [], []
    record = -1
    for index, data in enumerate(raw, 1):
        text, invalid = decode_utf8_lenient(data)
        units.append(text)
        if invalid:
            raw_units[index] = data
        new = text
        if data.strip():
            record += 1
            if record in by_record:
                new = _record_rewritten(text, record, by_record.pop(record), plan, settings, fix, unit_changes)
        out.append(new)
        if new != text:
            unit_changes.append({"kind": "record", "path": fix.path, "record": record, "unit": index,
                                 "before": text, "after": new})
    for leftover in by_record.values():
        fix.left.extend(leftover)
    file_entry = {"kind": "file", "path": fix.path, "out": fix.out, "format": "jsonl", "encoding": "utf-8",
                  "codec": "utf-8", "bom": ""}
    return "".join(out).encode("utf-8"), file_entry, unit_changes, raw_units


def _record_rewritten(line: str, record: int, findings, plan: Plan, settings: Settings, fix: FileFix,
                      log: list[dict]) -> str:
    try:
        span = field_span(line, settings.text_field)
    except ValueError:  # not JSON: IO005 already says so
        span = None
    value = json.loads(line[span[0]:span[1]]) if span else None
    if not isinstance(value, str):
        fix.left.extend(findings)
        return line
    text, _ = clean_surrogates(value)
    edited = edit_text(text, findings, plan, mojibake_left)
    _account(fix, edited)
    for e in edited.edits:
        log.append({"kind": "change", "path": fix.path, "record": record, "line": e.line, "rules": list(e.rules),
                    "before": e.before, "after": e.after})
    if not edited.edits:
        return line
    token = line[span[0]:span[1]]
    escaped = "\\u" in token and token.isascii()  # keep the record's own style of writing non-ASCII
    return line[:span[0]] + json.dumps(edited.text, ensure_ascii=escaped) + line[span[1]:]


_DECODER = json.JSONDecoder()
WHITE = " \t\n\r"


def field_span(line: str, name: str) -> tuple[int, int] | None:
    """Where the value of the top-level key `name` is in a JSON object written on one line (the
    last occurrence, as json.loads keeps the last); None if absent or not an object."""
    from json.decoder import scanstring

    found = None
    position = _skip(line, 0)
    if line[position:position + 1] != "{":
        return None
    position = _skip(line, position + 1)
    if line[position:position + 1] == "}":
        return None
    while True:
        if line[position:position + 1] != '"':
            return None
        key, position = scanstring(line, position + 1)
        position = _skip(line, position)
        if line[position:position + 1] != ":":
            return None
        start = _skip(line, position + 1)
        _, end = _DECODER.raw_decode(line, start)
        if key == name:
            found = (start, end)
        position = _skip(line, end)
        if line[position:position + 1] == ",":
            position = _skip(line, position + 1)
            continue
        return found if line[position:position + 1] == "}" else None


def _skip(line: str, position: int) -> int:
    while position < len(line) and line[position] in WHITE:
        position += 1
    return position


def _written(fix: FileFix, original: bytes, cleaned: bytes, out_root: str, file_entry: dict | None = None,
             unit_changes=(), raw_units=None, keep_original: bool = False) -> FileFix:
    """Write the copy atomically and assemble the file's log entries (`file_entry` and the
    rest describe the rewriting of a fixed file)."""
    target = os.path.join(out_root, fix.out)
    write_bytes_atomically(target, cleaned)
    fix.bytes_out = len(cleaned)
    entry = {"kind": "file", "path": fix.path, "out": fix.out, "status": fix.status, "sha256": digest(original),
             "bytes": len(original), "cleaned_sha256": digest(cleaned)}
    if fix.reason:
        entry["reason"] = fix.reason
    if fix.status == "fixed":
        entry.update({k: v for k, v in file_entry.items() if k not in ("kind", "path", "out")})
    fix.entries.append(entry)
    if fix.status != "fixed":
        return fix
    fix.entries.extend(unit_changes)
    if keep_original or raw_units is None:
        fix.entries.append({"kind": "original", "path": fix.path, "raw": base64.b64encode(original).decode("ascii")})
    else:
        fix.entries.extend({"kind": "bytes", "path": fix.path, "unit": index,
                            "raw": base64.b64encode(data).decode("ascii")} for index, data in sorted(raw_units.items()))
    return fix
