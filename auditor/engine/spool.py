"""Data of finished files kept on disk instead of in memory: a Spill (auditor/spill.py) is an
anonymous temporary file that blobs are appended to and read back by (offset, size); the line
indexes of the corpus pass (corpus.IndexSpill), the findings (FindingSpool) and the results
(ResultStore) each live in one. A scan of a corpus
with millions of findings holds about one file's findings at a time; the reports read them back
file by file, in order, as often as they need."""
from __future__ import annotations

import dataclasses
import functools
import io
import itertools
import pickle
from array import array
from collections.abc import Sequence

from ..model import FileResult, Finding
from ..spill import Spill

SPOOL_FROM = 1  # every file with findings spools them: a million files of few findings each add up


class FindingSpool(Spill):
    def store(self, findings: list[Finding]) -> Sequence[Finding]:
        if len(findings) < SPOOL_FROM:
            return findings
        data = pickle.dumps(findings, protocol=pickle.HIGHEST_PROTOCOL)
        return SpooledFindings(self, self.append(data), len(data), len(findings))


class SpooledFindings(Sequence):
    """A file's findings on disk: iterating loads them (each time), len() does not."""

    __slots__ = ("_spool", "_offset", "_size", "_count")

    def __init__(self, spool: FindingSpool, offset: int, size: int, count: int):
        self._spool, self._offset, self._size, self._count = spool, offset, size, count

    def _load(self) -> list[Finding]:
        return pickle.loads(self._spool.read(self._offset, self._size))

    def __iter__(self):
        return iter(self._load())

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        return self._load()[index]

    def __eq__(self, other) -> bool:
        return list(self) == list(other) if isinstance(other, (list, Sequence)) else NotImplemented

    def __reduce__(self):
        return list, (self._load(),)  # pickled (to a worker, a cache) as the plain list it stands for


class ResultStore(Spill):
    """The results of a scan's files on disk, by input position: what the parent keeps per file
    is an offset and a size (12 bytes), not the result (about 600 bytes with its handles), so a
    scan of millions of small files holds flat memory. Iterating loads the results one at a
    time, in the order `arrange` set (input order until then), each time; a result comes back
    with its input from the scan's list, and its findings spool and index spill (pickled as
    references, not copies)."""

    def __init__(self, inputs: Sequence):
        super().__init__()
        self._inputs = inputs
        self._offsets = array("q", [-1]) * len(inputs)
        self._sizes = array("I", [0]) * len(inputs)
        self._order: array | None = None  # positions in report order; None: the filled ones in input order
        self._shared: dict = {}           # persistent id -> a spill or spool the results point to
        self._count = 0

    @classmethod
    def holding(cls, results: list) -> "ResultStore":
        """A store of results already in memory (one per position, in this order)."""
        store = cls([result.input for result in results])
        for position, result in enumerate(results):
            store.put(position, result)
        return store

    def put(self, position: int, result) -> None:
        """Store (or replace) the result of the input at `position`: its fields' values in order
        (not their names), without its input (the list's own, attached again when loaded)."""
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
        pickler.persistent_id = functools.partial(_reference, self._shared)  # no cycle to wait for the GC
        pickler.dump(tuple(None if name == "input" else getattr(result, name) for name in _FIELDS))
        data = buffer.getvalue()
        self._count += self._offsets[position] < 0
        self._offsets[position] = self.append(data)
        self._sizes[position] = len(data)

    def input(self, position: int):
        return self._inputs[position]

    def load(self, position: int) -> FileResult:
        unpickler = pickle.Unpickler(io.BytesIO(self.read(self._offsets[position], self._sizes[position])))
        unpickler.persistent_load = functools.partial(_dereference, self._shared)
        values = unpickler.load()
        result = FileResult(**dict(zip(_FIELDS, values)))
        result.input = self._inputs[position]
        if result.input is not None and result.path == result.input.display:
            result.path = result.input.display  # one string for both
        return result

    def positions(self):
        if self._order is not None:
            return iter(self._order)
        return (position for position, offset in enumerate(self._offsets) if offset >= 0)

    def items(self):
        """(position, result) in the current order."""
        for position in self.positions():
            yield position, self.load(position)

    def arrange(self, key) -> None:
        """Fix the order of iteration: the stored results sorted by key(result) (stable). Results
        in input order already sorted (discovery sorts its paths) are left as they are, with no
        key held in memory; others are sorted by their keys."""
        previous = None
        for _, result in self.items():
            current = key(result)
            if previous is not None and current < previous:
                break
            previous = current
        else:
            return
        keyed = sorted((key(result), order, position) for order, (position, result) in enumerate(self.items()))
        self._order = array("q", (position for _, _, position in keyed))

    def __iter__(self):
        for _, result in self.items():
            yield result

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int):
        if self._order is not None:
            return self.load(self._order[index])
        if index < 0:
            index += self._count
        position = next(itertools.islice(self.positions(), index, None), None) if index >= 0 else None
        if position is None:
            raise IndexError("result index out of range")
        return self.load(position)


_FIELDS = tuple(field.name for field in dataclasses.fields(FileResult))


def _key(shared: dict, obj) -> int:
    for key, known in shared.items():
        if known is obj:
            return key
    shared[len(shared)] = obj
    return len(shared) - 1


def _reference(shared: dict, obj):
    """A result's findings spool and index spill pickled as references (they hold open files):
    the spooled findings stay where they are on disk."""
    if isinstance(obj, SpooledFindings):
        return ("findings", _key(shared, obj._spool), obj._offset, obj._size, obj._count)
    if isinstance(obj, Spill):
        return ("spill", _key(shared, obj))
    return None


def _dereference(shared: dict, pid):
    if pid[0] == "findings":
        return SpooledFindings(shared[pid[1]], *pid[2:])
    return shared[pid[1]]
