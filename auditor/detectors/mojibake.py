"""Mojibake: text decoded with the wrong encoding, found line by line with its repair.

UTF-8 mis-decodings are ftfy's domain: its badness heuristic finds them and `fix_encoding_and_explain`
gives the repair and the steps. ftfy cannot see one legacy code page read as another (cp1251 as
cp1252, GBK as cp1252, UTF-8 as GBK); those are found by re-decoding the line's bytes with the
likely original code pages and keeping a reading that is plausible text in a single script.
"""
from __future__ import annotations

import re
from typing import Iterator

from ftfy import fix_encoding_and_explain
from ftfy.badness import badness, is_bad

from ..model import Finding
from .base import AnalyzedDocument
from .scripts import letter_scripts

# Letters of the Latin-1 supplement: what single-byte legacy text looks like read as cp1252/latin-1.
HIGH_LATIN = re.compile("[\u00c0-\u00ff]")
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
    counts = letter_scripts(text)
    letters = sum(counts.values())
    if letters < 3 or "\ufffd" in text:
        return False
    if script in ("Han", "Kana"):
        share = (counts["Han"] + counts["Kana"]) / letters
    else:
        share = counts[script] / letters
    return share >= 0.85


def legacy_repair(line: str) -> tuple[str, str] | None:
    """If `line` is a legacy code page read through another, return (repaired, how)."""
    letters = sum(1 for ch in line if ch.isalpha())
    high = len(HIGH_LATIN.findall(line))
    if letters >= 3 and high >= 3 and high / letters >= 0.5:
        for shown_as, real, script in LEGACY_CONFUSIONS:
            try:
                repaired = line.encode(shown_as).decode(real)
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            if _plausible(repaired, script):
                return repaired, f"encode as {shown_as}, then decode as {real}"
    if len(CJK.findall(line)) >= 3:
        for shown_as in CJK_READINGS:
            try:
                repaired = line.encode(shown_as).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            if sum(1 for ch in repaired if ord(ch) > 0x7F) >= 2 and repaired != line:
                return repaired, f"encode as {shown_as}, then decode as utf-8"
    return None


class MojibakeDetector:
    codes = ("MOJ001", "MOJ002")

    def check(self, doc: AnalyzedDocument) -> Iterator[Finding]:
        if doc.doc.text.isascii():
            return
        for number, line in enumerate(doc.lines, 1):
            if line.isascii():
                continue
            bad = is_bad(line)
            fixed, steps = fix_encoding_and_explain(line) if bad else (line, [])
            if fixed != line:
                yield doc.finding("MOJ001", f"mojibake; ftfy repairs it by: {_describe(steps)}", number,
                                  suggestion=fixed)
                continue
            legacy = legacy_repair(line)
            if legacy:
                repaired, how = legacy
                yield doc.finding("MOJ002", f"legacy code page mojibake; repaired by: {how}", number,
                                  suggestion=repaired)
            elif bad and badness(line) / len(line) >= DENSE:
                yield doc.finding("MOJ001", "mojibake that cannot be repaired automatically "
                                            "(bytes were lost or the original encoding is unknown)", number)
