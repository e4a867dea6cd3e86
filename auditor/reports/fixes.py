"""What `auditor fix` did and left for review: per-file CSV, Markdown, the console summary, and
the findings left for review in scan's finding formats."""
from __future__ import annotations

import csv
from collections import Counter

from rich.console import Console
from rich.table import Table

from .. import rules
from ..engine.scan import ScanResult
from ..model import FileResult
from ..repair.repairs import REPAIRS
from .atomic import atomic_text
from .markdown import code
from .tables import write_findings

FIX_FIELDS = ("path", "output", "status", "reason", "changed_lines", "applied", "left_for_review", "bytes_in", "bytes_out")


def fix_row(fix) -> dict:
    applied = Counter(f.rule for f in fix.applied)
    return {"path": fix.path, "output": fix.out, "status": fix.status, "reason": fix.reason,
            "changed_lines": fix.changed_lines, "applied": " ".join(f"{k}={v}" for k, v in sorted(applied.items())),
            "left_for_review": len(fix.left), "bytes_in": fix.bytes_in, "bytes_out": fix.bytes_out}


def write_fix_csv(result, path: str) -> None:
    with atomic_text(path, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIX_FIELDS)
        writer.writeheader()
        for fix in result.files:
            writer.writerow(fix_row(fix))


def write_left_findings(result, path: str) -> None:
    """The findings the fix did not apply, as scan would list them."""
    left = ScanResult(files=[FileResult(path=fix.path, findings=fix.left) for fix in result.files],
                      settings=result.scan.settings)
    write_findings(left, path)


def _repair(code: str) -> str:
    repair = REPAIRS.get(code)
    return repair.what if repair else "none (review)"


def _totals(result) -> tuple[Counter, Counter, Counter]:
    return Counter(fix.status for fix in result.files), result.applied(), result.left()


def fix_markdown(result) -> str:
    statuses, applied, left = _totals(result)
    out = ["# auditor fix", "",
           f"{len(result.files)} file(s): {statuses['fixed']} fixed, {statuses['unchanged']} unchanged, "
           f"{statuses['copied']} copied as they were, {statuses['skipped']} skipped, {statuses['failed']} failed; "
           f"{sum(f.changed_lines for f in result.files)} line(s) changed. Log: {code(result.log, 200)}", ""]
    if applied or left:
        out += ["| rule | name | repair | applied | left for review |", "|---|---|---|---:|---:|"]
        for rule_code in sorted(set(applied) | set(left)):
            out.append(f"| {rule_code} | {rules.get(rule_code).name} | {_repair(rule_code)} | {applied[rule_code]} | "
                       f"{left[rule_code]} |")
        out.append("")
    copied = [fix for fix in result.files if fix.status in ("copied", "skipped", "failed") and fix.reason]
    if copied:
        out += ["## Not rewritten", "", "| file | why |", "|---|---|"]
        out += [f"| {code(fix.path, 120)} | {fix.reason} |" for fix in copied]
        out.append("")
    return "\n".join(out)


def write_fix_markdown(result, path: str) -> None:
    with atomic_text(path) as handle:
        handle.write(fix_markdown(result))


def print_fix_summary(result, console: Console) -> None:
    statuses, applied, left = _totals(result)
    console.print(f"[bold]Cleaned {len(result.files)} file(s)[/bold] into {result.out}: {statuses['fixed']} fixed, "
                  f"{statuses['unchanged']} unchanged, {statuses['copied']} copied as they were, "
                  f"{statuses['skipped']} skipped, {statuses['failed']} failed; {sum(f.changed_lines for f in result.files)} line(s) changed.",
                  highlight=False)
    if applied or left:
        table = Table(title="Repairs by rule")
        for column in ("rule", "name", "repair", "applied", "left for review"):
            table.add_column(column, justify="right" if column in ("applied", "left for review") else "left")
        for rule_code in sorted(set(applied) | set(left)):
            table.add_row(rule_code, rules.get(rule_code).name, _repair(rule_code), str(applied[rule_code]),
                          str(left[rule_code]))
        console.print(table)
    for fix in result.files:
        if fix.status in ("copied", "skipped", "failed") and fix.reason:
            console.print(f"{fix.status}: {fix.path}: {fix.reason}", highlight=False, soft_wrap=True)
    console.print(f"Change log: {result.log} (undo with: auditor fix --undo {result.log} --out FOLDER)", highlight=False,
                  soft_wrap=True)
