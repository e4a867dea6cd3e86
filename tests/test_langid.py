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
    assert lexicon._dictionary(language) == full
    assert [w in packed for w in words] == [w in full for w in words]


def test_a_list_answers_alike_resident_or_packed(monkeypatch):
    from wordfreq import get_frequency_dict

    from auditor import lexicon

    monkeypatch.setattr(lexicon, "_HOT", lexicon._Hot())
    words = ["the", "council", "harbour", "and", "qqxzv", "Über", "über"]
    packed = [lexicon.zipf(w, "en") for w in words]
    share = lexicon.common_share(words, "de")  # the first languages asked for are loaded
    assert set(lexicon._HOT.tables) == {"de"}
    lexicon.common_share(words, "en")
    assert [lexicon.zipf(w, "en") for w in words] == packed
    for language in ("fr", "es", "it"):
        lexicon.common_share(words, language)
    assert len(lexicon._HOT.tables) == lexicon.HOT_LISTS
    assert isinstance(lexicon.common_words("pt"), lexicon.PackedList)  # asked once: not worth a load
    for language in ("de", "pt"):  # loaded and packed: the share of words wordfreq lists
        listed = get_frequency_dict(language, "small")
        assert lexicon.common_share(words, language) == sum(w.lower() in listed for w in words) / 7
    assert share == lexicon.common_share(words, "de") and 0 < share < 1
    assert not lexicon.known("xx") and lexicon.zipf("the", "xx") == 0.0 and lexicon.common_share(words, "xx") == 0.0


def test_many_languages_in_turn_do_not_reload_their_lists(monkeypatch):
    """A corpus mostly in English with documents in six other languages, in turn: English and
    the first languages stay loaded, the others are answered packed; before, each document of a
    seventh language loaded its list again (35 ms, more than auditing the document)."""
    from auditor import lexicon

    monkeypatch.setattr(lexicon, "_HOT", lexicon._Hot())
    words = ["the", "a", "de", "la"]
    for _ in range(30):
        for language in ("en", "pt", "it", "ko", "ru", "id", "de"):
            for _ in range(60 if language == "en" else 20):
                lexicon.common_share(words, language)
    assert "en" in lexicon._HOT.tables
    assert lexicon._HOT.loads == lexicon.HOT_LISTS


def test_a_language_that_comes_to_dominate_is_loaded(monkeypatch):
    from auditor import lexicon

    monkeypatch.setattr(lexicon, "_HOT", lexicon._Hot())
    monkeypatch.setattr(lexicon, "AGE_EVERY", 1000)
    for language in ("en", "fr", "es", "it"):
        for _ in range(300):
            lexicon.common_share(["x"], language)
    for _ in range(1200):  # then the corpus turns German
        lexicon.common_share(["x"], "de")
    assert "de" in lexicon._HOT.tables and len(lexicon._HOT.tables) == lexicon.HOT_LISTS



def _corpus_lines() -> list[str]:
    import gzip
    import json
    from pathlib import Path

    root = Path(__file__).parent.parent / "corpora"
    lines = []
    for path in sorted(root.glob("*/*.txt")):
        raw = path.read_bytes()
        text = raw.decode("cp1251") if "cp1251" in path.name else raw.decode("utf-8")
        lines += text.splitlines()
    with gzip.open(root / "mixed" / "records.jsonl.gz", "rt", encoding="utf-8") as handle:
        for record in handle:
            try:
                lines += str(json.loads(record).get("text", "")).splitlines()
            except (ValueError, AttributeError):  # the file holds broken records on purpose
                continue
    return [line.strip()[:300] for line in lines if len(line.strip()) > 2]


def test_sparse_detector_answers_as_langdetect_on_the_bundled_corpora(factories):
    """Every line of corpora/ (German, English, Russian, mixed records): the detector with its
    rows built once a call gives langdetect's own probabilities, float for float."""
    from langdetect import DetectorFactory
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    dense, sparse = factories
    lines = _corpus_lines()
    words = " ".join(lines).split()
    lines += [" ".join(words[i:i + 3]) for i in range(0, len(words), 3)]  # few words, as _by_words asks
    assert len(lines) > 400

    def answer(factory, line):
        detector = factory.create()
        detector.n_trial = langid.LANGDETECT_TRIALS
        detector.append(line)
        try:
            return repr(detector.get_probabilities())
        except LangDetectException:
            return "no features"

    assert [answer(sparse, line) for line in lines] == [answer(dense, line) for line in lines]


def test_a_repeated_text_is_asked_of_langdetect_once(monkeypatch):
    asked = []
    real = langid._langdetect_top
    monkeypatch.setattr(langid, "_langdetect_top", lambda text: asked.append(text) or real(text))
    langid.forget_answers()
    short, long = "Beachbody Performance Hydrate", "Der Stadtrat tagte am Dienstag. " * 40
    answers = [langid.langdetect_top(text) for text in (short, long, short, long, short)]
    assert answers == [real(short), "de", real(short), "de", real(short)]
    assert asked == [short, long, long]  # a text over CACHED_TEXT characters is not kept
    langid.forget_answers()
    langid.langdetect_top(short)
    assert asked[-1] == short
