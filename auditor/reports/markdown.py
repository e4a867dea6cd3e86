"""A Markdown summary for `$GITHUB_STEP_SUMMARY` and pull-request comments: verdict, totals per
category, rule, language and encoding, the dirtiest files and the most repeated template lines.
Corpus text is quoted in code spans with backticks and pipes neutralised, so it cannot break
the tables or inject links."""
from __future__ import annotations

from collections import Counter

from .. import rules
from ..engine.scan import ScanResult
from .atomic import atomic_text
from .tables import audited_text, overview, skipped_text, statistics, statuses_text


def code(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    text = text if len(text) <= limit else text[:limit - 1] + "…"
    return "`" + text.replace("`", "ˋ").replace("|", "¦") + "`" if text else ""


def markdown_summary(scan: ScanResult, failed: bool | None = None, top: int = 10) -> str:
    seen = overview(scan, top)
    statuses = seen.statuses
    verdict = "" if failed is None else ("**Failed**: " if failed else "**Passed**: ")
    out = ["# auditor report", "",
           f"{verdict}{audited_text(seen)} — {statuses_text(statuses)}; {seen.findings} finding(s).", ""]
    if seen.skipped:
        out += [skipped_text(seen).replace("|", "¦"), ""]
    if seen.by_category:
        out += ["| category | findings |", "|---|---:|"]
        out += [f"| {category} | {n} |" for category, n in sorted(seen.by_category.items())]
        out.append("")
        out += ["| rule | name | severity | findings |", "|---|---|---|---:|"]
        for rule_code, n in sorted(seen.by_rule.items()):
            rule = rules.get(rule_code)
            out.append(f"| {rule_code} | {rule.name} | {rule.severity} | {n} |")
        out.append("")
    stats = statistics(scan)
    languages, encodings = Counter(stats["documents_by_language"]), Counter(stats["files_by_encoding"])
    if languages or encodings:
        out += ["| documents per language | | files per encoding | |", "|---|---:|---|---:|"]
        left = languages.most_common(top)
        right = encodings.most_common(top)
        for i in range(max(len(left), len(right))):
            lang = left[i] if i < len(left) else ("", "")
            enc = right[i] if i < len(right) else ("", "")
            out.append(f"| {lang[0]} | {lang[1]} | {enc[0]} | {enc[1]} |")
        out.append("")
    dirty = seen.dirtiest
    if dirty:
        out += ["## Dirtiest files", "", "| file | encoding | language | lines | dirty lines | status |",
                "|---|---|---|---:|---:|---|"]
        out += [f"| {code(r['path'], 120)} | {r['encoding']} | {r['language']} | {r['lines']} | {r['dirty_lines']} | "
                f"{r['status']} |" for r in dirty]
        out.append("")
    if scan.template_lines:
        out += ["## Most repeated template lines", "", "| group | line | documents |", "|---|---|---:|"]
        out += [f"| {code(t.group)} | {code(t.text)} | {t.documents} of {t.group_documents} |"
                for t in scan.template_lines[:top]]
        out.append("")
    return "\n".join(out)


def write_markdown(scan: ScanResult, path: str, failed: bool | None = None) -> None:
    with atomic_text(path) as handle:
        handle.write(markdown_summary(scan, failed))
