"""The per-file summary (CSV), the per-finding listing (CSV, JSON Lines, JSON) and the list of
the corpus's most repeated template lines (CSV)."""
from __future__ import annotations

import csv
import json

from ..engine.scan import ScanResult
from ..model import FINDING_FIELDS, FileResult, Finding
from .atomic import atomic_text

REPORT_FIELDS = ("path", "format", "encoding", "language", "records", "lines", "bytes", "findings",
                 "encoding_findings", "mojibake_findings", "foreign_findings", "residue_findings",
                 "dirty_lines", "status")
TEMPLATE_FIELDS = ("group", "documents", "group_documents", "share", "line")
SCHEMA_VERSION = 1


def file_row(result: FileResult) -> dict:
    by_category = {"encoding": 0, "mojibake": 0, "foreign": 0, "residue": 0}
    dirty = set()
    for finding in result.findings:
        if finding.category in by_category:
            by_category[finding.category] += 1
        if finding.line is not None:
            for line in range(finding.line, (finding.end_line or finding.line) + 1):
                dirty.add((finding.record, line))
    return {
        "path": result.path, "format": result.format, "encoding": result.encoding,
        "language": result.language, "records": result.records, "lines": result.lines,
        "bytes": result.bytes, "findings": len(result.findings),
        **{f"{cat}_findings": n for cat, n in by_category.items()},
        "dirty_lines": len(dirty), "status": result.status,
    }


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
            json.dump({"schema_version": SCHEMA_VERSION,
                       "findings": [finding_row(f, True) for f in scan.findings],
                       "template_lines": [template_row(t) for t in scan.template_lines]},
                      handle, ensure_ascii=False, indent=1)
            handle.write("\n")
    else:
        with atomic_text(path) as handle:
            for finding in scan.findings:
                handle.write(json.dumps(finding_row(finding, True), ensure_ascii=False) + "\n")


def template_row(template) -> dict:
    return {"group": template.group, "documents": template.documents,
            "group_documents": template.group_documents, "share": round(template.share, 4),
            "line": template.text}


def write_templates_csv(scan: ScanResult, path: str) -> None:
    """The most repeated template lines of the corpus: per group, in how many documents."""
    _write_csv(path, TEMPLATE_FIELDS, (template_row(t) for t in scan.template_lines))
