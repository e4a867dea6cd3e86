"""Findings of finished files live on disk during a scan; every report is the same as with the
findings kept in memory."""
import pickle

import pytest

from auditor.engine import spool as spool_module
from auditor.engine.spool import SpooledFindings


def many_findings(folder):
    lines = [f"Subscribe to our newsletter number {n}" if n % 2 else "Sign up for our newsletter" for n in range(60)]
    (folder / "page.txt").write_text("The harbour reopened today after the storm.\n\n" + "\n\n".join(lines) + "\n",
                                     encoding="utf-8")


def reports(cli, folder, out):
    out.mkdir()
    cli("scan", str(folder), "-q", "--no-config", "--report", str(out / "r.csv"), "--findings", str(out / "f.jsonl"),
        "--sarif", str(out / "s.sarif"), "--markdown", str(out / "m.md"), "--html", str(out / "h.html"))
    return {name: (out / name).read_bytes() for name in ("r.csv", "f.jsonl", "s.sarif", "m.md", "h.html")}


def test_reports_are_the_same_with_findings_spooled_or_in_memory(cli, tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    many_findings(corpus)
    spooled = reports(cli, corpus, tmp_path / "spooled")
    monkeypatch.setattr(spool_module, "SPOOL_FROM", 10**9)
    in_memory = reports(cli, corpus, tmp_path / "memory")
    assert spooled["f.jsonl"].count(b"\n") >= 30
    for name in spooled:
        if name == "h.html":  # the page carries no timestamps either, but check the findings part
            assert spooled[name].split(b"<details>", 1)[1] == in_memory[name].split(b"<details>", 1)[1]
        else:
            assert spooled[name] == in_memory[name], name


def test_spooled_findings_behave_like_the_list(tmp_path):
    from auditor.config import Settings
    from auditor.engine.scan import run_scan
    from auditor.sources.discovery import discover

    many_findings(tmp_path)
    [result] = run_scan(discover([str(tmp_path)]), Settings()).files
    assert isinstance(result.findings, SpooledFindings)
    plain = list(result.findings)
    assert len(result.findings) == len(plain) >= 30
    assert result.findings[0] == plain[0] and result.findings[-3:] == plain[-3:]
    assert result.findings == plain and bool(result.findings)
    assert pickle.loads(pickle.dumps(result.findings)) == plain


def test_results_live_on_disk_and_come_back_with_the_parents_objects(tmp_path):
    """A scan keeps no result in memory: each is loaded from the store when read (a new object
    every time, equal to the last), with its input from the parent's list (not a copy sent back
    by a worker), its path that input's string, and findings still spooled."""
    import gc

    from auditor.config import Settings
    from auditor.engine.scan import run_scan
    from auditor.engine.spool import ResultStore
    from auditor.model import FileResult
    from auditor.sources.discovery import discover

    for n in range(24):
        (tmp_path / f"doc_{n:02d}.txt").write_text(
            f"Story {n}. The harbour authority said on Tuesday that the new ferry terminal would open "
            "in the spring, two years later than planned, after a dispute over the foundations.\n\nSubscribe\n",
            encoding="utf-8")
    inputs = discover([str(tmp_path)])

    def results_in_memory() -> int:
        gc.collect()
        return sum(1 for o in gc.get_objects() if isinstance(o, FileResult))

    before = results_in_memory()
    result = run_scan(inputs, Settings(), jobs=2)
    assert results_in_memory() == before  # the scan's result holds none of its files' results
    assert isinstance(result.files, ResultStore) and len(result.files) == 24
    assert [r.input for r in result.files] == list(inputs)
    assert all(r.path is r.input.display for r in result.files)
    assert all(isinstance(r.findings, SpooledFindings) and [f.rule for f in r.findings] == ["RES001"]
               for r in result.files)
    first = result.files[0]
    assert result.files[0] is not first and result.files[0].findings == first.findings
    assert [r.path for r in result.files] == sorted(inp.display for inp in inputs)


def test_the_store_keeps_a_few_bytes_per_file_in_memory():
    """What a store holds in memory per file is its place on disk, not the result."""
    import gc
    import tracemalloc

    from auditor.engine.spool import ResultStore
    from auditor.model import FileResult

    count = 20000
    inputs = [None] * count
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    store = ResultStore(inputs)
    for position in range(count):
        store.put(position, FileResult(path=f"part/{position:05d}.txt", languages={"en": 1}, records=1, lines=40))
    store.arrange(key=lambda r: r.path)
    gc.collect()  # empties the interpreter's free lists (up to 2,000 spare tuples a size), which are not the store's
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert held < 40 * count, held  # about 13 bytes a file (offset, size), not ~600
    assert [r.path for r in store][:2] == ["part/00000.txt", "part/00001.txt"] and len(store) == count
    store.close()


def test_a_store_is_ordered_by_its_key_and_skips_what_never_arrived():
    from auditor.engine.spool import ResultStore
    from auditor.model import FileResult

    store = ResultStore([None] * 4)
    for position, path in [(2, "b.txt"), (0, "c.txt"), (3, "a.txt")]:  # position 1 never arrived (Ctrl-C)
        store.put(position, FileResult(path=path))
    assert [r.path for r in store] == ["c.txt", "b.txt", "a.txt"] and len(store) == 3
    assert store[1].path == "b.txt" and store[-1].path == "a.txt"
    with pytest.raises(IndexError):
        store[3]
    store.put(2, FileResult(path="b.txt", status="dirty"))  # replaced: the latest is read
    store.arrange(key=lambda r: r.path)
    assert [(r.path, r.status) for r in store] == [("a.txt", "clean"), ("b.txt", "dirty"), ("c.txt", "clean")]
    assert store[1].path == "b.txt" and store[-1].path == "c.txt"


def test_summaries_keep_only_the_dirtiest_rows():
    """The console and Markdown summaries take their counts and their 'dirtiest files' from one
    pass that keeps a few rows, not one per file: same answer as sorting every row."""
    import random

    from auditor import rules
    from auditor.engine.scan import ScanResult
    from auditor.model import FileResult
    from auditor.reports.tables import file_row, overview, statistics

    rng = random.Random(5)
    files = []
    for n in range(300):
        result = FileResult(path=f"part/{n:03d}.txt", status="clean")
        dirty = rng.choice([0, 0, 1, 2, 3, 3, 7])  # many ties: the path decides among them
        result.findings = [rules.make("RES001", result.path, None, "widget", line=line) for line in range(1, dirty + 1)]
        result.status = "dirty" if dirty else rng.choice(["clean", "clean", "unreadable"])
        files.append(result)
    scan = ScanResult(files=files)
    seen = overview(scan, top=10)
    every = sorted((file_row(r) for r in files if r.findings or r.status == "unreadable"),
                   key=lambda row: (-row["dirty_lines"], row["path"]))
    assert seen.dirtiest == every[:10]
    assert seen.files == 300 and seen.findings == sum(len(r.findings) for r in files)
    assert dict(seen.by_rule) == statistics(scan)["findings_by_rule"]
    assert sum(seen.statuses.values()) == 300


def test_files_scanned_again_with_the_corpus_prior_go_back_to_the_store(tmp_path):
    """The corpus pass rescans tiny files with the corpus's language as prior, on the same pool:
    the new results replace the old ones on disk, in the same order, and none stays in memory."""
    import gc

    from auditor.config import Settings
    from auditor.engine.scan import run_scan
    from auditor.model import FileResult
    from auditor.sources.discovery import discover

    story = ("The harbour authority said on Tuesday that the new ferry terminal would open in the spring, "
             "two years later than planned, after a dispute over the cost of the foundations.\n")
    for n in range(6):
        (tmp_path / f"article{n}.txt").write_text(story, encoding="utf-8")
    (tmp_path / "button.txt").write_text("Bitte hier klicken\n", encoding="utf-8")
    inputs = discover([str(tmp_path)])

    def results_in_memory() -> int:
        gc.collect()
        return sum(1 for o in gc.get_objects() if isinstance(o, FileResult))

    before = results_in_memory()
    scan = run_scan(inputs, Settings(select=("LNG",)), jobs=2)
    assert results_in_memory() == before
    assert [r.path.rsplit("/", 1)[-1] for r in scan.files] == [f"article{n}.txt" for n in range(6)] + ["button.txt"]
    button = scan.files[6]
    assert [(f.rule, "English document" in f.message) for f in button.findings] == [("LNG002", True)]


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_a_finding_pickles_as_its_values(protocol):
    """Findings are pickled by the million (spools, workers): as their values in field order,
    every field back, the severity still a Severity."""
    from dataclasses import fields

    from auditor.model import Finding, Severity

    values = ["dir/a.txt", 3, 10, 2, 11, 9, "RES001", "residue", Severity.ERROR, "UI string", "Log in",
              "remove the line", "doc-7", "https://news.example/7"]
    finding = Finding(*values)
    back = pickle.loads(pickle.dumps(finding, protocol=protocol))
    assert [getattr(back, f.name) for f in fields(Finding)] == values
    assert type(back.severity) is Severity and back == finding
    assert b"excerpt" not in pickle.dumps(finding, protocol=protocol)  # no field names stored
