"""A scraped news page in our own words, with the chrome a real scraper keeps: every residue line
flagged, no sentence of the article and not its title."""

PAGE = """\
Ministers agree on a new plan for the northern border
© REUTERS / Marc LefevreDefence ministers pose for a photo in Brussels, November 18, 2016.
Defence ministers pose for a photo in Brussels - Sputnik International

Defence ministers of the alliance agreed on Friday to station additional troops along the northern border, after two days of talks in Brussels.

Subscribe

The plan, which still needs the approval of national parliaments, foresees four new battalions rotating through the region every six months.

Ministers reject proposal to cut training budget
Protesters gather outside the conference centre

Officials said the first units could arrive in the spring, although the exact timetable depends on the availability of housing near the bases.

Several ministers stressed that the deployment was defensive and that the alliance remained open to dialogue.

Newsfeed
0
To participate in the discussion
log in or register
loader
Chats
Заголовок открываемого материала
"""
RESIDUE = {2, 3, 7, 11, 12, 18, 19, 20, 21, 22, 23, 24}


def test_page_is_flagged_line_for_line(audit):
    flagged = {f.line for f in audit(PAGE) if f.line}
    assert flagged == RESIDUE


def test_the_russian_ui_string_is_foreign_and_named(audit):
    found = [f for f in audit(PAGE) if f.line == 24 and f.category == "foreign"]
    assert found and "Russian" in found[0].message
