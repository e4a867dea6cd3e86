"""Turn bytes into text without ever raising, and say how: encoding, BOM, undecodable bytes.

Order of evidence: a byte-order mark; UTF-32 and UTF-16 without a BOM (recognised by where
their NULs fall and, for UTF-16 of non-Latin scripts, by its letters decoding into one script);
7-bit East Asian encodings by their escape sequences (ISO-2022-JP/KR, HZ); valid UTF-8 (the fast
path); UTF-8 with a few broken sequences (kept as UTF-8, each broken sequence reported at its byte
offset); binary data; otherwise the most plausible of charset-normalizer's candidates and the
common legacy code pages (multibyte CJK readings also judged by how common their characters are).
"""
from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass, field

from ..scripts import letter_scripts

BOMS = (  # longest first: the UTF-32 LE BOM begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
TEXT_CONTROLS = set(b"\t\n\r\f\v\x1b")
SAMPLE = 1 << 16


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str                   # a Python codec name that decodes the bytes as reported
    bom: str | None = None          # the BOM's encoding, if the bytes started with one
    invalid: list[tuple[int, int]] = field(default_factory=list)  # (byte offset, length)
    binary: bool = False
    confidence: float = 1.0
    mixed: list[tuple[int, str]] = field(default_factory=list)  # (1-based line, encoding) of lines not in UTF-8


def canonical(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


def decode_utf8_lenient(raw: bytes) -> tuple[str, list[tuple[int, int]]]:
    """Decode UTF-8, replacing each broken sequence with U+FFFD and recording where it was."""
    invalid: list[tuple[int, int]] = []
    parts: list[str] = []
    pos = 0
    while True:
        try:
            parts.append(raw[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            start, end = pos + exc.start, pos + exc.end
            parts.append(raw[pos:start].decode("utf-8"))
            parts.append("\ufffd")
            if invalid and invalid[-1][0] + invalid[-1][1] == start:
                invalid[-1] = (invalid[-1][0], end - invalid[-1][0])  # merge a run of bad bytes
            else:
                invalid.append((start, end - start))
            pos = end
            if len(invalid) > 10_000:  # hopeless: not UTF-8; the caller will try other encodings
                parts.append(raw[pos:].decode("utf-8", "replace"))
                break
    return "".join(parts), invalid


def _looks_binary(sample: bytes) -> bool:
    if not sample:
        return False
    controls = sum(1 for b in sample if b < 32 and b not in TEXT_CONTROLS)
    return controls / len(sample) > 0.10


def _printable_share(text: str) -> float:
    return sum(ch.isprintable() or ch in "\n\r\t" for ch in text) / max(1, len(text))


def _utf32_without_bom(sample: bytes) -> str | None:
    """UTF-32 text: every fourth byte of a character's four is NUL and the next nearly so (no
    code point is above U+10FFFF), so each code unit decodes to a printable character."""
    sample = sample[: len(sample) - len(sample) % 4]
    if len(sample) < 8:
        return None
    for encoding, high in (("utf-32-le", sample[3::4]), ("utf-32-be", sample[0::4])):
        if high.count(0) != len(high):
            continue
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _printable_share(text) > 0.95:
            return encoding
    return None


UTF16_SCRIPT = 0.9  # of a non-Latin UTF-16 text's letters, the share in its main script


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text shows NULs in the high byte of its ASCII characters: at every other byte in a
    Latin-script text, and at its spaces, digits and line breaks in Cyrillic, Greek, CJK or
    Hangul text, whose letters then decode into one script (a legacy or UTF-8 text read as
    UTF-16 scatters over many)."""
    sample = sample[: len(sample) - len(sample) % 2]
    even, odd = sample[0::2], sample[1::2]
    if len(even) < 4:
        return None
    for encoding, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        nuls = high.count(0)
        zeros, other = nuls / len(high), low.count(0) / len(low)
        if other >= 0.05 or nuls < 2:
            continue  # (a CJK letter U+xx00 puts a NUL in the low byte: one in 256)
        if zeros <= 0.4 and _plain_utf8(sample):
            continue  # ASCII with stray NULs: ASCII pairs read as UTF-16 are CJK letters of one script
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            try:  # the sample may end inside a surrogate pair
                text = sample[:-2].decode(encoding)
            except UnicodeDecodeError:
                continue
        if _printable_share(text) <= 0.95:
            continue
        if zeros > 0.4 or _one_script(text):
            return encoding
    return None


def _plain_utf8(sample: bytes) -> bool:
    """Valid UTF-8 (a cut last character allowed) with hardly any control characters besides NUL:
    Cyrillic UTF-16 is valid UTF-8 too, but full of U+0004."""
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason != "unexpected end of data" or exc.start < len(sample) - 3:
            return False
        text = sample[:exc.start].decode("utf-8")
    controls = sum(1 for ch in text if ch < " " and ch not in "\x00\t\n\r\f")
    return controls < 0.01 * max(1, len(text))


def _one_script(text: str) -> bool:
    """Most of the text's letters (at least 10) are of one script (Han and Kana counted as one:
    Japanese writes both)."""
    scripts = letter_scripts(text)
    scripts["Han"] += scripts.pop("Kana", 0)
    letters = sum(scripts.values())
    return letters >= 10 and max(scripts.values()) >= UTF16_SCRIPT * letters


# Single-byte code pages tried besides charset-normalizer's own candidates: the ones scraped
# text is most often saved in, which charset-normalizer confuses with DOS and Baltic pages.
# In order of how common they are on the web: among equally plausible readings the commoner wins.
COMMON_LEGACY = ("cp1252", "iso-8859-15", "mac_roman", "cp1250", "iso-8859-2", "cp1251", "koi8-r",
                 "cp1253", "iso-8859-7", "cp1254", "cp1255", "cp1256", "cp874", "gb18030", "shift_jis",
                 "euc-jp", "euc-kr", "big5", "cp949", "cp932", "big5hkscs")
ODD_PUNCTUATION = set("¶§¡¿¦¨¯¸´·")


def _ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _same_block(neighbour: str, ch: str) -> bool:
    """Both characters in one 128-code-point stretch above Latin: one script's letters and marks."""
    return ord(neighbour) >> 7 == ord(ch) >> 7


def implausibility(text: str) -> int:
    """Count what a wrong decoding leaves behind: controls, odd symbols and capitals inside words.

    Reading text in the wrong single-byte code page turns letters and punctuation into symbols
    ('¶θήνα'), capitals in mid-word ('donÕt', 'cafŽ') or control characters; a right reading has
    almost none of them.
    """
    score = 0
    previous = " "
    for index, ch in enumerate(text):
        code = ord(ch)
        if code < 32 and ch not in "\t\n\r\f" or 0x7F <= code < 0xA0 or 0xE000 <= code < 0xF900:
            score += 3
        elif code > 0x7F:
            nxt = text[index + 1] if index + 1 < len(text) else " "
            if ch.isupper() and previous.islower():
                score += 1
            elif ch.isalpha() and (_ascii_letter(previous) or _ascii_letter(nxt)) and code >= 0x370 \
                    and not 0x1E00 <= code < 0x2000:
                score += 1  # a Greek, Cyrillic, Thai or Han letter glued to a Latin one: 'donХt', 'M一nchen'
            elif code >= 0x370 and _ascii_letter(previous) and unicodedata.category(ch) == "Mn":
                score += 1  # a Thai or Hebrew vowel sign on a Latin letter
            elif 0x370 <= code < 0x1E00 and not ch.isalpha() and not _same_block(previous, ch) \
                    and not _same_block(nxt, ch):
                score += 1  # a Thai digit or Hebrew mark alone among Latin text: 'J๘rgensen', 'plugins ׀ Gravity'
            elif ch in "¿¡" and not previous.isalpha():
                pass  # Spanish opens questions and exclamations with them
            elif unicodedata.category(ch)[0] == "S" or ch in ODD_PUNCTUATION:
                score += 1 if previous.isalpha() or nxt.isalpha() else 0
        previous = ch
    return score


def _guess_legacy(raw: bytes, prior: str | None = None) -> tuple[str, float]:
    """Pick the most plausible decoding among charset-normalizer's candidates and common code pages.

    First the fewest traces of a wrong reading (`implausibility`); among readings equally clean,
    the one that reads most like a language (`language_plausibility`): Czech read as cp1252,
    Hebrew as cp1251 or Japanese EUC as GB18030 leave no odd symbols, but their words are not
    words. Then the commoner code page.
    """
    from charset_normalizer import from_bytes

    from ..lexicon import cjk_coherence, language_plausibility

    sample = raw[: 1 << 20]
    matches = from_bytes(sample)
    candidates = [canonical(m.encoding) for m in matches][:6]
    for name in COMMON_LEGACY:
        if canonical(name) not in candidates:
            candidates.append(canonical(name))
    commonness = {canonical(name): rank for rank, name in enumerate(COMMON_LEGACY)}
    readings: dict[str, int] = {}  # many code pages read mostly-ASCII text identically: score it once
    scored = []
    for order, name in enumerate(candidates):
        try:
            text = sample.decode(name)[:SAMPLE]
        except (UnicodeDecodeError, LookupError):
            continue
        if text not in readings:
            readings[text] = implausibility(text)
        scored.append((readings[text], commonness.get(name, len(commonness) + order), name, text))
    if not scored:
        return "", 0.0
    best = min(score for score, *_ in scored)
    tied = [entry for entry in scored if entry[0] == best]
    if len({text for *_, text in tied}) > 1:
        language: dict[str, float] = {}
        for *_, text in tied:
            if text not in language:
                # CJK bytes read through another CJK table decode into rare characters
                coherence = cjk_coherence(text)
                language[text] = round(language_plausibility(text) * (1.0 if coherence is None else coherence), 2)
        tied.sort(key=lambda entry: (-language[entry[3]], entry[1]))
        if prior:
            # the corpus's encoding wins when its reading is as plausible as the best one
            best_language = language[tied[0][3]]
            preferred = next((e for e in tied if e[2] == canonical(prior) and language[e[3]] >= best_language - 0.05), None)
            if preferred:
                tied.remove(preferred)
                tied.insert(0, preferred)
        # sure when the chosen reading is clearly the most plausible of the distinct ones
        others = [language[text] for *_, text in tied if text != tied[0][3]]
        confidence = 1.0 if not others or language[tied[0][3]] >= max(others) + 0.1 else 0.8
    else:
        tied.sort(key=lambda entry: entry[1])
        confidence = 1.0
    return tied[0][2], confidence


def _decode_utf16(raw: bytes, codec: str) -> tuple[str, list[tuple[int, int]]]:
    """UTF-16 without a BOM, with any broken code units (an odd last byte, a lone surrogate)
    replaced by U+FFFD and listed with their byte offsets."""
    invalid: list[tuple[int, int]] = []
    parts: list[str] = []
    position = 0
    while True:
        try:
            parts.append(raw[position:].decode(codec))
            break
        except UnicodeDecodeError as exc:
            start, end = position + exc.start, position + exc.end
            parts.append(raw[position:start].decode(codec))
            parts.append("\ufffd")
            invalid.append((start, end - start))
            position = end
            if len(invalid) > 10_000:
                parts.append(raw[position:].decode(codec, "replace"))
                break
    return "".join(parts), invalid


def decode(raw: bytes, declared: str | None = None, prior: str | None = None) -> Decoded:
    """Decode `raw`; never raises. `declared` (e.g. a user's --encoding) is used when it works;
    `prior` (the corpus's usual legacy encoding) settles ties between equally plausible readings."""
    for bom, encoding, codec in BOMS:
        if raw.startswith(bom):
            try:
                return Decoded(raw[len(bom):].decode(encoding), canonical(codec), bom=encoding)
            except UnicodeDecodeError:
                break  # a BOM followed by garbage: fall through to the other evidence
    if declared:
        try:
            return Decoded(raw.decode(declared), canonical(declared))
        except (UnicodeDecodeError, LookupError):
            pass
    sample = raw[:SAMPLE]
    # ASCII text in UTF-32 or UTF-16 is valid UTF-8 too (with NULs between): check them first.
    if b"\x00" in sample:
        utf32 = _utf32_without_bom(sample)
        if utf32:
            try:
                return Decoded(raw[: len(raw) - len(raw) % 4].decode(utf32), utf32, confidence=0.9,
                               invalid=[(len(raw) - len(raw) % 4, len(raw) % 4)] if len(raw) % 4 else [])
            except UnicodeDecodeError:
                pass
        utf16 = _utf16_without_bom(sample)
        if utf16:
            text, invalid = _decode_utf16(raw, utf16)
            return Decoded(text, utf16, invalid=invalid, confidence=0.9)
    escaped = _seven_bit_escapes(raw) if (b"\x1b" in raw or b"~{" in raw) and raw.isascii() else None
    if escaped:
        return escaped
    if b"\x00" in sample and _looks_binary(sample):
        return Decoded("", "binary", binary=True, confidence=0.0)  # NUL-filled: valid UTF-8, not text
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in sample and _looks_binary(sample):
        return Decoded("", "binary", binary=True, confidence=0.0)
    text, invalid = decode_utf8_lenient(raw)
    bad_bytes = sum(length for _, length in invalid)
    good_multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if len(invalid) >= 2 and good_multibyte >= MIXED_MIN_UTF8:
        mixed = _decode_mixed(raw)  # whole lines in a legacy code page among UTF-8 ones
        if mixed:
            return mixed
    if good_multibyte >= 4 * len(invalid) and bad_bytes < 0.01 * len(raw) + 16:
        return Decoded(text, "utf-8", invalid=invalid, confidence=0.8)  # a few stray bytes
    encoding, confidence = _guess_legacy(raw, prior)
    if encoding:
        try:
            return Decoded(raw.decode(encoding), encoding, confidence=confidence)
        except (UnicodeDecodeError, LookupError):
            pass
    if _looks_binary(sample):
        return Decoded("", "binary", binary=True, confidence=0.0)
    return Decoded(text, "utf-8", invalid=invalid, confidence=0.1)


MIXED_MIN_UTF8 = 8  # non-ASCII characters in valid UTF-8 lines: real UTF-8, not chance

# 7-bit encodings of East Asian text: ASCII bytes (so valid UTF-8) with escape sequences that
# switch character sets. Each is tried only when its own designations are in the bytes.
SEVEN_BIT = (
    ((b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b$(D", b"\x1b(I"),
     ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_1", "iso2022_jp_2", "iso2022_jp_2004", "iso2022_jp_3")),
    ((b"\x1b$)C",), ("iso2022_kr",)),
    ((b"~{",), ("hz",)),
)


def _seven_bit_escapes(raw: bytes) -> Decoded | None:
    """ISO-2022-JP, ISO-2022-KR or HZ text, told by its escape sequences: decoded by the first
    codec of its family that reads the whole file into text with no escape left over."""
    for designations, codecs_ in SEVEN_BIT:
        if not any(d in raw for d in designations):
            continue
        for codec in codecs_:
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                continue
            if "\x1b" not in text and not text.isascii():
                return Decoded(text, canonical(codec))
    return None


def _decode_mixed(raw: bytes) -> Decoded | None:
    """Concatenated scrapes: lines valid as UTF-8 with real non-ASCII text, and other lines in a
    legacy code page. Each line is decoded in its own encoding; the legacy lines are listed."""
    lines = raw.split(b"\n")
    legacy_lines, utf8_non_ascii = [], 0
    for number, line in enumerate(lines, 1):
        try:
            decoded = line.decode("utf-8")
        except UnicodeDecodeError:
            legacy_lines.append(number)
            continue
        utf8_non_ascii += sum(1 for ch in decoded if ord(ch) > 0x7F)
    if not legacy_lines or utf8_non_ascii < MIXED_MIN_UTF8:
        return None
    encoding, _ = _guess_legacy(b"\n".join(lines[n - 1] for n in legacy_lines))
    if not encoding:
        return None
    wanted = set(legacy_lines)
    try:
        text = "\n".join(line.decode(encoding) if number in wanted else line.decode("utf-8")
                         for number, line in enumerate(lines, 1))
    except (UnicodeDecodeError, LookupError):
        return None
    return Decoded(text, "utf-8", confidence=0.7, mixed=[(n, encoding) for n in legacy_lines])
