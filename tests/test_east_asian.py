"""East Asian and other legacy files: every encoding told apart by its structure, and the residue
detector accepting any text.

tests/encodings/ holds our own sentences saved in the encodings scraped files come in
(tests/encodings/make.py wrote them; labels.json names each file's text and encoding): EUC-JP,
Shift_JIS, cp932, ISO-2022-JP, GB2312, GBK, GB18030, HZ, Big5, EUC-KR, cp949, ISO-2022-KR,
windows-1250, ISO-8859-2, cp1251, KOI8-R, cp1253, UTF-16 and UTF-32 without a byte-order mark
(and UTF-32 with one), short and long. The negatives are ASCII text with stray NULs (UTF-8 with
control characters, not UTF-16 Chinese) and ASCII text with a '~{' in it (not HZ).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.config import Settings
from auditor.detectors.residue import ResidueDetector
from auditor.engine.document import analyze
from auditor.engine.scan import finish, scan_file
from auditor.lexicon import cjk_coherence
from auditor.model import Document
from auditor.sources.decoding import decode
from auditor.sources.discovery import discover

ENCODINGS = Path(__file__).resolve().parent / "encodings"
LABELS = json.loads((ENCODINGS / "labels.json").read_text(encoding="utf-8"))


def _reads_exactly(raw: bytes, reported: str, text: str) -> bool:
    try:
        return raw.decode(reported).lstrip("\ufeff") == text
    except (LookupError, UnicodeDecodeError):
        return False


@pytest.mark.parametrize("name", sorted(LABELS))
def test_the_reported_encoding_reads_the_file_exactly(name):
    raw = (ENCODINGS / name).read_bytes()
    decoded = decode(raw)
    assert decoded.text.lstrip("\ufeff") == LABELS[name]["text"], (name, decoded.encoding)
    assert _reads_exactly(raw, decoded.encoding, LABELS[name]["text"]), (name, decoded.encoding)


def test_the_scan_reports_them_without_a_failed_detector(tmp_path):
    results = [scan_file(inp, Settings()) for inp in discover([str(ENCODINGS)]) if inp.display.endswith(".txt")]
    assert len(results) == len(LABELS)
    for result in results:
        name = Path(result.path).name
        assert _reads_exactly((ENCODINGS / name).read_bytes(), result.encoding, LABELS[name]["text"]), \
            (name, result.encoding)
        assert not [f for f in result.findings if f.rule.startswith(("AUD", "IO"))], name


@pytest.mark.parametrize("name, family", [
    ("ko.euc_kr.txt", {"euc_kr", "cp949"}), ("ko.cp949.txt", {"euc_kr", "cp949"}),
    ("ko.iso2022_kr.txt", {"iso2022_kr"}), ("ja.iso2022_jp.txt", {"iso2022_jp"}), ("zh.hz.txt", {"hz"}),
    ("ja.shift_jis.txt", {"shift_jis", "cp932"}), ("ja.utf-32-le.txt", {"utf-32-le"}),
    ("ru.utf-16-be.txt", {"utf-16-be"}), ("en-tilde.ascii.txt", {"utf-8"}),
    ("en-stray-nuls.utf-8.txt", {"utf-8"}),
])
def test_the_encoding_named_is_the_family_written(name, family):
    """Readings that decode the same bytes by chance (EUC-KR as GB18030, ASCII with NULs as
    UTF-16) are not enough: the name is the family the file was written in."""
    assert decode((ENCODINGS / name).read_bytes()).encoding in family


def test_cjk_coherence_tells_a_right_reading_from_a_wrong_one():
    korean = LABELS["ko.euc_kr.txt"]["text"].encode("euc_kr")
    japanese = LABELS["ja.shift_jis.txt"]["text"].encode("euc_jp")
    assert cjk_coherence(korean.decode("euc_kr")) > 0.9 > 0.5 > cjk_coherence(korean.decode("gb18030"))
    assert cjk_coherence(japanese.decode("euc_jp")) > 0.9 > cjk_coherence(japanese.decode("gb18030"))
    assert cjk_coherence("The harbour reopened.") is None  # no CJK letters: nothing to say


PROSE = ("The harbour authority opened the new ferry terminal on Monday morning after two years of "
         "building work, and passengers praised the wider waiting hall and the covered walkway.")


def test_lines_of_ideographic_spaces_around_chrome_do_not_crash_the_residue_detector():
    """The crash: a line of U+3000 (the ideographic space of CJK text) was blank to the block
    finder and visible to the chrome regions, so its block size was missing (KeyError)."""
    lines = ["Menu", "\u3000", "Home", "", PROSE, "", PROSE.replace("Monday", "Friday"), "",
             PROSE.replace("harbour", "port"), "", "\u3000\u3000", "Share", "\u3000", "Login", "About", "\u2028"]
    findings = list(ResidueDetector().check(analyze(Document("page.txt", None, "\n".join(lines)))))
    assert {(f.rule, f.line) for f in findings} >= {("RES001", 1), ("RES001", 12)}
    assert not [f for f in findings if f.line in (2, 11, 13, 16)]  # blank to the eye: never residue


def test_an_euc_jp_page_with_ideographic_space_lines_is_audited(tmp_path):
    text = ("メニュー\n\u3000\nホーム\n\n" + LABELS["ja.euc_jp.txt"]["text"] + "\n\u3000\u3000\nシェアする\n\u3000\n"
            "ログイン\n会社概要\n\u3000\n")
    path = tmp_path / "page.txt"
    path.write_bytes(text.encode("euc_jp"))
    [result] = finish([scan_file(inp, Settings()) for inp in discover([str(path)])], Settings()).files
    assert result.encoding == "euc_jp"
    assert not [f for f in result.findings if f.rule.startswith("AUD")]


# any character of any plane (no lone surrogates: they are not text), white space of every kind
# weighted up, around an article body so that the body, block and region rules all run
ANY_LINE = st.text(st.one_of(st.characters(blacklist_categories=("Cs",)),
                             st.sampled_from(" \t\u3000\u2028\u2029\x0b\x0c\x1c\x85\u00a0\u200b\ufeff\u1680")),
                   max_size=30)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ANY_LINE, max_size=12), st.lists(ANY_LINE, max_size=12), st.lists(ANY_LINE, max_size=4))
def test_the_residue_detector_accepts_any_text(before, after, between):
    lines = before + ["", PROSE, ""] + between + ["", PROSE.replace("Monday", "Friday"), "",
                                                  PROSE.replace("harbour", "port"), ""] + after
    text = "\n".join(lines)
    findings = list(ResidueDetector().check(analyze(Document("any.txt", None, text))))
    assert all(1 <= f.line <= text.count("\n") + 1 for f in findings if f.line is not None)
