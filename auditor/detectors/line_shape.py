"""Line shape and context: a calibrated probability that a line is page residue, for residue no
phrase list can know (section names between paragraphs, teaser headlines, footer lines).

Each line gets a few signals a person would use: how long it is and whether it ends like a
sentence, its capitalisation, how many of the document's own function words it uses (the
document's most frequent words: no stopword list needed, any language), whether its words occur
anywhere else in the document (a subheading shares the article's vocabulary, "Horoscopes" in a
story about a dance show does not), its neighbours and where it stands relative to the article
body. A logistic model combines them; its weights are data (data/line_shape.toml), trained by
tools/train_line_shape.py on labelled lines.
"""
from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from operator import itemgetter

from .base import may_hold_address
from .words import letter_runs, split_words

CJK_CHAR = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
SEA_CHAR = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")  # Thai, Lao, Myanmar, Khmer
SEA_WORD_CHARS = 4  # those scripts do not put spaces between words: a word is about four characters
TERMINAL = (".", "!", "?", "…", "。", "！", "？", "।", "؟", ";")
PROSE_END = (".", "!", "?", "…", '"', "'", "”", "’", "»", "。", "！", "？", ":", ")", "।", "؟")
QUOTES = "\"“”«»„‘’'"
QUOTE_MARK = re.compile(f"[{re.escape(QUOTES[:6])}]")  # the double quotation marks of any language
SEPARATORS = re.compile(r"\s[|/•·»›>]\s|^[•·»›>]|\s[|/•·»›]$")
LIST_MARKER = re.compile(r"\s*(\d{1,3}[.)]\s|[•·*–—-]\s|\(?[a-z]\)\s)")
LINK = re.compile(r"https?://|www\.|[\w.+-]{1,64}@[\w-]{1,63}\.\w")
DIGIT = re.compile(r"\d")
FUNCTION_WORDS = 30   # the document's most frequent words stand in for its language's stopwords
PREFIX = 5            # words are compared by their first letters, a cheap stem for inflected languages

FEATURES = (
    "one_two_words", "three_six_words", "terminal", "colon_end", "title_case", "all_caps",
    "function_share", "cohesion", "no_content", "digit_share", "separators", "link", "list_marker",
    "quoted", "isolated_short", "short_unrelated", "edge_block", "before_body", "after_body",
)


@dataclass(frozen=True, slots=True)
class ShapeModel:
    bias: float
    weights: dict
    threshold: float

    def probability(self, features: dict) -> float:
        z = self.bias + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def reasons(self, features: dict, limit: int = 3) -> list[str]:
        """The signals that pushed this line's score up most, for the finding's message."""
        parts = [(self.weights.get(n, 0.0) * v, n) for n, v in features.items() if v]
        return [name.replace("_", " ") for value, name in sorted(parts, reverse=True)[:limit] if value > 0]


@cache
def default_model() -> ShapeModel:
    data = tomllib.loads(resources.files("auditor").joinpath("data/line_shape.toml").read_text("utf-8"))
    unknown = set(data["weights"]) - set(FEATURES)
    if unknown:
        raise ValueError(f"line_shape.toml: unknown features {sorted(unknown)}")
    return ShapeModel(float(data["bias"]), dict(data["weights"]), float(data["threshold"]))


@lru_cache(maxsize=8192)
def word_count(line: str) -> int:
    """Words (with their combining marks, see words.py), with two CJK characters or four Thai,
    Lao, Myanmar or Khmer characters counted as one word (those scripts do not use spaces).
    Cached: the residue rules ask for the same line's count several times."""
    count = len(split_words(line))
    if line.isascii():
        return count
    return count + len(CJK_CHAR.findall(line)) // 2 + len(SEA_CHAR.findall(line)) // SEA_WORD_CHARS


def is_prose(line: str, words: int | None = None) -> bool:
    """A sentence-like line: enough words and closing punctuation, or long enough regardless."""
    stripped = line.strip()
    words = word_count(stripped) if words is None else words
    return words >= 15 or (words >= 6 and stripped.endswith(PROSE_END))


def _tokens(line: str) -> list[str]:
    if line.isascii():  # ASCII lower-cases letter by letter: the runs of the lower-cased line
        return " ".join(letter_runs(line)).lower().split()
    out = []
    for word in (w.lower() for w in letter_runs(line)):
        if CJK_CHAR.match(word) or SEA_CHAR.match(word):  # unsegmented scripts: character bigrams stand in for words
            out.extend(word[i:i + 2] for i in range(max(1, len(word) - 1)))
        else:
            out.append(word)
    return out


def _body_tokens(lines) -> list[str]:
    """The tokens of the lines, in order: `_tokens` of each, with consecutive ASCII lines
    lower-cased and split together (the same words; one join for the run, not one per line)."""
    out: list[str] = []
    runs: list[str] = []
    for line in lines:
        if line.isascii():
            runs.extend(letter_runs(line))
            continue
        if runs:
            out.extend(" ".join(runs).lower().split())
            runs = []
        out.extend(_tokens(line))
    if runs:
        out.extend(" ".join(runs).lower().split())
    return out


def _case(line: str) -> tuple[list[str], bool]:
    """The line's letter runs that start with a cased letter, and whether it is in capitals (at
    least four cased letters, none of them lower case). On ASCII every letter is cased."""
    runs = letter_runs(line)
    if line.isascii():
        return runs, sum(map(len, runs)) >= 4 and line.upper() == line
    letters = [c for c in line if c.isalpha() and c.lower() != c.upper()]
    return [w for w in runs if w[0].lower() != w[0].upper()], len(letters) >= 4 and all(c.isupper() for c in letters)


def _blank_separated(lines: list[str]) -> bool:
    """Paragraphs separated by blank lines: only then does a line without blank neighbours stand out."""
    runs, single, current = 0, 0, 0
    for line in lines + [""]:
        if line.strip():
            current += 1
        elif current:
            runs += 1
            single += current == 1
            current = 0
    return runs >= 3 and single >= 0.6 * runs


MAX_CANDIDATE_WORDS = 12


def is_candidate(line: str, words: int | None = None) -> bool:
    """Lines the model scores: short and not sentence-like. Residue written as full sentences
    (teasers, footers) is left to the phrase packs and the repeat rules."""
    words = word_count(line.strip()) if words is None else words
    return not is_prose(line, words) and words <= MAX_CANDIDATE_WORDS


def document_features(lines: list[str], body: tuple[int, int]) -> list[dict | None]:
    """Features of every candidate line (None for the others), from one pass over the document."""
    first_body, last_body = body
    counts = [word_count(line.strip()) if line.strip() else 0 for line in lines]
    prose = [is_prose(line, count) if count else False for line, count in zip(lines, counts)]
    # The article's vocabulary: words of the prose paragraphs of its body (not of the menus
    # around it, whose items repeat one another).
    frequency = Counter(_body_tokens(lines[i] for i in range(max(0, first_body), last_body + 1) if prose[i]))
    floor = max(3, sum(frequency.values()) // 200)  # a function word recurs; a topic word may not
    # the FUNCTION_WORDS most frequent of the words seen at least `floor` times (ties in order
    # of first use: most_common is a stable sort by count), and the stems of all other words
    function = {word for word, n in frequency.most_common(FUNCTION_WORDS) if n >= floor}
    stems = set(map(itemgetter(slice(0, PREFIX)), frequency.keys() - function))
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    blank_separated = _blank_separated(lines)
    out: list[dict | None] = [None] * len(lines)
    for position, index in enumerate(nonblank):
        line = lines[index].strip()
        count = counts[index]
        if not is_candidate(line, count):
            continue
        words = _tokens(line)
        content = [w for w in words if w not in function and len(w) >= 2]
        seen = sum(1 for w in content if w[:PREFIX] in stems)
        cohesion = seen / len(content) if content else 0.0
        cased, all_caps = _case(line)
        capitalised = sum(1 for w in cased if w[0].isupper())
        previous = nonblank[position - 1] if position else None
        following = nonblank[position + 1] if position + 1 < len(nonblank) else None
        packed = blank_separated and ((index > 0 and bool(lines[index - 1].strip())) or
                                      (index + 1 < len(lines) and bool(lines[index + 1].strip())))
        short = count <= 6 and not line.endswith(TERMINAL)
        prev_prose = previous is not None and prose[previous]
        next_prose = following is not None and prose[following]
        outside = index < first_body or index > last_body
        out[index] = {
            "one_two_words": float(count <= 2),
            "three_six_words": float(3 <= count <= 6),
            "terminal": float(line.endswith(TERMINAL) or (line.endswith(tuple(QUOTES)) and count > 6)),
            "colon_end": float(line.endswith(":")),
            "title_case": capitalised / len(cased) if len(cased) >= 2 else 0.0,
            "all_caps": float(all_caps),
            "function_share": (len(words) - len([w for w in words if w not in function])) / len(words)
            if words else 0.0,
            "cohesion": cohesion,
            "no_content": float(not content),
            "digit_share": len(DIGIT.findall(line)) / max(1, len(line.replace(" ", ""))),
            "separators": float(bool(SEPARATORS.search(line))),
            "link": float(may_hold_address(line) and bool(LINK.search(line))),
            "list_marker": float(bool(LIST_MARKER.match(line))),
            "quoted": float(bool(QUOTE_MARK.search(line))),
            "isolated_short": float(short and prev_prose and next_prose),
            "before_body": float(index < first_body),
            "after_body": float(index > last_body),
            "short_unrelated": float(short and bool(content) and cohesion == 0.0),
            "edge_block": float(short and outside and packed),
        }
    return out
