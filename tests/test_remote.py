"""Remote corpora through fsspec, against a real S3-compatible server (moto's server mode)
started on loopback by the test: never the internet."""
import json
import os
import socket
import subprocess
import sys

import pytest

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

from conftest import ROOT  # noqa: E402

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "auditor-test", "AWS_SECRET_ACCESS_KEY": "auditor-test",
               "AWS_DEFAULT_REGION": "us-east-1"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3():
    """A moto S3 server on 127.0.0.1 holding the bundled corpora under s3://corpus/batch/."""
    saved = {key: os.environ.get(key) for key in CREDENTIALS}
    os.environ.update(CREDENTIALS)
    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint)
    client.create_bucket(Bucket="corpus")
    corpora = ROOT / "corpora"
    for path in sorted(corpora.rglob("*")):
        if path.is_file():
            client.upload_file(str(path), "corpus", f"batch/{path.relative_to(corpora).as_posix()}")
    yield client, endpoint
    server.stop()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def local_findings(tmp_path, cli):
    out = tmp_path / "local.jsonl"
    cli("scan", str(ROOT / "corpora"), "-q", "--no-config", "--findings", str(out), "--fail-on", "never")
    prefix = str(ROOT / "corpora") + "/"
    return [{**f, "path": f["path"].removeprefix(prefix)} for f in map(json.loads, out.read_text().splitlines())]


def test_s3_corpus_gives_the_local_findings(tmp_path, cli, s3):
    _, endpoint = s3
    out = tmp_path / "s3.jsonl"
    result = cli("scan", "s3://corpus/batch/", "-o", f"endpoint_url={endpoint}", "-q", "--no-config",
                 "--findings", str(out), "--fail-on", "never")
    assert result.exit_code == 0, result.output
    remote = [{**f, "path": f["path"].removeprefix("s3://corpus/batch/")} for f in map(json.loads, out.read_text().splitlines())]
    assert remote and remote == local_findings(tmp_path, cli)


def test_object_that_vanishes_after_listing_is_a_finding(tmp_path, s3, monkeypatch):
    client, endpoint = s3
    from auditor.config import Settings
    from auditor.engine.scan import run_scan
    from auditor.sources.discovery import discover
    from auditor.sources.storage import parse_options

    client.copy_object(Bucket="corpus", Key="gone/a.txt", CopySource={"Bucket": "corpus", "Key": "batch/en/harbour_clean.txt"})
    client.copy_object(Bucket="corpus", Key="gone/b.txt", CopySource={"Bucket": "corpus", "Key": "batch/en/harbour_clean.txt"})
    inputs = discover(["s3://corpus/gone/"], options=parse_options([f"endpoint_url={endpoint}"]))
    assert [i.display for i in inputs] == ["s3://corpus/gone/a.txt", "s3://corpus/gone/b.txt"]
    client.delete_object(Bucket="corpus", Key="gone/a.txt")
    result = run_scan(inputs, Settings())
    gone, kept = result.files
    assert gone.status == "unreadable" and [f.rule for f in gone.findings] == ["IO001"]
    assert kept.status == "clean" and kept.records == 1


@pytest.mark.parametrize("url, message", [
    ("s3://corpus/no-such-prefix/", "path does not exist"),
    ("s3://no-such-bucket/", "path does not exist"),
])
def test_missing_remote_paths_are_usage_errors(cli, s3, url, message):
    _, endpoint = s3
    result = cli("scan", url, "-o", f"endpoint_url={endpoint}", "-q")
    assert result.exit_code == 2 and message in result.output


def test_missing_credentials_are_a_clear_error(s3, tmp_path):
    _, endpoint = s3
    env = {key: value for key, value in os.environ.items() if key not in CREDENTIALS}
    env.update(AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"), AWS_CONFIG_FILE=str(tmp_path / "none"),
               AWS_EC2_METADATA_DISABLED="true")
    proc = subprocess.run([sys.executable, "-m", "auditor", "scan", "s3://corpus/batch/", "-o",
                           f"endpoint_url={endpoint}", "-q"], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "no credentials" in proc.stderr


def test_storage_options_must_be_key_value(cli):
    result = cli("scan", "s3://corpus/", "-o", "endpoint_url")
    assert result.exit_code == 2 and "KEY=VALUE" in result.output


def test_memory_filesystem_urls_work_without_a_server(tmp_path, cli):
    """fsspec's in-memory file system: any scheme fsspec knows is a source."""
    import fsspec

    fs = fsspec.filesystem("memory")
    target = "/auditor-test/en/harbour_clean.txt"
    fs.pipe(target, (ROOT / "corpora/en/harbour_clean.txt").read_bytes())
    try:
        out = tmp_path / "report.csv"
        result = cli("scan", "memory://auditor-test/", "-q", "--report", str(out))
        assert result.exit_code == 0, result.output
        assert "memory:///auditor-test/en/harbour_clean.txt" in out.read_text()  # fsspec's own spelling
    finally:
        fs.rm("/auditor-test", recursive=True)


def test_http_urls_are_read_through_fsspec(tmp_path, cli):
    """A file served over HTTP on loopback (python's own server) gives the local findings."""
    import functools
    import http.server
    import threading

    pytest.importorskip("aiohttp")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(ROOT / "corpora"))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/en/markets_garbled.txt"
        remote, local = tmp_path / "remote.jsonl", tmp_path / "local.jsonl"
        cli("scan", url, "-q", "--no-config", "--findings", str(remote), "--fail-on", "never")
        cli("scan", str(ROOT / "corpora/en/markets_garbled.txt"), "-q", "--no-config", "--findings", str(local),
            "--fail-on", "never")
        strip = lambda rows: [{**r, "path": ""} for r in rows]  # noqa: E731
        got = strip(map(json.loads, remote.read_text().splitlines()))
        assert got and got == strip(map(json.loads, local.read_text().splitlines()))
    finally:
        server.shutdown()
