"""Shared helpers: run detectors on a text, run the CLI in-process."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.engine.document import analyze, audit_document, default_detectors
from auditor.model import Document

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def detectors():
    return default_detectors()


@pytest.fixture(scope="session")
def audit(detectors):
    """audit(text) -> list of findings for a one-document text."""
    def run(text: str, path: str = "doc.txt"):
        return audit_document(analyze(Document(path, None, text)), detectors)
    return run


@pytest.fixture()
def cli():
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)
    return run


def _sarif_schema() -> Path:
    """The official SARIF 2.1.0 schema lives beside the project (../shared/schemas), not in it."""
    import os

    candidates = [os.environ.get("AUDITOR_SARIF_SCHEMA", ""), ROOT.parent / "shared/schemas/sarif-schema-2.1.0.json",
                  Path("/work/shared/schemas/sarif-schema-2.1.0.json")]
    return next((Path(c) for c in candidates if c and Path(c).exists()), Path(candidates[1]))


SARIF_SCHEMA = _sarif_schema()


@pytest.fixture(autouse=True)
def every_sarif_is_valid(monkeypatch):
    """Every SARIF document any test produces is validated against the official 2.1.0 schema
    (kept beside the project in ../shared/schemas, not copied into it)."""
    import json

    import jsonschema

    from auditor.reports import sarif

    if not SARIF_SCHEMA.exists():
        yield
        return
    validator = jsonschema.Draft7Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    produce = sarif.sarif_document

    def validated(scan):
        document = produce(scan)
        validator.validate(document)
        return document
    monkeypatch.setattr(sarif, "sarif_document", validated)
    yield
