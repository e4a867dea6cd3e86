"""When a scan fails CI: the severity threshold and the quantity gates, as plain data.

`--fail-on SEVERITY` fails on any finding at or above it; `--max-dirty-files N|P%` on more dirty
(or unreadable) files than N or than P percent of the files; `--max-findings CODE=N` on more
than N findings whose rule starts with CODE. Each gate that trips gives a reason the CLI prints.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Finding, Severity


class GateError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Gates:
    fail_on: Severity | None = Severity.WARNING
    max_dirty_files: tuple[float, bool] | None = None   # (limit, is_percent)
    max_findings: tuple[tuple[str, int], ...] = ()


def parse_dirty(value: str | None) -> tuple[float, bool] | None:
    if value is None:
        return None
    text = value.strip()
    percent = text.endswith("%")
    try:
        number = float(text[:-1]) if percent else int(text)
    except ValueError:
        raise GateError(f"--max-dirty-files takes a count or a percentage (10 or 2.5%), not {value!r}") from None
    if number < 0 or percent and number > 100:
        raise GateError(f"--max-dirty-files out of range: {value!r}")
    return number, percent


def parse_max_findings(values: list[str] | None, known_codes) -> tuple[tuple[str, int], ...]:
    out = []
    for value in values or ():
        prefix, sep, number = value.partition("=")
        prefix = prefix.strip().upper()
        if not sep or not prefix or not number.strip().isdigit():
            raise GateError(f"--max-findings takes CODE=N (RES=100, LNG001=0), not {value!r}")
        if not any(code.startswith(prefix) for code in known_codes):
            raise GateError(f"--max-findings: no rule code starts with {prefix}; see 'auditor rules'")
        out.append((prefix, int(number)))
    return tuple(out)


def failures(findings: Iterable[Finding], statuses: list[str], gates: Gates) -> list[str]:
    """The reasons this scan fails, empty when it passes (one pass over the findings)."""
    reasons = []
    by_rule: Counter = Counter()
    worst = 0
    for finding in findings:
        by_rule[finding.rule] += 1
        worst += gates.fail_on is not None and finding.severity >= gates.fail_on
    if gates.fail_on is not None and worst:
        reasons.append(f"{worst} finding(s) at or above severity {gates.fail_on}")
    if gates.max_dirty_files is not None:
        limit, percent = gates.max_dirty_files
        dirty = sum(1 for s in statuses if s != "clean")
        allowed = limit * len(statuses) / 100 if percent else limit
        if dirty > allowed:
            shown = f"{limit:g}%" if percent else f"{limit:g}"
            reasons.append(f"{dirty} of {len(statuses)} file(s) dirty, more than --max-dirty-files {shown}")
    for prefix, limit in gates.max_findings:
        n = sum(count for code, count in by_rule.items() if code.startswith(prefix))
        if n > limit:
            reasons.append(f"{n} {prefix} finding(s), more than --max-findings {prefix}={limit}")
    return reasons
