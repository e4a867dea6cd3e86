"""The identifiers the detectors lean on: langdetect's table kept sparse must answer exactly as
langdetect's own does, and both identifiers must say the expected thing on plain cases."""
from __future__ import annotations

import pytest

from auditor import langid

LINES = [
    "The council approved the harbour budget on Tuesday after a long debate.",
    "Der Stadtrat hat den Haushalt für den Hafen am Dienstag beschlossen.",
    "Le conseil municipal a approuvé le budget du port mardi soir.",
    "El ayuntamiento aprobó el presupuesto del puerto el martes.",
    "Заголовок открываемого материала",
    "Zaloguj się, aby dodać komentarz",
    "Yorum yapmak için giriş yapın",
    "ok",
    "12345 !!!",
]


@pytest.fixture(scope="module")
def factories():
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    dense = DetectorFactory()
    dense.load_profile(PROFILES_DIRECTORY)
    return dense, langid._compact_factory()


def test_sparse_table_holds_the_same_numbers(factories):
    dense, sparse = factories
    assert sparse.langlist == dense.langlist
    assert set(dict.keys(sparse.word_lang_prob_map)) == set(dense.word_lang_prob_map)
    for ngram in list(dense.word_lang_prob_map)[::97]:
        assert sparse.word_lang_prob_map[ngram] == dense.word_lang_prob_map[ngram]


@pytest.mark.parametrize("line", LINES)
def test_sparse_table_gives_langdetects_answers(factories, line):
    from langdetect import DetectorFactory
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0

    def answer(factory):
        detector = factory.create()
        detector.n_trial = langid.LANGDETECT_TRIALS
        detector.append(line)
        try:
            return detector.get_probabilities()
        except LangDetectException:
            return "no features"

    dense, sparse = factories
    assert repr(answer(sparse)) == repr(answer(dense))


@pytest.mark.parametrize("line, language", [(LINES[0], "en"), (LINES[1], "de"), (LINES[2], "fr"),
                                            (LINES[3], "es"), (LINES[4], "ru")])
def test_both_identifiers_on_plain_sentences(line, language):
    assert langid.identify(line, k=1)[0][0] == language
    assert langid.langdetect_top(line) == language
    assert langid.langdetect_top("12345 !!!") == ""


@pytest.mark.parametrize("language", ["en", "ru", "ja", "ar", "de"])
def test_packed_word_lists_hold_wordfreqs_frequencies(language):
    import random

    from wordfreq import get_frequency_dict

    from auditor import lexicon

    full = get_frequency_dict(language, "small")
    packed = lexicon._packed(language)
    words = random.Random(7).sample(sorted(full), 3000) + ["qqxzv", "", "🙂", "Ωmega"]
    assert [packed.get(w) for w in words] == [full.get(w, 0.0) for w in words]
    assert lexicon._frequencies(language) == full


def test_zipf_is_the_same_whether_a_list_is_resident_or_packed(monkeypatch):
    from auditor import lexicon

    monkeypatch.setattr(lexicon, "_HOT", lexicon.OrderedDict())
    words = ["the", "council", "harbour", "and", "qqxzv"]
    packed = [lexicon.zipf(w, "en") for w in words]
    lexicon._frequencies("en")
    assert "en" in lexicon._HOT
    assert [lexicon.zipf(w, "en") for w in words] == packed
    for language in ("de", "fr", "es", "it", "pt"):
        lexicon._frequencies(language)
    assert len(lexicon._HOT) == lexicon.HOT_LISTS and "en" not in lexicon._HOT  # the oldest went
    assert not lexicon.known("xx") and lexicon.zipf("the", "xx") == 0.0
