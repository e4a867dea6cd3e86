"""Residue pattern packs: phrase lists and regular expressions kept as data (data/residue/*.toml).

Every pack is validated at load: known rule codes, patterns that compile and match their own
example, no phrase listed twice. Each pattern carries a line it must match (`match`) and a line
it must leave alone (`clean`); the test suite runs both for every entry of every pack. A user
pack (configuration) adds entries and may drop bundled phrases with `remove = [...]`.
Whole-line phrases go into one dictionary lookup; the regular expressions of each (rule, kind,
search/fullmatch, case) group are compiled into one alternation, so a line costs one dict lookup
and a handful of regex calls whatever the number of entries.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

RESIDUE_RULES = {"RES001", "RES002", "RES003", "RES004", "RES006", "RES010"}
_EDGE_PUNCT = " \t\u00a0\"'“”‘’«»()[]<>{}:;,.!?¡¿·•|–—-_*#=~"


class PackError(ValueError):
    pass


def normalise(line: str) -> str:
    """The form a whole-line phrase is compared in: lower case, inner spaces folded, edges trimmed."""
    return " ".join(line.lower().split()).strip(_EDGE_PUNCT)


@dataclass(frozen=True, slots=True)
class Matcher:
    """What a pack knows, ready to match: phrase -> (rule, kind, language), and regex groups."""

    phrases: dict
    regexes: tuple  # (rule, kind, language, compiled, search)

    def match(self, line: str) -> tuple[str, str, str, str] | None:
        """Return (rule, kind, language, matched text) for the first pack entry that fits `line`."""
        key = normalise(line)
        if not key and not line.strip():
            return None
        hit = self.phrases.get(key)
        if hit:
            return (*hit, line.strip())
        stripped = line.strip()
        for rule, kind, language, regex, search in self.regexes:
            m = regex.search(stripped) if search else regex.fullmatch(stripped)
            if m:
                return rule, kind, language, m.group(0)
        return None


def _pack_files() -> list[tuple[str, str]]:
    folder = resources.files("auditor").joinpath("data/residue")
    return sorted((entry.name, entry.read_text("utf-8")) for entry in folder.iterdir()
                  if entry.name.endswith(".toml"))


def load_pack(name: str, text: str) -> dict:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"{name}: {exc}") from None
    if "language" not in data or ("group" not in data and "remove" not in data):
        raise PackError(f"{name}: needs 'language' and at least one [[group]] (or 'remove')")
    unknown = set(data) - {"language", "group", "remove"}
    if unknown:
        raise PackError(f"{name}: unknown keys {sorted(unknown)}")
    for group in data.get("group", []):
        unknown = set(group) - {"rule", "kind", "lines", "patterns", "search", "case_sensitive"}
        if unknown:
            raise PackError(f"{name}: unknown keys {sorted(unknown)} in a group")
        if group.get("rule") not in RESIDUE_RULES:
            raise PackError(f"{name}: group rule must be one of {sorted(RESIDUE_RULES)}")
        flags = 0 if group.get("case_sensitive") else re.IGNORECASE
        for entry in group.get("patterns", []):
            if not isinstance(entry, dict) or set(entry) != {"pattern", "match", "clean"}:
                raise PackError(f"{name}: each pattern is {{ pattern = ..., match = ..., clean = ... }}: {entry!r}")
            try:
                regex = re.compile(entry["pattern"], flags)
            except re.error as exc:
                raise PackError(f"{name}: pattern {entry['pattern']!r} does not compile: {exc}") from None
            found = regex.search(entry["match"].strip()) if group.get("search") else \
                regex.fullmatch(entry["match"].strip())
            if not found:
                raise PackError(f"{name}: pattern {entry['pattern']!r} does not match its example "
                                f"{entry['match']!r}")
    return data


def build(packs: list[tuple[str, str]]) -> Matcher:
    phrases: dict = {}
    groups: dict = {}
    removed: set = set()
    for name, text in packs:
        data = load_pack(name, text)
        language = data["language"]
        removed.update(normalise(phrase) for phrase in data.get("remove", []))
        own: set = set()
        for group in data.get("group", []):
            rule, kind = group["rule"], group.get("kind", "")
            for phrase in group.get("lines", []):
                key = normalise(phrase)
                if key in own:
                    raise PackError(f"{name}: phrase {phrase!r} is listed twice")
                own.add(key)
                phrases.setdefault(key, (rule, kind, language))  # the first pack to list a phrase names it
            if group.get("patterns"):
                flags = 0 if group.get("case_sensitive") else re.IGNORECASE
                key = (rule, kind, language, bool(group.get("search")), flags)
                groups.setdefault(key, []).extend(entry["pattern"] for entry in group["patterns"])
    for phrase in removed:
        phrases.pop(phrase, None)
    regexes = []
    for (rule, kind, language, search, flags), patterns in groups.items():
        combined = "|".join(f"(?:{p})" for p in patterns)
        regexes.append((rule, kind, language, re.compile(combined, flags), search))
    # Template syntax and markup first: they are the most specific evidence.
    order = {"RES002": 0, "RES003": 1, "RES004": 2, "RES001": 3, "RES010": 4, "RES006": 5}
    regexes.sort(key=lambda entry: order[entry[0]])
    return Matcher(phrases, tuple(regexes))


@cache
def default_matcher(extra: tuple[str, ...] = ()) -> Matcher:
    """The bundled packs plus any user pack files (paths) named in configuration."""
    packs = _pack_files() + [(Path(p).name, Path(p).read_text("utf-8")) for p in extra]
    return build(packs)
