"""The line edits `auditor fix` makes from findings: labelled cases of what changes and what not."""
from __future__ import annotations

import pytest

from auditor import rules
from auditor.model import Document, Severity
from auditor.engine.document import analyze, audit_document
from auditor.repair.edits import edit_text
from auditor.repair.repairs import SelectionError, plan


@pytest.fixture(scope="module")
def fixed(detectors):
    def run(text: str, repairs=None):
        repairs = repairs or plan()
        findings = audit_document(analyze(Document("doc.txt", None, text)), detectors)
        return edit_text(text, findings, repairs)
    return run


ARTICLE = ("The council approved the harbour budget on Tuesday after a long debate.\n"
           "Members said the new quay would open to ferries next spring.\n")


@pytest.mark.parametrize("dirty, clean", [
    ("Trumpâ€™s plan was approved on Tuesday after a long debate.\n",
     "Trump’s plan was approved on Tuesday after a long debate.\n"),
    ("The Pre\u200bsident spoke to the council on Tuesday evening.\n",
     "The President spoke to the council on Tuesday evening.\n"),
    ("The council met\x07 on Tuesday to approve the harbour budget.\n",
     "The council met on Tuesday to approve the harbour budget.\n"),
    ("The council\x00 met on Tuesday to approve the harbour budget.\n",
     "The council met on Tuesday to approve the harbour budget.\n"),
])
def test_default_repairs_restore_the_text(fixed, dirty, clean):
    result = fixed(ARTICLE + dirty)
    assert result.text == ARTICLE + clean
    [edit] = result.edits
    assert edit.line == 3 and edit.before == dirty and edit.after == clean


@pytest.mark.parametrize("text", [
    ARTICLE,
    ARTICLE + "Johnson &amp; Johnson shares fell.\n",           # entity: not a default repair
    ARTICLE + "The \ufb01nancial report was late.\n",          # ligature: not a default repair
    ARTICLE + "Subscribe\n",                                   # residue is removed only when asked
    ARTICLE + "Заголовок открываемого материала\n",            # so is foreign text
])
def test_defaults_leave_these_alone(fixed, text):
    result = fixed(text)
    assert result.text == text and not result.edits


def test_opt_in_repairs(fixed):
    text = ARTICLE + "Johnson &amp; Johnson shares fell.\nThe \ufb01nancial report was late.\n"
    result = fixed(text, plan(apply=("ENC010", "ENC014")))
    assert result.text == ARTICLE + "Johnson & Johnson shares fell.\nThe financial report was late.\n"
    assert [e.rules for e in result.edits] == [("ENC010",), ("ENC014",)]


def test_residue_and_foreign_lines_removed_when_asked(fixed):
    text = ("Subscribe\n" + ARTICLE + "Заголовок открываемого материала\n"
            "Photo - Sputnik International\n")
    result = fixed(text, plan(apply=("RES", "LNG")))
    assert result.text == ARTICLE
    assert {e.line for e in result.edits} == {1, 4, 5}
    assert all(e.after == "" for e in result.edits)


def test_min_severity_keeps_lower_severity_removals(fixed):
    text = ARTICLE + "Subscribe\n"
    all_removed = fixed(text, plan(apply=("RES",)))
    only_errors = fixed(text, plan(apply=("RES",), min_severity=Severity.ERROR))
    assert all_removed.text == ARTICLE
    assert only_errors.text == text and only_errors.left


def test_line_endings_made_uniform(fixed):
    text = "First line of the text.\r\nSecond line of the text.\r\nThird line.\nFourth line.\n"
    result = fixed(text)
    assert result.text == "First line of the text.\r\nSecond line of the text.\r\nThird line.\r\nFourth line.\r\n"
    assert [e.line for e in result.edits] == [3, 4] and all(e.rules == ("ENC011",) for e in result.edits)
    assert fixed(text, plan(skip=("ENC011",))).text == text


def test_lone_carriage_returns_become_line_breaks(fixed):
    result = fixed("One line here.\nTwo lines\rin one.\nThree.\n")
    assert result.text == "One line here.\nTwo lines\nin one.\nThree.\n"


def test_mojibake_without_a_repair_is_left_for_review():
    text = ARTICLE + "¹è°æ À̹ÌÁö\n"
    lossy = rules.make("MOJ001", "doc.txt", None, "mojibake that cannot be repaired automatically", line=3,
                       column=1, end_column=12)
    repaired = rules.make("MOJ001", "doc.txt", None, "mojibake", line=3, column=1, end_column=12,
                          suggestion="배경 이미지")
    left = edit_text(text, [lossy], plan())
    assert left.text == text and left.left == [lossy] and not left.applied
    done = edit_text(text, [repaired], plan())
    assert done.text == ARTICLE + "배경 이미지\n" and done.applied == [repaired]
    dropped = edit_text(text, [lossy], plan(drop_unrepairable=True))
    assert dropped.text == ARTICLE and dropped.edits[0].rules == ("MOJ001",)


def test_plan_selection():
    assert plan().applies("MOJ001") and not plan().applies("RES001")
    assert plan(apply=("ALL",)).applies("RES011")
    assert not plan(skip=("MOJ",)).applies("MOJ002")
    assert plan(skip=("ENC",)).applies("ENC001")  # the copy is UTF-8 whatever is skipped
    with pytest.raises(SelectionError):
        plan(apply=("XYZ",))


def test_a_repair_that_uncovers_another_layer_is_repaired_again():
    from auditor.repair.files import mojibake_left

    text = ARTICLE + "Trumpâ€šÃ„Ã´s plan\n"
    one_layer = rules.make("MOJ001", "doc.txt", None, "mojibake", line=3, column=1, end_column=18,
                           suggestion="Trumpâ€™s plan")  # what a scan that saw one layer would suggest
    result = edit_text(text, [one_layer], plan(), mojibake_left)
    assert result.text == ARTICLE + "Trump’s plan\n"
    assert edit_text(text, [one_layer], plan()).text == ARTICLE + "Trumpâ€™s plan\n"  # without the second look
