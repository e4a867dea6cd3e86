"""`auditor fix`: scan, then write a cleaned copy of every file and the log that undoes it.

The scan is the ordinary one (same engine, same findings); the repair layer only consumes its
findings. The log is JSON Lines: a header, then per file a `file` entry followed by its
`change` entries (file, record, line, rules, text before and after), the `record` entries undo
needs for JSON Lines, `bytes` entries for bytes no decoding represents, and an `end` entry with
the totals. It is written atomically after the copies, so a log that exists is complete.
"""
from __future__ import annotations

import base64
import json
import os
from collections import Counter
from dataclasses import dataclass, field

from .. import __version__
from ..config import Settings
from ..engine.scan import ScanResult, run_scan
from ..model import FileResult
from ..reports.atomic import atomic_text
from ..sources.discovery import InputFile, UsageError
from ..sources.storage import is_remote
from ..reports.atomic import write_bytes_atomically
from .files import FileFix, content_of, fix_file
from .repairs import Plan
from .restore import RestoreError, digest, original_bytes

LOG_VERSION = 1


@dataclass
class FixResult:
    scan: ScanResult
    files: list[FileFix] = field(default_factory=list)
    out: str = ""
    log: str = ""

    def applied(self) -> Counter:
        return Counter(f.rule for fix in self.files for f in fix.applied)

    def left(self) -> Counter:
        return Counter(f.rule for fix in self.files for f in fix.left)


def output_root(paths: list[str], out: str) -> str:
    """The folder the copy mirrors: the one input folder, or the folders' common parent.
    Refuses an output folder that is an input or lies inside one (the copy would be rescanned,
    or overwrite what it copies)."""
    if any(is_remote(p) for p in paths):
        raise UsageError("fix reads local files only; copy remote corpora first")
    folders = [os.path.abspath(p if os.path.isdir(p) else os.path.dirname(p) or ".") for p in paths]
    target = os.path.abspath(out)
    for folder in folders:
        if target == folder or target.startswith(folder.rstrip(os.sep) + os.sep):
            raise UsageError(f"--out {out} is inside the input folder {folder}: choose a folder outside the corpus")
    return os.path.commonpath(folders)


def run_fix(inputs: list[InputFile], paths: list[str], settings: Settings, plan: Plan, out: str, log: str,
            progress=None, jobs: int = 1, runner=None) -> FixResult:
    root = output_root(paths, out)
    scan = run_scan(inputs, settings, progress, jobs, runner)
    result = FixResult(scan, out=os.path.abspath(out), log=os.path.abspath(log))
    by_path = {inp.display: inp for inp in inputs}
    for file_result in scan.files:
        inp = by_path.get(file_result.path)
        if inp is None:
            continue
        out_rel = os.path.relpath(os.path.abspath(inp.fs_path), root)
        result.files.append(_fixed(inp, file_result, plan, settings, out, out_rel))
    _write_log(result, plan)
    return result


def _fixed(inp: InputFile, file_result: FileResult, plan: Plan, settings: Settings, out: str, out_rel: str) -> FileFix:
    findings = list(file_result.findings)
    if inp.special or inp.skipped:  # a FIFO or device is never opened; the scan reported it (IO001)
        why = f"not a regular file ({inp.special})" if inp.special else f"not audited: {inp.skipped}"
        fix = FileFix(file_result.path, out_rel, "skipped", reason=why)
        fix.left = findings
        fix.entries.append({"kind": "file", "path": fix.path, "out": out_rel, "status": "skipped", "reason": fix.reason})
        return fix
    try:
        return fix_file(inp, file_result, findings, plan, settings, out, out_rel)
    except OSError as exc:
        fix = FileFix(file_result.path, out_rel, "failed", reason=f"not copied: {exc.strerror or exc}")
        fix.left = findings
        fix.entries.append({"kind": "file", "path": fix.path, "out": out_rel, "status": "failed", "reason": fix.reason})
        return fix


def _write_log(result: FixResult, plan: Plan) -> None:
    with atomic_text(result.log) as handle:
        header = {"kind": "fix", "version": LOG_VERSION, "tool": f"auditor {__version__}", "out": result.out,
                  "repairs": sorted(plan.codes), "min_severity": str(plan.min_severity),
                  "drop_unrepairable": plan.drop_unrepairable}
        handle.write(json.dumps(header, ensure_ascii=False) + "\n")
        for fix in result.files:
            for entry in fix.entries:
                handle.write(_json_line(entry))
        totals = Counter(fix.status for fix in result.files)
        end = {"kind": "end", "files": len(result.files),
               **{s: totals[s] for s in ("fixed", "unchanged", "copied", "skipped", "failed")},
               "changed_lines": sum(fix.changed_lines for fix in result.files)}
        handle.write(json.dumps(end) + "\n")


def _json_line(entry: dict) -> str:
    """One log line; a file name that is not valid UTF-8 (kept with surrogate escapes) is
    written with JSON escapes, which read back to the same name."""
    line = json.dumps(entry, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(entry)
    return line + "\n"


# ------------------------------------------------------------------------------------ undo

@dataclass
class Restored:
    path: str
    target: str
    ok: bool
    reason: str = ""
    skipped: bool = False  # never copied by the fix (not a regular file): nothing to restore


class LogError(ValueError):
    """The log cannot be read or is incomplete (exit code 2)."""


def read_log(path: str) -> tuple[dict, list[list[dict]]]:
    """The header and, per file, its entries (the `file` entry first)."""
    try:
        with open(path, encoding="utf-8") as handle:
            entries = [json.loads(line) for line in handle if line.strip()]
    except (OSError, ValueError) as exc:
        raise LogError(f"cannot read fix log {path}: {exc}") from None
    if not entries or entries[0].get("kind") != "fix" or entries[-1].get("kind") != "end":
        raise LogError(f"{path} is not a complete fix log")
    if entries[0].get("version") != LOG_VERSION:
        raise LogError(f"{path} is a fix log of version {entries[0].get('version')}; this auditor reads version {LOG_VERSION}")
    files: list[list[dict]] = []
    for entry in entries[1:-1]:
        if entry.get("kind") == "file":
            files.append([entry])
        elif files:
            files[-1].append(entry)
    return entries[0], files


def undo(log: str, out: str, cleaned_root: str | None = None) -> list[Restored]:
    """Restore every file of the log under `out` from the cleaned copy in `cleaned_root`
    (default: where the fix wrote it); each restored file is checked against the original's
    SHA-256 before it is written."""
    header, files = read_log(log)
    cleaned_root = cleaned_root or header["out"]
    if os.path.abspath(out) == os.path.abspath(cleaned_root):
        raise LogError("--out is the cleaned copy itself; restore into another folder")
    return [_restore(entries, cleaned_root, out) for entries in files]


def _restore(entries: list[dict], cleaned_root: str, out: str) -> Restored:
    file_entry = entries[0]
    source = os.path.join(cleaned_root, file_entry["out"])
    target = os.path.join(out, file_entry["out"])
    if file_entry["status"] == "skipped":
        return Restored(file_entry["path"], target, True, "not a regular file: never copied", skipped=True)
    if file_entry["status"] == "failed":
        return Restored(file_entry["path"], target, False, "the fix did not copy this file")
    try:
        with open(source, "rb") as handle:
            cleaned = handle.read()
    except OSError as exc:
        return Restored(file_entry["path"], target, False, f"cleaned copy not readable: {exc.strerror or exc}")
    if digest(cleaned) != file_entry["cleaned_sha256"]:
        return Restored(file_entry["path"], target, False, "the cleaned copy changed since the fix")
    original = next((e["raw"] for e in entries if e["kind"] == "original"), None)
    try:
        if file_entry["status"] != "fixed":
            restored = cleaned
        elif original is not None:
            restored = base64.b64decode(original)
        else:
            restored = _rebuilt(entries, cleaned)
    except (RestoreError, UnicodeError, LookupError, OSError) as exc:
        return Restored(file_entry["path"], target, False, str(exc))
    if digest(restored) != file_entry["sha256"]:
        return Restored(file_entry["path"], target, False, "the rebuilt file does not match the original's SHA-256")
    write_bytes_atomically(target, restored)
    return Restored(file_entry["path"], target, True)


def _rebuilt(entries: list[dict], cleaned: bytes) -> bytes:
    content = content_of(cleaned, entries[0].get("compression"))
    if content is None:
        raise RestoreError("the cleaned copy's compressed stream is damaged")
    changes = [(e["unit"], e["before"], e["after"]) for e in entries if "unit" in e and e["kind"] in ("change", "record")]
    raw_units = {e["unit"]: base64.b64decode(e["raw"]) for e in entries if e["kind"] == "bytes"}
    return original_bytes(entries[0], content, changes, raw_units)
