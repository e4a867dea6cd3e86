"""Labelled cases per detector family: lines that must be flagged, and look-alikes that must not."""
import pytest

ARTICLE = (
    "The regional council approved the new budget on Tuesday after a long debate about school funding.\n\n"
    "Members of the opposition argued that the plan did too little for rural districts, where several schools have closed.\n\n"
    "{line}\n\n"
    "The finance officer said the budget would be reviewed in the spring, once the final tax figures are known.\n\n"
    "Teachers' unions welcomed the extra money for buildings but said staffing remained the main problem.\n"
)


def rules_on_line(audit, line, template=ARTICLE, number=5):
    return {f.rule for f in audit(template.format(line=line)) if f.line == number}


RESIDUE_POSITIVE = [
    ("Share on Facebook", "RES001"), ("Log in or register", "RES001"), ("Subscribe", "RES001"),
    ("We use cookies to improve your experience on our site.", "RES001"), ("Read more: Council votes on parking fees", "RES001"),
    ("Lesen Sie auch: Neue Radwege geplant", "RES001"), ("Читайте также: новые правила парковки", "RES001"),
    ("Hello {{ user.name }}", "RES002"), ("[object Object]", "RES002"), ("undefined", "RES002"), ("%d bloggers like this:", "RES002"),
    ("The council <br/> met again", "RES003"), ("Budget &amp; tax rules", "ENC010"),
    ("© REUTERS / Anna Keller", "RES004"), ("Photo: Getty Images", "RES004"), ("(Image credit: City Council)", "RES004"),
    ("Council approves budget - Sputnik International", "RES005"), ("Council approves budget | Daily Herald", "RES005"),
    ("0", "RES006"), ("47.8K", "RES006"), ("12 comments", "RES001"),
    ("Published 7:07 PM EST Nov 19, 2019", "RES010"), ("By DANA KIRK and JOHN LAW", "RES010"),
]
RESIDUE_NEGATIVE = [
    "Council members said they would share the results with parents next month.",
    "The photo of the old school building hung in the hall for decades.",
    "Revenue rose to 47.8 million euros, up from 41 million a year earlier.",
    "By the end of the meeting, most members had agreed to the compromise.",
    "What happens next?",
    "Funding for rural schools",
    "The group said it had undefined goals at first, but that changed quickly.",
]


def test_repeated_line_within_document(audit):
    caption = "Firefighters work at the scene of the blaze in the old warehouse district on Monday."
    text = ARTICLE.format(line=caption) + "\n" + caption + "\n"
    found = [f for f in audit(text) if f.rule == "RES007"]
    assert [f.line for f in found] == [11]


def test_packed_menu_before_article_is_flagged_and_title_is_not(audit):
    menu = "Home\nWorld\nBusiness\nSport\nWeather\n"
    text = menu + "\nCouncil approves school budget\n\n" + ARTICLE.format(line="The vote was 31 to 12.")
    found = {f.line: f.rule for f in audit(text)}
    assert all(found.get(n) in ("RES009", "RES001") for n in range(1, 6))
    assert 7 not in found  # the headline


FOREIGN_POSITIVE = [
    ("Заголовок открываемого материала", "LNG001"),
    ("このページは表示できません", "LNG001"),
    ("Veuillez réessayer plus tard, le serveur ne répond pas.", "LNG002"),
    ("Bitte aktivieren Sie JavaScript in Ihrem Browser.", "LNG002"),
    ("Officials of NАTO met in Brussels on Monday to discuss the border.", "LNG004"),   # Cyrillic А
    ("The pоlice said the suspect had fled across the bridge at night.", "LNG004"),   # Cyrillic о
    ("The banner read Добро пожаловать в наш город when the delegation arrived.", "LNG001"),  # a span
    ("The minister spoke for an hour. Die Sitzung wurde danach ohne Ergebnis vertagt. Nobody objected.", "LNG002"),
]
FOREIGN_NEGATIVE = [
    "Angela Merkel and Emmanuel Macron",
    "The mayor visited Saint-Étienne and Montréal last year.",
    "See https://example.org/über-uns for details.",
    "The word Schadenfreude has no exact English equivalent.",
    "Omega-3 acids, or Ω-3, are sold as ΩMEGA capsules in Москва and Αθήνα.",  # mentions, not fragments
    "The dance is called Hwajeontae (花前態舞) in Korean records.",  # a gloss after a transliteration
]


# One labelled table: (line, code) must fire; (line, None) must stay clean of that family's rules
# (residue negatives of every rule, foreign negatives of LNG rules).
LABELLED = ([("RES", line, code) for line, code in RESIDUE_POSITIVE]
            + [("", line, None) for line in RESIDUE_NEGATIVE]
            + [("LNG", line, code) for line, code in FOREIGN_POSITIVE]
            + [("LNG", line, None) for line in FOREIGN_NEGATIVE])


@pytest.mark.parametrize("family,line,code", LABELLED, ids=[f"{c or 'clean'}:{l[:30]}" for _, l, c in LABELLED])
def test_labelled_line(audit, family, line, code):
    found = rules_on_line(audit, line)
    if code:
        assert code in found
    else:
        assert not {c for c in found if c.startswith(family)}


def test_english_fragment_in_portuguese_document(audit):
    text = ("O conselho municipal aprovou o novo orçamento na terça-feira depois de um longo debate sobre as escolas.\n\n"
            "A oposição afirmou que o plano faz muito pouco pelos distritos rurais, onde várias escolas fecharam.\n\n"
            "Share this article with your friends\n\n"
            "O secretário das finanças disse que o orçamento será revisto na primavera, quando os números forem conhecidos.\n")
    assert "LNG002" in {f.rule for f in audit(text) if f.line == 5}


def test_foreign_message_names_both_languages(audit):
    finding = next(f for f in audit(ARTICLE.format(line="Заголовок открываемого материала")) if f.rule == "LNG001")
    assert "Russian" in finding.message and "English document" in finding.message


MOJIBAKE_POSITIVE = [
    ("Itâ€™s the councilâ€™s decision.", "MOJ001", "It’s the council’s decision."),
    ("FÃ¼r die Schule", "MOJ001", "Für die Schule"),
    ("Ïðèâåò, êàê äåëà ñåãîäíÿ?", "MOJ002", "Привет, как дела сегодня?"),
]
MOJIBAKE_NEGATIVE = [
    "Café, naïve and Ångström are fine.",
    "The temperature was 20 °C ± 2.",
    "Œuvres complètes, tome III.",
    "HÅØYA ER BLÅØYD",
]


@pytest.mark.parametrize("line,code,repaired", MOJIBAKE_POSITIVE)
def test_mojibake_positive_with_repair(audit, line, code, repaired):
    found = [f for f in audit(ARTICLE.format(line=line)) if f.line == 5 and f.rule == code]
    assert found and found[0].suggestion == repaired


@pytest.mark.parametrize("line", MOJIBAKE_NEGATIVE)
def test_mojibake_negative(audit, line):
    assert not {c for c in rules_on_line(audit, line) if c.startswith("MOJ")}


def test_hygiene_positions(audit):
    text = "Good line.\nThe Pre\u200bsident said\x07 no\ufffd.\n"
    found = {(f.rule, f.line, f.column, f.end_column) for f in audit(text)}
    assert ("ENC007", 2, 8, 9) in found
    assert ("ENC005", 2, 20, 21) in found
    assert ("ENC004", 2, 24, 25) in found
    suggestion = next(f.suggestion for f in audit(text) if f.rule == "ENC007")
    assert suggestion == "The President said\x07 no\ufffd."


def test_hygiene_negatives(audit):
    text = "Persian uses ZWNJ: می\u200cخواهم\nA lone \u200b line\nTabs\tare fine\r\n"
    assert not [f for f in audit(text) if f.rule in ("ENC005", "ENC007")]


def test_non_ascii_counts_match_a_count_by_character():
    """The counts the legacy test uses are made in C; they must be the per-character count
    (white space of every kind left out of the share; surrogates from undecodable bytes count)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from auditor.detectors.mojibake import _non_ascii, _non_ascii_share

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=st.characters(blacklist_categories=()), max_size=60))
    def agree(text):
        visible = [ch for ch in text if not ch.isspace()]
        assert _non_ascii(text) == sum(1 for ch in text if not ch.isascii())
        expected = sum(1 for ch in visible if not ch.isascii()) / len(visible) if visible else 0.0
        assert _non_ascii_share(text) == expected

    agree()
    assert _non_ascii("a\udcff\u00a0b") == 2 and _non_ascii_share("\u00a0\u2003 é") == 1.0


LONG_EN = ("The minister spoke for an hour about the plan for the new school and the roads. "
           "{middle} Nobody in the room was happy about the cost, and the vote was put off until next week.")


@pytest.mark.parametrize("middle, flagged", [
    # every word a common English word: no sentence is tested further, nothing to report
    ("The meeting ended late in the day, after a long talk about money.", False),
    # one sentence of another language among common English ones is still found, with its columns
    ("Die Sitzung wurde danach ohne Ergebnis auf die kommende Woche vertagt.", True),
    ("Nous avons attendu toute la nuit devant la porte de la mairie.", True),
    # a capital sigma in the line: every sentence is tested as before
    ("Die Sitzung der ΣΟΦΙΑ wurde danach ohne Ergebnis auf die kommende Woche vertagt.", True),
])
def test_sentences_of_common_english_words_are_passed_over_and_foreign_ones_found(audit, middle, flagged):
    found = [f for f in audit(ARTICLE.format(line=LONG_EN.format(middle=middle))) if f.line == 5 and f.rule == "LNG002"]
    assert bool(found) == flagged, found
    if flagged:
        assert found[0].column == LONG_EN.index("{middle}") + 1


def test_rare_words_are_the_lower_cased_words_off_the_english_list():
    from auditor.detectors.language import _rare_words

    line = "The Minister spoke. Die Sitzung wurde vertagt, sagte Grünberg."
    assert _rare_words(line, "en") == {"sitzung", "wurde", "vertagt", "sagte", "grünberg"}
    assert _rare_words("The minister spoke to the press.", "en") == set()
    assert _rare_words(line, "de") is None            # other languages: every sentence is tested
    assert _rare_words("Η ΟΔΟΣ. The road.", "en") is None  # final sigma: lower-casing depends on context
