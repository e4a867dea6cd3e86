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
