"""The command line: parse options, build settings, call the engine, pick writers, set the exit code."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console

from . import __version__, rules
from .config import Settings
from .detectors.packs import PackError, default_matcher
from .engine.scan import run_scan
from .model import Severity
from .reports.atomic import ReportError
from .gates import GateError, Gates, failures, parse_dirty, parse_max_findings
from .reports.console import print_statistics, print_summary, scan_progress
from .reports.github import write_annotations
from .reports.markdown import write_markdown
from .reports.sarif import write_sarif
from .reports.tables import write_findings, write_report_csv, write_templates_csv
from .sources.discovery import UsageError, discover

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Audit scraped text corpora for foreign fragments, mojibake, encoding damage and template residue.")

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _fail(console: Console, message: str) -> None:
    console.print(f"[red]error:[/red] {message}")
    raise typer.Exit(EXIT_USAGE)


def _codes(values: Optional[List[str]]) -> tuple[str, ...]:
    return tuple(code.strip().upper() for value in values or () for code in value.split(",") if code.strip())


@app.command()
def scan(
    paths: List[str] = typer.Argument(..., help="Files and directories to audit."),
    report: Optional[str] = typer.Option(None, "--report", help="Per-file summary CSV."),
    findings: Optional[str] = typer.Option(None, "--findings", help="Per-finding listing: .csv, .json or .jsonl."),
    text_field: str = typer.Option("text", "--text-field", help="JSON Lines field holding the text."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Encoding to try first for text files."),
    include: Optional[List[str]] = typer.Option(None, "--include", help="Only files matching this glob (repeatable)."),
    exclude: Optional[List[str]] = typer.Option(None, "--exclude", help="Skip files matching this glob (repeatable)."),
    select: Optional[List[str]] = typer.Option(None, "--select", help="Rule code prefixes to report (comma-separated)."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="Rule code prefixes to drop (comma-separated)."),
    templates: Optional[str] = typer.Option(None, "--templates", help="CSV of the corpus's most repeated template lines."),
    sarif: Optional[str] = typer.Option(None, "--sarif", help="SARIF 2.1.0 file for code scanning."),
    markdown: Optional[str] = typer.Option(None, "--markdown", help="Markdown summary (for $GITHUB_STEP_SUMMARY)."),
    github: bool = typer.Option(False, "--github", help="Print GitHub Actions annotations on standard output."),
    github_limit: int = typer.Option(50, "--github-limit", min=0, help="At most this many annotations, most severe first."),
    statistics: bool = typer.Option(False, "--statistics", help="Print the number of findings per rule."),
    fail_on: str = typer.Option("warning", "--fail-on", help="Exit 1 when a finding reaches this severity: info, warning, error or never."),
    max_dirty_files: Optional[str] = typer.Option(None, "--max-dirty-files", help="Exit 1 when more files than N (or P%) are dirty."),
    max_findings: Optional[List[str]] = typer.Option(None, "--max-findings", help="Exit 1 when a rule prefix has more findings: CODE=N (repeatable)."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when a gate fails (reports are still written)."),
    residue_threshold: Optional[float] = typer.Option(
        None, "--residue-threshold", min=0.0, max=1.0,
        help="Probability from which the line-shape model reports a line (RES011); default from the model."),
    residue_pack: Optional[List[str]] = typer.Option(
        None, "--residue-pack", help="A TOML pattern pack to add to the bundled ones (repeatable)."),
    languages: Optional[str] = typer.Option(
        None, "--languages", help="Languages expected in the corpus (ISO codes, comma-separated): their fragments are not reported."),
    foreign_min_letters: int = typer.Option(4, "--foreign-min-letters", min=1, help="Shortest same-script fragment, in letters."),
    foreign_confidence: float = typer.Option(
        0.6, "--foreign-confidence", min=0.0, max=1.0, help="Identifier probability from which a same-script line counts as foreign."),
    allow: Optional[List[str]] = typer.Option(None, "--allow", help="A term never taken for foreign text (repeatable)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors."),
) -> None:
    """Audit PATHS and write the reports asked for; print a summary."""
    err = Console(stderr=True)
    out = Console(quiet=quiet or github)  # annotations own standard output
    try:
        threshold = None if fail_on.lower() == "never" else Severity.parse(fail_on)
        gates = Gates(threshold, parse_dirty(max_dirty_files), parse_max_findings(max_findings, rules.registry()))
    except (ValueError, GateError) as exc:
        _fail(err, str(exc))
    unknown = [c for c in _codes(select) + _codes(ignore)
               if not any(code.startswith(c) for code in rules.registry())]
    if unknown:
        _fail(err, f"no rule code starts with {', '.join(unknown)}; see 'auditor rules'")
    settings = Settings(text_field=text_field, encoding=encoding, include=tuple(include or ()),
                        exclude=tuple(exclude or ()), fail_on=threshold,
                        select=_codes(select), ignore=_codes(ignore), residue_threshold=residue_threshold,
                        residue_packs=tuple(str(Path(p).resolve()) for p in residue_pack or ()),
                        languages=tuple(c.strip().lower() for c in (languages or "").split(",") if c.strip()),
                        foreign_min_letters=foreign_min_letters, foreign_confidence=foreign_confidence,
                        allow=tuple(allow or ()))
    try:
        default_matcher(settings.residue_packs)
    except (PackError, OSError, UnicodeDecodeError) as exc:
        _fail(err, f"residue pack: {exc}")
    try:
        inputs = discover(paths, settings.include, settings.exclude)
    except UsageError as exc:
        _fail(err, str(exc))
    with scan_progress(len(inputs), err, enabled=not quiet) as progress:
        result = run_scan(inputs, settings, progress)
    reasons = failures(list(result.findings), [r.status for r in result.files], gates)
    try:
        if report:
            write_report_csv(result, report)
        if findings:
            write_findings(result, findings)
        if templates:
            write_templates_csv(result, templates)
        if sarif:
            write_sarif(result, sarif)
        if markdown:
            write_markdown(result, markdown, failed=bool(reasons))
    except (ReportError, OSError) as exc:
        _fail(err, str(exc))
    if github:
        write_annotations(result.findings, sys.stdout, github_limit)
    print_summary(result, out)
    if statistics:
        print_statistics(result, out)
    if not quiet:
        for reason in reasons:
            err.print(f"[yellow]gate:[/yellow] {reason}", highlight=False)
    if reasons and not exit_zero:
        raise typer.Exit(EXIT_FINDINGS)


@app.command("rules")
def list_rules() -> None:
    """List every rule: code, name, category, default severity and summary."""
    console = Console()
    for rule in rules.registry().values():
        console.print(f"{rule.code}  {rule.name:<26} {rule.category:<9} {str(rule.severity):<8} {rule.summary}",
                      highlight=False, markup=False, soft_wrap=True)


@app.command()
def explain(code: str = typer.Argument(..., help="A rule code (RES001) or name (ui-boilerplate).")) -> None:
    """Print a rule's rationale with a bad and a good example."""
    rule = rules.lookup(code)
    if rule is None:
        _fail(Console(stderr=True), f"unknown rule {code!r}; see 'auditor rules'")
    console = Console(highlight=False)
    console.print(f"{rule.code} {rule.name} ({rule.category}, default severity {rule.severity})", markup=False)
    console.print(f"\n{rule.summary}\n\nWhy: {rule.rationale}\n", markup=False)
    console.print(f"Bad:  {rule.bad!r}" if rule.examples == "text" else f"Bad:  {rule.bad}", markup=False)
    console.print(f"Good: {rule.good!r}" if rule.examples == "text" else f"Good: {rule.good}", markup=False)


def version_callback(value: bool) -> None:
    if value:
        print(f"auditor {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(version: bool = typer.Option(False, "--version", callback=version_callback, is_eager=True,
                                              help="Print the version and exit.")) -> None:
    """Audit scraped text corpora, file by file and line by line."""


def main() -> None:
    app(prog_name="auditor")


if __name__ == "__main__":
    sys.exit(main())
