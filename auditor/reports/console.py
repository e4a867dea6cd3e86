"""What a person sees: the summary on standard output (totals per category, rule, language and
encoding, dirtiest files, template lines), `--statistics`, and progress on standard error."""
from __future__ import annotations

import time
from collections import Counter
from contextlib import contextmanager
from typing import Callable, Iterator

from rich.console import Console
from rich.table import Table

from .. import rules
from ..engine.scan import ScanResult
from ..model import FileResult
from .tables import audited_text, overview, skipped_text, statistics, statuses_text


def print_summary(scan: ScanResult, console: Console, top: int = 10) -> None:
    seen = overview(scan, top)
    by_rule, statuses = seen.by_rule, seen.statuses
    console.print(f"[bold]{audited_text(seen)}[/bold]: {statuses_text(statuses)}; "
                  f"{seen.findings} finding(s).", soft_wrap=True)
    if seen.skipped:
        console.print(skipped_text(seen), soft_wrap=True, highlight=False, markup=False)
    if by_rule:
        table = Table(title="Findings by rule", show_lines=False)
        for column in ("rule", "name", "category", "severity", "count"):
            table.add_column(column, justify="right" if column == "count" else "left")
        for code, count in sorted(by_rule.items()):
            rule = rules.get(code)
            table.add_row(code, rule.name, rule.category, str(rule.severity), str(count))
        console.print(table)
        console.print("By category: " + ", ".join(f"{cat} {n}" for cat, n in sorted(seen.by_category.items())))
    stats = statistics(scan)
    languages, encodings = Counter(stats["documents_by_language"]), Counter(stats["files_by_encoding"])
    if languages:
        console.print("Documents by language: " + ", ".join(f"{k} {n}" for k, n in languages.most_common(top)),
                      highlight=False)
    if encodings:
        console.print("Files by encoding: " + ", ".join(f"{k} {n}" for k, n in encodings.most_common(top)),
                      highlight=False)
    dirty = seen.dirtiest
    if dirty:
        table = Table(title="Dirtiest files")
        for column in ("path", "encoding", "language", "lines", "dirty lines", "status"):
            table.add_column(column)
        for r in dirty:
            table.add_row(r["path"], r["encoding"], r["language"], str(r["lines"]), str(r["dirty_lines"]), r["status"])
        console.print(table)
    if scan.template_lines:
        table = Table(title="Most repeated template lines")
        for column in ("group", "line", "documents"):
            table.add_column(column)
        for template in scan.template_lines[:top]:
            table.add_row(template.group, template.text, f"{template.documents} of {template.group_documents}")
        console.print(table)


def print_statistics(scan: ScanResult, console: Console) -> None:
    """Findings per rule, most frequent first, one line each (like ruff --statistics)."""
    counts = Counter(f.rule for f in scan.findings)
    for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        console.print(f"{n:>7}  {code}  {rules.get(code).name}", highlight=False, markup=False)


@contextmanager
def scan_progress(total: int, console: Console, enabled: bool = True,
                  interval: float = 30.0) -> Iterator[Callable[[FileResult], None] | None]:
    """A progress callback for the scan: a bar on a terminal, a plain line now and then in a CI
    log (every `interval` seconds and at the end), nothing when disabled or for a single file."""
    if not enabled or total < 2:
        yield None
        return
    if console.is_terminal:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(TextColumn("scanning"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=console, transient=True) as bar:
            task = bar.add_task("scan", total=total)
            yield lambda result: bar.advance(task)
        return
    state = {"done": 0, "last": time.monotonic()}

    def plain(result: FileResult) -> None:
        state["done"] += 1
        now = time.monotonic()
        if now - state["last"] >= interval or state["done"] == total:
            state["last"] = now
            console.print(f"scanned {state['done']} of {total} files", highlight=False)
    yield plain
