"""The per-file summary (CSV), the per-finding listing (CSV, JSON Lines, JSON) and the list of
the corpus's most repeated template lines (CSV)."""
from __future__ import annotations

import csv
import heapq
import json
from collections import Counter
from dataclasses import asdict, dataclass, field

from .. import __version__
from ..engine.scan import ScanResult
from ..model import FINDING_FIELDS, FileResult, Finding
from ..sources.discovery import NOT_CORPUS
from .atomic import atomic_text

REPORT_FIELDS = ("path", "format", "encoding", "language", "records", "lines", "bytes", "findings",
                 "encoding_findings", "mojibake_findings", "foreign_findings", "residue_findings",
                 "dirty_lines", "status", "note")
TEMPLATE_FIELDS = ("group", "documents", "group_documents", "share", "line")
SCHEMA_VERSION = 1


def file_row(result: FileResult, findings=None) -> dict:
    """The report's row for a file (`findings`: the file's findings, when already loaded)."""
    findings = result.findings if findings is None else findings
    by_category = {"encoding": 0, "mojibake": 0, "foreign": 0, "residue": 0}
    dirty = set()
    count = 0
    for finding in findings:
        count += 1
        if finding.category in by_category:
            by_category[finding.category] += 1
        if finding.line is not None:
            for line in range(finding.line, (finding.end_line or finding.line) + 1):
                dirty.add((finding.record, line))
    return {
        "path": result.path, "format": result.format, "encoding": result.encoding,
        "language": result.language, "records": result.records, "lines": result.lines,
        "bytes": result.bytes, "findings": count,
        **{f"{cat}_findings": n for cat, n in by_category.items()},
        "dirty_lines": len(dirty), "status": result.status, "note": result.note,
    }


def dirtiness(row: dict) -> tuple:
    """Sort key: most dirty lines first, then by path."""
    return -row["dirty_lines"], row["path"]


@dataclass
class Overview:
    """What the summaries show, from one pass over the files that keeps only the dirtiest rows
    (a corpus of a million files is never held as a million rows)."""

    files: int = 0
    statuses: Counter = field(default_factory=Counter)
    by_rule: Counter = field(default_factory=Counter)
    by_category: Counter = field(default_factory=Counter)
    dirtiest: list = field(default_factory=list)  # rows with the most dirty lines first (unreadable files too)
    skipped: Counter = field(default_factory=Counter)  # (reason, kind of name) -> files listed, not audited

    @property
    def findings(self) -> int:
        return sum(self.by_rule.values())


def statuses_text(statuses: Counter) -> str:
    """'3 clean, 1 dirty, 0 unreadable' (and the files a time budget left partly audited)."""
    text = f"{statuses['clean']} clean, {statuses['dirty']} dirty, {statuses['unreadable']} unreadable"
    text += f", {statuses['partial']} partly audited (time budget)" if statuses["partial"] else ""
    return text + (f", {statuses['skipped']} not audited" if statuses["skipped"] else "")


def audited_text(out: "Overview") -> str:
    """'Audited 3 file(s)', or with files listed but not audited 'Audited 3 of 10 file(s)'."""
    skipped = out.statuses["skipped"]
    return f"Audited {out.files - skipped} of {out.files} file(s)" if skipped else f"Audited {out.files} file(s)"


def skipped_text(out: "Overview", shown: int = 6) -> str:
    """What was listed but not audited, by reason and kind of name, with the way to audit it:
    'Not audited: 1140 file(s) not a corpus format (949 no extension, 191 .md). ...'."""
    if not out.skipped:
        return ""
    reasons: dict[str, Counter] = {}
    for (reason, kind), count in out.skipped.items():
        reasons.setdefault(reason, Counter())[kind] = count
    parts = []
    for reason in sorted(reasons, key=lambda r: (-sum(reasons[r].values()), r)):
        kinds = reasons[reason]
        listed = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items(), key=lambda item: (-item[1], item[0]))[:shown])
        more = ", ..." if len(kinds) > shown else ""
        parts.append(f"{sum(kinds.values())} file(s) {reason} ({listed}{more})")
    hint = " --include GLOB audits files of any format." if NOT_CORPUS in reasons else ""
    return "Not audited: " + "; ".join(parts) + "." + hint + " The per-file report lists them."


def name_kind(path: str) -> str:
    """How a skipped file is grouped in the summary: its suffix ('.md', '.gz') or 'no extension'."""
    base = path.rstrip("/").rsplit("/", 1)[-1]
    stem, dot, suffix = base.rpartition(".")
    return f".{suffix.lower()}" if dot and stem and len(suffix) <= 12 else "no extension"


def overview(scan: ScanResult, top: int) -> Overview:
    out = Overview()

    def candidates():
        for result in scan.files:
            findings = list(result.findings)  # loaded once (spooled findings are read from disk)
            row = file_row(result, findings)
            out.files += 1
            out.statuses[row["status"]] += 1
            out.by_rule.update(f.rule for f in findings)
            out.by_category.update(f.category for f in findings)
            if row["status"] == "skipped":
                out.skipped[row["note"].removeprefix("not audited: "), name_kind(row["path"])] += 1
            if row["dirty_lines"] or row["status"] == "unreadable":
                yield row

    out.dirtiest = heapq.nsmallest(top, candidates(), key=dirtiness)  # holds `top` rows at a time
    return out


def _write_csv(path: str, fields: tuple, rows) -> None:
    with atomic_text(path, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def write_report_csv(scan: ScanResult, path: str) -> None:
    _write_csv(path, REPORT_FIELDS, (file_row(result) for result in scan.files))


def finding_row(finding: Finding, extended: bool) -> dict:
    row = finding.to_row()
    if not extended:
        return {key: row[key] for key in FINDING_FIELDS}
    return {key: row[key] for key in FINDING_FIELDS + ("record_id", "url")}


def write_findings(scan: ScanResult, path: str) -> None:
    """Format by extension: .csv, .json (one document with a schema version) or JSON Lines."""
    lower = path.lower()
    if lower.endswith(".csv"):
        with atomic_text(path, newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=FINDING_FIELDS)
            writer.writeheader()
            for finding in scan.findings:
                writer.writerow({k: ("" if v is None else v) for k, v in finding_row(finding, False).items()})
    elif lower.endswith(".json"):
        with atomic_text(path) as handle:
            _write_json_document(scan, handle)
    else:
        with atomic_text(path) as handle:
            for finding in scan.findings:
                handle.write(json.dumps(finding_row(finding, True), ensure_ascii=False) + "\n")


def _write_json_document(scan: ScanResult, handle) -> None:
    """One JSON document (schema version, tool, settings, statistics, findings, template lines),
    written a finding at a time: the findings of a large corpus are never held as one list."""
    def value(data) -> str:
        return json.dumps(data, ensure_ascii=False)

    head = {"schema_version": SCHEMA_VERSION, "tool": {"name": "auditor", "version": __version__},
            "settings": settings_row(scan.settings) if scan.settings else {}, "statistics": statistics(scan)}
    handle.write("{\n" + "".join(f" {value(key)}: {value(data)},\n" for key, data in head.items()))
    handle.write(' "findings": [')
    for number, finding in enumerate(scan.findings):
        handle.write(("," if number else "") + "\n  " + value(finding_row(finding, True)))
    handle.write("\n ],\n")
    handle.write(f' "template_lines": {value([template_row(t) for t in scan.template_lines])}\n}}\n')


def template_row(template) -> dict:
    return {"group": template.group, "documents": template.documents,
            "group_documents": template.group_documents, "share": round(template.share, 4),
            "line": template.text}


def write_templates_csv(scan: ScanResult, path: str) -> None:
    """The most repeated template lines of the corpus: per group, in how many documents."""
    _write_csv(path, TEMPLATE_FIELDS, (template_row(t) for t in scan.template_lines))


def settings_row(settings) -> dict:
    row = asdict(settings)
    row["fail_on"] = str(settings.fail_on) if settings.fail_on is not None else "never"
    return row


def statistics(scan: ScanResult) -> dict:
    """Totals for the JSON report and the summaries: per status, category, rule, language, encoding
    (one pass over the findings, none of them kept)."""
    languages: Counter = Counter()
    for result in scan.files:
        languages.update(result.languages)
    by_category: Counter = Counter()
    by_rule: Counter = Counter()
    for finding in scan.findings:
        by_category[finding.category] += 1
        by_rule[finding.rule] += 1
    return {
        "interrupted": scan.interrupted,
        "files": len(scan.files),
        "files_by_status": dict(sorted(Counter(r.status for r in scan.files).items())),
        "findings": sum(by_rule.values()),
        "findings_by_category": dict(sorted(by_category.items())),
        "findings_by_rule": dict(sorted(by_rule.items())),
        "documents_by_language": dict(sorted(languages.items())),
        "files_by_encoding": dict(sorted(Counter(r.encoding for r in scan.files if r.encoding).items())),
        "lines": sum(r.lines for r in scan.files),
        "bytes": sum(r.bytes for r in scan.files),
    }
