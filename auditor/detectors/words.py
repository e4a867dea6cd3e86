"""What a word is, in every script.

Python's `\\w` leaves out combining marks (Unicode categories Mn, Mc, Me): the vowel signs of
Devanagari, Bengali or Tamil, the harakat of Arabic, the niqqud of Hebrew, Thai tone marks. With
`\\w+` alone, 'हिन्दी' is three words and a Hindi sentence of 14 words counts 21, which skews
every count the residue rules make (prose or not, cohesion with the article, near copies). The
patterns here take a word's marks as part of it.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def _mark_ranges(first: int, end: int) -> str:
    """A character class body of the combining marks in [first, end), from the running Python's
    Unicode data."""
    ranges: list[list[int]] = []
    for code in range(first, end):
        if unicodedata.category(chr(code)) in ("Mn", "Mc", "Me"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)


# A class of characters all below U+10000 compiles to a lookup table; one reaching beyond is a
# list of ranges tried one by one (60 times slower on every character). So the marks are kept in
# two classes, and the astral ones are used only for text that has astral characters. Marks past
# the first two planes are only the variation selectors supplement, added whole (scanning those
# planes would cost every process a tenth of a second at start).
MARKS_BMP = _mark_ranges(0, 0x10000)
MARKS = MARKS_BMP + _mark_ranges(0x10000, 0x20000) + "\U000e0100-\U000e01ef"
ASTRAL = re.compile("[\U00010000-\U0010ffff]")
ANY_MARK_BMP = re.compile(f"[{MARKS_BMP}]")
ANY_MARK = re.compile(f"[{MARKS}]")
PLAIN = (re.compile(r"\w+"), re.compile(r"[^\W\d_]+"))
ASCII = (re.compile(r"[A-Za-z0-9_]+"), re.compile(r"[A-Za-z]+"))  # the same as PLAIN on ASCII text, and faster
WITH_MARKS_BMP = (re.compile(f"[\\w{MARKS_BMP}]+"), re.compile(f"(?:[^\\W\\d_][{MARKS_BMP}]*)+"))
WITH_MARKS = (re.compile(f"[\\w{MARKS}]+"), re.compile(f"(?:[^\\W\\d_][{MARKS}]*)+"))


def _patterns(text: str) -> tuple[re.Pattern, re.Pattern]:
    """The fastest (words, letters) patterns that are exact for `text`: text without marks (most
    text: English, but also curly quotes or Cyrillic) takes the plain ones."""
    if text.isascii():
        return ASCII
    if not ASTRAL.search(text):
        return WITH_MARKS_BMP if ANY_MARK_BMP.search(text) else PLAIN
    return WITH_MARKS if ANY_MARK.search(text) else PLAIN


_DOCUMENT_CACHES: list = []


def per_document(function):
    """Cache a function of one line for the document being audited: several rules ask for the
    same lines' words or normal form, and `forget_document` empties every such cache after it."""
    cached = lru_cache(maxsize=4096)(function)
    _DOCUMENT_CACHES.append(cached)
    return cached


@per_document
def split_words(text: str) -> list[str]:
    """The words of a text: letters, digits and underscores with their combining marks. Cached
    for the document being audited, like `letter_runs`; the list is shared: not to be changed."""
    return _patterns(text)[0].findall(text)


def letter_pattern(text: str) -> re.Pattern:
    """The letter-run pattern exact for `text`, and so for every part of it (a part has no marks
    or astral characters its whole lacks, and on text without them the patterns agree)."""
    return _patterns(text)[1]


@per_document
def letter_runs(text: str) -> list[str]:
    """The runs of letters, with their combining marks (words without digits), of a text.
    Cached for the document being audited (`forget_document` empties the cache after it): the
    language rules and the line-shape features ask for the same lines' runs, and a regex pass
    over a line costs far more than the lookup. The list is shared: not to be changed."""
    return _patterns(text)[1].findall(text)


def forget_document() -> None:
    """Drop what was cached for the last document's lines (they would only hold memory)."""
    for cached in _DOCUMENT_CACHES:
        cached.cache_clear()
