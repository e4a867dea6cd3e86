"""One RE2 scan of a document names the expressions (pack groups, ftfy's badness) that can
match in it at all.

Python's `re` tries every regex group on every line, and on clean text that was most of the
pack time although almost no group matches. RE2 matches a whole set of expressions in one
linear scan. The packs are written for Python's `re` (lookarounds, Unicode word boundaries,
long bounded repeats), so each group is translated into an RE2 expression that accepts *at
least* what the Python one accepts: assertions dropped, long repeats unbounded, \\w \\s \\d
exact on ASCII and widened to every other character, Python's extra case equivalences (the
Turkish i's) added. The exact answer still comes from Python's `re`, on the groups the scan
names. A group that cannot be translated is always named; so is every group when RE2 cannot
take the text or gives up on it.
"""
from __future__ import annotations

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


NON_ASCII = "\\x{80}-\\x{10ffff}"
_NEGATED = {sre_constants.CATEGORY_NOT_WORD, sre_constants.CATEGORY_NOT_SPACE, sre_constants.CATEGORY_NOT_DIGIT}


@cache
def _ascii_ranges(category, ascii_only: bool) -> str:
    """The ASCII characters Python's `re` puts in a class escape, as RE2 class ranges."""
    regex = re.compile(_CATEGORY_PATTERNS[category], re.ASCII if ascii_only else 0)
    codes = [code for code in range(128) if regex.fullmatch(chr(code))]
    runs: list[list[int]] = []
    for code in codes:
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(f"{_char(first)}-{_char(last)}" for first, last in runs)


def _category(category, flags: int, wide: bool) -> str:
    """A class escape in RE2: exact on ASCII (Python's own answer for each character); beyond
    it every character when `wide` (a superset of Python's class, for a class that is not
    negated) or none (a subset, for a negated class, whose complement is then a superset);
    under re.ASCII exact everywhere. (Spelled out exactly, \\w alone is 734 ranges: a program
    seven times the size and a slower start, for text that is mostly ASCII.)"""
    if flags & re.ASCII:  # Python's classes are ASCII only: the negated ones hold everything else
        return _ascii_ranges(category, True) + (NON_ASCII if category in _NEGATED else "")
    return _ascii_ranges(category, False) + (NON_ASCII if wide else "")


def _class_items(items, flags: int) -> tuple[str, bool]:
    negate = any(op is sre_constants.NEGATE for op, _ in items)
    body = []
    for op, av in items:
        if op is sre_constants.NEGATE:
            continue
        elif op is sre_constants.LITERAL:
            body.append(_char(av))
        elif op is sre_constants.RANGE:
            body.append(f"{_char(av[0])}-{_char(av[1])}")
        elif op is sre_constants.CATEGORY:
            body.append(_category(av, flags, wide=not negate))
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


SET_SIZE = 25  # expressions per RE2 set
MAX_MEM = 3 << 20  # bytes RE2 may use for one set: its program and its cache of DFA states
# A DFA's states multiply with the expressions it runs together: all 110 pack groups in one set
# needed 16 MB of states not to start its cache over and over (4 MB: three times as slow); in
# sets of 25 the scan is as fast with 3 MB each (110 groups on 7 MB of news: one set 0.125 s and
# 13 MB, five sets 0.113 s and 4 MB).


class Prefilter:
    """The groups (by index) whose translated expression matches somewhere in a text.

    The groups are scanned in sets of SET_SIZE. Each set holds one more expression, the empty
    one, which matches every text: RE2 answers a search that ran out of memory with no match at
    all, so an answer without it means "no verdict", and every group is named."""

    def __init__(self, expressions: list[tuple[str, int, bool]], max_mem: int = MAX_MEM):
        options = re2.Options()
        options.log_errors = False
        options.max_mem = max_mem
        self.every = frozenset(range(len(expressions)))
        self._sets: list[tuple[re2.Set, list[int | None]]] = []
        always: list[int] = []
        for first in range(0, len(expressions), SET_SIZE):
            scan = re2.Set.SearchSet(options)
            scan.Add("")
            members: list[int | None] = [None]  # the first member is the sentinel
            for group in range(first, min(first + SET_SIZE, len(expressions))):
                pattern, flags, whole_line = expressions[group]
                try:
                    scan.Add(translate(pattern, flags, whole_line))
                    members.append(group)
                except (Untranslatable, re2.error, RecursionError):
                    always.append(group)
            try:
                scan.Compile()
            except re2.error:  # too big for RE2's memory budget: its groups are tried, as without a prefilter
                always.extend(group for group in members if group is not None)
                continue
            if len(members) > 1:
                self._sets.append((scan, members))
        self.always = frozenset(always)

    def candidates(self, text: str) -> frozenset[int]:
        if not self._sets:
            return self.always
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates (undecodable bytes kept): no verdict from RE2
            return self.every
        named = set(self.always)
        for scan, members in self._sets:
            found = scan.Match(data)
            if not found:  # not even the sentinel: RE2 gave up
                return self.every
            named.update(members[index] for index in found if index)
        return frozenset(named)
