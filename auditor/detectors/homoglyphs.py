"""Mixed-script words: a Cyrillic "А" inside the Latin word "NАTO", a Latin "o" in "мoлоко".

Such words look right and are wrong: search, tokenisers and deduplication treat them as other
words. They come from spam and filter evasion, OCR and keyboards switched mid-word. A word is
flagged when its letters are Latin, Cyrillic or Greek, it mixes two of them, and the minority
letters all have a look-alike in the majority script; the suggestion swaps them back.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..model import Finding
from .base import AnalyzedDocument
from ..scripts import script_of

# Look-alike letters: Cyrillic and Greek letters and the Latin letter each is mistaken for.
LOOKALIKES = {
    "Cyrillic": dict(zip("АВЕКМНОРСТХаеорсухіјѕԁӏԛԝЅІЈ", "ABEKMHOPCTXaeopcyxijsdlqwSIJ")),
    "Greek": dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧονκαιρ", "ABEZHIKMNOPTYXovkaip")),
}
TO_CYRILLIC = {latin: cyr for cyr, latin in LOOKALIKES["Cyrillic"].items() if cyr.islower() == latin.islower()}
MIXABLE = {"Latin", "Cyrillic", "Greek"}
WORD = re.compile(r"[^\W\d_]{2,}")
# every mixed word holds a Cyrillic or Greek letter (the ranges script_of gives those names)
CYRILLIC_OR_GREEK = re.compile("[\u0370-\u052f\u1f00-\u1fff]")


def repair(word: str) -> str | None:
    """The word with its minority-script look-alikes replaced, or None if it is not a homoglyph word."""
    scripts = [script_of(ch) for ch in word]
    counts = {s: scripts.count(s) for s in set(scripts)}
    if len(counts) != 2 or not set(counts) <= MIXABLE:
        return None
    majority = max(counts, key=lambda s: (counts[s], s))
    minority = next(s for s in counts if s != majority)
    if counts[minority] > counts[majority]:
        return None
    if majority == "Latin":
        table = LOOKALIKES.get(minority, {})
    elif majority == "Cyrillic" and minority == "Latin":
        table = TO_CYRILLIC
    else:
        return None
    out = []
    for ch, script in zip(word, scripts):
        if script == minority:
            if ch not in table:
                return None  # a letter with no look-alike: a real mixed word (a formula, a code)
            out.append(table[ch])
        else:
            out.append(ch)
    return "".join(out)


class HomoglyphDetector:
    codes = ("LNG004",)

    def check(self, doc: AnalyzedDocument) -> Iterator[Finding]:
        text = doc.doc.text
        if text.isascii() or not CYRILLIC_OR_GREEK.search(text):
            return  # no Cyrillic or Greek letter: no word can mix them with Latin
        for match in WORD.finditer(text):
            word = match.group(0)
            if word.isascii():
                continue
            fixed = repair(word)
            if fixed:
                yield doc.span_finding("LNG004", f"mixed-script word '{word}': letters from two alphabets "
                                                 f"that look alike; reads as '{fixed}'",
                                       match.start(), match.end(), suggestion=fixed)
