"""Section and menu names ("High School Sports", "Brand Publishing"): the vocabulary is valid data,
labels match by their head word, phrases and subheadings do not, and in an article only a label
standing alone between paragraphs is reported."""
from __future__ import annotations

import pytest

from auditor.detectors.section_names import SectionNamesError, load, section_words
from test_residue_context import PARAGRAPHS, article, lines_with


@pytest.mark.parametrize("line, word", [
    ("High School Sports", "Sports"),
    ("Commercial Property Ads", "Ads"),
    ("Cloud Backup Learning Center", "Center"),
    ("Garden & Patio Home", "Home"),
    ("MORE BUSINESS", "BUSINESS"),
    ("Online media", "media"),           # two words: a label whatever its case
    ("Regionale Nachrichten", "Nachrichten"),
    ("Notícias do Porto", "Notícias"),   # Portuguese puts the noun first
    ("Últimas noticias", "noticias"),
    ("Новости региона", "Новости"),
    ("Spor Haberleri", "Haberleri"),
    ("Wiadomości Lokalne", "Wiadomości"),
    ("Berita Terkini", "Berita"),
    ("أخبار الرياضة", "الرياضة"),
])
def test_labels_ending_in_a_section_word(line, word):
    assert section_words().names(line) == word


@pytest.mark.parametrize("line", [
    "Classes on running successful webinars",   # a phrase in lower case, not a menu's label
    "The results of the vote on the new harbour tax and the sports budget",  # too long for a label
    "Good news.",                                # sentence punctuation
    "Sports:",                                   # introduces what follows
    "[ Marine Sports ]",                         # bracketed: the article's aside
    "2019 Sports",                               # a date or a score: not a plain label
    "Interior and Technology",                   # a car review's subheading: 'technology' left out
    "Sports Minister resigns",                   # English puts its head last: 'Sports' here is not one
    "Video Shows The Rescue",                    # 'video' heads Italian labels, but it is an English word too
    "",
])
def test_other_lines_are_not_section_names(line):
    assert section_words().names(line) is None


def test_the_bundled_vocabulary_is_valid():
    words = section_words()
    assert "sports" in words.last and "notícias" in words.first and "tonight" not in words.first


@pytest.mark.parametrize("text, error", [
    ('[en]\nhead = "first"\nwords = ["news"]\n', "head"),
    ('[en]\nhead = "last"\nwords = ["news", "news"]\n', "twice"),
    ('[en]\nhead = "last"\nwords = ["News"]\n', "lowercase"),
    ('[en]\nhead = "last"\nwords = ["real estate"]\n', "one lowercase word"),
    ('[en]\nhead = "last"\n', "words"),
    ("[en\n", "section_names.toml"),
])
def test_invalid_vocabularies_are_refused(text, error):
    with pytest.raises(SectionNamesError, match=error):
        load(text)


@pytest.mark.parametrize("planted, flagged", [
    ("Coastal Towns Sports", True),       # a site's section, dropped between paragraphs
    ("Ferry Timetables Learning Center", True),
    ("Notícias do Porto", True),
    ("Foundations and costs", False),     # a subheading on the topic, not ending in a section word
])
def test_a_section_name_alone_between_paragraphs(audit, planted, flagged):
    text = article((3, planted))
    assert (planted in lines_with(audit, text, "RES011")) == flagged


def test_a_section_name_explains_itself(audit):
    text = article((3, "Coastal Towns Sports"))
    message = next(f.message for f in audit(text) if f.rule == "RES011")
    assert "section or menu name" in message and "'Sports'" in message


def test_a_section_word_inside_a_paragraph_block_is_not_a_label(audit):
    """Packed against a paragraph, the line is part of that paragraph's block (a caption, a list),
    not a menu item standing alone."""
    text = article().replace(PARAGRAPHS[2], PARAGRAPHS[2] + "\nCoastal Towns Sports")
    assert "Coastal Towns Sports" not in lines_with(audit, text, "RES011")


def test_in_an_article_with_subheadings_a_section_word_is_one_more_of_them(audit):
    """An article that puts a short heading before most paragraphs: 'Ferry Safety Tips' there is
    its own subheading, not a menu item (the same line in an article without subheadings is one)."""
    headings = ["The old quay", "Deeper piles", "Ferry Safety Tips", "A million passengers", "Budget questions"]
    extra = ["Divers checked the old piles during the winter and found that several had cracked where "
             "the tide reaches them twice a day, which the first survey had not recorded.",
             "The council will vote next month on whether to ask the national audit office to look at "
             "the contracts, a step it has taken only once before, for the bypass road."]
    blocks = ["Harbour terminal delayed until spring"]
    for heading, paragraph in zip(headings + ["Next steps"], PARAGRAPHS + extra):
        blocks += [heading, paragraph]
    text = "\n\n".join(blocks) + "\n"
    assert not lines_with(audit, text, "RES011") & set(headings + ["Next steps"])  # nor by their shape
    assert "Ferry Safety Tips" in lines_with(audit, article((3, "Ferry Safety Tips")), "RES011")
