"""Section and menu names: a site's qualifier in front of a section word ("HS Sports", "Brand
Publishing", "Disaster Recovery Learning Center"), which no phrase list can enumerate.

The words are data (data/section_names.toml), per language, with where the language puts its
head noun: last in English, German and Turkish, first or last in the Romance languages, Russian,
Polish, Indonesian and Arabic ("Notícias do Brasil", "Últimas noticias"). A line is a section name when it is a short label
standing alone: a few words, no sentence punctuation, not a question or answer, not in brackets.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..lexicon import zipf
from .words import letter_runs

MAX_WORDS = 5  # a menu item; a longer line is a headline
ENGLISH_WORD = 3.0  # Zipf frequency in English from which a word is an ordinary English word
NOT_A_LABEL = (".", "!", "?", "…", ":", ";", ",", "。", "！", "？", "؟")


class SectionNamesError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class SectionWords:
    last: frozenset  # words that name a section as a label's last word
    first: frozenset  # ... or as its first word

    def names(self, line: str) -> str | None:
        """The section word that makes `line` a section name, or None."""
        stripped = line.strip()
        if not stripped or stripped.endswith(NOT_A_LABEL) or stripped[0] in "([{" or ":" in stripped:
            return None
        if any(ch.isdigit() for ch in stripped):
            return None  # a date, a score, a price: not a plain label
        words = letter_runs(stripped)
        if not 1 <= len(words) <= MAX_WORDS:
            return None
        if len(words) > 2 and any(w.islower() and len(w) > 3 for w in words):
            return None  # 'Classes on running successful webinars': a phrase, not a menu's title-case label
        last, first = words[-1].lower(), words[0].lower()
        if last in self.last:
            return words[-1]
        if len(words) > 1 and first in self.first:
            return words[0]
        return None


def load(text: str) -> SectionWords:
    """Validated: every language has a head position and lowercase words, none listed twice."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SectionNamesError(f"section_names.toml: {exc}") from None
    last: set[str] = set()
    first: set[str] = set()
    for language, entry in data.items():
        head, words = entry.get("head"), entry.get("words", [])
        if head not in ("last", "both") or not words or set(entry) != {"head", "words"}:
            raise SectionNamesError(f"section_names.toml [{language}]: needs head = 'last' or 'both' and words")
        if len(set(words)) != len(words):
            raise SectionNamesError(f"section_names.toml [{language}]: a word is listed twice")
        for word in words:
            if word != word.lower() or len(letter_runs(word)) != 1:
                raise SectionNamesError(f"section_names.toml [{language}]: {word!r} is not one lowercase word")
        last.update(words)
        if head == "both":
            first.update(words)
    # a first word that is also an ordinary English word ('video', 'sport', 'agenda') would read
    # English headlines ('Video Shows The Rescue') as Romance section labels: last word only
    first = {word for word in first if zipf(word, "en") < ENGLISH_WORD}
    return SectionWords(frozenset(last), frozenset(first))


@cache
def section_words() -> SectionWords:
    return load(resources.files("auditor").joinpath("data/section_names.toml").read_text("utf-8"))
