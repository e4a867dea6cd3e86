"""Character hygiene: replacement characters, control characters, NULs, invisible characters,
private-use characters, text not in NFC, compatibility ligatures, HTML entities, mixed line endings.

Each check is one regular expression run over the whole document (no per-line Python work), and
each match becomes a finding at its exact position.
"""
from __future__ import annotations

import html
import re
import unicodedata
from typing import Iterator

from ftfy.chardata import LIGATURES

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
PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]+")
# a letter followed by combining marks; reported only where NFC composes it (decomposed accents,
# Hangul jamo), not for marks that have no composed form (many scripts need them)
DECOMPOSED = re.compile("[^\\W\\d_][\u0300-\u036f\u1dc0-\u1dff\u0483-\u0487\u3099\u309a]+|[\u1100-\u115f][\u1160-\u11a7][\u11a8-\u11ff]?")
# ligatures and digraphs Unicode keeps only for compatibility ('ﬁ', 'ĳ', 'ǌ'), as ftfy's table lists them
LIGATURE = re.compile("[" + "".join(map(chr, sorted(LIGATURES))) + "]+")
ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6});")
LONE_CR = re.compile("\r(?!\n)")
LINE_BREAK = re.compile("\r\n|\n|\r")
_GATE = re.compile("[\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u00ad\u180e]")


def _names(chars: str) -> str:
    seen = dict.fromkeys(chars)
    return ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, _unnamed(ch))}" for ch in seen)


def _unnamed(ch: str) -> str:
    return "private use" if unicodedata.category(ch) == "Co" else "control"


class HygieneDetector:
    codes = ("ENC004", "ENC005", "ENC006", "ENC007", "ENC008", "ENC009", "ENC010", "ENC011", "ENC014")

    def check(self, doc: AnalyzedDocument) -> Iterator[Finding]:
        text = doc.doc.text
        yield from _line_endings(doc)
        if "&" in text:
            yield from _entities(doc)
        if not text.isascii():
            yield from _private_and_decomposed(doc)
            yield from _ligatures(doc)
        if not _GATE.search(text):
            return
        yield from _damage(doc)


def _private_and_decomposed(doc: AnalyzedDocument) -> Iterator[Finding]:
    """Icon-font glyphs, and letters written decomposed where NFC has a composed form."""
    text = doc.doc.text
    for match in PRIVATE_USE.finditer(text):
        yield doc.span_finding("ENC008", f"private-use character(s) {_names(match.group())}: an icon-font glyph",
                               match.start(), match.end(), suggestion=_without(doc, match))
    if not unicodedata.is_normalized("NFC", text):
        for match in DECOMPOSED.finditer(text):
            composed = unicodedata.normalize("NFC", match.group())
            if composed != match.group():
                line, _ = doc.position(match.start())
                yield doc.span_finding("ENC009", f"'{composed}' written decomposed ({len(match.group())} code points): "
                                                 f"not NFC", match.start(), match.end(),
                                       suggestion=unicodedata.normalize("NFC", doc.lines[line - 1]))


def _ligatures(doc: AnalyzedDocument) -> Iterator[Finding]:
    """Ligature characters, with the line spelled out in the letters they stand for."""
    for match in LIGATURE.finditer(doc.doc.text):
        line, _ = doc.position(match.start())
        letters = match.group().translate(LIGATURES)
        yield doc.span_finding("ENC014", f"compatibility ligature '{match.group()}' for '{letters}': "
                                         f"{_names(match.group())}", match.start(), match.end(),
                               suggestion=doc.lines[line - 1].translate(LIGATURES))


def _damage(doc: AnalyzedDocument) -> Iterator[Finding]:
    """Traces of lost bytes and of binary junk: U+FFFD, NUL, controls, invisible characters in words."""
    text = doc.doc.text
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


def _line_endings(doc: AnalyzedDocument) -> Iterator[Finding]:
    """One finding per document whose lines end in more than one way, on the first line that
    breaks the document's first habit."""
    text = doc.doc.text
    if "\r" not in text:
        return
    crlf = text.count("\r\n")
    lone_cr = len(LONE_CR.findall(text))
    lf = text.count("\n") - crlf
    kinds = [(n, name) for n, name in ((crlf, "CRLF"), (lf, "LF"), (lone_cr, "lone CR")) if n]
    if len(kinds) < 2:
        return
    breaks = LINE_BREAK.finditer(text)
    first_kind = next(breaks).group()
    other = next(m for m in breaks if m.group() != first_kind)
    line, _ = doc.position(other.start())
    counts = ", ".join(f"{n} {name}" for n, name in kinds)
    names = {"\r\n": "CRLF", "\n": "LF", "\r": "lone CR"}
    yield doc.finding("ENC011", f"mixed line endings ({counts}): this line ends in {names[other.group()]} "
                                f"after {names[first_kind]} lines", line)


def _entities(doc: AnalyzedDocument) -> Iterator[Finding]:
    """HTML character references that decode to something: reported per line, with the line decoded."""
    for match in ENTITY.finditer(doc.doc.text):
        if html.unescape(match.group()) == match.group():
            continue  # '&foo;' is not an entity
        line, _ = doc.position(match.start())
        yield doc.span_finding("ENC010", f"HTML entity '{match.group()}' for '{html.unescape(match.group())}'",
                               match.start(), match.end(), suggestion=html.unescape(doc.lines[line - 1]))
