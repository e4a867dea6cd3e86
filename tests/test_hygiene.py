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
])
def test_look_alikes_stay_quiet(audit, text):
    assert not [f for f in audit(text) if f.rule in ("ENC008", "ENC009", "ENC010")]


def test_mixed_line_endings(audit):
    text = "First line.\r\nSecond line.\r\nThird line.\nFourth line.\n"
    [finding] = found(audit, text, "ENC011")
    assert finding.line == 3 and "2 CRLF, 2 LF" in finding.message
    assert not found(audit, text.replace("\r\n", "\n"), "ENC011")
    assert not found(audit, text.replace("\r\n", "\n").replace("\n", "\r\n"), "ENC011")
    [lone] = found(audit, "One.\nTwo.\rThree.\nFour.\n", "ENC011")
    assert "lone CR" in lone.message and lone.line == 2
