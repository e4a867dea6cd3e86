"""Character hygiene rules, each with cases that must fire (at the right columns, with the repair)
and cases that only look similar."""
from __future__ import annotations

import pytest


def found(audit, text, code):
    return [f for f in audit(text) if f.rule == code]


@pytest.mark.parametrize("text, code, span, suggestion", [
    ("Share on \uf09a Facebook", "ENC008", "\uf09a", "Share on  Facebook"),
    ("Rating \U000f0001\U000f0002 stars", "ENC008", "\U000f0001\U000f0002", "Rating  stars"),
    ("The cafe\u0301 reopened.", "ENC009", "e\u0301", "The café reopened."),
    ("\u1100\u1161\u11a8 is one syllable", "ENC009", "\u1100\u1161\u11a8", "각 is one syllable"),
    ("Johnson &amp; Johnson", "ENC010", "&amp;", "Johnson & Johnson"),
    ("The bank&#8217;s statement", "ENC010", "&#8217;", "The bank’s statement"),
    ("Prices&nbsp;rose", "ENC010", "&nbsp;", "Prices\u00a0rose"),
    ("Caf&#xE9; open", "ENC010", "&#xE9;", "Café open"),
    ("The \ufb01nancial year", "ENC014", "\ufb01", "The financial year"),
    ("An e\ufb03cient plan", "ENC014", "\ufb03", "An efficient plan"),
    ("dovo\u01c9no dobro", "ENC014", "\u01c9", "dovoljno dobro"),
    ("\u0149 Kaapstad", "ENC014", "\u0149", "\u02bcn Kaapstad"),
])
def test_fires_at_the_span_with_the_repair(audit, text, code, span, suggestion):
    [finding] = found(audit, text, code)
    assert text[finding.column - 1:finding.end_column - 1] == span
    assert finding.suggestion == suggestion


@pytest.mark.parametrize("text", [
    "The café reopened.",                 # composed already
    "שָׁלוֹם עֲלֵיכֶם",                     # Hebrew points have no composed form
    "नमस्ते दुनिया",                        # Devanagari signs likewise
    "AT&T; R&D and Q&A sessions",         # ampersands, not entities
    "Write &foo; to get a foo",           # not a known entity
    "Tom & Jerry",
    "The financial year",                 # the letters, not the ligature
    "dovoljno dobro, Ljubljana",          # Croatian 'lj' as two letters
    "Æsop and Œdipus, straße",            # letters of their own, not compatibility ligatures
])
def test_look_alikes_stay_quiet(audit, text):
    assert not [f for f in audit(text) if f.rule in ("ENC008", "ENC009", "ENC010", "ENC014")]


def test_mojibake_behind_html_entities_is_repaired(audit):
    # UTF-8 'μ' read as Latin-1 is 'Î¼'; a scraper that escaped the '¼' leaves 'Î&frac14;'
    [finding] = [f for f in audit("It took 10\u00ce&frac14;s to run.") if f.category == "mojibake"]
    assert finding.suggestion == "It took 10\u03bcs to run."
    assert finding.message.endswith("unescape HTML entities, then encode as latin-1, then decode as utf-8")
    assert not [f for f in audit("Fish &amp; chips at &pound;5, caf&eacute; au lait.") if f.category == "mojibake"]


def test_mixed_line_endings(audit):
    text = "First line.\r\nSecond line.\r\nThird line.\nFourth line.\n"
    [finding] = found(audit, text, "ENC011")
    assert finding.line == 3 and "2 CRLF, 2 LF" in finding.message
    assert not found(audit, text.replace("\r\n", "\n"), "ENC011")
    assert not found(audit, text.replace("\r\n", "\n").replace("\n", "\r\n"), "ENC011")
    [lone] = found(audit, "One.\nTwo.\rThree.\nFour.\n", "ENC011")
    assert "lone CR" in lone.message and lone.line == 2


# Legacy code pages read through others: the strings are made here from our own words, so the
# test says exactly which confusion each line is.
LEGACY = [
    ("ファイルを開く", "shift_jis", "cp1252"),
    ("게시물 저장", "euc-kr", "cp1252"),
    ("你好，世界", "gbk", "cp1252"),
    ("Редактировать запись", "cp1251", "cp1252"),
    ("Удалить комментарий", "cp1251", "koi8-r"),
]


@pytest.mark.parametrize("original, real, shown", LEGACY, ids=[f"{r}-as-{s}" for _, r, s in LEGACY])
def test_legacy_confusions_are_repaired(audit, original, real, shown):
    garbled = original.encode(real).decode(shown)
    [finding] = [f for f in audit(garbled) if f.category == "mojibake"]
    assert finding.rule == "MOJ002" and finding.suggestion == original


def test_utf8_read_as_gbk_with_lost_bytes_is_found(audit):
    garbled = "保存失败，请重试。".encode("utf-8").decode("gbk", errors="replace")
    [finding] = [f for f in audit(garbled) if f.rule == "MOJ002"]
    assert "already lost" in finding.message and finding.suggestion.startswith("保存失败")


@pytest.mark.parametrize("text", [
    "Um forte abraço, fique com Deus e até a próxima.",
    "Noch eine Zeile mit Umlauten: äöü ß",
    "Déjà vu: café, crème brûlée et hôtel.",
    "北京是中国的首都，上海是最大的城市。",
    "東京は日本の首都です。",
    "ООН и НАТО провели встречу в Женеве.",
    "“Hello,” she said — it’s fine…",
])
def test_real_text_is_not_legacy_mojibake(audit, text):
    assert not [f for f in audit(text) if f.category == "mojibake"]
