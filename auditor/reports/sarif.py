"""SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning and any SARIF viewer).

Rule metadata comes from the registry; every result has a region with at least a start line
(code scanning's minimum: a finding about a whole file points at line 1); each result carries a partial fingerprint that does not
depend on line numbers. Lines are the file's physical lines: for a JSON Lines record the record's
own line, with the line inside the record's text kept in the result's properties. GitHub's
limits are respected (at most 25,000 results per run, 1,000 characters for a message); what is
cut is said in the run's notifications.
"""
from __future__ import annotations

import heapq
import json

from .. import __version__, rules
from ..engine.scan import ScanResult
from ..model import Finding, Severity
from .atomic import atomic_text
from .fingerprints import VERSION, artifact_uri, fingerprints

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
MAX_RESULTS = 25_000
MAX_MESSAGE = 1_000
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule_descriptor(code: str) -> dict:
    rule = rules.get(code)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": f"{rule.summary}\n\nBad: {rule.bad}\nGood: {rule.good}"},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"category": rule.category, "tags": [rule.category]},
    }


def _region(finding: Finding) -> dict:
    if finding.record is not None:
        # a record is one physical line of its JSON Lines file
        return {"startLine": finding.record + 1}
    if finding.line is None:
        return {"startLine": 1}  # a finding about the whole file: code scanning needs a line
    region = {"startLine": finding.line}
    if finding.column:
        region["startColumn"] = finding.column
    if finding.end_line and finding.end_line != finding.line:
        region["endLine"] = finding.end_line
    if finding.end_column:
        region["endColumn"] = finding.end_column
    if finding.excerpt:
        region["snippet"] = {"text": finding.excerpt}
    return region


def _result(finding: Finding, fingerprint: str, index: dict) -> dict:
    message = finding.message if len(finding.message) <= MAX_MESSAGE else finding.message[:MAX_MESSAGE - 1] + "…"
    location = {"artifactLocation": {"uri": artifact_uri(finding.path)}, "region": _region(finding)}
    result = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": LEVELS[finding.severity],
        "message": {"text": message},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {VERSION: fingerprint},
    }
    properties = {"category": finding.category}
    if finding.record is not None:
        properties.update(record=finding.record, recordLine=finding.line, recordColumn=finding.column)
        if finding.record_id is not None:
            properties["recordId"] = finding.record_id
    if finding.url:
        properties["url"] = finding.url
    if finding.suggestion:
        properties["suggestion"] = finding.suggestion
    result["properties"] = properties
    return result


def sarif_document(scan: ScanResult) -> dict:
    """One pass over the findings that keeps only the MAX_RESULTS most severe (earlier first
    among equals), listed in report order: a corpus with millions of findings is never held."""
    codes: set[str] = set()
    total = 0

    def numbered():
        nonlocal total
        for position, (finding, fingerprint) in enumerate(fingerprints(scan.findings)):
            codes.add(finding.rule)
            total += 1
            yield position, finding, fingerprint

    kept = heapq.nsmallest(MAX_RESULTS, numbered(), key=lambda item: (-item[1].severity, item[0]))
    kept.sort(key=lambda item: item[0])
    codes_in_order = sorted(codes)
    index = {code: i for i, code in enumerate(codes_in_order)}
    results = [_result(finding, fingerprint, index) for _, finding, fingerprint in kept]
    notifications = []
    if total > MAX_RESULTS:
        notifications.append({"level": "warning", "message": {
            "text": f"{total} findings; only the {MAX_RESULTS} most severe are in this file"}})
    run = {
        "tool": {"driver": {"name": "auditor", "version": __version__, "semanticVersion": __version__,
                            "rules": [_rule_descriptor(code) for code in codes_in_order]}},
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
        "results": results,
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def write_sarif(scan: ScanResult, path: str) -> None:
    with atomic_text(path) as handle:
        json.dump(sarif_document(scan), handle, ensure_ascii=False, indent=1)
        handle.write("\n")
