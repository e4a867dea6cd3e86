"""The HTML report in a real headless browser: it renders, its script runs without errors, the
file table filters and sorts, highlighted spans are shown, and no corpus text executes."""
from __future__ import annotations

import pytest

from browser import Browser, chromium_path
from conftest import ROOT

pytestmark = pytest.mark.skipif(chromium_path() is None, reason="chromium is not installed (.ci/run installs it)")

HOSTILE = [
    "<script>window.__pwned = 'script'</script>",
    '<img src=x onerror="window.__pwned = \'img\'">',
    "</td></tr></table><script>window.__pwned = 'breakout'</script>",
    '"><svg onload="window.__pwned = \'svg\'">',
]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from typer.testing import CliRunner

    from auditor.cli import app

    folder = tmp_path_factory.mktemp("corpus")
    for i, line in enumerate(HOSTILE):
        (folder / f"hostile{i}.txt").write_text(
            "The council met on Tuesday and agreed on the budget for the schools and the roads.\n\n"
            f"{line}\n\nSubscribe\n", encoding="utf-8")
    import shutil
    shutil.copytree(ROOT / "corpora", folder / "corpora")
    report = folder / "report.html"
    result = CliRunner().invoke(app, ["scan", str(folder), "--html", str(report), "-q"])
    assert result.exit_code == 1 and report.exists()
    browser = Browser(report.as_uri())
    try:
        browser.wait_for("document.body && document.body.dataset.ready === 'true'")
        yield browser, report
    finally:
        browser.close()


FILES = len(HOSTILE) + sum(1 for p in (ROOT / "corpora").rglob("*") if p.is_file())  # one table row each


def test_page_renders_and_its_script_runs_without_errors(page):
    browser, _ = page
    assert browser.evaluate("document.title") == "auditor report"
    assert browser.evaluate("document.querySelectorAll('#files tbody tr').length") == FILES
    assert browser.evaluate("document.querySelectorAll('svg rect').length") > 5
    assert browser.errors == []


def test_no_corpus_text_executes(page):
    browser, report = page
    assert browser.evaluate("typeof window.__pwned") == "undefined"
    assert browser.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    text = browser.evaluate("document.body.textContent")  # closed <details> included
    assert "window.__pwned = 'script'" in text  # shown as text
    assert "<script>window.__pwned" not in report.read_text(encoding="utf-8")


def test_table_filters_and_sorts(page):
    browser, _ = page
    visible = "Array.from(document.querySelectorAll('#files tbody tr')).filter(r => !r.hidden)"
    browser.evaluate("(() => { const f = document.getElementById('filter'); f.value = 'cp1251';"
                     " f.dispatchEvent(new Event('input')); })()")
    assert browser.evaluate(f"{visible}.map(r => r.cells[0].textContent)") == [
        next(p for p in browser.evaluate(f"{visible}.map(r => r.cells[0].textContent)") if p.endswith("pogoda_cp1251.txt"))]
    assert browser.evaluate("document.getElementById('shown').textContent") == "1"
    browser.evaluate("(() => { const f = document.getElementById('filter'); f.value = '';"
                     " f.dispatchEvent(new Event('input'));"
                     " const s = document.getElementById('status-filter'); s.value = 'clean';"
                     " s.dispatchEvent(new Event('change')); })()")
    assert browser.evaluate(f"{visible}.map(r => r.dataset.status)") == ["clean"]
    browser.evaluate("(() => { const s = document.getElementById('status-filter'); s.value = '';"
                     " s.dispatchEvent(new Event('change'));"
                     " document.querySelectorAll('#files th')[5].click(); document.querySelectorAll('#files th')[5].click(); })()")
    counts = browser.evaluate(f"{visible}.map(r => Number(r.cells[5].textContent))")
    assert counts == sorted(counts, reverse=True) and len(counts) == FILES
    assert browser.errors == []


def test_flagged_spans_are_highlighted(page):
    browser, _ = page
    marks = browser.evaluate("Array.from(document.querySelectorAll('mark')).map(m => m.textContent)")
    assert "Subscribe" in marks
    assert any("Добро" in m or "NАTO" in m or "{{" in m for m in marks) or len(marks) > 10
