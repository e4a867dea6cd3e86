"""Words in every script: combining marks (vowel signs, harakat, niqqud, accents typed as two
code points) belong to the word they sit on. Cases are our own text; each split was checked by
hand against the spaces of the line."""
from __future__ import annotations

import pytest

from auditor.detectors import words
from auditor.detectors.line_shape import _tokens, is_prose, word_count

SPLITS = [
    # (text, words, letter runs)
    ("हिन्दी भाषा", ["हिन्दी", "भाषा"], ["हिन्दी", "भाषा"]),                          # Devanagari vowel signs, virama
    ("বাংলা খবর ২০২৪", ["বাংলা", "খবর", "২০২৪"], ["বাংলা", "খবর"]),                # Bengali, with Bengali digits
    ("قَرَأْتُ الْكِتَابَ", ["قَرَأْتُ", "الْكِتَابَ"], ["قَرَأْتُ", "الْكِتَابَ"]),         # Arabic harakat
    ("שָׁלוֹם עוֹלָם", ["שָׁלוֹם", "עוֹלָם"], ["שָׁלוֹם", "עוֹלָם"]),                    # Hebrew niqqud
    ("cafe\u0301 cre\u0300me 2024", ["cafe\u0301", "cre\u0300me", "2024"], ["cafe\u0301", "cre\u0300me"]),  # decomposed accents
    ("x 𑀓𑀸 y", ["x", "𑀓𑀸", "y"], ["x", "𑀓𑀸", "y"]),                                # Brahmi: a mark past U+FFFF
    ("“Quoted” text, 3 times", ["Quoted", "text", "3", "times"], ["Quoted", "text", "times"]),  # no marks: plain path
    ("Ferry_2 terminal", ["Ferry_2", "terminal"], ["Ferry", "terminal"]),
]


@pytest.mark.parametrize("text, expected_words, expected_letters", SPLITS)
def test_marks_stay_with_their_word(text, expected_words, expected_letters):
    assert words.split_words(text) == expected_words
    assert words.letter_runs(text) == expected_letters


@pytest.mark.parametrize("text", [s[0] for s in SPLITS] + ["", "Ελληνικά κείμενα", "Русский текст — «цитата»"])
def test_the_fast_paths_agree_with_the_full_patterns(text):
    """Plain and BMP-only patterns are a speed-up, never a different answer."""
    full_words, full_letters = words.WITH_MARKS
    assert words.split_words(text) == full_words.findall(text)
    assert words.letter_runs(text) == full_letters.findall(text)


def test_the_ascii_patterns_split_every_ascii_character_as_the_unicode_ones():
    """Every ASCII character, alone and between letters: the ASCII-only classes used for ASCII
    text give the same words and letter runs as Python's Unicode classes."""
    texts = ["".join(map(chr, range(128)))] + [f"ab{chr(code)}cd {chr(code)}" for code in range(128)]
    for text in texts:
        assert words.ASCII[0].findall(text) == words.PLAIN[0].findall(text) == words.split_words(text)
        assert words.ASCII[1].findall(text) == words.PLAIN[1].findall(text) == words.letter_runs(text)


def test_every_combining_mark_is_in_the_class():
    import re
    import sys
    import unicodedata

    marks = re.compile(f"[{words.MARKS}]")
    missing = [hex(c) for c in range(sys.maxunicode + 1)
               if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me") and not marks.match(chr(c))]
    assert missing == []
    assert not marks.match("a") and not marks.match("1") and not marks.match(" ")


@pytest.mark.parametrize("line, expected", [
    ("होम देश विदेश मनोरंजन खेल व्यापार टेक्नोलॉजी शिक्षा", 8),        # a Hindi site menu (\w+ counted 24)
    ("ताज़ा ख़बरें पढ़ने के लिए हमारा ऐप डाउनलोड करें", 9),           # "download our app" (\w+ counted 16)
    ("أَعْلَنَتِ الْحُكُومَةُ عَنْ خُطَّةٍ جَدِيدَةٍ", 5),
    ("The harbour authority said on Tuesday", 6),
])
def test_word_counts_follow_the_spaces(line, expected):
    assert word_count(line) == expected


def test_a_hindi_menu_line_is_not_prose():
    """Counted by \\w+, the menu was 24 words, so 'prose', and pulled into the article body."""
    assert not is_prose("होम देश विदेश मनोरंजन खेल व्यापार टेक्नोलॉजी शिक्षा")
    assert is_prose("सरकार ने उत्तर के किसानों की मदद के लिए नए उपायों की घोषणा की।")


def test_thai_is_counted_by_characters_and_compared_by_bigrams():
    """Thai puts no spaces between words: about four characters make a word, and the cohesion
    features compare character pairs, as for Chinese and Japanese."""
    line = "รัฐบาลประกาศมาตรการใหม่เพื่อช่วยเหลือเกษตรกร"  # "the government announces new measures to help farmers"
    assert 8 <= word_count(line) <= 14
    tokens = _tokens(line)
    assert len(tokens) == len(line) - 1 and all(len(t) == 2 for t in tokens)


def test_line_tokens_of_ascii_lines_are_the_runs_of_the_lower_cased_line():
    """The line-shape tokens reuse the cached runs of the line and lower-case them after: on
    ASCII text that is the same as finding the runs of the lower-cased line."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
    def agree(line):
        assert _tokens(line) == words.PLAIN[1].findall(line.lower())

    agree()


def test_body_tokens_and_case_take_ascii_lines_together_with_the_same_result():
    """The article's vocabulary joins consecutive ASCII lines before lower-casing and splitting,
    and the case features count letters from the runs on ASCII: the same as line by line and
    character by character, in any mix of ASCII and other lines."""
    import itertools

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from auditor.detectors.line_shape import _body_tokens, _case

    line = st.text(alphabet=st.characters(max_codepoint=127), max_size=60) | \
        st.text(alphabet="aBz Z.ÉéİıßǅⅫ“„ 東京ไทย", max_size=30)

    @settings(max_examples=400, deadline=None)
    @given(st.lists(line, max_size=8))
    def agree(lines):
        assert _body_tokens(lines) == list(itertools.chain.from_iterable(map(_tokens, lines)))
        for text in lines:
            cased, capitals = _case(text)
            letters = [c for c in text if c.isalpha() and c.lower() != c.upper()]
            assert cased == [w for w in words.letter_runs(text) if w[0].lower() != w[0].upper()]
            assert capitals == (len(letters) >= 4 and all(c.isupper() for c in letters))

    agree()
    assert _case("NATO SUMMIT 2024")[1] and not _case("NATO summit")[1] and not _case("USA")[1]


def test_cached_runs_are_the_runs():
    line = "The Council met on Tuesday; 14 members (of 15) voted."
    first = words.letter_runs(line)
    assert first == ["The", "Council", "met", "on", "Tuesday", "members", "of", "voted"]
    assert words.letter_runs(line) == first


def test_repeats_take_the_words_of_the_normalised_line_from_the_line():
    """On ASCII without '_' the words of a line's normalised form are the line's own words,
    lower-cased; elsewhere (with '_', or beyond ASCII) they are found on the normalised form."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from auditor.detectors.packs import normalise
    from auditor.detectors.repeats import _words

    @settings(max_examples=400, deadline=None)
    @given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80) |
           st.text(alphabet="aB_ -.İıÉé\u00a0", max_size=30))
    def agree(line):
        assert _words(line, normalise(line)) == words.split_words(normalise(line))

    agree()
    assert _words("__Init__ Done", normalise("__Init__ Done")) == ["init__", "done"]  # the edge "_" goes
