"""Character hygiene: replacement characters, control characters, NULs, invisible characters.

Each check is one regular expression run over the whole document (no per-line Python work), and
each match becomes a finding at its exact position.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterator

from ..model import Finding
from .base import AnalyzedDocument

REPLACEMENT = re.compile("\ufffd+")
NUL = re.compile("\x00+")
CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+")
# Zero-width and bidi characters between two word characters; ZWNJ/ZWJ are legitimate inside
# Arabic, Persian and Indic words, so they count only between Latin, Greek or Cyrillic letters.
INVISIBLE = re.compile(
    r"(?<=\w)[\u200b\u2060\ufeff\u180e\u200e\u200f\u202a-\u202e\u2066-\u2069]+(?=\w)"
    r"|(?<=[A-Za-z\u00c0-\u024f\u0370-\u04ff])[\u200c\u200d]+(?=[A-Za-z\u00c0-\u024f\u0370-\u04ff])"
    r"|[\u202a-\u202e\u2066-\u2069]"  # bidi embeddings, overrides and isolates anywhere (Trojan Source)
)
_GATE = re.compile("[\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u00ad\u180e]")


def _names(chars: str) -> str:
    seen = dict.fromkeys(chars)
    return ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'control')}" for ch in seen)


class HygieneDetector:
    codes = ("ENC004", "ENC005", "ENC006", "ENC007")

    def check(self, doc: AnalyzedDocument) -> Iterator[Finding]:
        text = doc.doc.text
        if not _GATE.search(text):
            return
        for match in REPLACEMENT.finditer(text):
            n = len(match.group())
            yield doc.span_finding("ENC004", f"{n} replacement character(s) U+FFFD: bytes were lost in an earlier decoding",
                                   match.start(), match.end())
        for match in NUL.finditer(text):
            yield doc.span_finding("ENC006", f"{len(match.group())} NUL character(s)", match.start(), match.end(), suggestion="")
        for match in CONTROL.finditer(text):
            yield doc.span_finding("ENC005", f"control character(s) {_names(match.group())}", match.start(), match.end(),
                                   suggestion=_without(doc, match))
        for match in INVISIBLE.finditer(text):
            yield doc.span_finding("ENC007", f"invisible character(s) inside a word: {_names(match.group())}",
                                   match.start(), match.end(), suggestion=_without(doc, match))


def _without(doc: AnalyzedDocument, match: re.Match) -> str:
    """The line with the matched characters removed: the safe repair."""
    line, column = doc.position(match.start())
    text = doc.lines[line - 1]
    start = column - 1
    return text[:start] + text[start + len(match.group()):]
