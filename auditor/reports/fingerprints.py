"""Fingerprints that survive edits elsewhere in a file: rule, path, record id and the
normalised text of the flagged line — never its line number. Findings with the same
fingerprint in one file are numbered in order, so two identical captions stay distinct.
SARIF's partialFingerprints and the baseline both use them."""
from __future__ import annotations

import hashlib
import os
from collections import Counter
from pathlib import PurePosixPath
from typing import Iterable, Iterator

from ..model import Finding

VERSION = "auditor/v1"


def artifact_uri(path: str) -> str:
    """A relative POSIX path where possible (code scanning matches files by it), else a file URI."""
    if os.path.isabs(path):
        try:
            relative = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            relative = ""
        if not relative or relative.startswith(".."):
            return PurePosixPath(path).as_uri() if path.startswith("/") else path.replace("\\", "/")
        path = relative
    return PurePosixPath(*path.replace("\\", "/").split("/")).as_posix().removeprefix("./")


def _key(finding: Finding) -> str:
    where = finding.record_id if finding.record_id is not None else ("" if finding.record is None else str(finding.record))
    text = " ".join(finding.excerpt.lower().split())
    return "\x1f".join((finding.rule, artifact_uri(finding.path), where, text))


def fingerprints(findings: Iterable[Finding]) -> Iterator[tuple[Finding, str]]:
    """Each finding with its fingerprint, in the order given (sorted findings give stable numbers)."""
    seen: Counter = Counter()
    for finding in findings:
        digest = hashlib.blake2b(_key(finding).encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
        seen[digest] += 1
        yield finding, f"{digest}:{seen[digest]}"
