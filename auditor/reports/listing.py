"""The findings listed in the console, as linters list theirs (`--output-format`).

- concise: `path:line:col: CODE message`, one line a finding (the default when standard output
  is not a terminal: CI logs, pre-commit);
- full: the concise line, then the flagged text and the suggested repair (the default on a
  terminal);
- grouped: a header per file, then `  line:col CODE message`;
- json: every finding as one JSON array on standard output (the summary goes to standard error);
- github: GitHub Actions annotations.

A finding in a record of a JSON Lines, CSV, Parquet or WARC file is placed as `path:record N:`
before its line inside the record. Text is printed as it is (no markup), control characters
shown as escapes so a hostile corpus cannot move the cursor or clear the log.
"""
from __future__ import annotations

import json
from itertools import groupby, islice
from typing import Iterable, TextIO

from ..model import Finding
from .github import write_annotations
from .tables import finding_row

FORMATS = ("full", "concise", "grouped", "json", "github")
CONTROLS = {code: f"\\x{code:02x}" for code in range(32) if code != 9} | {0x7F: "\\x7f", 0x1B: "\\x1b"}


def shown(text: str) -> str:
    """Text safe for a terminal: control characters (ESC among them) as escapes."""
    return text.translate(CONTROLS)


def location(finding: Finding) -> str:
    place = shown(finding.path)
    if finding.record is not None:
        place += f":record {finding.record}"
    if finding.line:
        place += f":{finding.line}"
        if finding.column:
            place += f":{finding.column}"
    return place


def concise(finding: Finding) -> str:
    return f"{location(finding)}: {finding.rule} {shown(finding.message)}"


def write_listing(findings: Iterable[Finding], out: TextIO, output_format: str, limit: int) -> int:
    """Write at most `limit` findings (0: all) in `output_format`; return how many were left out."""
    findings = iter(findings)
    if output_format == "github":
        listed = list(findings)
        return len(listed) - write_annotations(listed, out, limit or len(listed))
    chosen = list(islice(findings, limit)) if limit else list(findings)
    left = sum(1 for _ in findings)
    if output_format == "json":
        out.write(json.dumps([finding_row(f, True) for f in chosen], ensure_ascii=False, indent=1) + "\n")
    elif output_format == "grouped":
        for path, group in groupby(chosen, key=lambda f: f.path):
            out.write(shown(path) + ":\n")
            for finding in group:
                where = location(finding)[len(shown(path)) + 1:] or "file"
                out.write(f"  {where} {finding.rule} {shown(finding.message)}\n")
    else:
        for finding in chosen:
            out.write(concise(finding) + "\n")
            if output_format == "full":
                if finding.excerpt:
                    out.write(f"    | {shown(finding.excerpt)}\n")
                if finding.suggestion:
                    out.write(f"    = {shown(finding.suggestion)}\n")
    if left:
        out.write(f"... and {left} more finding(s); --findings FILE writes them all\n")
    return left
