"""GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding, which
GitHub shows as annotations on the pull request. The most severe come first, at most `limit`
of them (GitHub itself shows only a few per step), with data and properties escaped as the
workflow-command syntax requires."""
from __future__ import annotations

from typing import Iterable, TextIO

from .. import rules
from ..model import Finding, Severity
from .fingerprints import artifact_uri

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    properties = [f"file={escape_property(artifact_uri(finding.path))}"]
    line = finding.record + 1 if finding.record is not None else finding.line
    if line:
        properties.append(f"line={line}")
        if finding.record is None:
            if finding.end_line and finding.end_line != finding.line:
                properties.append(f"endLine={finding.end_line}")
            elif finding.column:
                properties.append(f"col={finding.column}")
                if finding.end_column:
                    properties.append(f"endColumn={finding.end_column}")
    rule = rules.get(finding.rule)
    properties.append(f"title={escape_property(f'{finding.rule} {rule.name}')}")
    where = f" (record {finding.record}, line {finding.line})" if finding.record is not None and finding.line else ""
    return f"::{COMMANDS[finding.severity]} {','.join(properties)}::{escape_data(finding.message + where)}"


def write_annotations(findings: Iterable[Finding], out: TextIO, limit: int) -> int:
    """Print the `limit` most severe findings as annotations (stable order); return how many."""
    ranked = sorted(findings, key=lambda f: -f.severity)[:limit]
    for finding in ranked:
        out.write(annotation(finding) + "\n")
    return len(ranked)
