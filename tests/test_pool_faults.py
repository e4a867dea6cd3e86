"""The local worker pool under faults: a worker process that dies costs one file, never the scan.

Workers are started with 'spawn', so a fault cannot be patched into them from the test process:
a `sitecustomize` on PYTHONPATH (read by every new interpreter) makes scan_file exit the worker
process abruptly on a chosen file, every time or only the first time."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT

FAULT = '''
import os
import time
needle = os.environ.get("AUDITOR_TEST_DIE_ON") or os.environ.get("AUDITOR_TEST_HANG_ON")
if needle:
    import auditor.engine.scan as scan
    original = scan.scan_file
    marker = os.environ.get("AUDITOR_TEST_DIE_ONCE")
    hanging = os.environ.get("AUDITOR_TEST_HANG_ON")

    def faulty(inp, settings):
        if hanging and hanging in inp.display:
            open(os.environ["AUDITOR_TEST_HANGING"], "w").close()
            time.sleep(600)
        elif needle in inp.display and not (marker and os.path.exists(marker)):
            if marker:
                open(marker, "w").close()
            os._exit(17)
        return original(inp, settings)
    scan.scan_file = faulty
'''
KILLER = "killer.txt"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(ROOT / "corpora", folder / "corpora")
    (folder / KILLER).write_text("The council met on Tuesday and agreed on the budget.\n\nSubscribe\n", encoding="utf-8")
    return folder


def faulty_environment(folder, **fault) -> dict:
    env = dict(os.environ)
    if fault:
        site = folder / "site"
        site.mkdir(exist_ok=True)
        (site / "sitecustomize.py").write_text(FAULT, encoding="utf-8")
        env["PYTHONPATH"] = os.pathsep.join([str(site), str(ROOT), env.get("PYTHONPATH", "")])
        env.update(fault)
    return env


def command(corpus, out, jobs: int, quiet: bool = True) -> list[str]:
    return [sys.executable, "-m", "auditor", "scan", str(corpus), "--jobs", str(jobs), "--findings", str(out),
            "--no-config", "--fail-on", "never"] + (["-q"] if quiet else [])


def scan(corpus, out, jobs: int, **fault) -> list[dict]:
    proc = subprocess.run(command(corpus, out, jobs), capture_output=True, text=True, timeout=600,
                          env=faulty_environment(out.parent, **fault), cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def serial(corpus, tmp_path_factory):
    return scan(corpus, tmp_path_factory.mktemp("serial") / "f.jsonl", 1)


def test_a_file_that_kills_its_worker_every_time_is_reported_and_the_rest_audited(corpus, serial, tmp_path):
    found = scan(corpus, tmp_path / "f.jsonl", 2, AUDITOR_TEST_DIE_ON=KILLER)
    lost = [f for f in found if f["path"].endswith(KILLER)]
    assert [f["rule"] for f in lost] == ["AUD003"] and "worker process died" in lost[0]["message"]
    assert [f for f in found if not f["path"].endswith(KILLER)] == \
        [f for f in serial if not f["path"].endswith(KILLER)]


def test_a_worker_that_dies_once_loses_nothing(corpus, serial, tmp_path):
    found = scan(corpus, tmp_path / "f.jsonl", 2, AUDITOR_TEST_DIE_ON=KILLER,
                 AUDITOR_TEST_DIE_ONCE=str(tmp_path / "died"))
    assert (tmp_path / "died").exists()  # the fault did fire
    assert found == serial


def test_files_go_to_the_workers_a_window_at_a_time(corpus, monkeypatch):
    """Never more chunks in flight than WINDOW_PER_WORKER per worker; same results as serial."""
    from auditor.config import Settings
    from auditor.engine import parallel
    from auditor.engine.scan import scan_file
    from auditor.sources.discovery import discover

    inputs = discover([str(corpus)])
    outstanding, most = set(), [0]
    real_pool = parallel._pool

    def counting_pool(settings, jobs):
        pool = real_pool(settings, jobs)
        submit = pool.submit

        def counted(*args):
            future = submit(*args)
            outstanding.add(future)
            most[0] = max(most[0], sum(1 for f in outstanding if not f.done()))
            future.add_done_callback(outstanding.discard)
            return future
        pool.submit = counted
        return pool

    monkeypatch.setattr(parallel, "WINDOW_PER_WORKER", 1)
    monkeypatch.setattr(parallel, "_pool", counting_pool)
    taken: dict = {}
    interrupted = parallel.scan_in_pool(inputs, Settings(), 2, taken.__setitem__)
    results = [taken[position] for position in sorted(taken)]
    assert not interrupted and 1 <= most[0] <= 2 and sorted(taken) == list(range(len(inputs)))
    expected = [scan_file(inp, Settings()) for inp in inputs]
    assert [(r.path, [f.rule for f in r.findings]) for r in results] == \
        [(r.path, [f.rule for f in r.findings]) for r in expected]


def test_ctrl_c_ends_the_workers_instead_of_waiting_for_their_files(corpus, tmp_path):
    """A worker busy with a file that would take ten minutes: Ctrl-C ends the scan now (the
    report says it was interrupted), not when the worker is done with the file."""
    hanging = tmp_path / "hanging"
    env = faulty_environment(tmp_path, AUDITOR_TEST_HANG_ON=KILLER, AUDITOR_TEST_HANGING=str(hanging))
    proc = subprocess.Popen(command(corpus, tmp_path / "f.jsonl", 2, quiet=False),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        for _ in range(1200):
            if hanging.exists() or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert hanging.exists(), "the worker never reached the file"
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=120)  # a guard against a hang, not a measure of speed
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130 and "interrupted" in output
