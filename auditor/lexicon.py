"""Word evidence for short same-script fragments: which language's words are these?

Language identifiers guess badly on two to eight words ("Close list item tag" in an Italian
article, "Ei kategorioita" in an English one). Word frequencies decide better: in a fragment of
another language, each word is much more frequent in that language than in the document's. The
frequencies are wordfreq's small lists (42 languages, shipped in its wheel, no download).
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

LETTERS = re.compile(r"[^\W\d_]+")
# scripts written without spaces between words: Thai, Kana, Han (not Hangul, which uses spaces)
UNSPACED = re.compile("[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
MIN_GAP = 1.0       # mean Zipf-frequency advantage of the candidate language over the document's
MAX_DEFICIT = -0.5  # no word may be clearly more at home in the document's language
CLIP = 3.0
COMMON = 3.0        # Zipf frequency of a common word (about once per 1M words)


@lru_cache(maxsize=None)  # at most wordfreq's 42 lists, 2-5 MB each, loaded as languages come up
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


def common_share(words: list[str], language: str) -> float:
    """Share of `words` on the language's list of common words (0.0 when it has no list): the
    cheap test that lets a line of ordinary words of the document's language skip the
    identifier (a dictionary lookup per word instead of a model per line)."""
    table = _frequencies(language)
    if not table or not words:
        return 0.0
    return sum(map(table.__contains__, " ".join(words).lower().split())) / len(words)


def foreign_tokens(text: str, pairs: bool, min_length: int = 1) -> list[str]:
    """The words of `text` that are not plain ASCII, lower-cased (words of other scripts shorter
    than `min_length` left out). Unspaced scripts give single characters, or overlapping
    character pairs with `pairs` (most such words are two characters; gibberish characters are
    often words alone, pairs rarely)."""
    tokens: list[str] = []
    for word in LETTERS.findall(text):
        if word.isascii():
            continue
        first = next(ch for ch in word if not ch.isascii())
        if not UNSPACED.match(first):
            if len(word) >= min_length:
                tokens.append(word.lower())
        elif pairs and len(word) > 1:
            tokens.extend(word[i:i + 2] for i in range(len(word) - 1))
        else:
            tokens.extend(word)
    return tokens


def known_share(tokens: list[str], languages) -> float:
    """Share of `tokens` that are words of one of `languages` (0.0 for no tokens)."""
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if any(zipf(t, lang) > 0 for lang in languages)) / len(tokens)


def language_plausibility(text: str) -> float:
    """How much a text reads like some language: fastText's confidence, weighted by the share of
    its non-ASCII words that are words of that language. Rounded, so that noise does not decide."""
    from .langid import identify

    top = identify(text[:3000], k=1)
    if not top:
        return 0.0
    language, probability = top[0]
    tokens = foreign_tokens(text, pairs=False)
    if not tokens:
        return round(probability, 2)
    coverage = known_share(tokens, (language,)) if known(language) else 0.5
    return round(probability * (0.5 + 0.5 * coverage), 2)
