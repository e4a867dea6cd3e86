"""Apply the planned repairs to one document's text, line by line, keeping what changed.

Findings locate lines as the detectors saw them: the text split at '\\n', a trailing '\\r' not
part of the line. Each line is changed at most once, in a fixed order, so overlapping findings
cannot undo one another: a removal wins over everything; otherwise a suggested line (the
mojibake repair) replaces the line, then partial removals, then the character repairs of the
rules reported on it, then its line ending.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..model import Finding
from .repairs import CHAR_ORDER, REPAIRS, Plan

LINE_BREAK = re.compile("\r\n|\n|\r")
SEAM_SPACES = re.compile(r"[ \t]{2,}")
MORE_LAYERS = 2  # mojibake layers a repaired line is checked for beyond the one the scan saw


@dataclass(slots=True)
class LineEdit:
    line: int      # 1-based line of the document text
    before: str    # the line with its ending, as it was
    after: str     # what replaced it ("" when removed)
    rules: tuple[str, ...]


@dataclass(slots=True)
class Edited:
    text: str
    edits: list[LineEdit] = field(default_factory=list)
    applied: list[Finding] = field(default_factory=list)
    left: list[Finding] = field(default_factory=list)   # findings this plan leaves for review


def _ending_target(text: str) -> str:
    first = LINE_BREAK.search(text)
    return first.group() if first else "\n"


def _covers_whole(finding: Finding, number: int, content: str) -> bool:
    starts_here = number > finding.line or (finding.column or 1) <= 1 or not content[:(finding.column or 1) - 1].strip()
    end_line = finding.end_line or finding.line
    end_column = finding.end_column or len(content) + 1
    ends_here = number < end_line or end_column > len(content) or not content[end_column - 1:].strip()
    return starts_here and ends_here


def _remove_spans(content: str, spans: list[tuple[int, int]]) -> str:
    """Cut the spans (0-based, end exclusive; right to left, overlaps skipped) and tidy the seams."""
    limit = len(content) + 1
    for start, end in sorted(spans, reverse=True):
        if end > limit:
            continue
        head, tail = content[:start], content[end:]
        if not head.strip():
            content = tail.lstrip()
        elif not tail.strip():
            content = head.rstrip()
        else:
            seam = SEAM_SPACES.sub(" ", head[-2:] + tail[:2], count=1)
            content = head[:-2] + seam + tail[2:]
        limit = start
    return content


def edit_text(text: str, findings: list[Finding], plan: Plan, recheck=None) -> Edited:
    """The text with every applicable finding repaired; findings not repaired are `left`.
    `recheck(line)` looks at a repaired line again (the mojibake finding on it, or None)."""
    parts = text.split("\n")
    per_line: dict[int, list[Finding]] = defaultdict(list)
    endings = False
    result = Edited(text)
    for finding in findings:
        repair = REPAIRS.get(finding.rule)
        if repair is None or not plan.applies(finding.rule) or finding.line is None:
            if repair is not None and repair.action == "inherent" and plan.applies(finding.rule):
                result.applied.append(finding)
            else:
                result.left.append(finding)
            continue
        if repair.action == "suggestion" and not finding.suggestion and not (
                plan.drop_unrepairable and finding.category == "mojibake"):
            result.left.append(finding)  # damage with no safe repair
            continue
        if repair.action == "remove" and not plan.removes(finding.rule, finding.severity):
            result.left.append(finding)
            continue
        if repair.action == "endings":
            endings = True
            result.applied.append(finding)
            continue
        for number in range(finding.line, (finding.end_line or finding.line) + 1):
            if 1 <= number <= len(parts):
                per_line[number].append(finding)
        result.applied.append(finding)
    target = _ending_target(text) if endings else None
    if not per_line and target is None:
        return result
    out: list[str] = []
    for number, part in enumerate(parts, 1):
        last = number == len(parts)
        content, ending = (part[:-1], "\r") if part.endswith("\r") else (part, "")
        ending += "" if last else "\n"
        before = content + ending
        here = per_line.get(number, ())
        new, rules = _repaired(content, number, here, plan, recheck)
        if new is None:
            after = ""
        else:
            if target is not None:
                uniform, uniform_ending = LINE_BREAK.sub(target, new), target if ending else ""
                if uniform + uniform_ending != new + ending:
                    rules += ("ENC011",)
                new, ending = uniform, uniform_ending
            after = new + ending
        out.append(after)
        if after != before:
            result.edits.append(LineEdit(number, before, after, tuple(dict.fromkeys(rules))))
    result.text = "".join(out)
    return result


def _repaired(content: str, number: int, findings, plan: Plan, recheck=None) -> tuple[str | None, tuple[str, ...]]:
    """The line's new content (None: removed) and the rules that changed it."""
    if not findings:
        return content, ()
    # removals: residue and foreign text, and (when the plan drops them) mojibake lines no
    # repair can restore, which reach this point only then
    removals = [f for f in findings if REPAIRS[f.rule].action == "remove"
                or (REPAIRS[f.rule].action == "suggestion" and not f.suggestion)]
    whole = [f.rule for f in removals if _covers_whole(f, number, content)]
    if whole:
        return None, tuple(whole)
    rules: list[str] = []
    new = content
    suggested = [f for f in findings if REPAIRS[f.rule].action == "suggestion" and f.line == number == (f.end_line or f.line)]
    if suggested:
        best = min(suggested, key=lambda f: (not f.rule.startswith("MOJ"), f.rule))
        new = best.suggestion
        rules.append(best.rule)
        for _ in range(MORE_LAYERS if recheck else 0):
            # a repair can uncover another layer of garbling the scan could not see
            again = recheck(new)
            if again is None:
                break
            if not again.suggestion:
                if plan.drop_unrepairable:
                    return None, tuple(rules)
                break
            new = again.suggestion
    elif removals:
        spans = [((f.column or 1) - 1 if f.line == number else 0,
                  (f.end_column or len(content) + 1) - 1 if (f.end_line or f.line) == number else len(content))
                 for f in removals]
        new = _remove_spans(content, spans)
        rules.extend(f.rule for f in removals)
        if not new.strip():
            return None, tuple(rules)
    present = {f.rule for f in findings}
    if suggested:
        # the scan saw the garbled line; characters its repair brings out (U+FFFD where bytes
        # were lost, a ligature) get the character repairs the plan applies anywhere
        present |= {code for code in CHAR_ORDER if plan.applies(code)}
    for code in CHAR_ORDER:
        if code in present:
            changed = REPAIRS[code].rewrite(new)
            if changed != new:
                new = changed
                rules.append(code)
    return new, tuple(rules)
