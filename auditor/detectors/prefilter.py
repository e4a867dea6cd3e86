"""One RE2 scan of a document names the expressions (pack groups, ftfy's badness) that can
match in it at all.

Python's `re` tries every regex group on every line, and on clean text that was most of the
pack time although almost no group matches. RE2 matches a whole set of expressions in one
linear scan. The packs are written for Python's `re` (lookarounds, Unicode word boundaries,
long bounded repeats), so each group is translated into an RE2 expression that accepts *at
least* what the Python one accepts — assertions dropped, long repeats unbounded, \\w \\s \\d
spelled out from Python's own tables, Python's extra case equivalences (the Turkish i's) added
— and the exact answer still comes from Python's `re`, on the groups the scan names. A group
that cannot be translated is always named; so is every group when RE2 cannot take the text.
"""
from __future__ import annotations

import array
import re
from functools import cache
from re import _compiler as sre_compile
from re import _constants as sre_constants
from re import _parser as sre_parse

import re2

LONG_REPEAT = 8  # a repeat bounded above this is translated unbounded: RE2 programs stay small
TURKISH_I = "Iiİı"  # Python's re.IGNORECASE makes these four equal; RE2's case folding pairs only I and i
_CATEGORY_PATTERNS = {
    sre_constants.CATEGORY_WORD: r"\w", sre_constants.CATEGORY_NOT_WORD: r"\W",
    sre_constants.CATEGORY_SPACE: r"\s", sre_constants.CATEGORY_NOT_SPACE: r"\S",
    sre_constants.CATEGORY_DIGIT: r"\d", sre_constants.CATEGORY_NOT_DIGIT: r"\D",
}
_BEGIN = {sre_constants.AT_BEGINNING, sre_constants.AT_BEGINNING_LINE, sre_constants.AT_BEGINNING_STRING}
_END = {sre_constants.AT_END, sre_constants.AT_END_LINE, sre_constants.AT_END_STRING}
_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT}


class Untranslatable(ValueError):
    pass


def _char(code: int) -> str:
    return f"\\x{{{code:x}}}"


_COMPLEMENTS = {sre_constants.CATEGORY_NOT_WORD: sre_constants.CATEGORY_WORD,
                sre_constants.CATEGORY_NOT_SPACE: sre_constants.CATEGORY_SPACE,
                sre_constants.CATEGORY_NOT_DIGIT: sre_constants.CATEGORY_DIGIT}


@cache
def _category_spans(category, ascii_only: bool) -> tuple[tuple[int, int], ...]:
    """(first, last) code points of the runs of characters Python's `re` puts in a class escape
    (surrogates, which UTF-8 text cannot hold, left out); a negated escape is the complement."""
    if category in _COMPLEMENTS:
        spans, start = [], 0
        for first, last in _category_spans(_COMPLEMENTS[category], ascii_only) + ((0x110000, 0x110000),):
            for low, high in ((start, min(first, 0xD800) - 1), (max(start, 0xE000), first - 1)):
                if low <= high:
                    spans.append((low, high))
            start = last + 1
        return tuple(spans)
    regex = re.compile(_CATEGORY_PATTERNS[category] + "+", re.ASCII if ascii_only else 0)
    return tuple((first + m.start(), first + m.end() - 1) for first, block in _code_points()
                 for m in regex.finditer(block))


@cache
def _category_ranges(category, ascii_only: bool) -> str:
    """The class escape as RE2 class ranges."""
    return "".join(f"{_char(first)}-{_char(last)}" for first, last in _category_spans(category, ascii_only))


@cache
def _code_points() -> tuple[tuple[int, str], ...]:
    """Every code point but the surrogates, as (first code point, text) blocks."""
    return tuple((first, array.array("I", range(first, last)).tobytes().decode("utf-32-le"))
                 for first, last in ((0, 0xD800), (0xE000, 0x110000)))


def _class_items(items, flags: int) -> tuple[str, bool]:
    negate = False
    body = []
    for op, av in items:
        if op is sre_constants.NEGATE:
            negate = True
        elif op is sre_constants.LITERAL:
            body.append(_char(av))
        elif op is sre_constants.RANGE:
            body.append(f"{_char(av[0])}-{_char(av[1])}")
        elif op is sre_constants.CATEGORY:
            body.append(_category_ranges(av, bool(flags & re.ASCII)))
        else:
            raise Untranslatable(f"class item {op}")
    if not body:
        raise Untranslatable("empty class")
    return "".join(body), negate


def _python_extras(node, flags: int) -> str:
    """The Turkish i's that Python's `re` lets this one-character node match under IGNORECASE."""
    if not flags & re.IGNORECASE:
        return ""
    oracle = sre_compile.compile(sre_parse.SubPattern(sre_parse.State(), [node]), flags)
    return "".join(c for c in TURKISH_I if oracle.fullmatch(c))


def _node(node, flags: int) -> str:
    op, av = node
    if op is sre_constants.LITERAL:
        if flags & re.IGNORECASE and chr(av) in TURKISH_I:
            return "[" + "".join(_char(ord(c)) for c in TURKISH_I) + "]"
        return _char(av)
    if op is sre_constants.NOT_LITERAL:
        return "(?s:.)" if flags & re.IGNORECASE else f"[^{_char(av)}]"
    if op is sre_constants.ANY:
        return "(?s:.)" if flags & re.DOTALL else "."
    if op is sre_constants.IN or op is sre_constants.CATEGORY:
        body, negate = _class_items(av if op is sre_constants.IN else [(op, av)], flags)
        extras = _python_extras(node, flags)
        text = f"[{'^' if negate else ''}{body}]"
        return f"(?:{text}|[{''.join(_char(ord(c)) for c in extras)}])" if extras else text
    if op is sre_constants.BRANCH:
        return "(?:" + "|".join(_sequence(branch, flags) for branch in av[1]) + ")"
    if op is sre_constants.SUBPATTERN:
        _, add, remove, inner = av
        inner_flags = (flags | add) & ~remove
        text = _sequence(inner, inner_flags)
        if (inner_flags ^ flags) & re.IGNORECASE:
            return f"(?{'i' if inner_flags & re.IGNORECASE else '-i'}:{text})"
        return f"(?:{text})"
    if op in _REPEATS:
        low, high, inner = av
        text = f"(?:{_sequence(inner, flags)})"
        if high > LONG_REPEAT or low > LONG_REPEAT:
            return text + ("*" if low == 0 else "+")
        return text + f"{{{low},{high}}}"
    if op is sre_constants.AT:
        if av in _BEGIN:
            return "(?m:^)"
        if av in _END:
            return "(?m:$)"
        return ""  # \b and \B: RE2's are ASCII only, so none is wider than Python's Unicode ones
    if op is sre_constants.ASSERT or op is sre_constants.ASSERT_NOT:
        return ""
    if op is sre_constants.ATOMIC_GROUP:
        return f"(?:{_sequence(av, flags)})"
    if op is sre_constants.GROUPREF:
        return "(?s:.*)"
    if op is sre_constants.GROUPREF_EXISTS:
        _, yes, no = av
        return f"(?:{_sequence(yes, flags)}|{_sequence(no, flags) if no else ''})"
    raise Untranslatable(str(op))


def _sequence(items, flags: int) -> str:
    return "".join(_node(node, flags) for node in items)


def translate(pattern: str, flags: int, whole_line: bool) -> str:
    """An RE2 expression that matches every line Python's `re` matches with `pattern` (whole
    line: `fullmatch` on the line; else `search`), in a text of lines joined by newlines."""
    tree = sre_parse.parse(pattern, flags)
    flags = tree.state.flags
    text = _sequence(tree, flags)
    if flags & re.IGNORECASE:
        text = f"(?i:{text})"
    return f"(?m:^)(?:{text})(?m:$)" if whole_line else text


class Prefilter:
    """The groups (by index) whose translated expression matches somewhere in a text."""

    def __init__(self, expressions: list[tuple[str, int, bool]]):
        options = re2.Options()
        options.log_errors = False
        options.max_mem = 64 << 20
        self._set = re2.Set.SearchSet(options)
        self._members: list[int] = []
        always = []
        for group, (pattern, flags, whole_line) in enumerate(expressions):
            try:
                self._set.Add(translate(pattern, flags, whole_line))
                self._members.append(group)
            except (Untranslatable, re2.error):
                always.append(group)
        self.every = frozenset(range(len(expressions)))
        try:
            self._set.Compile()
        except re2.error:  # too big for RE2's memory budget: every group is tried, as without a prefilter
            always = list(self.every)
            self._members = []
        self.always = frozenset(always)

    def candidates(self, text: str) -> frozenset[int]:
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates (undecodable bytes kept): no verdict from RE2
            return self.every
        found = self._set.Match(data) if self._members else None
        if not found:
            return self.always
        members = self._members
        return self.always.union(members[index] for index in found)
