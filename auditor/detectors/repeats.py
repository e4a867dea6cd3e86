"""Lines printed again within one document: exact copies, near copies and lines that repeat
themselves or their neighbour (a caption glued to its credit).

Scrapers keep a caption and the same caption with its credit, a teaser and its headline, a
headline printed twice in one line. A document of a few dozen long lines (most of them) is
compared pair by pair, lines of too different length skipped; beyond that, pairwise would be
quadratic, so lines are bucketed by a few min-hashes of their word pairs (lines that share most
word pairs share a min-hash with high probability) and only lines in one bucket are compared.
"""
from __future__ import annotations

import zlib
from collections import defaultdict
from dataclasses import dataclass

from .packs import normalise
from .words import split_words

MIN_WORDS = 5          # shorter lines repeat legitimately (list items, table cells, subheadings)
NEAR = 0.75            # overlap of word pairs (Jaccard) from which two lines are the same line edited
SALTS = (b"a", b"b", b"c")
NEAR_MIN_WORDS = 8     # near copies of shorter lines are variations (a title with and without its year)
MAX_BUCKET = 16        # a bucket this full is a structured document's pattern, not a copy
MAX_TOKENS = 120
MAX_COPIES = 3         # a line printed more often than this is a document's structure (a table row)
PAIRWISE = 64          # up to this many long lines, every pair is compared (cheaper than hashing)


@dataclass(frozen=True, slots=True)
class Repeat:
    line: int          # 1-based line that is the copy
    of: int            # 1-based line it copies (itself for a line that repeats itself)
    kind: str          # "exact", "near", "self", "neighbour"
    overlap: float = 1.0


def _words(line: str, key: str) -> list[str]:
    """The words of a line's normalised form. Normalising lower-cases, folds white space and
    strips punctuation (and '_') from the ends; on ASCII without '_' the words are then those
    of the line itself, lower-cased, which the other rules have split already."""
    if line.isascii() and "_" not in line:
        return " ".join(split_words(line)).lower().split()
    return split_words(key)


def _shingles(words: list[str]) -> set[tuple[str, str]]:
    """Pairs of consecutive words: word order counts (parallel sentences share words, not pairs)."""
    return set(zip(words, words[1:]))


def _minhashes(pairs: set[tuple[str, str]]) -> list[tuple[bytes, int]]:
    return [(salt, min(zlib.crc32(salt + f"{a} {b}".encode("utf-8", "surrogatepass")) for a, b in pairs))
            for salt in SALTS]


def find_repeats(lines: list[str]) -> list[Repeat]:
    """Every repeat in the document, in line order; the first occurrence is never reported."""
    every = {number: normalise(line) for number, line in enumerate(lines, 1) if line.strip()}
    tokens = {number: _words(lines[number - 1], key)[:MAX_TOKENS] for number, key in every.items()}
    keys = {number: key for number, key in every.items() if len(tokens[number]) >= MIN_WORDS}
    found: dict[int, Repeat | None] = {}
    places: dict[str, list[int]] = {}
    for number, key in keys.items():
        places.setdefault(key, []).append(number)
    for numbers in places.values():
        if 2 <= len(numbers) <= MAX_COPIES:  # more copies than this: a repeated structure, not a copy
            for number in numbers[1:]:
                found[number] = Repeat(number, numbers[0], "exact")
        elif len(numbers) > MAX_COPIES:
            found.update({n: None for n in numbers})  # excluded from the other kinds, reported by none
    for number, key in keys.items():
        # the line is its first half twice: a normalised line is its words joined by single
        # spaces, so that is 'A A' with a space in the middle, and as many words as spaces + 1
        middle = len(key) // 2
        if number not in found and len(key) % 2 == 1 and key[middle] == " " and key[:middle] == key[middle + 1:] \
                and key.count(" ") + 1 >= 2 * MIN_WORDS - 4:
            found[number] = Repeat(number, number, "self")
    _neighbours(every, keys, found)
    _near({number: tokens[number] for number in keys if number not in found}, found)
    return [found[n] for n in sorted(found) if found[n] is not None]


def _near(words: dict[int, list[str]], found: dict[int, Repeat]) -> None:
    """Near copies among the lines not yet found (`words`: their words, by line number)."""
    sets = {n: _shingles(w) for n, w in words.items() if len(w) >= NEAR_MIN_WORDS}
    if len(sets) <= PAIRWISE:
        _near_pairwise(sets, found)
        return
    buckets: dict = defaultdict(list)
    for number, words in sets.items():
        for signature in _minhashes(words):
            buckets[signature].append(number)
    for members in buckets.values():
        if len(members) < 2 or len(members) > MAX_BUCKET:
            continue
        for position, later in enumerate(members):
            if later in found:
                continue
            for earlier in members[:position]:
                a, b = sets[earlier], sets[later]
                overlap = len(a & b) / len(a | b)
                if overlap >= NEAR:
                    found[later] = Repeat(later, earlier, "near", round(overlap, 2))
                    break


def _near_pairwise(sets: dict[int, set], found: dict[int, Repeat]) -> None:
    """Each line against every earlier one; Jaccard >= NEAR needs sizes within a factor NEAR."""
    numbers = list(sets)
    for position, later in enumerate(numbers):
        b = sets[later]
        size = len(b)
        for earlier in numbers[:position]:
            a = sets[earlier]
            if not NEAR * size <= len(a) <= size / NEAR:
                continue
            common = len(a & b)
            overlap = common / (len(a) + size - common)
            if overlap >= NEAR:
                found[later] = Repeat(later, earlier, "near", round(overlap, 2))
                break


def _neighbours(every: dict[int, str], keys: dict[int, str], found: dict[int, Repeat]) -> None:
    """A line that starts or ends with the whole of the line before it: the caption and the
    caption with its credit, the headline and the headline with the site's name. `every` holds
    the normalised form of each non-blank line, in order."""
    candidates = set(keys.values())
    previous = None
    for number, key in every.items():
        if previous and number not in found:
            before_number, before = previous
            if before in candidates and before != key and len(key) > len(before) and \
                    (key.startswith(before) or key.endswith(before)):
                found[number] = Repeat(number, before_number, "neighbour")
        previous = (number, key)
