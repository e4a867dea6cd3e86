"""The Dask engine gives the local engine's results: on a LocalCluster of worker processes, on a
scheduler and workers started as separate processes on 127.0.0.1, and when workers die."""
import json
import shutil
import socket
import subprocess
import sys
import time

import pytest

distributed = pytest.importorskip("distributed")

from conftest import ROOT  # noqa: E402

from auditor.config import Settings  # noqa: E402
from auditor.engine.dask_runner import ClusterError, DaskRunner  # noqa: E402
from auditor.engine.scan import run_scan  # noqa: E402
from auditor.sources.discovery import discover  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The bundled corpora plus short notices sharing a template line, for the corpus-wide pass."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(ROOT / "corpora", root / "corpora")
    for n in range(12):
        (root / f"short_{n:02d}.txt").write_text(
            f"Notice {n}: the ferry timetable changes next week.\nHarbour Gazette weekend edition\n", encoding="utf-8")
    return root


def snapshot(result):
    return [(r.path, r.status, r.encoding, r.language, r.records,
             [(f.record, f.line, f.column, f.rule, f.message) for f in r.findings]) for r in result.files] + \
        [(t.group, t.text, t.documents) for t in result.template_lines]


@pytest.fixture(scope="module")
def local(corpus):
    return snapshot(run_scan(discover([str(corpus)]), Settings()))


@pytest.fixture(scope="module")
def cluster_runner():
    with DaskRunner(workers=2) as runner:
        yield runner


def test_local_cluster_gives_the_local_results(corpus, local, cluster_runner):
    inputs = discover([str(corpus)])
    result = run_scan(inputs, Settings(), runner=cluster_runner)
    assert snapshot(result) == local
    assert any(f.rule == "RES008" for r in result.files for f in r.findings)
    # every result comes back with its input, from the parent's own list
    assert [r.input for r in result.files] == list(inputs)


def test_tasks_are_handed_out_a_window_at_a_time(corpus, local, cluster_runner, monkeypatch):
    """With one task in flight per worker thread, the next handed out as one finishes, the
    results are the same, in the same order, and never more tasks than the window exist at once."""
    from auditor.engine import dask_runner

    monkeypatch.setattr(dask_runner, "MIN_IN_FLIGHT", 1)
    monkeypatch.setattr(dask_runner, "IN_FLIGHT_PER_THREAD", 1)
    submitted, most = [], [0]
    real_submit = cluster_runner.client.submit

    def counting_submit(*args, **kwargs):
        future = real_submit(*args, **kwargs)
        submitted.append(future)
        most[0] = max(most[0], sum(1 for f in submitted if not f.done()))
        return future

    monkeypatch.setattr(cluster_runner.client, "submit", counting_submit)
    inputs = discover([str(corpus)])
    result = run_scan(inputs, Settings(), runner=cluster_runner)
    assert snapshot(result) == local
    assert len(submitted) >= len(inputs) > 2 and most[0] <= 2  # the window (2 threads) at most


def test_worker_killed_once_is_retried_and_nothing_is_lost(corpus, local, cluster_runner, tmp_path):
    from dask_faults import DieOnFile

    cluster_runner.client.register_plugin(DieOnFile("short_03", str(tmp_path / "died")), name="die-once")
    try:
        result = run_scan(discover([str(corpus)]), Settings(), runner=cluster_runner)
    finally:
        cluster_runner.client.unregister_worker_plugin("die-once")
    assert (tmp_path / "died").exists()  # a worker really died
    assert snapshot(result) == local


def test_file_that_kills_every_worker_is_reported_not_audited(tmp_path):
    import dask

    from dask_faults import DieOnFile

    # files queued on the worker with the poison die with it: they are scanned again on their own
    names = [f"good_{n}.txt" for n in range(4)] + ["poison.txt"] + [f"later_{n}.txt" for n in range(4)]
    for n, name in enumerate(names):
        (tmp_path / name).write_text(f"The ferry timetable changes in {n + 2} weeks, the harbour office said.\n")
    with dask.config.set({"distributed.scheduler.allowed-failures": 1,
                          "distributed.scheduler.worker-saturation": float("inf")}):
        with DaskRunner(workers=1) as runner:
            runner.client.register_plugin(DieOnFile("poison"), name="die-always")
            result = run_scan(discover([str(tmp_path)]), Settings(), runner=runner)
    *good, poison = sorted(result.files, key=lambda r: "poison" in r.path)
    assert [r.status for r in good] == ["clean"] * 8
    assert poison.status == "unreadable"
    assert [f.rule for f in poison.findings] == ["AUD003"]
    assert "KilledWorker" in poison.findings[0].message


def test_unreachable_scheduler_is_a_clear_error():
    started = time.monotonic()
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler at tcp://127.0.0.1"):
        DaskRunner(f"tcp://127.0.0.1:{free_port()}", timeout=2)
    assert time.monotonic() - started < 30


def test_scheduler_and_worker_as_separate_processes(corpus, local, tmp_path):
    port = free_port()
    scheduler = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                  "--port", str(port), "--no-dashboard"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", f"tcp://127.0.0.1:{port}",
                               "--nworkers", "1", "--nthreads", "1", "--no-dashboard"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        out = tmp_path / "dask.jsonl"
        proc = subprocess.run([sys.executable, "-m", "auditor", "scan", str(corpus), "--engine", "dask",
                               "--scheduler", f"tcp://127.0.0.1:{port}", "--findings", str(out), "-q",
                               "--no-config", "--fail-on", "never"], capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        local_out = tmp_path / "local.jsonl"
        subprocess.run([sys.executable, "-m", "auditor", "scan", str(corpus), "--findings", str(local_out), "-q",
                        "--no-config", "--fail-on", "never"], check=True, timeout=300)
        remote = [json.loads(line) for line in out.read_text().splitlines()]
        assert remote and remote == [json.loads(line) for line in local_out.read_text().splitlines()]
    finally:
        for proc in (worker, scheduler):
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_closing_never_waits_without_limit():
    """A local cluster restarting a dead worker can take forever to close: the runner gives the
    client and the cluster CLOSE_TIMEOUT each and goes on when they do not make it."""
    from auditor.engine import dask_runner

    calls = []

    class Stuck:
        def __init__(self, name):
            self.name = name

        def close(self, timeout=None):
            calls.append((self.name, timeout))
            raise TimeoutError("still closing")

    runner = DaskRunner.__new__(DaskRunner)
    runner.client, runner._cluster = Stuck("client"), Stuck("cluster")
    runner.close()  # returns, does not raise
    assert calls == [("client", dask_runner.CLOSE_TIMEOUT), ("cluster", dask_runner.CLOSE_TIMEOUT)]
