"""The command line: parse options, build settings, call the engine, pick writers, set the exit code."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape

from . import __version__, rules
from . import configfile
from .baseline import BaselineError, apply_baseline, current, load_baseline, pruned, write_baseline
from .configfile import ConfigError
from .detectors.packs import PackError, default_matcher
from .engine.scan import run_scan
from .model import Severity
from .reports.atomic import ReportError
from .gates import GateError, failures
from .reports.console import print_statistics, print_summary, scan_progress
from .reports.listing import FORMATS, write_listing
from .reports.html import write_html
from .reports.markdown import write_markdown
from .reports.sarif import write_sarif
from .reports.tables import write_findings, write_report_csv, write_templates_csv
from .sources.discovery import UsageError, discover
from .sources.storage import parse_options

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Audit scraped text corpora for foreign fragments, mojibake, encoding damage and template residue.")

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def _width(stream) -> int | None:
    """A terminal's own width; in a CI log or a pipe, wide enough that paths are not cut."""
    return None if stream.isatty() else 200


def _fail(console: Console, message: str) -> None:
    console.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True, highlight=False)
    raise typer.Exit(EXIT_USAGE)


# Options that scan and fix share, declared once (typer reads the defaults of each command).
CONFIG = typer.Option(None, "--config", help="Configuration file (default: auditor.toml or "
                                             "pyproject.toml [tool.auditor], found upward).")
NO_CONFIG = typer.Option(False, "--no-config", help="Ignore configuration files.")
TEXT_FIELD = typer.Option(None, "--text-field", help="JSON Lines field, or CSV/Parquet column, holding the text [text].")
ENCODING = typer.Option(None, "--encoding", help="Encoding to try first for text files.")
INCLUDE = typer.Option(None, "--include", help="Only files matching this glob (repeatable).")
EXCLUDE = typer.Option(None, "--exclude", help="Skip files matching this glob (repeatable).")
RESIDUE_THRESHOLD = typer.Option(
    None, "--residue-threshold", min=0.0, max=1.0,
    help="Probability from which the line-shape model reports a line (RES011); default from the model.")
LANGUAGES = typer.Option(
    None, "--languages", help="Languages expected in the corpus (ISO codes, comma-separated): their fragments are not reported.")
JOBS = typer.Option(0, "--jobs", "-j", min=0, help="Worker processes (0: all cores for large inputs, one for small).")
QUIET = typer.Option(False, "--quiet", "-q", help="Print only errors.")


@app.command()
def scan(
    paths: List[str] = typer.Argument(..., help="Files and directories to audit."),
    report: Optional[str] = typer.Option(None, "--report", help="Per-file summary CSV."),
    findings: Optional[str] = typer.Option(None, "--findings", help="Per-finding listing: .csv, .json or .jsonl."),
    templates: Optional[str] = typer.Option(None, "--templates", help="CSV of the corpus's most repeated template lines."),
    sarif: Optional[str] = typer.Option(None, "--sarif", help="SARIF 2.1.0 file for code scanning."),
    markdown: Optional[str] = typer.Option(None, "--markdown", help="Markdown summary (for $GITHUB_STEP_SUMMARY)."),
    html: Optional[str] = typer.Option(None, "--html", help="Self-contained HTML report."),
    github: bool = typer.Option(False, "--github", help="Print GitHub Actions annotations on standard output "
                                                         "(the same as --output-format github)."),
    github_limit: int = typer.Option(50, "--github-limit", min=0, help="At most this many annotations, most severe first."),
    output_format: Optional[str] = typer.Option(
        None, "--output-format", help="How findings are listed on standard output: full, concise "
                                      "(path:line:col: CODE message), grouped, json or github "
                                      "[full on a terminal, concise otherwise]."),
    max_listed: int = typer.Option(100, "--max-listed", min=0, help="List at most this many findings in the "
                                                                     "console (0: all; json lists all) [100]."),
    statistics: bool = typer.Option(False, "--statistics", help="Print the number of findings per rule."),
    config: Optional[str] = CONFIG,
    no_config: bool = NO_CONFIG,
    text_field: Optional[str] = TEXT_FIELD,
    encoding: Optional[str] = ENCODING,
    include: Optional[List[str]] = INCLUDE,
    exclude: Optional[List[str]] = EXCLUDE,
    select: Optional[List[str]] = typer.Option(None, "--select", help="Rule code prefixes to report (comma-separated)."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="Rule code prefixes to drop (comma-separated)."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Exit 1 when a finding reaches this severity: "
                                                                  "info, warning, error or never [warning]."),
    max_dirty_files: Optional[str] = typer.Option(None, "--max-dirty-files", help="Exit 1 when more files than N (or P%) are dirty."),
    max_findings: Optional[List[str]] = typer.Option(None, "--max-findings", help="Exit 1 when a rule prefix has more findings: CODE=N (repeatable)."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when a gate fails (reports are still written)."),
    baseline: Optional[str] = typer.Option(None, "--baseline", help="Report and gate only findings this baseline does not know."),
    keep_going: bool = typer.Option(False, "--keep-going", help="Exit as the gates say even if a detector failed (AUD001)."),
    residue_threshold: Optional[float] = RESIDUE_THRESHOLD,
    residue_pack: Optional[List[str]] = typer.Option(
        None, "--residue-pack", help="A TOML pattern pack to add to the bundled ones (repeatable)."),
    languages: Optional[str] = LANGUAGES,
    foreign_min_letters: Optional[int] = typer.Option(None, "--foreign-min-letters", min=1, help="Shortest same-script fragment, in letters [4]."),
    foreign_confidence: Optional[float] = typer.Option(
        None, "--foreign-confidence", min=0.0, max=1.0, help="Identifier probability from which a same-script line counts as foreign [0.6]."),
    allow: Optional[List[str]] = typer.Option(None, "--allow", help="A term never taken for foreign text (repeatable)."),
    jobs: int = JOBS,
    engine: str = typer.Option("local", "--engine", help="Where files are scanned: local (this machine) or dask (a cluster)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (tcp://host:8786); "
                                                                      "without it --engine dask starts a local cluster of --jobs workers."),
    storage_option: Optional[List[str]] = typer.Option(
        None, "--storage-option", "-o", help="fsspec option for remote paths, KEY=VALUE (endpoint_url=..., anon=true; repeatable)."),
    time_budget: Optional[float] = typer.Option(None, "--time-budget", min=0.0,
                                                help="Seconds one document may take; then AUD002, the file reported as partial, and the next document. Findings then depend on the machine's speed [0: no limit]."),
    quiet: bool = QUIET,
) -> None:
    """Audit PATHS and write the reports asked for; list the findings and print a summary."""
    err = Console(stderr=True, width=_width(sys.stderr))
    output_format = "github" if github else output_format or ("full" if sys.stdout.isatty() else "concise")
    if output_format not in FORMATS:
        _fail(err, f"unknown --output-format '{output_format}' (choose {', '.join(FORMATS)})")
    # data on standard output (JSON, annotations, a report written to '-'): the tables go to stderr
    data_out = output_format in ("json", "github") or "-" in (report, findings, templates, sarif, markdown, html)
    out = Console(stderr=data_out, quiet=quiet, width=_width(sys.stderr if data_out else sys.stdout))
    cli_values = {
        "text_field": text_field, "encoding": encoding, "include": include, "exclude": exclude,
        "select": select, "ignore": ignore, "fail_on": fail_on, "max_dirty_files": max_dirty_files,
        "max_findings": max_findings, "residue_threshold": residue_threshold,
        "residue_packs": [str(Path(p).resolve()) for p in residue_pack] if residue_pack else None,
        "languages": languages.split(",") if languages else None, "allow": allow,
        "foreign_min_letters": foreign_min_letters, "foreign_confidence": foreign_confidence,
        "time_budget": time_budget,
    }
    settings, gates = _settings(paths, config, no_config, cli_values, err)
    try:
        options = parse_options(storage_option or [])
        inputs = discover(paths, settings.include, settings.exclude, options)
    except (UsageError, ValueError) as exc:
        _fail(err, str(exc))
    known = _load_baseline(baseline, err) if baseline else None
    runner = _runner(engine, scheduler, jobs, err)
    try:
        with scan_progress(len(inputs), err, enabled=not quiet) as progress:
            result = run_scan(inputs, settings, progress, jobs, runner)
    finally:
        if runner is not None:
            runner.close()
    if known is not None:
        outcome = apply_baseline(result, known)
        if not quiet:
            err.print(f"baseline: {outcome.known} known finding(s) not reported; {len(outcome.fixed)} fixed since "
                      f"the baseline" + (" (drop them with 'auditor baseline --prune')" if outcome.fixed else ""),
                      highlight=False)
    if result.interrupted:
        err.print(f"[yellow]interrupted[/yellow]: {len(result.files)} of {result.planned} file(s) audited; "
                  "the reports cover those", highlight=False)
    reasons = failures(result.findings, [r.status for r in result.files], gates)
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
        if html:
            write_html(result, html)
    except (ReportError, OSError) as exc:
        _fail(err, str(exc))
    if output_format in ("json", "github"):  # data asked for: written even when quiet
        write_listing(result.findings, sys.stdout, output_format, github_limit if output_format == "github" else 0)
    elif not quiet:
        write_listing(result.findings, sys.stderr if data_out else sys.stdout, output_format, max_listed)
    print_summary(result, out)
    if statistics:
        print_statistics(result, out)
    if not quiet:
        for reason in reasons:
            err.print(f"[yellow]gate:[/yellow] {reason}", highlight=False)
    elif reasons and not exit_zero:  # quiet still says why it fails, in one line
        err.print(f"auditor: gate failed: {'; '.join(reasons)}", highlight=False, markup=False, soft_wrap=True)
    if result.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)
    internal = sum(1 for f in result.findings if f.rule == "AUD001")
    if internal and not keep_going:
        err.print(f"[red]internal error[/red]: a detector failed on {internal} document(s) (AUD001); "
                  "the rest of the scan is complete. --keep-going exits as the gates say.", highlight=False)
        raise typer.Exit(EXIT_USAGE)
    if reasons and not exit_zero:
        raise typer.Exit(EXIT_FINDINGS)


def _settings(paths: List[str], config: Optional[str], no_config: bool, cli_values: dict, err: Console):
    """Settings and gates from the command line over the configuration file; usage errors exit 2."""
    try:
        file_config = _file_config(paths, config, no_config)
        values, _ = configfile.merge(cli_values, file_config)
        settings, gates = configfile.build(values, rules.registry())
        default_matcher(settings.residue_packs)
    except (PackError, OSError, UnicodeDecodeError) as exc:
        _fail(err, f"residue pack: {exc}")
    except (ConfigError, GateError, ValueError) as exc:
        _fail(err, str(exc))
    return settings, gates


@app.command()
def fix(
    paths: Optional[List[str]] = typer.Argument(None, help="Files and directories to clean."),
    out: Optional[str] = typer.Option(None, "--out", help="Folder for the cleaned copy (with --undo: for the restored files)."),
    log: Optional[str] = typer.Option(None, "--log", help="Change log, JSON Lines [OUT.log.jsonl]."),
    apply: Optional[List[str]] = typer.Option(None, "--apply", help="Also apply these repairs: rule code prefixes, "
                                                                   "comma-separated, or ALL (repeatable)."),
    skip: Optional[List[str]] = typer.Option(None, "--skip", help="Do not apply these repairs (rule code prefixes)."),
    min_severity: str = typer.Option("info", "--min-severity", help="Remove residue and foreign text only for "
                                                                    "findings of this severity or higher."),
    drop_unrepairable: bool = typer.Option(False, "--drop-unrepairable", help="Remove mojibake lines no repair "
                                                                           "can restore (bytes were lost)."),
    undo_log: Optional[str] = typer.Option(None, "--undo", help="Restore the original files from this change log "
                                                                "and the cleaned copy."),
    cleaned: Optional[str] = typer.Option(None, "--from", help="With --undo: where the cleaned copy is [as logged]."),
    report: Optional[str] = typer.Option(None, "--report", help="Per-file CSV of what was changed."),
    findings: Optional[str] = typer.Option(None, "--findings", help="Findings left for review: .csv, .json or .jsonl."),
    markdown: Optional[str] = typer.Option(None, "--markdown", help="Markdown summary of the fix."),
    config: Optional[str] = CONFIG,
    no_config: bool = NO_CONFIG,
    text_field: Optional[str] = TEXT_FIELD,
    encoding: Optional[str] = ENCODING,
    include: Optional[List[str]] = INCLUDE,
    exclude: Optional[List[str]] = EXCLUDE,
    residue_threshold: Optional[float] = RESIDUE_THRESHOLD,
    languages: Optional[str] = LANGUAGES,
    jobs: int = JOBS,
    quiet: bool = QUIET,
) -> None:
    """Write a cleaned copy of PATHS to --out, with a change log that undoes every change.

    Inputs are never modified. Safe repairs are on by default (UTF-8 without BOM, mojibake with
    an unambiguous repair, control, NUL and invisible characters, line endings); removing
    residue or foreign text happens only with --apply RES / --apply LNG.
    """
    from .repair.repairs import SelectionError, plan as make_plan
    from .repair.run import LogError, output_root, run_fix, undo
    from .reports.fixes import print_fix_summary, write_fix_csv, write_fix_markdown, write_left_findings

    err = Console(stderr=True)
    out_console = Console(quiet=quiet)
    if undo_log:
        if paths:
            _fail(err, "--undo takes no paths: the log names the files")
        if not out:
            _fail(err, "--undo needs --out FOLDER for the restored files")
        try:
            restored = undo(undo_log, out, cleaned)
        except LogError as exc:
            _fail(err, str(exc))
        failed = [r for r in restored if not r.ok]
        skipped = sum(r.skipped for r in restored)
        done = len(restored) - len(failed) - skipped
        out_console.print(f"Restored {done} of {len(restored) - skipped} file(s) into {out}"
                          + (f"; {skipped} not regular file(s) were never copied." if skipped else "."), highlight=False)
        for r in failed:
            err.print(f"[red]not restored[/red]: {escape(r.path)}: {escape(r.reason)}", highlight=False, soft_wrap=True)
        if failed:
            raise typer.Exit(EXIT_FINDINGS)
        return
    if not paths:
        _fail(err, "fix needs PATHS to clean (or --undo LOG)")
    if not out:
        _fail(err, "fix needs --out FOLDER: inputs are never modified")
    try:
        repair_plan = make_plan(configfile.codes(apply), configfile.codes(skip), Severity.parse(min_severity), drop_unrepairable)
    except (SelectionError, ValueError) as exc:
        _fail(err, str(exc))
    cli_values = {"text_field": text_field, "encoding": encoding, "include": include, "exclude": exclude,
                  "residue_threshold": residue_threshold, "languages": languages.split(",") if languages else None}
    settings, _ = _settings(paths, config, no_config, cli_values, err)
    log = log or out.rstrip("/\\") + ".log.jsonl"
    try:
        output_root(paths, out)  # before listing anything: remote inputs, --out inside the corpus
        inputs = discover(paths, settings.include, settings.exclude)
        with scan_progress(len(inputs), err, enabled=not quiet) as progress:
            result = run_fix(inputs, paths, settings, repair_plan, out, log, progress, jobs)
    except UsageError as exc:
        _fail(err, str(exc))
    except (ReportError, OSError) as exc:
        _fail(err, f"cannot write the cleaned copy or its log: {exc}")
    try:
        if report:
            write_fix_csv(result, report)
        if findings:
            write_left_findings(result, findings)
        if markdown:
            write_fix_markdown(result, markdown)
    except (ReportError, OSError) as exc:
        _fail(err, str(exc))
    print_fix_summary(result, out_console)
    if any(f.status == "failed" for f in result.files):
        raise typer.Exit(EXIT_FINDINGS)


def _runner(engine: str, scheduler: str | None, jobs: int, err: Console):
    """None for the local engine (run_scan's default), a connected DaskRunner for dask."""
    if engine == "local":
        if scheduler:
            _fail(err, "--scheduler needs --engine dask")
        return None
    if engine != "dask":
        _fail(err, f"unknown engine '{engine}' (choose local or dask)")
    from .engine.dask_runner import ClusterError, DaskRunner

    try:
        return DaskRunner(scheduler, jobs)
    except ClusterError as exc:
        _fail(err, str(exc))


def _load_baseline(path: str, err: Console) -> dict:
    try:
        return load_baseline(path)
    except BaselineError as exc:
        _fail(err, str(exc))


def _file_config(paths: List[str], explicit: Optional[str], disabled: bool) -> configfile.FileConfig:
    if disabled:
        return configfile.FileConfig()
    if explicit:
        return configfile.load_config(Path(explicit))
    found = configfile.find_config(Path(paths[0]) if paths else Path.cwd())
    return configfile.load_config(found) if found else configfile.FileConfig()


@app.command("baseline")
def make_baseline(
    paths: List[str] = typer.Argument(..., help="Files and directories to audit."),
    output: str = typer.Option("auditor-baseline.json", "--output", "-o", help="Baseline file to write."),
    prune: bool = typer.Option(False, "--prune", help="Only drop entries that are fixed; add nothing new."),
    config: Optional[str] = typer.Option(None, "--config", help="Configuration file to use instead of searching."),
    no_config: bool = typer.Option(False, "--no-config", help="Ignore configuration files."),
) -> None:
    """Record today's findings so later scans with --baseline report only new ones."""
    err = Console(stderr=True)
    try:
        values, _ = configfile.merge({}, _file_config(paths, config, no_config))
        settings, _ = configfile.build(values, rules.registry())
        inputs = discover(paths, settings.include, settings.exclude)
    except (ConfigError, GateError, UsageError, ValueError) as exc:
        _fail(err, str(exc))
    result = run_scan(inputs, settings)
    if prune:
        old = _load_baseline(output, err)
        entries = pruned(old, result)
        message = f"pruned {len(old) - len(entries)} fixed entr(ies); {len(entries)} remain"
    else:
        entries = current(result)
        message = f"recorded {len(entries)} finding(s)"
    try:
        write_baseline(entries, output)
    except (ReportError, OSError) as exc:
        _fail(err, str(exc))
    err.print(f"baseline {output}: {message}", highlight=False)


@app.command("config")
def show_config(
    path: str = typer.Argument(".", help="Where a scan would start (the file is searched upward from here)."),
    show: bool = typer.Option(True, "--show", help="Print the effective settings and where each comes from."),
    config: Optional[str] = typer.Option(None, "--config", help="Configuration file to use instead of searching."),
) -> None:
    """Print the effective configuration: every setting, its value and its source."""
    try:
        file_config = _file_config([path], config, False)
        values, sources = configfile.merge({}, file_config)
        configfile.build(values, rules.registry())
    except (ConfigError, GateError, ValueError) as exc:
        _fail(Console(stderr=True), str(exc))
    typer.echo(f"configuration file: {file_config.path or 'none found'}")
    for name, value in values.items():
        shown = value.name.lower() if isinstance(value, Severity) else value
        if isinstance(value, dict):
            shown = {k: (v.name.lower() if isinstance(v, Severity) else v) for k, v in value.items()}
        typer.echo(f"{configfile.KEY_OF[name]} = {shown!r}  ({sources[name]})")


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
    app(prog_name="auditor")  # click ends quietly when a reader closes the pipe (`| head`)


if __name__ == "__main__":
    sys.exit(main())
