"""A self-contained HTML report: one file, no network, nothing from the corpus executable.

Everything is rendered here, in Python, with every piece of corpus text escaped; the page's small
script only sorts and filters rows it reads back as text, and never writes markup. A Content
Security Policy forbids loading anything, so even a mistake could not fetch or send data.
Charts are inline SVG bars. Per file, the flagged lines show their spans highlighted and the
suggested repair.
"""
from __future__ import annotations

import heapq
from collections import Counter
from html import escape
from typing import Iterator

from .. import __version__, rules
from ..engine.scan import ScanResult
from ..model import Finding
from .atomic import atomic_text
from .tables import dirtiness, file_row, statistics

MAX_FILES_DETAILED = 2_000
MAX_FILES_TABLE = 20_000  # rows a browser sorts and filters at ease; the CSV report has every file
MAX_FINDINGS_PER_FILE = 300

STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d232a;background:#f6f7f9}
header{background:#1d2b3a;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}
main{padding:16px 24px;max-width:1400px}section{background:#fff;border-radius:8px;padding:12px 16px;margin:0 0 16px;
box-shadow:0 1px 2px rgba(0,0,0,.08)}h2{font-size:16px;margin:4px 0 10px}
.cards{display:flex;gap:12px;flex-wrap:wrap}figure{margin:8px 0}.card{background:#eef2f6;border-radius:6px;padding:8px 14px}
.card b{display:block;font-size:20px}.charts{display:flex;gap:24px;flex-wrap:wrap}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e4e7eb;
vertical-align:top}th{cursor:pointer;user-select:none;background:#f0f2f5}th.sorted-asc::after{content:" \\25B2"}
th.sorted-desc::after{content:" \\25BC"}td.num{text-align:right}.status-dirty{color:#a15c00}
.status-unreadable{color:#b3261e}.status-clean{color:#1e7b34}mark{background:#ffe08a;padding:0 1px}
.controls{display:flex;gap:8px;margin-bottom:8px}input,select{font:inherit;padding:3px 6px}
code.line{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;display:block;padding:2px 6px}
.sev-error{color:#b3261e}.sev-warning{color:#a15c00}.sev-info{color:#2f5f9e}.muted{color:#667}
details{margin:6px 0}summary{cursor:pointer}
"""

SCRIPT = """
(function () {
  'use strict';
  var table = document.getElementById('files');
  var body = table.tBodies[0];
  var filter = document.getElementById('filter');
  var status = document.getElementById('status-filter');
  var shown = document.getElementById('shown');
  function apply() {
    var needle = filter.value.trim().toLowerCase();
    var wanted = status.value;
    var count = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var text = row.textContent.toLowerCase();
      var ok = (!needle || text.indexOf(needle) !== -1) && (!wanted || row.dataset.status === wanted);
      row.hidden = !ok;
      if (ok) { count += 1; }
    });
    shown.textContent = String(count);
  }
  function sortBy(th, index) {
    var numeric = th.dataset.type === 'number';
    var ascending = !th.classList.contains('sorted-asc');
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.classList.remove('sorted-asc', 'sorted-desc');
    });
    th.classList.add(ascending ? 'sorted-asc' : 'sorted-desc');
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index].textContent, y = b.cells[index].textContent;
      var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
    th.addEventListener('click', function () { sortBy(th, index); });
  });
  filter.addEventListener('input', apply);
  status.addEventListener('change', apply);
  apply();
  document.body.dataset.ready = 'true';
})();
"""


def _bars(title: str, counts: Counter, limit: int = 15) -> str:
    """A horizontal bar chart as inline SVG."""
    items = counts.most_common(limit)
    if not items:
        return ""
    top = max(n for _, n in items)
    row, width = 20, 360
    parts = [f'<figure><figcaption>{escape(title)}</figcaption>'
             f'<svg role="img" aria-label="{escape(title, quote=True)}" width="{width + 170}" '
             f'height="{row * len(items) + 4}" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, n) in enumerate(items):
        length = max(2, round(width * n / top))
        y = i * row + 2
        parts.append(f'<text x="0" y="{y + 14}" font-size="12">{escape(str(label)[:22])}</text>'
                     f'<rect x="150" y="{y}" width="{length}" height="16" fill="#4a78b0"><title>{escape(str(label))}: {n}'
                     f'</title></rect><text x="{156 + length}" y="{y + 13}" font-size="12">{n}</text>')
    parts.append("</svg></figure>")
    return "".join(parts)


def _highlighted(finding: Finding) -> str:
    """The flagged line with its span marked; the excerpt may be cut, so the span is clipped to it."""
    text = finding.excerpt
    if not text:
        return ""
    if finding.column and finding.end_column and finding.end_line in (None, finding.line) \
            and finding.column - 1 < len(text):
        start, end = finding.column - 1, min(len(text), finding.end_column - 1)
        if 0 < start or end < len(text):
            return (f'<code class="line">{escape(text[:start])}<mark>{escape(text[start:end])}</mark>'
                    f'{escape(text[end:])}</code>')
    return f'<code class="line"><mark>{escape(text)}</mark></code>'


def _file_details(result) -> str:
    findings = result.findings[:MAX_FINDINGS_PER_FILE]
    rows = []
    for f in findings:
        where = "file" if f.line is None else (f"record {f.record}, line {f.line}" if f.record is not None else f"line {f.line}")
        if f.column and f.line is not None:
            where += f", col {f.column}"
        rule = rules.get(f.rule)
        repair = f'<div>suggested: <code class="line">{escape(f.suggestion)}</code></div>' if f.suggestion else ""
        rows.append(f'<tr><td>{escape(where)}</td><td class="sev-{f.severity}">{escape(f.rule)} '
                    f'<span class="muted">{escape(rule.name)}</span></td><td>{escape(f.message)}'
                    f'{_highlighted(f)}{repair}</td></tr>')
    more = len(result.findings) - len(findings)
    note = f'<p class="muted">{more} more finding(s) in the findings listing.</p>' if more > 0 else ""
    return (f'<details><summary>{escape(result.path)} — {len(result.findings)} finding(s)</summary>'
            f'<table><thead><tr><th>where</th><th>rule</th><th>finding</th></tr></thead><tbody>'
            f'{"".join(rows)}</tbody></table>{note}</details>')


def _cell(row: dict, name: str, kind: str) -> str:
    if kind == "number":
        return f'<td class="num">{int(row[name])}</td>'
    css = f' class="status-{escape(row[name], quote=True)}"' if name == "status" else ""
    return f"<td{css}>{escape(str(row[name]))}</td>"


def _dirtiest(scan: ScanResult, top: int, key) -> list:
    """The `top` files smallest by `key(row)`, as (key, order, result): nsmallest holds `top` of
    them at a time and no row, so a million files are never a million rows."""
    keyed = ((key(file_row(result)), order, result) for order, result in enumerate(scan.files))
    return heapq.nsmallest(top, keyed)


def html_parts(scan: ScanResult) -> Iterator[str]:
    """The page, piece by piece: written as it is made, never held whole. The file table lists
    every file up to MAX_FILES_TABLE, else the dirtiest that many (the CSV report lists all)."""
    stats = statistics(scan)
    by_rule = Counter(stats["findings_by_rule"])
    by_category = Counter(stats["findings_by_category"])
    by_language = Counter(stats["documents_by_language"])
    by_encoding = Counter(stats["files_by_encoding"])
    cards = "".join(f'<div class="card"><b>{value}</b>{escape(label)}</div>' for label, value in (
        ("files", stats["files"]), ("clean", stats["files_by_status"].get("clean", 0)),
        ("dirty", stats["files_by_status"].get("dirty", 0)), ("unreadable", stats["files_by_status"].get("unreadable", 0)),
        *((("partly audited", stats["files_by_status"]["partial"]),) if stats["files_by_status"].get("partial") else ()),
        ("findings", stats["findings"]), ("lines", stats["lines"])))
    charts = (_bars("Findings by category", by_category) + _bars("Findings by rule", by_rule)
              + _bars("Documents by language", by_language) + _bars("Files by encoding", by_encoding))
    columns = (("path", "text"), ("format", "text"), ("encoding", "text"), ("language", "text"),
               ("lines", "number"), ("findings", "number"), ("dirty_lines", "number"), ("status", "text"))
    head = "".join(f'<th data-type="{kind}">{escape(name.replace("_", " "))}</th>' for name, kind in columns)
    total = stats["files"]
    listed = min(total, MAX_FILES_TABLE)
    cut = (f'<p class="muted">The {listed} files with the most dirty lines of {total}; the CSV report '
           f'(--report) lists every file.</p>' if listed < total else "")
    yield f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>auditor report</title><style>{STYLE}</style></head>
<body><header><h1>auditor report</h1><div>{stats["files"]} file(s), {stats["findings"]} finding(s) — auditor {escape(__version__)}</div></header>
<main>
<section><h2>Totals</h2><div class="cards">{cards}</div><div class="charts">{charts}</div></section>
<section><h2>Files</h2>{cut}
<div class="controls"><input id="filter" type="search" placeholder="filter files" aria-label="filter files">
<select id="status-filter" aria-label="status"><option value="">any status</option><option>clean</option><option>dirty</option><option>unreadable</option></select>
<span><span id="shown">{listed}</span> of {listed} shown</span></div>
<table id="files"><thead><tr>{head}</tr></thead><tbody>"""
    if listed < total:
        rows = (file_row(result) for _, _, result in _dirtiest(scan, MAX_FILES_TABLE, dirtiness))
    else:
        rows = (file_row(result) for result in scan.files)
    for row in rows:
        cells = "".join(_cell(row, name, kind) for name, kind in columns)
        yield f'<tr data-status="{escape(row["status"], quote=True)}">{cells}</tr>'
    yield '</tbody></table></section>\n<section><h2>Findings per file</h2>'
    most = _dirtiest(scan, MAX_FILES_DETAILED, lambda row: (-row["findings"], row["path"]))
    detailed = [result for (findings, _), _, result in most if findings]
    for result in detailed:
        yield _file_details(result)
    if not detailed:
        yield '<p class="muted">No findings.</p>'
    yield "</section>\n"
    templates = "".join(f'<tr><td>{escape(t.group)}</td><td>{escape(t.text)}</td><td class="num">{t.documents}</td>'
                        f'<td class="num">{t.group_documents}</td></tr>' for t in scan.template_lines)
    if templates:
        yield (f'<section><h2>Most repeated template lines</h2><table><thead><tr><th>group</th><th>line</th>'
               f'<th>documents</th><th>of</th></tr></thead><tbody>{templates}</tbody></table></section>')
    yield f"""
</main><script>{SCRIPT}</script></body></html>
"""


def html_report(scan: ScanResult) -> str:
    return "".join(html_parts(scan))


def write_html(scan: ScanResult, path: str) -> None:
    with atomic_text(path) as handle:
        for part in html_parts(scan):
            handle.write(part)
