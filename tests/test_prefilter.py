"""The RE2 prefilter names every group Python's `re` would match, and skips groups that cannot.

A group it failed to name would be a residue line silently missed, so the translation is
checked construct by construct against Python's own answer, the class escapes code point by
code point, and the document path of the matcher against the per-line one on real files and
on every pack example.
"""
from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path
from re import _constants as sre_constants

import pytest
import re2

from auditor.detectors.packs import build, default_matcher
from auditor.detectors.prefilter import Prefilter, _category, translate

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
PROSE = ("The council approved the budget on Tuesday after a long debate about the new school.",
         "Residents who spoke at the meeting asked for more money for the roads near the river.")


def named(pattern: str, flags: int, text: str, whole_line: bool = True) -> bool:
    return 0 in Prefilter([(pattern, flags, whole_line)]).candidates(text)


@pytest.mark.parametrize("pattern, flags, line", [
    (r".{0,40}Credit(?<= Credit): [A-Z][^.!?]{0,80}", 0, "Photo Credit: Jane Roe for the Herald"),   # lookbehind
    (r"(?:Follow|FOLLOW) (?!Up\b)[A-Z]\w+", 0, "Follow Reuters"),                            # lookahead
    (r".{1,160} \(AP\)", 0, "A crowd gathers outside the court in Jackson " * 3 + "(AP)"),  # long repeat
    (r"\bcaption\b: .+", re.IGNORECASE, "CAPTION: a boy on the pier"),                       # \b, case
    (r"\bÚltima hora\b", re.IGNORECASE, "ÚLTIMA HORA"),                                     # \b by a non-ASCII letter
    (r"ilgili haberler", re.IGNORECASE, "İLGİLİ HABERLER"),                                  # Turkish dotted I
    (r"ILGILI HABERLER", re.IGNORECASE, "ılgılı haberler"),                                  # Turkish dotless i
    (r"[a-z]{2}ilgili", re.IGNORECASE, "XYİLGİLİ"),                                          # class next to Turkish i
    (r"[^\W\d_]+ \d+", 0, "Straße 12"),                                                      # negated class escapes
    (r"\w+ \w+", 0, "Новости дня"),                                                         # \w beyond Latin
    (r"[\w'’.&-]+ More", 0, "O’Brien’s More"),
    (r"(\w+) and \1", 0, "salt and salt"),                                                   # back reference
    (r"(<)?item(?(1)>|)", 0, "<item>"),                                                      # conditional
    (r"(?i:share) THIS", 0, "SHARE THIS"),                                                   # inline flag on
    (r"(?-i:Share) this", re.IGNORECASE, "Share THIS"),                                      # inline flag off
    (r"[^x]+x", re.IGNORECASE, "abcX"),
    (r"(?s:.)+end", 0, "start end"),
    (r"\w+ to \S+@\S+\.\w{2,}", 0, "write to news@example.org"),
])
def test_every_construct_names_what_python_matches(pattern, flags, line):
    assert re.compile(pattern, flags).fullmatch(line), "the case itself must match in Python"
    assert named(pattern, flags, line)
    assert named(pattern, flags, "\n".join((PROSE[0], line, PROSE[1])))  # a line among others


@pytest.mark.parametrize("pattern, flags, text", [
    (r"Advertisement", re.IGNORECASE, "The advertisement ran on Sunday."),
    (r".{1,160} \(AP\)", 0, "\n".join(PROSE)),
    (r"(?:Follow|FOLLOW) [A-Z]\w+", 0, "They follow the river."),
    (r"\d{2}/\d{2}/\d{4}", 0, "no dates here"),
])
def test_groups_that_cannot_match_are_not_named(pattern, flags, text):
    """The point of the scan: a whole-line group matching nowhere in the document is skipped."""
    assert not any(re.compile(pattern, flags).fullmatch(line) for line in text.split("\n"))
    assert not named(pattern, flags, text)


def test_search_groups_are_named_for_a_match_inside_a_line():
    line = "Hello {{ user.name }}, your order shipped."
    assert named(r"\{\{.{0,200}?\}\}", 0, line, whole_line=False)
    assert not named(r"\{\{.{0,200}?\}\}", 0, "\n".join(PROSE), whole_line=False)


CATEGORIES = {sre_constants.CATEGORY_WORD: r"\w", sre_constants.CATEGORY_NOT_WORD: r"\W",
              sre_constants.CATEGORY_SPACE: r"\s", sre_constants.CATEGORY_NOT_SPACE: r"\S",
              sre_constants.CATEGORY_DIGIT: r"\d", sre_constants.CATEGORY_NOT_DIGIT: r"\D"}
SAMPLES = ["é", "ß", "Ж", "ж", "٣", "५", "中", "\u00a0", "\u2003", "\u0085", "\u0301", "½", "ⅷ", "\U0001d400", "\U0001f600"]


@pytest.mark.parametrize("category", list(CATEGORIES))
@pytest.mark.parametrize("flags", [0, re.ASCII])
def test_class_escapes_are_exact_on_ascii_and_wide_or_narrow_beyond(category, flags):
    """On every ASCII character the RE2 class answers as Python's; beyond ASCII the wide form
    takes every character (a superset, for plain classes) and the narrow form none (a subset,
    for negated classes)."""
    python = re.compile(CATEGORIES[category], flags)
    wide = re2.compile(f"[{_category(category, flags, wide=True)}]")
    narrow = re2.compile(f"[{_category(category, flags, wide=False)}]")
    for code in range(128):
        expected = bool(python.fullmatch(chr(code)))
        assert bool(wide.fullmatch(chr(code))) == expected == bool(narrow.fullmatch(chr(code))), (category, code)
    for ch in SAMPLES:
        if flags & re.ASCII:  # exact
            assert bool(wide.fullmatch(ch)) == bool(python.fullmatch(ch)) == bool(narrow.fullmatch(ch)), (category, ch)
        else:
            assert wide.fullmatch(ch) and not narrow.fullmatch(ch), (category, ch)


CASED_BLOCKS = set(range(0xA640, 0xA800)) | set(range(0xFF00, 0x10000)) | set(range(0x10400, 0x10500)) | \
    set(range(0x10C80, 0x10D00)) | set(range(0x118A0, 0x11900)) | set(range(0x16E40, 0x16EA0)) | set(range(0x1E900, 0x1E960))


@pytest.mark.parametrize("pattern, flags", [(r"[^\W\d_]", 0), (r"[\w'’.&-]", 0), (r"[^\s]", 0), (r"\d", 0),
                                            (r"[^a-z]", re.IGNORECASE), (r"[^\d\s]", re.IGNORECASE),
                                            (r"[a-z]", re.IGNORECASE), (r"[^\W_]", re.IGNORECASE)])
def test_classes_accept_every_character_python_accepts(pattern, flags):
    """One class, plain or negated, with and without IGNORECASE: wherever Python's class matches,
    so does the translation. Every code point below U+3000 and in the later blocks that have
    case pairs, one in 97 elsewhere."""
    python = re.compile(pattern, flags)
    ours = re2.compile(translate(pattern, flags, whole_line=False))
    codes = [code for code in range(1, 0x110000) if code < 0x3000 or code in CASED_BLOCKS or code % 97 == 0]
    block = "".join(chr(code) for code in codes if not 0xD800 <= code < 0xE000)  # NUL is the mark
    theirs, mine = python.sub("\0", block), ours.sub("\0", block)
    for run in re.finditer("\0+", theirs):
        assert mine[run.start():run.end()] == run.group(), (pattern, hex(ord(block[run.start()])))


def test_translation_of_every_bundled_group_compiles_in_re2():
    matcher = default_matcher()
    for _, _, _, regex, search, _ in matcher.regexes:
        re2.compile(translate(regex.pattern, regex.flags, not search))
    assert not matcher.prefilter.always  # no group falls back to being tried everywhere


def test_text_with_lone_surrogates_names_every_group():
    prefilter = Prefilter([("abc", 0, True), ("xyz", 0, True)])
    assert prefilter.candidates("abc\n\udcff") == {0, 1}


def _pack_examples():
    folder = resources.files("auditor").joinpath("data/residue")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            for group in tomllib.loads(entry.read_text("utf-8")).get("group", []):
                for pattern in group.get("patterns", []):
                    yield pattern["match"]
                    yield pattern["clean"]


def _per_line(matcher, lines):
    return {i: hit for i, line in enumerate(lines) if (hit := matcher.match(line))}


def test_document_path_equals_per_line_path_on_every_pack_example():
    """Each example line inside an article: the prefiltered document path gives the same hit as
    matching the line alone with every group."""
    matcher = default_matcher()
    for example in _pack_examples():
        lines = [PROSE[0], "", example, "", PROSE[1]]
        assert matcher.match_lines(lines) == _per_line(matcher, lines), example


def test_document_path_equals_per_line_path_on_the_bundled_corpora():
    matcher = default_matcher()
    checked = hits = 0
    for path in sorted(CORPORA.rglob("*")):
        if path.is_file() and path.suffix in (".txt", ".md"):
            lines = path.read_text("utf-8", errors="replace").split("\n")
            found = matcher.match_lines(lines)
            assert found == _per_line(matcher, lines), path
            checked += 1
            hits += len(found)
    assert checked >= 5 and hits >= 10


def test_user_pack_groups_are_prefiltered_too():
    pack = ('language = "xx"\n[[group]]\nrule = "RES001"\nkind = "ui"\n'
            'patterns = [{ pattern = "(?<!x)Klicken Sie hier.{0,40}", match = "Klicken Sie hier bitte", clean = "nein" }]\n')
    matcher = build([("user.toml", pack)])
    lines = [PROSE[0], "Klicken Sie hier für mehr", PROSE[1]]
    assert matcher.match_lines(lines) == {1: ("RES001", "ui", "xx", "Klicken Sie hier für mehr")}
    assert matcher.match_lines(list(PROSE)) == {}


BAD_LINES = ["Itâ€™s the councilâ€™s decision.", "FÃ¼r die Schule", "Â and more", "Ã tudo bem",
             "costs 5Â â‚¬", "naÃ¯ve cafÃ©", "Ð¿Ñ€Ð¸Ð²ÐµÑ‚ Ð¼Ð¸Ñ€"]


@pytest.mark.parametrize("line", BAD_LINES)
def test_badness_scan_names_every_document_with_a_line_ftfy_calls_bad(line):
    """A line-start anchor in ftfy's expression ('Â ' heading a line) included."""
    from ftfy.badness import is_bad

    from auditor.detectors.mojibake import _badness_scan

    assert is_bad(line)
    assert _badness_scan().candidates("\n".join((PROSE[0], line, PROSE[1])))


def test_badness_scan_passes_over_clean_text_with_typography():
    from ftfy.badness import is_bad

    from auditor.detectors.mojibake import _badness_scan

    lines = ["“Quoted,” she said — café, naïve, 20 °C, 5 €.", "Œuvres complètes, tome III.", "Straße – ‘nice’"]
    assert not any(is_bad(line) for line in lines)
    assert not _badness_scan().candidates("\n".join(lines))


def test_a_search_that_runs_out_of_memory_names_every_group():
    """RE2 answers a search it gave up on with no match at all; the sentinel tells that apart
    from a text nothing matches, and every group is then named (tried as without the scan).
    A set too big to compile in its budget names every group too."""
    expressions = [(f"(?:[a-z]{{3}}x{n}.*y[a-z]+z)", 0, True) for n in range(40)]
    prefilter = Prefilter(expressions)
    text = "abcx7 and some text yqqz\n" + "nothing here at all\n" * 50
    assert prefilter.candidates(text) == {7}
    assert prefilter.candidates("nothing here\n" * 3) == set()

    class GaveUp:  # what RE2::Set::Match leaves when its DFA fails: an empty list
        def Match(self, data):
            return []

    prefilter._sets = [(GaveUp(), members) for _, members in prefilter._sets]
    assert prefilter.candidates(text) == prefilter.every
    starved = Prefilter(expressions, max_mem=1 << 12)
    assert starved.candidates(text) == starved.every


ATOMS = ["a", "b", "I", "i", "İ", "ı", "ß", "Σ", "é", " ", "-", ".", r"\.", r"\w", r"\W", r"\s", r"\S", r"\d",
         r"\D", "[a-c]", "[^a-c]", r"[^\W\d_]", r"[\w.-]", r"[^\s]", "[İi]", "(?:ab|ba)", r"\b", r"\B",
         "(?=a)", "(?!b)", "(?<=a)", "(?<!b)", "^", "$", r"\A", r"\Z", "(?i:i)", "(?-i:B)"]
QUANTIFIERS = ["", "", "*", "+", "?", "{2}", "{0,3}", "{1,40}", "*?", "++", "{2,}"]
TEXT = "abIiİıßΣσςé -.0 5_\n"


def _patterns():
    from hypothesis import strategies as st

    piece = st.tuples(st.sampled_from(ATOMS), st.sampled_from(QUANTIFIERS)).map(
        lambda pair: pair[0] + pair[1] if pair[0] not in ("^", "$", r"\A", r"\Z", r"\b", r"\B") and
        not pair[0].startswith("(?<") and not pair[0].startswith("(?=") and not pair[0].startswith("(?!")
        else pair[0])
    sequence = st.lists(piece, min_size=1, max_size=5).map("".join)
    return st.one_of(sequence, st.tuples(sequence, sequence).map(lambda ab: f"(?:{ab[0]}|{ab[1]})"),
                     st.tuples(sequence, sequence).map(lambda ab: f"({ab[0]})+{ab[1]}"))


def test_random_patterns_name_every_text_python_matches():
    """Random expressions from the constructs the translation handles, over random lines of
    letters Python and RE2 fold differently: whenever a line matches in Python (fullmatch for a
    whole-line group, search otherwise), the scan names the group."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=1500, deadline=None)
    @given(_patterns(), st.sampled_from([0, re.IGNORECASE, re.ASCII, re.IGNORECASE | re.DOTALL]),
           st.booleans(), st.lists(st.text(alphabet=TEXT.replace("\n", ""), max_size=12), min_size=1, max_size=4))
    def superset(pattern, flags, whole_line, lines):
        try:
            python = re.compile(pattern, flags)
        except re.error:
            return
        matches = any((python.fullmatch if whole_line else python.search)(line) for line in lines)
        if matches:
            assert 0 in Prefilter([(pattern, flags, whole_line)]).candidates("\n".join(lines)), (pattern, lines)

    superset()


def test_an_expression_too_deep_to_translate_is_always_named():
    deep = "(?:" * 1000 + "a" + ")" * 1000
    prefilter = Prefilter([(deep, 0, True), ("b", 0, True)])
    assert prefilter.always == {0}
    assert prefilter.candidates("c") == {0}
    assert prefilter.candidates("b") == {0, 1}
