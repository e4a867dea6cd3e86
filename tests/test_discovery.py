"""Discovery lists a corpus in the order of the paths reports show, without an object per file:
the same order as sorting every shown path, one folder listing in memory at a time."""
from __future__ import annotations

import gc
import os
import tracemalloc

import pytest

from auditor.sources.discovery import InputFile, InputList, discover

NAMES = ["a.txt", "a/b.txt", "a/c.jsonl", "a-b.txt", "a b/x.txt", "A/y.txt", "é/ü.txt", "sub/deep/q.txt.gz",
         "sub/r.csv", "b.txt", "ab.txt", "a0/z.txt", "a.d/w.txt"]


@pytest.fixture()
def tree(tmp_path):
    for name in NAMES + [".hidden/h.txt", "node_modules/n.txt", "sub/readme.md"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("The harbour reopened.\n", encoding="utf-8")
    (tmp_path / "links").mkdir()
    os.symlink(tmp_path / "a", tmp_path / "links" / "to_a")  # a link to a folder is not followed
    return tmp_path


def test_the_order_is_the_order_of_the_shown_paths(tree):
    """Walking folder by folder gives exactly the sorted list of whole paths ('a.txt' < 'a.d/' <
    'a/b.txt' < 'a0/', as strings sort), hidden and VCS folders left out, other formats listed
    as not audited."""
    found = discover([str(tree)])
    shown = [inp.display for inp in found]
    assert shown == sorted(os.path.join(str(tree), name) for name in NAMES + ["sub/readme.md"])
    assert [inp.display.rsplit("/", 1)[-1] for inp in found if inp.skipped] == ["readme.md"]
    assert {inp.skipped for inp in found} == {None, "not a corpus format"}


def test_several_paths_are_merged_and_a_file_named_twice_is_listed_once(tree):
    found = discover([str(tree / "sub"), str(tree / "a.txt"), str(tree), str(tree / "a")])
    shown = [inp.display for inp in found]
    assert shown == sorted(set(shown)) and len(shown) == len(NAMES) + 1


def test_an_input_list_gives_back_every_kind_of_input():
    odd = [
        InputFile("corpus/a.txt", "corpus/a.txt"),
        InputFile("./corpus/b.txt", "corpus/b.txt"),                     # the path given differs from the shown one
        InputFile(os.fsdecode(b"corpus/bad\xff.txt"), "corpus/bad\\xff.txt", bad_name=True),
        InputFile("corpus/pipe.txt", "corpus/pipe.txt", special="fifo"),
        InputFile("s3://bucket/c.jsonl", "s3://bucket/c.jsonl", size=0, options=(("anon", True),)),
        InputFile("s3://bucket/d.jsonl", "s3://bucket/d.jsonl", size=12345, options=(("anon", True),)),
    ]
    listed = InputList()
    for inp in odd:
        listed.append(inp)
    assert list(listed) == odd and len(listed) == len(odd)
    assert listed[-1] == odd[-1] and listed[1:3] == odd[1:3]
    with pytest.raises(IndexError):
        listed[len(odd)]


def test_include_audits_any_format_and_every_file_not_audited_says_why(tree):
    """--include picks files whatever their names (a readme, a file with no suffix); what it does
    not match, and what --exclude matches, stays in the list as not audited, with the reason;
    a file named on its own is audited whatever its name."""
    (tree / "sub" / "COPYING").write_text("Permission is granted.\n", encoding="utf-8")
    reasons = {inp.display.split(str(tree.name) + "/", 1)[-1]: inp.skipped
               for inp in discover([str(tree)], include=("*.md", "COPYING", "sub/*.csv"), exclude=("*/r.csv",))}
    assert reasons["sub/readme.md"] is None and reasons["sub/COPYING"] is None
    assert reasons["sub/r.csv"] == "matched by --exclude"
    assert reasons["a.txt"] == "not matched by --include" and len(reasons) == len(NAMES) + 2
    [named] = discover([str(tree / "sub" / "COPYING")])
    assert named.skipped is None
    [excluded] = discover([str(tree / "sub" / "COPYING")], exclude=("COPYING",))
    assert excluded.skipped == "matched by --exclude"
    listed = InputList()
    for inp in discover([str(tree)], exclude=("*.txt",)):
        listed.append(inp)
    assert [inp.skipped for inp in listed] == [inp.skipped for inp in discover([str(tree)], exclude=("*.txt",))]


def test_an_input_list_keeps_a_few_bytes_per_file_in_memory():
    count = 20000
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    listed = InputList()
    for n in range(count):
        listed.append(InputFile(f"corpus/part-{n:06d}/article.txt", f"corpus/part-{n:06d}/article.txt"))
    assert listed[12345].display == "corpus/part-012345/article.txt"  # paths written out as they are read
    gc.collect()  # the interpreter's free lists are not the list's
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert held < 40 * count, held  # about 19 bytes a file; an InputFile and its path are about 180


def test_a_folder_that_cannot_be_listed_is_reported_not_skipped(tree, monkeypatch):
    """The files of a folder discovery cannot list are unknown: the folder itself is an input,
    reported (IO001, status unreadable), in its place in the order; the rest is audited."""
    import json

    real = os.scandir
    locked = str(tree / "sub")

    def scandir(path="."):
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = discover([str(tree)])
    shown = [inp.display for inp in found]
    assert str(tree / "sub") + "/" in shown and shown == sorted(shown)
    assert not any(name.startswith(str(tree / "sub") + "/" + "r") for name in shown)
    assert found[shown.index(locked + "/")].special == "unlistable folder"
    out = tree.parent / "findings.jsonl"
    from auditor.config import Settings
    from auditor.engine.scan import run_scan
    from auditor.reports.tables import write_findings

    scan = run_scan(found, Settings())
    write_findings(scan, str(out))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    locked_rows = [r for r in rows if r["path"] == locked + "/"]
    assert [r["rule"] for r in locked_rows] == ["IO001"] and "could not be listed" in locked_rows[0]["message"]
    assert {r.path: r.status for r in scan.files}[locked + "/"] == "unreadable"
    assert len(scan.files) == len(NAMES) - 2 + 1  # sub/r.csv and sub/deep/q.txt.gz unknown, the folder reported


def test_a_tree_deeper_than_the_recursion_limit(tmp_path):
    """Folders nested 1,100 deep (two characters a level, well inside PATH_MAX): the walk keeps
    a stack of listings instead of recursing, so the file at the bottom is found."""
    import sys

    depth = 1100
    assert depth > sys.getrecursionlimit()
    (tmp_path / "top.txt").write_text("The harbour reopened.\n", encoding="utf-8")
    folder = tmp_path
    try:
        for _ in range(depth):
            folder = folder / "d"
            folder.mkdir()
        (folder / "deep.txt").write_text("The harbour reopened.\n", encoding="utf-8")
        found = [inp.display for inp in discover([str(tmp_path)])]
    finally:  # bottom up, without recursion: shutil.rmtree (pytest's clean-up) recurses and would fail
        (folder / "deep.txt").unlink(missing_ok=True)
        while folder != tmp_path:
            folder.rmdir()
            folder = folder.parent
    assert [name.rsplit("/", 1)[-1] for name in found] == ["deep.txt", "top.txt"]
    assert found[0].split("/").count("d") == depth
