"""Word evidence for short same-script fragments: which language's words are these?

Language identifiers guess badly on two to eight words ("Close list item tag" in an Italian
article, "Ei kategorioita" in an English one). Word frequencies decide better: in a fragment of
another language, each word is much more frequent in that language than in the document's. The
frequencies are wordfreq's small lists (42 languages, shipped in its wheel, no download).
"""
from __future__ import annotations

import math
from functools import cache

MIN_GAP = 1.0       # mean Zipf-frequency advantage of the candidate language over the document's
MAX_DEFICIT = -0.5  # no word may be clearly more at home in the document's language
CLIP = 3.0
COMMON = 3.0        # Zipf frequency of a common word (about once per 1M words)


@cache
def _frequencies(language: str) -> dict | None:
    try:
        from wordfreq import available_languages, get_frequency_dict
    except ImportError:  # pragma: no cover - wordfreq is a dependency; degrade to no evidence
        return None
    if language not in available_languages("small"):
        return None
    return get_frequency_dict(language, "small")


def zipf(word: str, language: str) -> float:
    table = _frequencies(language)
    if not table:
        return 0.0
    frequency = table.get(word.lower(), 0.0)
    return math.log10(frequency * 1e9) if frequency > 0 else 0.0


def known(language: str) -> bool:
    return _frequencies(language) is not None


def evidence(words: list[str], document_language: str, candidates: list[str],
             all_common: bool = False) -> tuple[str, float] | None:
    """(language, mean advantage) of the candidate whose words these are, or None.

    `all_common` also asks every word to be a common word of the candidate (for Latin text in a
    non-Latin document, where names and brands are the usual Latin words).
    """
    if not known(document_language):
        return None
    best = None
    for candidate in candidates:
        if candidate == document_language or not known(candidate):
            continue
        own = [zipf(w, candidate) for w in words]
        if all_common and min(own) < COMMON:
            continue
        gaps = [max(-CLIP, min(CLIP, z - zipf(w, document_language))) for z, w in zip(own, words)]
        score = sum(gaps) / len(gaps)
        if min(gaps) > MAX_DEFICIT and score >= MIN_GAP and (best is None or score > best[1]):
            best = (candidate, round(score, 2))
    return best


def at_home(words: list[str], language: str) -> bool:
    """The words are ordinary words of `language` on average (or it has no frequency list)."""
    if not known(language):
        return True
    return sum(zipf(w, language) for w in words) / len(words) >= COMMON
