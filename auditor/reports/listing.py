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


def place_in_file(finding: Finding) -> str:
    """'record 2:3:1', '3:1', or '' for a finding about the whole file."""
    parts = [f"record {finding.record}"] if finding.record is not None else []
    if finding.line:
        parts.append(str(finding.line))
        if finding.column:
            parts.append(str(finding.column))
    return ":".join(parts)


def concise(finding: Finding) -> str:
    place = place_in_file(finding)
    return f"{shown(finding.path)}{':' + place if place else ''}: {finding.rule} {shown(finding.message)}"


def write_listing(findings: Iterable[Finding], out: TextIO, output_format: str, limit: int) -> int:
    """Write at most `limit` findings in `output_format` (0: all, but for github, where it is
    --github-limit and 0 means none); return how many were left out. Findings are streamed: a
    large corpus keeps them on disk, never all in memory."""
    if output_format == "github":
        listed = list(findings)  # most severe first: the ranking needs them all
        return len(listed) - write_annotations(listed, out, limit)
    findings = iter(findings)
    chosen = islice(findings, limit) if limit else findings
    if output_format == "json":
        out.write("[")
        for index, finding in enumerate(chosen):
            out.write(("," if index else "") + "\n" + json.dumps(finding_row(finding, True), ensure_ascii=False))
        out.write("\n]\n")
    elif output_format == "grouped":
        for path, group in groupby(chosen, key=lambda f: f.path):
            out.write(shown(path) + ":\n")
            for finding in group:
                out.write(f"  {place_in_file(finding) or 'file'} {finding.rule} {shown(finding.message)}\n")
    else:
        for finding in chosen:
            out.write(concise(finding) + "\n")
            if output_format == "full":
                if finding.excerpt:
                    out.write(f"    | {shown(finding.excerpt)}\n")
                if finding.suggestion:
                    out.write(f"    = {shown(finding.suggestion)}\n")
    left = sum(1 for _ in findings)
    if left:
        out.write(f"... and {left} more finding(s); --findings FILE writes them all\n")
    return left
