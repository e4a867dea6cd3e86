"""Where bytes live: local paths through the OS, everything with a scheme (s3://, gs://, hf://,
https://, memory://) through fsspec.

This is the only module that knows about remote storage; readers get a binary file object from
`open_binary` whatever the location. Options for a file system (endpoint, credentials profile,
anonymous access) travel with each input, never in the settings that reports print.
"""
from __future__ import annotations

import io
import json
import re

SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]+://")


class StorageError(OSError):
    """A remote location could not be listed or opened (missing credentials, no such bucket,
    network refused); the message says which and how to fix the usual causes."""


def is_remote(path: str) -> bool:
    return bool(SCHEME.match(path)) and not path.startswith("file://")


def parse_options(pairs: list[str] | tuple[str, ...]) -> tuple[tuple[str, object], ...]:
    """`KEY=VALUE` pairs of `--storage-option`; values are JSON when they parse (true, 3, {...})."""
    options = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"storage option {pair!r} is not KEY=VALUE")
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = value
        options.append((key.strip(), parsed))
    return tuple(options)


def _filesystem(url: str, options: tuple):
    try:
        import fsspec
    except ImportError as exc:  # pragma: no cover - fsspec is a dependency
        raise StorageError(f"remote paths need fsspec: {exc}") from None
    try:
        return fsspec.core.url_to_fs(url, **dict(options))
    except (ImportError, ValueError) as exc:
        protocol = url.split("://", 1)[0]
        raise StorageError(f"cannot use {protocol}:// paths: {exc} "
                           f"(s3:// needs `pip install 'auditor[s3]'`, gs:// gcsfs, hf:// huggingface_hub)") from None


def _describe(exc: Exception) -> str:
    name = type(exc).__name__
    if "Credential" in name or "NoCredentials" in str(exc):
        return f"no credentials ({name}): set AWS_PROFILE or AWS_ACCESS_KEY_ID, or --storage-option anon=true"
    return f"{name}: {exc}"


def list_files(url: str, options: tuple) -> tuple[list[tuple[str, int]], bool]:
    """(every object under `url` as (url, size), whether `url` is a folder). Raises StorageError
    when the location does not exist or cannot be listed."""
    fs, root = _filesystem(url, options)
    try:
        if fs.isdir(root):
            found = fs.find(root, detail=True)
            return [(fs.unstrip_protocol(path), int(info.get("size") or 0))
                    for path, info in sorted(found.items()) if info.get("type", "file") == "file"], True
        if fs.exists(root):
            return [(url, int(fs.size(root) or 0))], False
    except Exception as exc:  # noqa: BLE001 - every backend raises its own errors
        raise StorageError(f"cannot list {url}: {_describe(exc)}") from None
    raise StorageError(f"path does not exist: {url}")


def open_binary(path: str, options: tuple = ()) -> io.BufferedIOBase:
    """A readable binary file object for a local path or URL (read-only)."""
    if not is_remote(path):
        return open(path.removeprefix("file://"), "rb")  # noqa: SIM115 - the caller closes it
    fs, root = _filesystem(path, options)
    try:
        return fs.open(root, "rb")
    except FileNotFoundError as exc:
        raise FileNotFoundError(2, f"remote object not found ({exc})") from None
    except Exception as exc:  # noqa: BLE001
        raise StorageError(f"cannot open {path}: {_describe(exc)}") from None


def head(stream, size: int = 8) -> bytes:
    """The first bytes of a stream without consuming them (peek or read-and-seek)."""
    if hasattr(stream, "peek"):
        return stream.peek(size)[:size]
    data = stream.read(size)
    stream.seek(0)
    return data
