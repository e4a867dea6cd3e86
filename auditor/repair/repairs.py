"""What `auditor fix` may do about each rule: the repairs as data, and which are on by default.

A repair acts on one line of a document's text (never on raw bytes; the copy is always written
as UTF-8 without a BOM, so the file-level encoding rules are repaired by writing it at all):

- ``chars``: a character-level rewrite of the line (remove controls, decode entities, ...), the
  same pattern the detector matched, so exactly what was reported is what changes;
- ``suggestion``: the line becomes the finding's suggestion (mojibake: ftfy's or the code-page
  repair); a finding without one (damage that cannot be undone) is left for review;
- ``remove``: the line, or the part of it the finding covers, is removed (residue, foreign);
- ``endings``: every line ending of the document becomes the document's first kind.

Defaults follow one principle: on by default only what restores the author's text without a
judgement call. Removing text is never a default.
"""
from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass
from typing import Callable

from ftfy.chardata import LIGATURES

from ..detectors.hygiene import CONTROL, DECOMPOSED, ENTITY, INVISIBLE, LIGATURE, NUL, PRIVATE_USE, REPLACEMENT
from ..model import Severity


def _entities(line: str) -> str:
    return ENTITY.sub(lambda m: html.unescape(m.group()), line)


def _composed(line: str) -> str:
    # only the decomposed letters NFC composes: NFC of a whole line also rewrites CJK
    # compatibility ideographs and other characters that were never reported
    return DECOMPOSED.sub(lambda m: unicodedata.normalize("NFC", m.group()), line)


@dataclass(frozen=True, slots=True)
class Repair:
    code: str
    action: str            # chars, suggestion, remove, endings, inherent
    default: bool
    what: str              # how the summary and the log describe the change
    rewrite: Callable[[str], str] | None = None


REPAIRS = {r.code: r for r in (
    # written as UTF-8 without BOM, every file loses these: listed so the log can say why
    Repair("ENC001", "inherent", True, "re-encoded to UTF-8"),
    Repair("ENC002", "inherent", True, "byte-order mark removed"),
    Repair("ENC003", "inherent", True, "undecodable bytes written as U+FFFD"),
    Repair("ENC013", "inherent", True, "legacy lines re-encoded to UTF-8"),
    Repair("ENC004", "chars", False, "replacement characters removed", lambda s: REPLACEMENT.sub("", s)),
    Repair("ENC005", "chars", True, "control characters removed", lambda s: CONTROL.sub("", s)),
    Repair("ENC006", "chars", True, "NUL characters removed", lambda s: NUL.sub("", s)),
    Repair("ENC007", "chars", True, "invisible characters removed", lambda s: INVISIBLE.sub("", s)),
    Repair("ENC008", "chars", False, "private-use characters removed", lambda s: PRIVATE_USE.sub("", s)),
    Repair("ENC009", "chars", False, "decomposed letters composed (NFC)", _composed),
    Repair("ENC010", "chars", False, "HTML entities decoded", _entities),
    Repair("ENC011", "endings", True, "line endings made uniform"),
    Repair("ENC014", "chars", False, "ligatures spelled out", lambda s: LIGATURE.sub(lambda m: m.group().translate(LIGATURES), s)),
    Repair("MOJ001", "suggestion", True, "mojibake repaired"),
    Repair("MOJ002", "suggestion", True, "code-page mojibake repaired"),
    Repair("LNG001", "remove", False, "foreign-script text removed"),
    Repair("LNG002", "remove", False, "foreign-language text removed"),
    Repair("LNG004", "suggestion", False, "look-alike letters replaced"),
    *(Repair(f"RES{n:03d}", "remove", False, "template residue removed") for n in range(1, 12)),
)}
# the order in which character repairs run on a line (after a mojibake repair, before nothing)
CHAR_ORDER = ("ENC006", "ENC005", "ENC007", "ENC008", "ENC010", "ENC014", "ENC009", "ENC004")


class SelectionError(ValueError):
    """An --apply/--skip entry that names no rule `fix` can repair."""


@dataclass(frozen=True, slots=True)
class Plan:
    """Which repairs this run applies; removals only from `min_severity` up."""

    codes: frozenset
    min_severity: Severity = Severity.INFO
    drop_unrepairable: bool = False   # remove mojibake lines no repair can restore

    def applies(self, code: str) -> bool:
        return code in self.codes

    def removes(self, code: str, severity: Severity) -> bool:
        return code in self.codes and severity >= self.min_severity


def plan(apply: tuple[str, ...] = (), skip: tuple[str, ...] = (), min_severity: Severity = Severity.INFO,
         drop_unrepairable: bool = False) -> Plan:
    """Defaults, plus the codes `apply` names, minus those `skip` names (prefixes, as for scan's
    --select; 'ALL' is every repair). Inherent repairs cannot be skipped: the copy is UTF-8."""
    chosen = {code for code, repair in REPAIRS.items() if repair.default}
    for prefixes, adding in ((apply, True), (skip, False)):
        for prefix in prefixes:
            prefix = prefix.strip().upper()
            matched = set(REPAIRS) if prefix == "ALL" else {code for code in REPAIRS if code.startswith(prefix)}
            if not matched:
                raise SelectionError(f"no repair for '{prefix}': fix repairs {', '.join(sorted(REPAIRS))}")
            if adding:
                chosen |= matched
            else:
                chosen -= {code for code in matched if REPAIRS[code].action != "inherent"}
    return Plan(frozenset(chosen), min_severity, drop_unrepairable)
