"""What kind of text a document is: the text of a web page, or plain text written for a terminal
(hard-wrapped prose, licences, changelogs, RFC-style documents).

Page chrome belongs to web pages. The neighbourhood rules (RES009) read a run of short lines
among residue as a menu or a teaser block; in text wrapped at a fixed width every paragraph is
such a run, and one flag would spread over it. Wrapping leaves a trace no page has: a line ends
where the next line's first word would not have fitted.
"""
from __future__ import annotations

WRAP_MAX_WIDTH = 100   # wider "wrapping" is a page's paragraphs, one to a line
WRAP_MIN_WIDTH = 50    # narrower is a page's menus and lists of short items
WRAP_MIN_SHARE = 0.2   # of the pairs of adjacent lines, those broken where the width forced it
WRAP_MIN_PAIRS = 3
WRAP_PERCENTILE = 0.95  # the width: what all but the longest few lines stay within (a URL, a table row)


def hard_wrapped(lines: list[str]) -> bool:
    """The document is wrapped at a fixed width: its lines stay within a terminal's width, and
    between lines of one paragraph the next line's first word would mostly not have fitted on
    the line before (a line of one paragraph is followed by the next with no blank line; with
    lists, code and tables between paragraphs, a fifth of such pairs is enough). Measured: no
    page of either dev set passes (3,500 pages; the most any reaches is 0.09); 433 of the 473
    Debian documentation files of six lines or more do."""
    stripped = [line.rstrip() for line in lines]
    lengths = sorted(len(line) for line in stripped if line)
    if len(lengths) < 2 * WRAP_MIN_PAIRS:
        return False
    width = lengths[int(WRAP_PERCENTILE * (len(lengths) - 1))]
    if not WRAP_MIN_WIDTH <= width <= WRAP_MAX_WIDTH:
        return False
    pairs = forced = 0
    for line, following in zip(stripped, stripped[1:]):
        if not line or len(line) > width or not following.strip():
            continue
        pairs += 1
        forced += len(line) + 1 + len(following.split(None, 1)[0]) >= width
    return forced >= WRAP_MIN_PAIRS and forced >= WRAP_MIN_SHARE * pairs
