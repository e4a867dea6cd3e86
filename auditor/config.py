"""Settings for one run. The CLI builds them; the engine and detectors only read them."""
from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatch

from .model import Severity


@dataclass(frozen=True, slots=True)
class Settings:
    text_field: str = "text"
    encoding: str | None = None          # the user's --encoding: tried first for text files
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fail_on: Severity | None = Severity.WARNING  # None: never fail
    select: tuple[str, ...] = ()          # rule code prefixes to report (empty: all)
    ignore: tuple[str, ...] = ()          # rule code prefixes to drop
    corpus_min_documents: int = 3         # a line in at least this many documents of a group ...
    corpus_min_share: float = 0.05        # ... and in at least this share of them is template
    residue_threshold: float | None = None  # line-shape probability for RES011 (None: the model's)
    residue_packs: tuple[str, ...] = ()   # user pattern packs (TOML files) added to the bundled ones
    languages: tuple[str, ...] = ()       # languages expected in the corpus: their fragments are not reported
    foreign_min_letters: int = 4          # shortest same-script fragment, in letters
    foreign_confidence: float = 0.6       # identifier probability from which a same-script line counts
    allow: tuple[str, ...] = ()           # terms never taken for foreign text (names, titles)
    encoding_prior: str = ""              # the corpus's usual legacy encoding (set by the corpus pass)
    language_prior: str = ""              # language of documents too short to identify (set by the corpus pass)
    time_budget: float | None = None      # seconds one document may take before AUD002 (None: no limit, the default:
                                          # a wall-clock limit makes findings depend on the machine's load)
    per_path_ignores: tuple = ()          # ((glob, (code prefixes...)), ...): findings dropped in those files
    severity_overrides: tuple = ()        # ((code prefix, Severity), ...): the longest prefix wins

    def wants_in(self, code: str, path: str) -> bool:
        """`wants`, and not ignored for this path by a per-path ignore."""
        if not self.wants(code):
            return False
        posix = path.replace("\\", "/")
        return not any(code.startswith(prefix) for glob, prefixes in self.per_path_ignores
                       if fnmatch(posix, glob) or fnmatch(posix, "*/" + glob) for prefix in prefixes)

    def severity_of(self, code: str, default: Severity) -> Severity:
        matches = [(len(prefix), severity) for prefix, severity in self.severity_overrides if code.startswith(prefix)]
        return max(matches)[1] if matches else default

    def wants(self, code: str) -> bool:
        """flake8-style selection: the longest matching prefix of select/ignore decides."""
        selected = max((len(p) for p in self.select if code.startswith(p)), default=None)
        ignored = max((len(p) for p in self.ignore if code.startswith(p)), default=None)
        if self.select and selected is None:
            return False
        return ignored is None or (selected or 0) > ignored
