"""Configuration files: `auditor.toml`, or `[tool.auditor]` in `pyproject.toml`, found by walking up
from the scanned path. The command line overrides the file, the file overrides the defaults, and
`auditor config --show` says where each effective value came from.

Keys are the long option names without dashes in front (`fail-on`, `residue-threshold`), plus
two tables the command line has no room for: `per-path-ignores` (glob -> codes) and `severity`
(code -> info|warning|error). An unknown key is an error that names the closest known one.
"""
from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .model import Severity

FILE_NAMES = ("auditor.toml", "pyproject.toml")


class ConfigError(ValueError):
    pass


def _text(value, key):
    if not isinstance(value, str):
        raise ConfigError(f"'{key}' must be a string")
    return value


def _strings(value, key):
    if isinstance(value, str):
        value = [part for part in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"'{key}' must be a list of strings")
    return [v.strip() for v in value if v.strip()]


def _number(kind):
    def convert(value, key):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or kind is int and not isinstance(value, int):
            raise ConfigError(f"'{key}' must be {'an integer' if kind is int else 'a number'}")
        return kind(value)
    return convert


def _table(value_kind):
    def convert(value, key):
        if not isinstance(value, dict):
            raise ConfigError(f"'{key}' must be a table")
        return {str(k): value_kind(v, f"{key}.{k}") for k, v in value.items()}
    return convert


def _severity(value, key):
    try:
        return Severity.parse(_text(value, key))
    except ValueError as exc:
        raise ConfigError(f"'{key}': {exc}") from None


def _dirty(value, key):
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        return str(value)
    raise ConfigError(f"'{key}' must be a count or a percentage string such as \"5%\"")


# file key -> (settings name, converter)
KEYS = {
    "text-field": ("text_field", _text),
    "encoding": ("encoding", _text),
    "include": ("include", _strings),
    "exclude": ("exclude", _strings),
    "select": ("select", _strings),
    "ignore": ("ignore", _strings),
    "fail-on": ("fail_on", _text),
    "max-dirty-files": ("max_dirty_files", _dirty),
    "max-findings": ("max_findings", _table(_number(int))),
    "residue-threshold": ("residue_threshold", _number(float)),
    "residue-packs": ("residue_packs", _strings),
    "languages": ("languages", _strings),
    "allow": ("allow", _strings),
    "foreign-min-letters": ("foreign_min_letters", _number(int)),
    "foreign-confidence": ("foreign_confidence", _number(float)),
    "corpus-min-documents": ("corpus_min_documents", _number(int)),
    "corpus-min-share": ("corpus_min_share", _number(float)),
    "time-budget": ("time_budget", _number(float)),
    "per-path-ignores": ("per_path_ignores", _table(_strings)),
    "severity": ("severity", _table(_severity)),
}


@dataclass
class FileConfig:
    path: Path | None = None
    values: dict = field(default_factory=dict)   # settings name -> converted value


def find_config(start: Path) -> Path | None:
    """The nearest auditor.toml, or pyproject.toml with a [tool.auditor] table, from `start` up."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        for name in FILE_NAMES:
            path = candidate / name
            if path.is_file() and (name == "auditor.toml" or _has_tool_table(path)):
                return path
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        return "auditor" in tomllib.loads(path.read_text("utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True  # report the broken file instead of skipping it silently


def load_config(path: Path) -> FileConfig:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("auditor", {})
    values = {}
    for key, value in data.items():
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(sorted(KEYS))}"
            raise ConfigError(f"{path}: unknown key '{key}'{hint}")
        name, convert = KEYS[key]
        values[name] = convert(value, key)
    if "residue_packs" in values:  # pack paths are relative to the file that names them
        values["residue_packs"] = [str((path.parent / p).resolve()) for p in values["residue_packs"]]
    return FileConfig(path, values)


DEFAULTS = {
    "text_field": "text", "encoding": None, "include": [], "exclude": [], "select": [], "ignore": [],
    "fail_on": "warning", "max_dirty_files": None, "max_findings": {}, "residue_threshold": None,
    "residue_packs": [], "languages": [], "allow": [], "foreign_min_letters": 4, "foreign_confidence": 0.6,
    "corpus_min_documents": 3, "corpus_min_share": 0.05, "time_budget": 0.0, "per_path_ignores": {}, "severity": {},
}
KEY_OF = {name: key for key, (name, _) in KEYS.items()}


def merge(cli: dict, config: FileConfig) -> tuple[dict, dict]:
    """Effective values and their sources: the command line, else the file, else the default."""
    values, sources = {}, {}
    for name, default in DEFAULTS.items():
        if cli.get(name) is not None:
            values[name], sources[name] = cli[name], "command line"
        elif name in config.values:
            values[name], sources[name] = config.values[name], str(config.path)
        else:
            values[name], sources[name] = default, "default"
    return values, sources


def codes(values) -> tuple[str, ...]:
    return tuple(code.strip().upper() for value in values or () for code in value.split(",") if code.strip())


def build(values: dict, known_codes):
    """Settings and gates from effective values; ConfigError (or GateError) for a bad value."""
    from .config import Settings
    from .gates import Gates, parse_dirty, parse_max_findings

    fail_on = str(values["fail_on"])
    try:
        threshold = None if fail_on.lower() == "never" else Severity.parse(fail_on)
    except ValueError:
        raise ConfigError(f"unknown --fail-on '{fail_on}' (choose info, warning, error or never)") from None
    unknown = [c for c in codes(values["select"]) + codes(values["ignore"]) +
               codes(values["severity"]) + codes(c for cs in values["per_path_ignores"].values() for c in cs)
               if not any(code.startswith(c) for code in known_codes)]
    if unknown:
        raise ConfigError(f"no rule code starts with {', '.join(unknown)}; see 'auditor rules'")
    max_findings = values["max_findings"]
    if isinstance(max_findings, dict):
        max_findings = [f"{k}={v}" for k, v in max_findings.items()]
    gates = Gates(threshold, parse_dirty(values["max_dirty_files"]), parse_max_findings(max_findings, known_codes))
    settings = Settings(
        text_field=values["text_field"], encoding=values["encoding"], include=tuple(values["include"]),
        exclude=tuple(values["exclude"]), fail_on=threshold, select=codes(values["select"]),
        ignore=codes(values["ignore"]), corpus_min_documents=values["corpus_min_documents"],
        corpus_min_share=values["corpus_min_share"], residue_threshold=values["residue_threshold"],
        time_budget=values["time_budget"] or None,
        residue_packs=tuple(values["residue_packs"]),
        languages=tuple(c.strip().lower() for c in values["languages"]),
        foreign_min_letters=values["foreign_min_letters"], foreign_confidence=values["foreign_confidence"],
        allow=tuple(values["allow"]),
        per_path_ignores=tuple((glob, codes(cs)) for glob, cs in sorted(values["per_path_ignores"].items())),
        severity_overrides=tuple((code.upper(), sev if isinstance(sev, Severity) else Severity.parse(sev))
                                 for code, sev in sorted(values["severity"].items())),
    )
    return settings, gates
