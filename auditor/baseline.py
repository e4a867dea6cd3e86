"""Baselines: adopt the auditor on an old corpus without drowning in its old findings.

`auditor baseline` records the fingerprints of today's findings (rule, path, record id and the
flagged text — not line numbers, so a finding stays known when lines move). A scan with
`--baseline FILE` then reports and gates only new findings, and counts the recorded ones that
are gone (fixed); `auditor baseline --prune` drops those from the file without adding new ones.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .engine.scan import ScanResult
from .reports.atomic import atomic_text
from .reports.fingerprints import artifact_uri, fingerprints

SCHEMA_VERSION = 1


class BaselineError(ValueError):
    pass


@dataclass
class BaselineOutcome:
    known: int = 0
    fixed: list = field(default_factory=list)   # entries of the baseline no longer found


def current(scan: ScanResult) -> dict:
    """fingerprint -> entry for every finding of the scan."""
    entries = {}
    for result in scan.files:
        for finding, fingerprint in fingerprints(result.findings):
            entries[fingerprint] = {"rule": finding.rule, "path": artifact_uri(finding.path),
                                    "excerpt": finding.excerpt[:80]}
    return entries


def write_baseline(entries: dict, path: str) -> None:
    with atomic_text(path) as handle:
        json.dump({"schema_version": SCHEMA_VERSION, "tool": {"name": "auditor", "version": __version__},
                   "findings": dict(sorted(entries.items()))}, handle, ensure_ascii=False, indent=1)
        handle.write("\n")


def load_baseline(path: str) -> dict:
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except OSError as exc:
        raise BaselineError(f"baseline {path}: cannot read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"baseline {path}: not a baseline file ({exc})") from None
    if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION or \
            not isinstance(data.get("findings"), dict):
        raise BaselineError(f"baseline {path}: not a baseline file (schema_version {SCHEMA_VERSION} "
                            "with a 'findings' table expected); write one with 'auditor baseline'")
    return data["findings"]


def apply_baseline(scan: ScanResult, baseline: dict) -> BaselineOutcome:
    """Drop the findings the baseline knows; statuses follow what is left."""
    outcome = BaselineOutcome()
    seen = set()

    def drop_known(result) -> None:
        kept = []
        for finding, fingerprint in fingerprints(result.findings):
            if fingerprint in baseline:
                seen.add(fingerprint)
                outcome.known += 1
            else:
                kept.append(finding)
        result.findings = kept
        if result.status == "dirty" and not kept:
            result.status = "clean"

    scan.rewrite(drop_known)
    outcome.fixed = [dict(baseline[fp], fingerprint=fp) for fp in sorted(baseline) if fp not in seen]
    return outcome


def pruned(baseline: dict, scan: ScanResult) -> dict:
    """The baseline without its fixed entries; new findings are not added."""
    now = current(scan)
    return {fp: entry for fp, entry in baseline.items() if fp in now}
