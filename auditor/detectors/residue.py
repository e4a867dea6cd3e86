"""Template residue: what the scraper kept from the page around the article.

Several kinds of evidence, each its own rule so users can select them separately:
- the line is a known leftover (pattern packs: UI strings, credits, template syntax, markup,
  counters, bylines and timestamps; RES001-RES006, RES010) or ends with a site-name suffix;
- the line is a copy of another line of the document (RES007, see repeats.py);
- the line's place: packed blocks and chrome regions outside the article body, two-line teaser
  blocks between its paragraphs (RES009);
- the line's shape and context, scored by a small model (RES011, see line_shape.py).
Lines repeated across many documents of a site are found by the engine's corpus pass (RES008).
"""
from __future__ import annotations

import re
from typing import Iterator

from ..model import Finding
from .base import AnalyzedDocument
from .genre import hard_wrapped
from .line_shape import PROSE_END, ShapeModel, default_model, document_features, is_prose, word_count
from .packs import Matcher, default_matcher
from .repeats import find_repeats
from .section_names import section_words

LIST_ITEM = re.compile(r"\s*(\d{1,3}[.)]\s|[•·*–-]\s|(https?://|www\.)\S+\s*$)")
MAX_REPEATED_KEYS = 3  # more distinct repeated lines than this: the document repeats structure
LARGE_EDGE = 8  # non-prose lines outside the body that make it page chrome, not a title or a footnote
BODY_PENALTY = 2
FLAGGED_PENALTY = 50  # a known residue line among other non-prose lines: the body does not cross it
FIRST_STRONG = 0.35  # of the strongest stretch's score: an earlier stretch this strong is the article
UNFINISHED = 0.5  # weight of a long line that does not end like a sentence (a headline) in the body's score
GAP = 8  # non-blank lines (captions, credits, a related box) an article may be interrupted by
# a line of only white space (of any script: U+3000 in CJK text, U+2028, form feeds) and zero-width
# characters is blank to the eye; every rule here asks `_visible`, so blocks and regions agree
BLANK = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]*")
MIN_BODY_WORDS = 60  # below this the document has no article body to stand out from
STRAY_LABEL = 0.7  # the probability a stray label stands for (flagged at the default threshold, 0.6)
MAX_SUBHEADINGS = 4  # more short lines alone between paragraphs: the article uses subheadings
EDGE_LINES = 2  # lines on their own right next to the body: its closing note, credit line or lead-in
ATTACHED_MIN = 3  # body lines in one block from which the page does not separate paragraphs by blank lines
NEAR_BODY = 4  # non-blank lines from the body within which a line on its topic may still belong to it
RELATED = 0.5  # share of a line's words found elsewhere in the article above which it belongs to it
SUFFIX_WORDS = {
    "international", "news", "times", "post", "online", "tv", "network", "today", "daily", "magazine",
    "journal", "tribune", "herald", "reuters", "ap", "bbc", "cnn", "afp", "press", "media", "gazette",
    "telegraph", "guardian", "observer", "express", "mail", "standard", "review", "insider", "wire",
    "radio", "channel", "newsroom", "report", "weekly", "chronicle", "independent", "digital",
}
# up to four words after the separator, split by single spaces (unambiguous: no backtracking blow-up)
SITE_SUFFIX = re.compile(r"\s(?:-|\||–|—|::|»)\s((?:[\w.&'’]+\s){0,3}[\w.&'’]+)$")
DOMAIN = re.compile(r"\b[\w-]+\.(com|org|net|co\.uk|de|fr|ru|es|it|io|info|news)\b", re.IGNORECASE)
# the facts of an article's own information box: a price, a telephone number, opening hours or a
# clock time, a street address (a name and a house number), a quantity with its unit (a recipe's,
# a product's; not one letter: '5G' is a network); its lines are short
FACT = re.compile(
    r"[$€£¥₩₹]\s?\d|\d[\d.,]*\s?[$€£¥₩₹]"
    r"|(?<!\d)(\+\d{1,3}[ .-]?)?(\(\d{2,4}\)[ .-]?|\d{2,4}[ .-])\d{3,4}[ .-]\d{3,4}(?!\d)"
    r"|\b\d+([.,]\d+)?\s?(euros?|eur|dollars?|usd|pounds?|gbp|yen|won|rupees?|francs?|chf)\b"
    r"|\b\d{1,2}[.:]\d{2}\s?([ap]\.?\s?m\b\.?|h\b|uhr\b)|\b\d{1,2}\s?[ap]\.?m\b\.?"
    r"|\b\d{1,2}[.:]\d{2}\s?(-|–|to|bis|à|a|al)\s?\d{1,2}[.:]\d{2}\b|\bat \d{1,2}:\d{2}\b"
    r"|\b(corso|via|viale|piazza|rue|avenue|boulevard|calle|avenida|rua|straße|strasse|platz)\s[^\W\d_]+.{0,30}\b\d{1,4}\b"
    r"|\b\d{1,5}\s[^\W\d_]+(\s[^\W\d_]+)?\s(street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr)\b"
    r"|\b\d+([.,/]\d+)?\s?(tsp|tbsp|teaspoons?|tablespoons?|cups?|oz|lbs?|kg|mg|ml|cl|cm|mm|km|kcal)\b",
    re.IGNORECASE)
FACT_WORDS = 6  # tokens (split at spaces) of an information box's line: a fact and its label, not a headline
BOX_LINES = 12  # non-blank lines after the body within which an information box ends
MIN_FACTS = 2  # facts that make the lines after the body a box: a venue and its hours, a price and a phone
LABELS = {"sharing": "sharing widget", "subscription": "subscription box", "login": "login prompt",
          "comments": "comment widget", "cookies": "cookie notice", "navigation": "navigation item",
          "credit": "photo credit", "template": "template syntax", "markup": "markup", "counter": "bare counter",
          "dateline": "timestamp", "byline": "byline", "ui": "user-interface string",
          "section": "section name", "shop": "shop widget", "forum": "forum widget", "wiki": "wiki interface",
          "footer": "site footer", "caption": "photo caption", "author-bio": "author bio",
          "language-menu": "language menu", "icon": "icon name or CSS class", "alphabet-index": "alphabet index", "image-alt": "image alt text",
          "teaser": "truncated teaser headline"}


KNOWN_LEFTOVERS = {"RES001", "RES002", "RES003", "RES004", "RES005", "RES006", "RES010"}  # packs and suffixes
MAX_PATTERN_LINE = 2000  # characters of a line the packs look at (residue lines are short)


class ResidueDetector:
    codes = ("RES001", "RES002", "RES003", "RES004", "RES005", "RES006", "RES007", "RES009", "RES010", "RES011")

    def __init__(self, matcher: Matcher | None = None, model: ShapeModel | None | bool = True,
                 threshold: float | None = None):
        self.matcher = matcher or default_matcher()
        self.model = default_model() if model is True else model or None
        self.threshold = threshold if threshold is not None else (self.model.threshold if self.model else 1.0)

    def check(self, doc: AnalyzedDocument) -> Iterator[Finding]:
        flagged: set[int] = set()
        credits: set[int] = set()  # photo credits and captions: the article's own residue, not page chrome
        hits = self.matcher.match_lines([line[:MAX_PATTERN_LINE] for line in doc.lines])
        for number, line in enumerate(doc.lines, 1):
            doc.check_time(number)
            if not line.strip():
                continue
            finding = self._pattern(doc, number, hits.get(number - 1)) or self._suffix(doc, number, line)
            if finding:
                flagged.add(number)
                if finding.rule == "RES004":
                    credits.add(number)
                yield finding
        first, last, weight = _article_body(doc.lines, flagged=flagged)
        for finding in self._repeats(doc, flagged, (first, last) if weight >= MIN_BODY_WORDS else None):
            flagged.add(finding.line)
            yield finding
        title = None
        page = not hard_wrapped(doc.lines)  # plain text wrapped for a terminal has no page chrome
        if weight >= MIN_BODY_WORDS:  # else no article to speak of (a list, a poem, a table): no place or shape
            features = document_features(doc.lines, (first, last))
            title = _title(doc.lines, features)
            for finding in self._blocks(doc, flagged, (first, last), features, title, credits) if page else ():
                flagged.add(finding.line)
                yield finding
            for finding in self._shape(doc, flagged, features, title) if self.model else ():
                flagged.add(finding.line)
                yield finding
        if page:
            yield from self._among_residue(doc, flagged, title)

    def _among_residue(self, doc: AnalyzedDocument, flagged: set[int], title: int | None) -> Iterator[Finding]:
        """A short line that the other rules left but whose company is residue: its neighbours
        (the next non-blank line on each side) are both residue, or at least half of the packed
        block it sits in is. It is part of the same run of page chrome: a menu item, a related
        headline or a widget label no pack knows. (Measured on the dev corpora: 23 residue
        lines to 1 article line between two residue lines; 13 to 1 in half-residue blocks.)
        Decided on the findings of the other rules only, so one pass, in any order."""
        lines = doc.lines
        nonblank = [i for i, line in enumerate(lines) if _visible(line)]
        between = {index for before, index, after in zip(nonblank, nonblank[1:], nonblank[2:])
                   if before + 1 in flagged and after + 1 in flagged}
        in_block = {index for block in _blocks_of(lines) if len(block) >= 2
                    and 2 * sum(1 for i in block if i + 1 in flagged) >= len(block) for index in block}
        for index in sorted(between | in_block):
            if index + 1 in flagged or index == title or is_prose(lines[index]) or LIST_ITEM.match(lines[index]):
                continue
            why = "between two residue lines" if index in between else "in a packed block of mostly residue"
            yield doc.finding("RES009", f"line {why} (the same run of page chrome)", index + 1)

    def _shape(self, doc: AnalyzedDocument, flagged: set[int], features: list, title: int | None) -> Iterator[Finding]:
        """Lines the model scores as residue from their shape and context alone, stray labels (one
        or two words between paragraphs that share nothing with the article) and section names.
        In an article that uses subheadings (more than MAX_SUBHEADINGS short lines alone between
        paragraphs) such lines are its headings: none of the three is reported there. A line wholly in
        brackets is the article's own aside or source ('[ The Verge ]', '(Reuters)'): shape says
        nothing about it (the packs still know '[Advertisement]' and '(Photo: AP)')."""
        isolated = sum(1 for index, f in enumerate(features)  # known leftovers are not subheadings
                       if f is not None and f["isolated_short"] and index + 1 not in flagged)
        sections = section_words()
        lines = doc.lines
        subheadings = isolated > MAX_SUBHEADINGS  # where a 'Safety Tips' would be one of them
        for index, line_features in enumerate(features):
            if line_features is None or index + 1 in flagged or index == title or _bracketed(lines[index]):
                continue
            p = self.model.probability(line_features)
            alone = (index == 0 or not lines[index - 1].strip()) and (index + 1 == len(lines) or not lines[index + 1].strip())
            section = sections.names(lines[index]) if p < STRAY_LABEL and alone and not subheadings else None
            if section:
                p, why = STRAY_LABEL, f"a section or menu name standing alone (ends in '{section}')"
            elif p < STRAY_LABEL and isolated <= MAX_SUBHEADINGS and _stray_label(lines[index], line_features):
                p, why = STRAY_LABEL, "one or two words alone between paragraphs, none of them in the article"
            else:
                why = ", ".join(self.model.reasons(line_features))
                if subheadings and line_features["isolated_short"]:
                    continue
            if p >= self.threshold:
                yield doc.finding("RES011", f"line reads as page residue (p={p:.2f}: {why})", index + 1)

    def _pattern(self, doc: AnalyzedDocument, number: int, hit) -> Finding | None:
        if not hit:
            return None
        rule, kind, language, matched = hit
        label = LABELS.get(kind, kind)
        where = "" if language == "*" else f" [{language}]"
        return doc.finding(rule, f"{label}{where}: '{matched[:60]}'", number)

    def _suffix(self, doc: AnalyzedDocument, number: int, line: str) -> Finding | None:
        stripped = line.strip()
        if stripped.endswith((".", "!", "?")) and not DOMAIN.search(stripped[-30:]):
            return None
        m = SITE_SUFFIX.search(stripped)
        if not m:
            return None
        words = m.group(1).split()
        last = words[-1].lower().strip(".")
        if last in SUFFIX_WORDS or DOMAIN.search(m.group(1)):
            if all(w[0].isupper() or DOMAIN.search(w) for w in words):
                return doc.finding("RES005", f"site-name suffix '{m.group(0).strip()}'", number)
        return None

    def _repeats(self, doc: AnalyzedDocument, flagged: set[int], body: tuple[int, int] | None) -> Iterator[Finding]:
        """Copies of lines within the document (see repeats.py).

        Structured documents (recipes, tables, listings) repeat whole sections by design: when
        more than a few distinct lines repeat, none is reported. Of two copies, the later one is
        reported, unless only the later one is in the article body: then the earlier copy (a
        teaser or summary above the article) is the residue. Near copies far apart inside the
        body are the article restating itself.
        """
        found = find_repeats(doc.lines)
        if len({r.of for r in found}) > MAX_REPEATED_KEYS:
            return
        inside = (lambda n: body[0] <= n - 1 <= body[1]) if body else (lambda n: True)
        for repeat in found:
            if repeat.kind in ("exact", "near") and inside(repeat.line) and not inside(repeat.of):
                if repeat.of not in flagged:
                    yield doc.finding("RES007", f"line is repeated by line {repeat.line} in the article "
                                                f"(a teaser or summary of it)", repeat.of)
                continue
            if repeat.line in flagged:
                continue
            if repeat.kind == "near" and body and inside(repeat.line) and inside(repeat.of) \
                    and abs(repeat.line - repeat.of) > 2:
                continue  # an article restating its own sentence (a quoted claim, a summary)
            if repeat.kind == "exact":
                message = f"line repeats line {repeat.of} of this document"
            elif repeat.kind == "near":
                message = f"line nearly repeats line {repeat.of} ({repeat.overlap:.0%} of words shared)"
            elif repeat.kind == "self":
                message = "line repeats itself (the same text twice in one line)"
            else:
                message = f"line repeats line {repeat.of} with text added (caption glued to credit, title to site)"
            yield doc.finding("RES007", message, repeat.line)

    def _blocks(self, doc: AnalyzedDocument, flagged: set[int], body: tuple[int, int],
                features: list, title: int | None, credits: set[int]) -> Iterator[Finding]:
        """Lines outside the article body that are packed into blocks or sit among page chrome.

        The body is the first strong stretch of prose (see _article_body). Scrapers emit menus,
        link lists and teaser blocks as runs of lines without blank lines between them; a region
        of many short lines outside the body that also holds a known leftover is page chrome
        (without one, it is the article's own box: hours, prices, a phone number), except list
        items, the lines standing alone right next to the body, and, a little further, lines that
        share the article's vocabulary (a closing section of the article itself).
        """
        lines = doc.lines
        blocks = _blocks_of(lines)
        size = {index: len(block) for block in blocks for index in block}
        start, end = body
        # on a page without blank lines between paragraphs (the body's edge is in a block with
        # more of its paragraphs), the lines packed right against the body's first or last line
        # are its own edge: a subtitle, a byline
        attached: set[int] = set()
        for block in blocks:  # a block is a run of consecutive lines: a line's place is its offset
            if block[0] <= end and block[-1] >= start and \
                    min(block[-1], end) - max(block[0], start) + 1 >= ATTACHED_MIN:
                for edge in (start, end):
                    if block[0] <= edge <= block[-1]:
                        k = edge - block[0]
                        attached.update(block[max(0, k - EDGE_LINES):k] + block[k + 1:k + 1 + EDGE_LINES])
        box_end = _information_box(lines, flagged - credits, end)
        for region in (range(0, start), range(box_end + 1, len(lines))):
            members = [i for i in region if _visible(lines[i])]  # nothing visible: not residue
            if len(members) < 2:
                continue
            chrome = sum(1 for i in members if not is_prose(lines[i])) >= LARGE_EDGE and \
                any(i + 1 in flagged for i in members)
            # counted outward from the body: a line standing alone right next to it is its edge (a
            # closing note, "With wire reports", "See more photos:"), a line on the article's topic
            # a little further its closing section; beyond, on-topic headlines are related links
            outward = members if region.start > start else members[::-1]
            for distance, index in enumerate(outward):
                if index + 1 in flagged or index == title:
                    continue
                packed = size[index] >= 2 and index not in attached
                if LIST_ITEM.match(lines[index]):
                    continue  # numbered items and bare links: a list of the article's own
                if not packed:
                    related = features[index] is not None and _on_topic(features[index])
                    if not chrome or distance < EDGE_LINES or related and distance < NEAR_BODY:
                        continue
                side = "before" if index < start else "after"
                why = f"in a packed block of {size[index]} lines" if packed else "among page chrome"
                yield doc.finding("RES009", f"line {side} the article body, {why}", index + 1)
        yield from self._teaser_blocks(doc, flagged, body, features, blocks)

    def _teaser_blocks(self, doc: AnalyzedDocument, flagged: set[int], body: tuple[int, int],
                       features: list, blocks: list[list[int]]) -> Iterator[Finding]:
        """Two short lines packed together between the paragraphs of a blank-separated article,
        with words the article does not use: related-article headlines and widgets. Longer runs,
        runs introduced by a colon, with list markers, on the article's topic or wholly in brackets
        (a reference broken over two lines) are its own."""
        lines = doc.lines
        if sum(1 for block in blocks if len(block) == 1) < 0.6 * len(blocks):
            return  # paragraphs are not blank-separated here: packing says nothing
        start, end = body
        previous = ""
        for block in blocks:
            inside = start < block[0] and block[-1] < end
            texts = [lines[i].strip() for i in block]
            unrelated = all(features[i] is not None and not _on_topic(features[i]) for i in block)
            if inside and len(block) == 2 and unrelated and not previous.endswith(":") and all(
                    not t.endswith(":") and not LIST_ITEM.match(t) for t in texts) and not _bracketed(" ".join(texts)):
                for index in block:
                    if index + 1 not in flagged:
                        yield doc.finding("RES009", f"short line in a packed block of {len(block)} lines "
                                                    "between paragraphs (teasers or widgets)", index + 1)
            previous = texts[-1]


def _information_box(lines: list[str], flagged: set[int], end: int) -> int:
    """The last line of the article's own information box after its body, or `end` without one:
    the lines after the body up to the last that states a fact (a price, a telephone number,
    hours, an address) in a few words, when at least MIN_FACTS do, before any known leftover
    other than a photo credit (`flagged` without the credits) and within BOX_LINES lines.
    An event's tickets and venue, a shop's hours: the article's, though packed like a widget;
    one short headline with a price in it ('Gifts under $25') does not make a list a box."""
    last, seen, facts = end, 0, 0
    for index in range(end + 1, len(lines)):
        if index + 1 in flagged or seen >= BOX_LINES:
            break
        line = lines[index]
        if _visible(line):
            seen += 1
            if len(line.split()) <= FACT_WORDS and FACT.search(line):
                last, facts = index, facts + 1
    return last if facts >= MIN_FACTS else end


def _on_topic(features: dict) -> bool:
    """Most of the line's words are the article's; or all of them are among its most frequent
    words, which the features set aside as function words but which, in a short article, are
    its names and topic ('Jeongdong Theater Tradition Series Performance')."""
    return features["cohesion"] >= RELATED or features["function_share"] == 1.0


def _stray_label(line: str, features: dict) -> bool:
    """One or two words alone between two paragraphs, sharing nothing with the article, with
    letters and outside brackets (a bracketed source like '[ Reuters ]' is the article citing)."""
    return bool(features["one_two_words"] and features["isolated_short"] and features["cohesion"] == 0.0
                and features["no_content"] == 0.0 and not line.strip().endswith(":") and not _bracketed(line))


def _bracketed(line: str) -> bool:
    """The whole line inside one pair of brackets or parentheses."""
    stripped = line.strip()
    return len(stripped) > 2 and (stripped[0], stripped[-1]) in (("[", "]"), ("(", ")"))


def _title(lines: list[str], features: list) -> int | None:
    """Index of the document's title: its first non-blank line when that reads like a headline
    on the article's topic (not a menu item or another story's headline); None otherwise."""
    index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if index is None or word_count(lines[index]) < 4:
        return None
    scored = features[index] if features else None
    return index if scored is None or _on_topic(scored) else None


def _visible(line: str) -> bool:
    return BLANK.fullmatch(line) is None


def _blocks_of(lines: list[str]) -> list[list[int]]:
    """Runs of consecutive non-blank lines, as lists of 0-based line indexes."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for index, line in enumerate(lines):
        if _visible(line):
            current.append(index)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _article_body(lines: list[str], penalty: int = BODY_PENALTY, cap: int = 30,
                  flagged: set[int] = frozenset()) -> tuple[int, int, int]:
    """0-based (first, last) line of the article body and its score (0 without prose).

    Prose lines count their words, other lines a small penalty, and a line already known as
    residue (`flagged`, 1-based) among other non-prose lines as much as a paragraph is worth, so
    a footer or a run of credits ends a stretch of prose (a lone credit between two paragraphs
    does not). The body is the first stretch at least FIRST_STRONG as strong as the strongest:
    a comment thread after an article can outweigh it. An article interrupted by captions,
    credits or a "read more" box goes on after them: the body grows over a short gap to a run of
    at least two consecutive paragraphs, which teaser lists (a headline, one sentence, a
    timestamp) do not have.
    """
    nonblank = [i for i, line in enumerate(lines) if _visible(line)]
    prose = [i + 1 not in flagged and is_prose(lines[i]) for i in nonblank]
    stretches: list[list[int]] = []  # [score, first, last position] of the best part of each stretch
    running = 0
    for position, index in enumerate(nonblank):
        if index + 1 in flagged:
            alone = all(prose[p] for p in (position - 1, position + 1) if 0 <= p < len(prose))
            score = -penalty if alone else -FLAGGED_PENALTY
        else:
            score = min(word_count(lines[index]), cap) if prose[position] else -penalty
            if prose[position] and not lines[index].rstrip().endswith(PROSE_END):
                score = int(score * UNFINISHED)
        if running <= 0:
            running = 0
            stretches.append([0, position, position])
        running += score
        if running > stretches[-1][0]:
            stretches[-1][0], stretches[-1][2] = running, position
    best = max((stretch[0] for stretch in stretches), default=0)
    if best <= 0:
        return 0, -1, 0
    strong = min(best, max(FIRST_STRONG * best, MIN_BODY_WORDS))
    score, first, last = next(stretch for stretch in stretches if stretch[0] >= strong)
    # the body grows only to paragraphs that end like sentences: a list of long headlines does not
    paragraphs = [p and lines[i].rstrip().endswith(PROSE_END) for p, i in zip(prose, nonblank)]
    return nonblank[_grow(paragraphs, first, -1)], nonblank[_grow(paragraphs, last, 1)], score


def _grow(paragraphs: list[bool], edge: int, step: int) -> int:
    """Move the body's edge (a position among non-blank lines) over gaps of at most GAP lines
    (single paragraphs among them: captions) to runs of two or more consecutive paragraphs
    (`paragraphs[position]`), while there are such runs."""
    while True:
        position, gap = edge + step, 0
        while 0 <= position < len(paragraphs) and gap <= GAP:
            if paragraphs[position] and 0 <= position + step < len(paragraphs) and paragraphs[position + step]:
                break
            position, gap = position + step, gap + 1
        else:
            return edge
        while 0 <= position < len(paragraphs) and paragraphs[position]:
            position += step
        edge = position - step
