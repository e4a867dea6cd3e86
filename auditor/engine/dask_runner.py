"""Dask: the same per-file function on a cluster (`--engine dask`), a scheduler the user names
(`--scheduler tcp://host:8786`) or a local cluster of worker processes started for the run.

Workers read the inputs themselves, by path or URL (s3://...), so nothing but small results
crosses the network; the settings travel with each task. Tasks are retried by Dask when a worker dies.
A dying worker takes every task queued on it down with it, so a file whose task was killed is
scanned once more on its own before it is given up: only a file that kills a worker by itself
becomes an AUD003 finding, never a silent gap and never an innocent neighbour. An
unreachable scheduler is a clear error before any work starts.
"""
from __future__ import annotations

import itertools

from ..config import Settings
from ..model import FileResult
from ..sources.discovery import InputFile
from .runners import Take, lost


CLOSE_TIMEOUT = 10  # seconds to close the client and a local cluster
IN_FLIGHT_PER_THREAD = 8  # tasks handed out per worker thread: it is never idle, the queue stays short
MIN_IN_FLIGHT = 16


class ClusterError(RuntimeError):
    """The cluster could not be reached or started (exit code 2)."""


def scan_task(inp: InputFile, settings: Settings) -> FileResult:
    """What a Dask worker runs for one file (looked up at call time, so tests can inject faults)."""
    from . import scan

    return scan.scan_file(inp, settings)


class DaskRunner:
    def __init__(self, scheduler: str | None = None, workers: int = 0, timeout: float = 10.0):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise ClusterError("the Dask engine needs dask.distributed: pip install 'auditor[dask]'") from None
        self._cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout=f"{timeout}s", set_as_default=False)
            else:
                from .parallel import default_jobs

                self._cluster = LocalCluster(n_workers=workers or default_jobs(), threads_per_worker=1,
                                             processes=True, dashboard_address=":0")
                self.client = Client(self._cluster, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            self.close()
            where = scheduler or "a local cluster"
            raise ClusterError(f"cannot reach the Dask scheduler at {where}: {exc}") from None

    def map(self, inputs: list[InputFile], settings: Settings, take: Take) -> bool:
        """Tasks are handed to the cluster a window at a time (IN_FLIGHT_PER_THREAD per worker
        thread) and the next one when one finishes: a corpus of a million files is never a million
        futures in this process and a million tasks on the scheduler."""
        from dask.distributed import as_completed

        if not inputs:
            return False
        threads = sum(self.client.nthreads().values()) or 1
        waiting = iter(range(len(inputs)))
        in_flight: dict = {}  # future key -> (input position, future)

        def submit(i: int):
            # settings travel with each task (a few hundred bytes): data scattered to a worker
            # dies with it, and every task needing it would fail
            future = self.client.submit(scan_task, inputs[i], settings, pure=False)
            in_flight[future.key] = (i, future)
            return future

        window = max(MIN_IN_FLIGHT, IN_FLIGHT_PER_THREAD * threads)
        running = as_completed([submit(i) for i in itertools.islice(waiting, window)], loop=self.client.loop)
        killed: list[int] = []
        interrupted = False
        try:
            for future in running:
                i, _ = in_flight.pop(future.key)
                following = next(waiting, None)
                if following is not None:
                    running.add(submit(following))
                try:
                    result = future.result()
                    result.input = inputs[i]  # the parent's own, not a copy per file
                except Exception as exc:  # noqa: BLE001 - a lost worker or a failed task: one file lost
                    if type(exc).__name__ == "KilledWorker":
                        killed.append(i)
                        continue
                    result = lost(inputs[i], f"{type(exc).__name__} on the cluster: {str(exc)[:300]}")
                take(i, result)
            for i in sorted(killed):
                take(i, self._alone(inputs[i], settings))
        except KeyboardInterrupt:
            interrupted = True
            self.client.cancel([future for _, future in in_flight.values()])
        return interrupted

    def _alone(self, inp: InputFile, settings: Settings) -> FileResult:
        """One more attempt with nothing else in flight, so a death is this file's own doing."""
        try:
            result = self.client.submit(scan_task, inp, settings, pure=False).result()
            result.input = inp
            return result
        except Exception as exc:  # noqa: BLE001 - the file kills workers by itself
            return lost(inp, f"{type(exc).__name__} on the cluster: {str(exc)[:300]}")

    def close(self) -> None:
        """Close the client and a local cluster, each within CLOSE_TIMEOUT: a local cluster whose
        worker is being restarted after a death can wait forever to close (seen in about one run
        in ten of the test that kills every worker), and a finished scan must not hang on it; what
        is left ends with this process."""
        client = getattr(self, "client", None)
        for part in (client, self._cluster):
            if part is None:
                continue
            try:
                part.close(timeout=CLOSE_TIMEOUT)
            except Exception:  # noqa: BLE001 - TimeoutError or a cluster already gone: nothing left to wait for
                pass

    def __enter__(self) -> "DaskRunner":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
