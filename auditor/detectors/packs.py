"""Residue pattern packs: phrase lists and regular expressions kept as data (data/residue/*.toml).

Every pack is validated at load: known rule codes, patterns that compile and match their own
example, no phrase listed twice. Each pattern carries a line it must match (`match`) and a line
it must leave alone (`clean`); the test suite runs both for every entry of every pack. A user
pack (configuration) adds entries and may drop bundled phrases with `remove = [...]`.
Whole-line phrases go into one dictionary lookup; the regular expressions of each (rule, kind,
search/fullmatch, case) group are compiled into one alternation. A document is first scanned
once by RE2 for the whole set of groups (prefilter.py), so a line costs one dict lookup and
regex calls only for the groups that can match somewhere in its document.
"""
from __future__ import annotations

import bisect
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from .prefilter import Prefilter
from .words import per_document

RESIDUE_RULES = {"RES001", "RES002", "RES003", "RES004", "RES006", "RES010"}
_EDGE_PUNCT = " \t\u00a0\"'“”‘’«»()[]<>{}:;,.!?¡¿·•|–—-_*#=~"


class PackError(ValueError):
    pass


@per_document  # asked for every line by the phrase packs and again by the repeat rule
def normalise(line: str) -> str:
    """The form a whole-line phrase is compared in: lower case, inner spaces folded, edges trimmed."""
    return " ".join(line.lower().split()).strip(_EDGE_PUNCT)


@dataclass(frozen=True, slots=True)
class Matcher:
    """What a pack knows, ready to match: phrase -> (rule, kind, language), and regex groups."""

    phrases: dict
    regexes: tuple  # (rule, kind, language, compiled, search, longest line it can match)
    prefilter: Prefilter | None = None  # names the groups that can match in a document

    def match_lines(self, lines: list[str]) -> dict[int, tuple[str, str, str, str]]:
        """`match` for every line of a document, by 0-based index. One RE2 scan of the document
        (`prefilter`) names the groups that can match in it at all; only those are tried, the
        search groups (patterns found anywhere in a line) once over the whole document, a line
        searched only where a match over the document touches it. That gives exactly the
        per-line answers: the scan names every group Python's `re` would match, and a line
        that has a search match is touched by one."""
        stripped = [line.strip() for line in lines]
        text = "\n".join(stripped)
        candidates = self.prefilter.candidates(text) if self.prefilter else range(len(self.regexes))
        searched: dict[int, list[int]] = {}  # line -> search groups whose document match touches it
        whole = []  # (group, fullmatch, widest line) of the whole-line groups named, in group order
        starts: list[int] = []
        for group in sorted(candidates):
            _, _, _, regex, search, longest = self.regexes[group]
            if not search:
                whole.append((group, regex.fullmatch, longest))
                continue
            if not starts:
                position = 0
                for line in stripped:
                    starts.append(position)
                    position += len(line) + 1
            near: set[int] = set()
            for m in self._multiline(regex).finditer(text):
                first = bisect.bisect_right(starts, m.start()) - 1
                last = bisect.bisect_right(starts, max(m.start(), m.end() - 1)) - 1
                near.update(range(first, last + 1))
            for index in near:
                searched.setdefault(index, []).append(group)
        found = {}
        phrases = self.phrases
        for index, line in enumerate(stripped):
            if not line:
                continue
            hit = phrases.get(normalise(line))
            if hit:
                found[index] = (*hit, line)
            elif whole or index in searched:
                hit = self._candidate_hit(line, whole, searched.get(index, ()))
                if hit:
                    found[index] = hit
        return found

    def _candidate_hit(self, stripped: str, whole: list, search_groups) -> tuple[str, str, str, str] | None:
        """The first of the given groups, in group order, that fits the line: the whole-line
        groups wide enough for it (`whole`: group, fullmatch, widest line) and the search groups."""
        size = len(stripped)
        tries = [(group, find) for group, find, longest in whole if size <= longest]
        if search_groups:
            tries = sorted(tries + [(group, self.regexes[group][3].search) for group in search_groups])
        for group, find in tries:
            m = find(stripped)
            if m:
                return (*self.regexes[group][:3], m.group(0))
        return None

    @staticmethod
    @cache
    def _multiline(regex: re.Pattern) -> re.Pattern:
        return re.compile(regex.pattern, regex.flags | re.MULTILINE)

    def match(self, line: str) -> tuple[str, str, str, str] | None:
        """Return (rule, kind, language, matched text) for the first pack entry that fits `line`
        (a phrase, else the first regex group in group order)."""
        stripped = line.strip()
        if not stripped:
            return None
        hit = self.phrases.get(normalise(line))
        if hit:
            return (*hit, stripped)
        whole = [(group, regex.fullmatch, longest)
                 for group, (_, _, _, regex, search, longest) in enumerate(self.regexes) if not search]
        searching = [group for group, entry in enumerate(self.regexes) if entry[4]]
        return self._candidate_hit(stripped, whole, searching)


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
            except (re.error, RecursionError) as exc:  # nested too deep for Python's parser: RecursionError
                raise PackError(f"{name}: pattern {entry['pattern'][:80]!r} does not compile: "
                                f"{exc or type(exc).__name__}") from None
            found = regex.search(entry["match"].strip()) if group.get("search") else \
                regex.fullmatch(entry["match"].strip())
            if not found:
                raise PackError(f"{name}: pattern {entry['pattern']!r} does not match its example "
                                f"{entry['match']!r}")
    return data


MAX_WHOLE_LINE = 400  # characters: a whole-line pattern's group is tried on lines up to its width
UNBOUNDED = 1 << 30


def _width(pattern: str, flags: int) -> int:
    """The longest text a pattern can match (UNBOUNDED for *, + and friends)."""
    widest = re._parser.parse(pattern, flags).getwidth()[1]
    return min(UNBOUNDED, widest)


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
        # a whole-line pattern of bounded width cannot match a longer line: patterns are grouped
        # by whether they are bounded, so that long lines skip the bounded groups untried
        bounded = [p for p in patterns if _width(p, flags) <= MAX_WHOLE_LINE]
        for part in (bounded, [p for p in patterns if p not in bounded]) if not search else (patterns,):
            if part:
                longest = max(_width(p, flags) for p in part) if not search else UNBOUNDED
                regexes.append((rule, kind, language, re.compile("|".join(f"(?:{p})" for p in part), flags),
                                search, longest))
    # Template syntax and markup first: they are the most specific evidence.
    order = {"RES002": 0, "RES003": 1, "RES004": 2, "RES001": 3, "RES010": 4, "RES006": 5}
    regexes.sort(key=lambda entry: order[entry[0]])
    prefilter = Prefilter([(regex.pattern, regex.flags, not search) for _, _, _, regex, search, _ in regexes])
    return Matcher(phrases, tuple(regexes), prefilter)


@cache
def default_matcher(extra: tuple[str, ...] = ()) -> Matcher:
    """The bundled packs plus any user pack files (paths) named in configuration."""
    packs = _pack_files() + [(Path(p).name, Path(p).read_text("utf-8")) for p in extra]
    return build(packs)
