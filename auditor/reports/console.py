"""The human summary on standard output: totals per category and rule, dirtiest files, template lines."""
from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from .. import rules
from ..engine.scan import ScanResult
from .tables import file_row


def print_summary(scan: ScanResult, console: Console, top: int = 10) -> None:
    files = len(scan.files)
    rows = [file_row(r) for r in scan.files]
    by_rule = Counter(f.rule for f in scan.findings)
    by_category = Counter(f.category for f in scan.findings)
    statuses = Counter(r["status"] for r in rows)
    console.print(f"[bold]Audited {files} file(s)[/bold]: {statuses['clean']} clean, "
                  f"{statuses['dirty']} dirty, {statuses['unreadable']} unreadable; "
                  f"{sum(by_rule.values())} finding(s).")
    if by_rule:
        table = Table(title="Findings by rule", show_lines=False)
        for column in ("rule", "name", "category", "severity", "count"):
            table.add_column(column, justify="right" if column == "count" else "left")
        for code, count in sorted(by_rule.items()):
            rule = rules.get(code)
            table.add_row(code, rule.name, rule.category, str(rule.severity), str(count))
        console.print(table)
        console.print("By category: " + ", ".join(f"{cat} {n}" for cat, n in sorted(by_category.items())))
    dirty = sorted((r for r in rows if r["dirty_lines"] or r["status"] == "unreadable"),
                   key=lambda r: (-r["dirty_lines"], r["path"]))[:top]
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
