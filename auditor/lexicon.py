"""Word evidence for short same-script fragments: which language's words are these?

Language identifiers guess badly on two to eight words ("Close list item tag" in an Italian
article, "Ei kategorioita" in an English one). Word frequencies decide better: in a fragment of
another language, each word is much more frequent in that language than in the document's. The
frequencies are wordfreq's small lists (42 languages, shipped in its wheel, no download).
"""
from __future__ import annotations

import itertools
import math
import re
import threading
from array import array
from functools import cache

LETTERS = re.compile(r"[^\W\d_]+")
# scripts written without spaces between words: Thai, Kana, Han (not Hangul, which uses spaces)
UNSPACED = re.compile("[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
MIN_GAP = 1.0       # mean Zipf-frequency advantage of the candidate language over the document's
MAX_DEFICIT = -0.5  # no word may be clearly more at home in the document's language
CLIP = 3.0
COMMON = 3.0        # Zipf frequency of a common word (about once per 1M words)


# Word lists kept as dictionaries (about 4 MB each, 9 for Russian): the languages asked for most,
# counted over recent lookups. The others are answered from their packed list (3 us a word instead
# of 0.2) rather than loaded: in a corpus of many languages, loading the list of every document's
# language as it came (about 35 ms each) cost more than auditing the document.
HOT_LISTS = 4
PROMOTE_RATIO = 2.0  # a cold language must be asked this many times as often as the least-asked hot one
AGE_EVERY = 100_000  # lookups between halvings of the counts, so a corpus that changes language adapts


class PackedList:
    """A word list without a Python object per word: the words' UTF-8 bytes sorted and joined,
    where each ends, and each one's frequency bin. A dictionary costs about 100 bytes a word
    (3 MB a language, 42 languages come up in a large corpus); this costs about 14. Lookups are
    a binary search, for the languages a line is only compared against."""

    __slots__ = ("text", "ends", "bins")

    def __init__(self, bins: dict[str, int]):
        words = sorted((word.encode("utf-8"), index) for word, index in bins.items())
        self.text = b"".join(word for word, _ in words)
        self.ends = array("I", itertools.accumulate(len(word) for word, _ in words))
        self.bins = array("H", (index for _, index in words))

    def get(self, word: str, default: float = 0.0) -> float:
        key = word.encode("utf-8")
        text, ends = self.text, self.ends
        low, high = 0, len(ends)
        while low < high:
            middle = (low + high) // 2
            found = text[ends[middle - 1] if middle else 0:ends[middle]]
            if found < key:
                low = middle + 1
            elif found > key:
                high = middle
            else:
                return _frequency(self.bins[middle])
        return default

    def __contains__(self, word: str) -> bool:
        return self.get(word, -1.0) >= 0.0


def _frequency(index: int) -> float:
    return 10 ** (-index / 100)  # wordfreq's cB_to_freq: the same float its dictionaries hold


@cache
def _available() -> dict:
    try:
        from wordfreq import available_languages
    except ImportError:  # pragma: no cover - wordfreq is a dependency; degrade to no evidence
        return {}
    return available_languages("small")


def _buckets(language: str) -> list[list[str]]:
    """wordfreq's list of a language, read from its file directly: its own loaders keep every list
    they ever read (as a list and as a dictionary) for the life of the process."""
    from wordfreq import read_cBpack

    return read_cBpack(_available()[language])


def _bins(language: str) -> dict[str, int]:
    """word -> frequency bin (a later bucket wins, as in wordfreq's dictionaries)."""
    return {word: index for index, bucket in enumerate(_buckets(language)) for word in bucket}


class _Hot:
    """Which languages' lists are dictionaries: the HOT_LISTS most asked-for, by lookup counts
    that halve every AGE_EVERY lookups. Where a list lives changes the time of a lookup, never
    its answer."""

    def __init__(self):
        self.tables: dict[str, dict[str, float]] = {}
        self.asked: dict[str, float] = {}
        self.lookups = 0
        self.loads = 0  # lists turned into dictionaries, for tests and benchmarks
        self.lock = threading.Lock()

    def table(self, language: str):
        """The language's list, as a dictionary or packed; None for a language without one."""
        with self.lock:  # a worker may audit in threads: the counts and tables change together
            self.lookups += 1
            if self.lookups >= AGE_EVERY:
                self.lookups = 0
                self.asked = {lang: count / 2 for lang, count in self.asked.items()}
            asked = self.asked[language] = self.asked.get(language, 0.0) + 1
            table = self.tables.get(language)
            if table is not None:
                return table
            if language not in _available():
                return None
            if len(self.tables) >= HOT_LISTS:
                coldest = min(self.tables, key=lambda lang: (self.asked.get(lang, 0.0), lang))
                if asked < PROMOTE_RATIO * self.asked.get(coldest, 0.0):
                    return _packed(language)
                del self.tables[coldest]
            table = self.tables[language] = _dictionary(language)
            self.loads += 1
            return table


def _dictionary(language: str) -> dict[str, float]:
    buckets = _buckets(language)
    frequencies = [_frequency(index) for index in range(len(buckets))]
    return {word: frequency for frequency, bucket in zip(frequencies, buckets) for word in bucket}


_HOT = _Hot()


@cache  # at most wordfreq's 42 lists, about 0.4 MB each packed
def _packed(language: str) -> PackedList | None:
    return PackedList(_bins(language)) if language in _available() else None


def zipf(word: str, language: str) -> float:
    table = _HOT.tables.get(language) or _packed(language)
    if not table:
        return 0.0
    frequency = table.get(word.lower(), 0.0)
    return math.log10(frequency * 1e9) if frequency > 0 else 0.0


def known(language: str) -> bool:
    return language in _available()


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


def common_words(language: str):
    """The language's list of common words (lower case; answers `in`, a dictionary for the
    languages asked for most, else packed), or None."""
    return _HOT.table(language)


def common_share(words: list[str], language: str) -> float:
    """Share of `words` on the language's list of common words (0.0 when it has no list): the
    cheap test that lets a line of ordinary words of the document's language skip the
    identifier (a dictionary lookup per word instead of a model per line)."""
    table = _HOT.table(language)
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


# Characters of the unspaced East Asian scripts: a right reading of CJK bytes is made of a
# language's common characters, a wrong one (EUC-KR read as GB18030, Shift_JIS as GBK) of
# characters drawn evenly from a code table, most of them rare.
CJK_LETTER = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]")
KANA = re.compile("[\u3040-\u30ff]")
HANGUL = re.compile("[\uac00-\ud7a3]")
CJK_MIN = 20      # CJK letters below which coherence says nothing
CJK_MASS = 0.97   # the common characters of a language: those that make up this much of its text


@cache
def common_characters(language: str) -> frozenset[str]:
    """The CJK characters that make up CJK_MASS of the language's text, weighted by the
    frequency of the words they occur in (wordfreq's list, no tokenizer needed)."""
    if language not in _available():
        return frozenset()
    mass: dict[str, float] = {}
    for index, bucket in enumerate(_buckets(language)):
        frequency = _frequency(index)
        for word in bucket:
            letters = CJK_LETTER.findall(word)
            for ch in letters:
                mass[ch] = mass.get(ch, 0.0) + frequency / len(word)
    total, covered, chosen = sum(mass.values()), 0.0, set()
    for ch, weight in sorted(mass.items(), key=lambda item: (-item[1], item[0])):
        if covered >= CJK_MASS * total:
            break
        chosen.add(ch)
        covered += weight
    return frozenset(chosen)


def cjk_coherence(text: str) -> float | None:
    """Share of the text's CJK letters that are common characters of its language (Japanese
    when it has kana, Korean when it has Hangul, else Chinese, simplified or traditional); None
    for fewer than CJK_MIN."""
    letters = CJK_LETTER.findall(text)
    if len(letters) < CJK_MIN:
        return None
    joined = "".join(letters)
    if len(HANGUL.findall(joined)) >= 0.1 * len(letters):
        common = common_characters("ko")
    elif len(KANA.findall(joined)) >= 0.1 * len(letters):
        common = common_characters("ja")
    else:
        common = _common_hanzi()
    return sum(ch in common for ch in letters) / len(letters)


@cache
def _common_hanzi() -> frozenset[str]:
    """Chinese, simplified or traditional: wordfreq's list is simplified, and Japanese kanji keep
    many traditional forms."""
    return common_characters("zh") | common_characters("ja")
