"""Every entry of every bundled residue pack, run on its positive and its negative example."""
from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from auditor.detectors.packs import PackError, build, default_matcher, load_pack, normalise

PACK_DIR = resources.files("auditor").joinpath("data/residue")
PACKS = sorted(entry.name for entry in PACK_DIR.iterdir() if entry.name.endswith(".toml"))
LANGUAGES = {"en", "de", "fr", "es", "pt", "it", "ru", "pl", "tr", "zh", "ja", "ar", "ko", "id", "hi"}


def _entries():
    for name in PACKS:
        data = tomllib.loads(PACK_DIR.joinpath(name).read_text("utf-8"))
        for group in data["group"]:
            for phrase in group.get("lines", []):
                yield pytest.param(group["rule"], "line", phrase, None, id=f"{name}:{phrase[:30]}")
            for entry in group.get("patterns", []):
                yield pytest.param(group["rule"], "pattern", entry["match"], entry["clean"],
                                   id=f"{name}:{entry['pattern'][:30]}")


def test_packs_cover_the_required_languages():
    languages = {tomllib.loads(PACK_DIR.joinpath(n).read_text("utf-8"))["language"] for n in PACKS}
    assert LANGUAGES <= languages


@pytest.mark.parametrize("rule, kind, positive, negative", list(_entries()))
def test_entry_flags_its_example_and_spares_its_negative(rule, kind, positive, negative):
    matcher = default_matcher()
    hit = matcher.match(positive)
    assert hit is not None, positive
    if kind == "line":
        # a phrase is a whole-line match: inside a sentence it must not fire as that phrase
        negative = f"The report, she said, mentions {positive} twice on its second page."
        assert matcher.phrases.get(normalise(negative)) is None
        return
    assert hit[0] == rule or matcher.phrases.get(normalise(positive)), (positive, hit)
    assert matcher.match(negative) is None, (negative, matcher.match(negative))


def test_pattern_must_match_its_own_example():
    bad = 'language = "xx"\n[[group]]\nrule = "RES001"\nkind = "ui"\n' \
          'patterns = [{ pattern = "subscribe now", match = "read more", clean = "x" }]\n'
    with pytest.raises(PackError, match="does not match its example"):
        load_pack("bad.toml", bad)


@pytest.mark.parametrize("text, message", [
    ('language = "xx"\n[[group]]\nrule = "RES999"\n', "group rule"),
    ('language = "xx"\n[[group]]\nrule = "RES001"\npatterns = ["(unclosed"]\n', "each pattern"),
    ('language = "xx"\n[[group]]\nrule = "RES001"\n'
     'patterns = [{ pattern = "(unclosed", match = "a", clean = "b" }]\n', "does not compile"),
    ('language = "xx"\n[[group]]\nrule = "RES001"\n'
     'patterns = [{ pattern = "' + "(?:" * 1000 + "a" + ")" * 1000 + '", match = "a", clean = "b" }]\n',
     "does not compile"),  # nested deeper than Python's parser can go: an error, not a crash
    ('language = "xx"\n[[group]]\nrule = "RES001"\nlines = ["share", "Share"]\n', "listed twice"),
    ('language = "xx"\ncolour = 1\n[[group]]\nrule = "RES001"\n', "unknown keys"),
    ('[[group]]\nrule = "RES001"\n', "needs 'language'"),
])
def test_invalid_packs_are_rejected_with_a_reason(text, message):
    with pytest.raises(PackError, match=message):
        build([("user.toml", text)])


def test_a_user_pack_adds_entries_and_removes_bundled_phrases():
    user = 'language = "en"\nremove = ["print"]\n[[group]]\nrule = "RES001"\nkind = "ui"\n' \
           'lines = ["Watch the replay"]\n'
    bundled = [(name, PACK_DIR.joinpath(name).read_text("utf-8")) for name in PACKS]
    matcher = build(bundled + [("user.toml", user)])
    assert default_matcher().match("Print") is not None
    assert matcher.match("Print") is None
    assert matcher.match("Watch the replay")[0] == "RES001"
