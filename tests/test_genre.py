"""Plain text written for a terminal is not a web page: wrapped at a fixed width, its paragraphs
are runs of short lines, and the neighbourhood rules (RES009) must not read them as page chrome.
Labelled cases of our own: wrapped prose, a licence, a changelog (positive); pages as scrapers
leave them, with one paragraph to a line or menus of short items (negative)."""
from __future__ import annotations

import textwrap

import pytest

from auditor.detectors.genre import hard_wrapped

PARAGRAPHS = [
    "The river authority opened the new lock on Tuesday after three years of work, and the first "
    "barges passed through before noon while a small crowd watched from the towpath.",
    "Engineers said the gates, which weigh eleven tonnes each, can be worked by one person from the "
    "control hut, where the old lock needed a crew of four and most of a morning.",
    "Boat owners had complained for years that the narrow chamber held up traffic in the summer, when "
    "hire boats queue for hours; the new chamber takes three boats at once.",
    "The authority expects the lock to last a century. It will publish the water levels every hour on "
    "its notice board at the lock and in the harbour office in town.",
    "Local schools have been invited to visit the control hut next month, and the authority says it "
    "will run open days for anyone who wants to see the gates at work.",
]
CHROME = ["Share this article", "Subscribe to our newsletter", "More from the valley",
          "Council approves budget for bridges", "Log in or register to comment", "Cookie settings"]

LICENCE = """\
Copyright (c) 2021 The Towpath Project contributors
All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the conditions below are met,
and that this notice is kept with every copy of the work in any form:

1. Copies of the source must keep the notice above, this list of
   conditions and the disclaimer that follows it, word for word.
2. Copies in binary form must reproduce the same notice in the papers
   or other material that are handed out with the copy.

THE WORK IS PROVIDED AS IT IS, WITHOUT ANY PROMISE THAT IT WILL SERVE
A PARTICULAR USE. IN NO EVENT SHALL THE AUTHORS BE LIABLE FOR ANY LOSS
WHATSOEVER THAT ARISES FROM THE USE OF THE WORK OR FROM DEALINGS IN IT.
"""

CHANGELOG = """\
towpath (2.4-1) unstable; urgency=medium

  * New upstream release: the lock timetable is read from the notice file
    instead of the old fixed table, so changes need no new package.
  * Keep the water level log when the package is removed, since boat
    owners asked for the history; purge still removes it with the rest.
  * Fix the spelling of the harbour office address in the manual page
    and in the example configuration that ships with the package.

 -- Ada Keeper <ada@example.org>  Mon, 02 Mar 2026 10:12:44 +0100

towpath (2.3-2) unstable; urgency=low

  * Rebuild against the new version of the scheduling library, which
    changed the way it reports a gate that has not finished closing.

 -- Ada Keeper <ada@example.org>  Fri, 16 Jan 2026 18:40:02 +0100
"""


def page(paragraphs: list[str]) -> str:
    return "Lock opens on the river\n\n" + "\n\n".join(paragraphs) + "\n\n" + "\n".join(CHROME) + "\n"


@pytest.mark.parametrize("width", [60, 64, 72, 79, 96])
def test_prose_wrapped_at_any_terminal_width_is_wrapped(width):
    assert hard_wrapped(page([textwrap.fill(p, width) for p in PARAGRAPHS]).split("\n"))


@pytest.mark.parametrize("text", [LICENCE, CHANGELOG], ids=["licence", "changelog"])
def test_licences_and_changelogs_are_wrapped(text):
    assert hard_wrapped(text.split("\n"))


@pytest.mark.parametrize("text", [
    page(PARAGRAPHS),                                           # a scraped article: a paragraph to a line
    "\n".join(CHROME * 4),                                      # a menu of short items
    "\n".join(f"{n}. {item}" for n, item in enumerate(CHROME * 2, 1)),  # a numbered list of links
    "\n".join(textwrap.fill(p, 30) for p in PARAGRAPHS),        # a narrow column: a page's sidebar
    "\n".join(textwrap.fill(p, 140) for p in PARAGRAPHS),       # wider than any terminal
    "Lock opens\n\nThe gates are new.\n",                        # too little to tell
], ids=["article", "menu", "numbered", "narrow", "wide", "short"])
def test_pages_are_not_wrapped(text):
    assert not hard_wrapped(text.split("\n"))


def test_wrapped_text_gets_no_neighbourhood_flags_a_page_does(audit):
    """The same article and chrome: as a page, the unknown lines among the chrome are RES009; as
    wrapped text, only what the packs know is reported, and no paragraph line is touched."""
    as_page = audit(page(PARAGRAPHS))
    as_text = audit(page([textwrap.fill(p, 72) for p in PARAGRAPHS]))
    assert {f.excerpt for f in as_page if f.rule == "RES009"} == {"More from the valley",
                                                                   "Council approves budget for bridges"}
    assert not [f for f in as_text if f.rule == "RES009"]
    assert {f.excerpt for f in as_text if f.rule == "RES001"} == {f.excerpt for f in as_page if f.rule == "RES001"}
    assert not [f for f in audit(LICENCE) + audit(CHANGELOG) if f.rule == "RES009"]
