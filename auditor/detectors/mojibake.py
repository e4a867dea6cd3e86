"""Mojibake: text decoded with the wrong encoding, found line by line with its repair.

UTF-8 mis-decodings are ftfy's domain: its badness heuristic finds them and `fix_encoding_and_explain`
gives the repair and the steps. ftfy cannot see one legacy code page read as another (cp1251 as
cp1252, GBK as cp1252, UTF-8 as GBK); those are found by re-decoding the line's bytes with the
likely original code pages and keeping a reading that is plausible text in a single script.
"""
from __future__ import annotations

import html
import re
from functools import cache
from typing import Iterator

from ftfy import fix_encoding_and_explain
from ftfy.badness import BADNESS_RE, badness, is_bad

from ..lexicon import foreign_tokens, known_share, language_plausibility
from ..model import Finding
from .base import AnalyzedDocument
from .hygiene import ENTITY
from .prefilter import Prefilter
from ..scripts import NON_ASCII_LETTERS, letter_scripts

# Letters of the Latin-1 supplement: what single-byte legacy text looks like read as cp1252/latin-1.
HIGH_LATIN = re.compile("[\u00c0-\u00ff]")
LATIN1 = re.compile("[\u00a1-\u00ff]")  # letters and symbols of the Latin-1 supplement
# (how the text was wrongly read, how it was really encoded, the script its reading must show)
LEGACY_CONFUSIONS = (
    ("cp1252", "cp1251", "Cyrillic"), ("latin-1", "cp1251", "Cyrillic"),
    ("cp1252", "koi8-r", "Cyrillic"), ("cp1252", "cp1253", "Greek"),
    ("cp1252", "cp1255", "Hebrew"), ("cp1252", "cp1256", "Arabic"),
    ("cp1252", "gbk", "Han"), ("cp1252", "euc-kr", "Hangul"), ("cp1252", "shift_jis", "Kana"),
    ("cp1252", "big5", "Han"), ("cp1252", "cp874", "Thai"),
)
# UTF-8 bytes shown through a CJK code page: the line is CJK but re-encodes to valid UTF-8.
CJK_READINGS = ("gbk", "shift_jis", "euc-kr", "big5")
# Share of mojibake-looking character sequences (ftfy's badness per character) above which a line
# ftfy cannot repair is still reported: one odd sequence in a long line is usually legitimate.
DENSE = 0.1
CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _describe(steps) -> str:
    parts = []
    for action, arg in steps or ():
        if action == "encode":
            parts.append(f"encode as {arg}")
        elif action == "decode":
            parts.append(f"decode as {arg}")
        elif action == "transcode":
            parts.append(arg.replace("_", " "))
        else:
            parts.append(f"{action} {arg}")
    return ", then ".join(parts)


def _plausible(text: str, script: str) -> bool:
    """The repaired reading's non-ASCII letters are (almost) all in the expected script.

    ASCII letters are left out: they read the same in every code page ('Ïîìèëêà HTTP.')."""
    counts = letter_scripts("".join(ch for ch in text if not ch.isascii()))
    letters = sum(counts.values())
    if letters < 3 or "\ufffd" in text:
        return False
    if script in ("Han", "Kana"):
        share = (counts["Han"] + counts["Kana"]) / letters
    else:
        share = counts[script] / letters
    return share >= 0.85


# cp1252's own characters in 0x80-0x9F: double-byte CJK read as cp1252 is full of them
CP1252_HIGH = re.compile("[\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
                         "\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
# one Cyrillic code page read as another swaps letter case inside words: 'бЯРЮБХРЭ'
CASE_SWAP = re.compile("[а-яё][А-ЯЁ]{2,}|[А-ЯЁ]{2,}[а-яё]")
ASCII_WORDS = re.compile("[A-Za-z]+")
MIN_GAIN = 0.3  # share of real words a legacy repair must add
SCRIPT_LANGUAGES = {"Cyrillic": ("ru", "uk", "bg", "mk"), "Greek": ("el",), "Hebrew": ("he",),
                    "Arabic": ("ar", "fa", "ur"), "Han": ("zh", "ja"), "Kana": ("ja",), "Hangul": ("ko",)}
LATIN_LANGUAGES = ("en", "de", "fr", "es", "pt", "it", "nl", "pl", "cs", "tr", "sv", "da", "nb", "fi", "hu",
                   "ro", "ca", "sk", "sl", "lt", "lv", "id", "vi", "is")
WORD = re.compile(r"[^\s]+")
CYRILLIC_CONFUSIONS = (("koi8-r", "cp1251"), ("cp1251", "koi8-r"))


def _non_ascii(text: str) -> int:
    """How many characters of `text` are not ASCII (counted in C: a line at a time adds up)."""
    return len(text) - len(text.encode("ascii", "ignore"))


def _non_ascii_share(line: str) -> float:
    """Share of the visible (not white space) characters that are not ASCII."""
    visible = "".join(line.split())
    return _non_ascii(visible) / len(visible) if visible else 0.0


def legacy_repair(line: str) -> tuple[str, str] | None:
    """If `line` is a legacy code page read through another, return (repaired, how). Each
    reading is tried only past its cheap test (a regex over the line), most lines pass none."""
    if len(HIGH_LATIN.findall(line)) >= 3:
        # in the words that are not plain ASCII, most letters are Latin-1 accented ones: 'Ïîìèëêà',
        # not 'você' or 'Krankenhäusern' (ASCII words around them read the same in every code page)
        mixed_words = [w for w in WORD.findall(line) if not w.isascii()]
        latin1 = sum(len(LATIN1.findall(w)) for w in mixed_words)
        if latin1 >= 0.5 * sum(len(w) for w in mixed_words):
            found = _most_plausible(line, [(shown_as, real, script) for shown_as, real, script in LEGACY_CONFUSIONS])
            if found:
                return found
    if CP1252_HIGH.search(line) and _non_ascii(line) >= 4 and _non_ascii_share(line) >= 0.5:
        found = _most_plausible(line, [("cp1252", real, script) for real, script in
                                       (("shift_jis", "Kana"), ("gbk", "Han"), ("euc-kr", "Hangul"), ("big5", "Han"))])
        if found:
            return found
    if CASE_SWAP.search(line):
        found = _cyrillic_swap(line)
        if found:
            return found
    if len(CJK.findall(line)) >= 3:
        for shown_as in CJK_READINGS:
            found = _utf8_through(line, shown_as)
            if found:
                return found
    return None


def _most_plausible(line: str, confusions: list) -> tuple[str, str] | None:
    """Among the re-readings that come out in their script, the one whose words are words.

    A re-reading is kept only if clearly more of its (non-ASCII) words are words of a language
    written in that script than the line's words are words of a Latin-script language: Korean
    read as Latin-1 also re-reads as Cyrillic letters, but not as Russian words, and German
    'äöü' re-read as Cyrillic is no better than it was."""
    candidates = []
    for shown_as, real, script in confusions:
        try:
            repaired = line.encode(shown_as).decode(real)
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if _plausible(repaired, script):
            candidates.append((_share(repaired, SCRIPT_LANGUAGES.get(script, ())), repaired,
                               f"encode as {shown_as}, then decode as {real}", script))
    if not candidates:
        return None
    share, repaired, how, script = max(candidates, key=lambda c: c[0])  # the first wins ties
    if script in SCRIPT_LANGUAGES and share < _share(line, LATIN_LANGUAGES) + MIN_GAIN:
        return None
    return repaired, how


def _cyrillic_swap(line: str) -> tuple[str, str] | None:
    """KOI8-R read as cp1251 or the reverse: both readings are Cyrillic, only one is Russian."""
    before = language_plausibility(line)
    for shown_as, real in CYRILLIC_CONFUSIONS:
        try:
            repaired = line.encode(shown_as).decode(real)
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        after = language_plausibility(repaired)
        if after >= 0.6 and after >= before + 0.3:
            return repaired, f"encode as {shown_as}, then decode as {real}"
    return None


def _share(text: str, languages) -> float:
    """Share of the text's non-ASCII words that are words of `languages` (ASCII words read the
    same in every code page and say nothing)."""
    return known_share(foreign_tokens(ASCII_WORDS.sub(" ", text), pairs=True, min_length=2), languages)


def _utf8_through(line: str, shown_as: str) -> tuple[str, str] | None:
    """UTF-8 bytes shown through a CJK code page, possibly with bytes already lost (U+FFFD)."""
    lossy = "\ufffd" in line
    try:
        # a lost character stays lost: an invalid byte in its place decodes to U+FFFD again
        raw = b"\xff".join(part.encode(shown_as) for part in line.split("\ufffd"))
        repaired = raw.decode("utf-8", errors="replace" if lossy else "strict")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    wide = [ch for ch in repaired if ord(ch) > 0x7F]
    lost = repaired.count("\ufffd")
    # right text comes back mostly whole (lost characters cost their neighbours too); text that
    # was right to begin with comes back as almost nothing but U+FFFD, or as letters no
    # language is written in (Chinese '食狮' re-read this way is IPA 'ʳʨ')
    if len(wide) - lost < 3 or repaired == line or lost > (0.65 if lossy else 0.0) * len(wide):
        return None
    if not _written_letters(repaired):
        return None
    how = f"encode as {shown_as}, then decode as utf-8"
    return repaired, how + (f" ({lost} character(s) already lost)" if lost else "")


# Latin letters of phonetics (IPA, modifier letters): a CJK line's bytes re-read as UTF-8 fall
# there when the line was right all along; no language's words are spelled with them
PHONETIC = re.compile("[\u0250-\u02ff\u1d00-\u1dbf]")


def _written_letters(text: str) -> bool:
    """The text's non-ASCII letters are (almost all) letters of one script that languages are
    written in: not phonetic symbols, not scripts this tool does not name."""
    wide = "".join(ch for ch in text if not ch.isascii() and ch != "\ufffd")
    letters = len(NON_ASCII_LETTERS.findall(wide))
    counts = letter_scripts(PHONETIC.sub("", wide))
    written = [n for name, n in counts.items() if name != "Other"] + [counts["Han"] + counts["Kana"]]
    return letters > 0 and max(written) >= 0.85 * letters


def _behind_entities(line: str) -> tuple[str, list]:
    """Mojibake half hidden by HTML entities ('10Î&frac14;s' is '10Î¼s', UTF-8 'μs' read as
    Latin-1): decoded entities first, the way a browser would show the line."""
    if not ENTITY.search(line):
        return line, []
    shown = html.unescape(line)
    if shown == line or not is_bad(shown):
        return line, []
    fixed, steps = fix_encoding_and_explain(shown)
    if fixed == shown:
        return line, []
    return fixed, [("unescape", "HTML entities"), *steps]


@cache
def _badness_scan() -> Prefilter:
    """ftfy's badness expression as one RE2 scan of a whole document: it matches wherever the
    expression matches in one of the document's lines (see prefilter.py), so a document it does
    not match needs no line tested by ftfy (about 50 microseconds a line with curly quotes)."""
    return Prefilter([(BADNESS_RE.pattern, BADNESS_RE.flags, False)])


class MojibakeDetector:
    codes = ("MOJ001", "MOJ002")

    def check(self, doc: AnalyzedDocument) -> Iterator[Finding]:
        if doc.doc.text.isascii():
            return
        may_be_bad = bool(_badness_scan().candidates(doc.doc.text))
        for number, line in enumerate(doc.lines, 1):
            doc.check_time(number)
            if line.isascii():
                continue
            bad = may_be_bad and is_bad(line)
            fixed, steps = fix_encoding_and_explain(line) if bad else (line, [])
            if fixed == line and "&" in line:
                fixed, steps = _behind_entities(line)
            if fixed != line:
                how = _describe(steps)
                # text garbled twice over: a legacy code page under the UTF-8 layer ftfy removed
                deeper = legacy_repair(fixed) if not fixed.isascii() else None
                if deeper:
                    fixed, how = deeper[0], f"{how}, then {deeper[1]}"
                yield doc.finding("MOJ001", f"mojibake; ftfy repairs it by: {how}", number, suggestion=fixed)
                continue
            legacy = legacy_repair(line)
            if legacy:
                repaired, how = legacy
                yield doc.finding("MOJ002", f"legacy code page mojibake; repaired by: {how}", number,
                                  suggestion=repaired)
            elif bad and badness(line) / len(line) >= DENSE:
                yield doc.finding("MOJ001", "mojibake that cannot be repaired automatically "
                                            "(bytes were lost or the original encoding is unknown)", number)
