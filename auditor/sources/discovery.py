"""Find the files to audit under the paths a user names, in a stable order (sorted by the path
reports show), without an object per file: a corpus of millions of files is listed into an
InputList whose paths are on disk."""
from __future__ import annotations

import fnmatch
import heapq
import os
import stat
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..spill import Spill
from .compression import COMPRESSION_SUFFIXES
from .storage import StorageError, is_remote, list_files

TEXT_SUFFIXES = (".txt", ".text")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
TABLE_SUFFIXES = (".csv", ".tsv", ".parquet")
ARCHIVE_SUFFIXES = (".warc", ".wet", ".arc")
CORPUS_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES + TABLE_SUFFIXES + ARCHIVE_SUFFIXES
SKIPPED_DIRS = {".git", ".hg", ".svn", ".bzr", "__pycache__", "node_modules", ".tox", ".venv"}


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to audit: where it is on disk and the path the user will recognise in reports."""

    fs_path: str
    display: str
    special: str | None = None  # "fifo", "device", "socket", "broken-link", "unlistable folder": a finding
    bad_name: bool = False      # the file name is not valid UTF-8 (shown with \xNN escapes)
    size: int | None = None     # bytes on storage, when listing told (remote objects)
    options: tuple = ()         # fsspec storage options for a URL (never printed in reports)
    skipped: str | None = None  # why the file is listed but not audited (SKIP_REASONS)


class UsageError(ValueError):
    """A mistake in what the user asked for (exit code 2), not a problem in the corpus."""


UNLISTABLE = "unlistable folder"
SPECIAL = (None, "fifo", "device", "socket", "broken-link", UNLISTABLE)
FS_PATH, BAD_NAME = 1 << 3, 1 << 4  # flag bits above the special-file code (0-5)
# Files found in a folder but not audited are listed with the reason, never passed over in silence.
NOT_CORPUS = "not a corpus format"
NOT_INCLUDED = "not matched by --include"
EXCLUDED = "matched by --exclude"
SKIP_REASONS = (None, NOT_CORPUS, NOT_INCLUDED, EXCLUDED)
SKIP_SHIFT = 5  # the skip reason's index, in the flag bits 5-6
PENDING = 1 << 20


class InputList(Sequence):
    """Inputs in discovery order, with 19 bytes a file in memory: where its paths end in a spill
    (the path shown and, when it differs, the path on disk, NUL-separated), one byte of flags (a
    special file's kind, a name that is not UTF-8), its size when a listing told (-1 when not)
    and which storage options it is read with. Each access makes the InputFile anew (equal, not
    identical, to the last)."""

    def __init__(self):
        self._spill = Spill()
        self._ends = array("Q")
        self._flags = array("B")
        self._sizes = array("q")
        self._options_index = array("H")
        self._options: list[tuple] = [()]
        self._written = 0
        self._pending = bytearray()  # paths not yet in the spill: written a megabyte at a time

    def append(self, inp: InputFile) -> None:
        blob = inp.display.encode("utf-8")
        flags = SPECIAL.index(inp.special) | (BAD_NAME if inp.bad_name else 0) | SKIP_REASONS.index(inp.skipped) << SKIP_SHIFT
        if inp.fs_path != inp.display:
            flags |= FS_PATH
            blob += b"\0" + os.fsencode(inp.fs_path)
        self._pending += blob
        if len(self._pending) >= PENDING:
            self._flush()
        self._written += len(blob)
        self._ends.append(self._written)
        self._flags.append(flags)
        self._sizes.append(-1 if inp.size is None else inp.size)
        if inp.options not in self._options:
            self._options.append(inp.options)
        self._options_index.append(self._options.index(inp.options))

    def _flush(self) -> None:
        self._spill.append(bytes(self._pending))
        self._pending.clear()

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("input index out of range")
        if self._pending:
            self._flush()
        start = self._ends[index - 1] if index else 0
        blob = self._spill.read(start, self._ends[index] - start)
        flags = self._flags[index]
        if flags & FS_PATH:
            shown, on_disk = blob.split(b"\0", 1)
            display, fs_path = shown.decode("utf-8"), os.fsdecode(on_disk)
        else:
            display = fs_path = blob.decode("utf-8")
        size = self._sizes[index]
        return InputFile(fs_path, display, SPECIAL[flags & 7], bool(flags & BAD_NAME),
                         None if size < 0 else size, self._options[self._options_index[index]],
                         SKIP_REASONS[flags >> SKIP_SHIFT & 3])

    def __iter__(self) -> Iterator[InputFile]:
        for index in range(len(self)):
            yield self[index]

    def __eq__(self, other) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    def __reduce__(self):
        return list, (list(self),)  # pickled as the plain list it stands for


def strip_compression(name: str) -> str:
    lower = name.lower()
    for suffix in COMPRESSION_SUFFIXES:
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


def is_corpus_file(name: str) -> bool:
    base = strip_compression(name).lower()
    return base.endswith(CORPUS_SUFFIXES)


def _matches(display: str, patterns: tuple[str, ...]) -> bool:
    base = os.path.basename(display)
    return any(fnmatch.fnmatch(display, p) or fnmatch.fnmatch(base, p) for p in patterns)


def _skip_reason(display: str, include: tuple[str, ...], exclude: tuple[str, ...], in_folder: bool) -> str | None:
    """Why a file is listed but not audited (None: it is audited). In a folder, the corpus formats
    are audited, or with --include exactly the files it matches, whatever their names; a file
    named on its own is always audited. --exclude wins over both."""
    if exclude and _matches(display, exclude):
        return EXCLUDED
    if not in_folder:
        return None
    if include:
        return None if _matches(display, include) else NOT_INCLUDED
    return None if is_corpus_file(display) else NOT_CORPUS


def _classify(fs_path: str) -> str | None:
    try:
        st = os.stat(fs_path)
    except FileNotFoundError:
        return "broken-link" if os.path.islink(fs_path) else None
    except OSError:
        return None  # unreadable: the reader reports it
    if stat.S_ISFIFO(st.st_mode):
        return "fifo"
    if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
        return "device"
    if stat.S_ISSOCK(st.st_mode):
        return "socket"
    return None


def _shown(path: str) -> tuple[str, bool]:
    """The path as reports show it: names that are not UTF-8 (surrogate escapes from the file
    system) get visible \\xNN escapes, so every report can be written as UTF-8."""
    try:
        path.encode("utf-8")
        return path, False
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace"), True


def _remote(url: str, include: tuple[str, ...], exclude: tuple[str, ...], options: tuple) -> list[InputFile]:
    try:
        listed, folder = list_files(url, options)
    except StorageError as exc:
        raise UsageError(str(exc)) from None
    found = []
    for path, size in listed:
        name = path.rstrip("/").rsplit("/", 1)[-1]
        if folder and name.startswith("."):
            continue
        found.append(InputFile(path, path, size=size, options=options,
                               skipped=_skip_reason(path, include, exclude, in_folder=folder)))
    return sorted(found, key=lambda inp: inp.display)


def _walk(folder: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> Iterator[InputFile]:
    """The corpus files under `folder` in the order of their shown paths, one listing per open
    folder in memory: within a folder, entries sorted by their shown name, a folder's name with
    a '/' after it (which sorts 'a.txt' before 'a/b.txt', as the whole paths do). Hidden entries
    and VCS folders are skipped, links to folders are not followed (as os.walk does), and a
    folder that cannot be listed is an input of its own (reported, never passed over). A stack,
    not recursion: a tree of any depth is walked."""
    stack = [_listing(folder)]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
        elif isinstance(item, InputFile):
            yield item
        elif item[0].endswith("/"):
            stack.append(_listing(item[1]))
        else:
            display, bad_name = _shown(os.path.normpath(item[1]))
            path = item[1]
            skipped = _skip_reason(display, include, exclude, in_folder=True)
            yield InputFile(display if path == display else path, display, None if skipped else _classify(path),
                            bad_name, skipped=skipped)


def _listing(folder: str) -> Iterator:
    """(shown name, path) of a folder's files and subfolders, sorted as _walk needs; or,
    when the folder cannot be listed, the folder itself as an input to report (shown with a '/'
    after it, which keeps the order)."""
    keys: list[str] = []  # shown names, a folder's with '/' after it: a string each, no entry objects
    real: dict[str, str] = {}  # shown name -> name on disk, for the few names that are not UTF-8
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                name = entry.name
                if name.startswith("."):
                    continue
                try:
                    folder_entry = entry.is_dir()
                except OSError:
                    folder_entry = False
                if folder_entry and (name in SKIPPED_DIRS or entry.is_symlink()):
                    continue
                shown, bad = _shown(name)
                if bad:
                    real[shown] = name
                keys.append(shown + "/" if folder_entry else shown)
    except OSError:
        display, bad_name = _shown(os.path.normpath(folder))
        return iter([InputFile(folder, display.rstrip("/") + "/", UNLISTABLE, bad_name)])
    keys.sort()
    return ((key, os.path.join(folder, real.get(key.removesuffix("/"), key.removesuffix("/")))) for key in keys)


def discover(paths: list[str], include: tuple[str, ...] = (), exclude: tuple[str, ...] = (),
             options: tuple = ()) -> InputList:
    """Expand files and directories (recursively, hidden and VCS folders skipped) into input files.

    Files named explicitly are always audited; inside directories the corpus formats (.txt,
    .jsonl, .ndjson, .csv, .tsv, .parquet, .warc, .wet, each optionally compressed), or the
    files `include` matches. The other files are listed too, with why they are not audited
    (InputFile.skipped). URLs (s3://bucket/prefix/, ...) are listed through fsspec with `options`. Raises
    UsageError for a path that does not exist or a location that cannot be listed. Each path's
    files come sorted; they are merged, a file named twice listed once (as the first path named
    it).
    """
    streams: list = []
    for given in paths:
        if is_remote(given):
            streams.append(_remote(given, include, exclude, options))
            continue
        given = given.removeprefix("file://")
        if not os.path.lexists(given):
            raise UsageError(f"path does not exist: {given}")
        if os.path.isdir(given):
            streams.append(_walk(given, include, exclude))
        else:
            display, bad_name = _shown(os.path.normpath(given))
            streams.append([InputFile(given, display, _classify(given), bad_name,
                                      skipped=_skip_reason(display, include, exclude, in_folder=False))])
    found = InputList()
    last = None
    for inp in heapq.merge(*streams, key=lambda inp: inp.display):  # ties: the earlier path first
        if inp.display != last:
            found.append(inp)
            last = inp.display
    return found
