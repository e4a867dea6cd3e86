"""Short fragments, the hard case of foreign-language detection: two to five words that the
language identifiers are unsure of, decided by word evidence; and what must stay quiet."""
from __future__ import annotations

import pytest

ITALIAN = (
    "Il consiglio comunale ha approvato martedì il nuovo bilancio dopo un lungo dibattito sulle scuole.\n\n"
    "L'opposizione sostiene che il piano faccia troppo poco per i quartieri periferici della città.\n\n"
    "{line}\n\n"
    "L'assessore al bilancio ha detto che i conti saranno rivisti in primavera, quando le entrate saranno note.\n\n"
    "I sindacati degli insegnanti hanno accolto i fondi per gli edifici ma chiedono più personale.\n"
)
ENGLISH = (
    "The regional council approved the new budget on Tuesday after a long debate about school funding.\n\n"
    "Members of the opposition argued that the plan did too little for rural districts, where several schools have closed.\n\n"
    "{line}\n\n"
    "The finance officer said the budget would be reviewed in the spring, once the final tax figures are known.\n\n"
    "Teachers' unions welcomed the extra money for buildings but said staffing remained the main problem.\n"
)
RUSSIAN = (
    "Городской совет во вторник утвердил новый бюджет после долгого обсуждения расходов на школы.\n\n"
    "Оппозиция считает, что план слишком мало делает для окраин, где закрылись несколько школ.\n\n"
    "{line}\n\n"
    "Финансовый отдел сообщил, что бюджет пересмотрят весной, когда станут известны налоговые поступления.\n\n"
    "Профсоюзы учителей приветствовали деньги на ремонт зданий, но говорят, что не хватает персонала.\n"
)
INDONESIAN = (
    "Dewan kota menyetujui anggaran baru pada hari Selasa setelah perdebatan panjang tentang dana sekolah.\n\n"
    "Pihak oposisi menilai rencana itu terlalu sedikit membantu daerah pinggiran yang kehilangan sekolah.\n\n"
    "{line}\n\n"
    "Petugas keuangan mengatakan anggaran akan ditinjau kembali pada musim semi ketika angka pajak diketahui.\n"
)


def foreign_on_line(audit, template, line):
    return {f.rule for f in audit(template.format(line=line)) if f.line == 5 and f.category == "foreign"}


@pytest.mark.parametrize("template, line", [
    (ITALIAN, "Save all changes"),
    (ITALIAN, "Remove this item from the list"),
    (ENGLISH, "Tallenna muutokset"),          # Finnish: save changes
    (ENGLISH, "Simpan perubahan"),            # Indonesian: save changes
    (ENGLISH, "Uložit změny"),                # Czech: save changes
    (RUSSIAN, "Delete this comment now"),     # Latin in a Cyrillic document, made of common words
    (ENGLISH, "ชื่อ"),                         # two Thai letters are a word
], ids=lambda v: v[:30] if isinstance(v, str) and "\n" not in v else "")
def test_short_fragment_is_found(audit, template, line):
    assert foreign_on_line(audit, template, line)


@pytest.mark.parametrize("template, line", [
    (ENGLISH, "The café au lait was cold"),      # English with a French loan phrase
    (ENGLISH, "Guest speakers"),                 # plain English
    (ITALIAN, "Roberto Baggio e Paolo Maldini"),  # names
    (RUSSIAN, "Apple Music"),                    # a brand in Latin letters
    (RUSSIAN, "iPhone 15 Pro Max"),
    (INDONESIAN, "إِنَّمَا الْأَعْمَالُ بِالنِّيَّاتِ"),  # vocalised Arabic: a quotation, not an interface
], ids=lambda v: v[:30] if isinstance(v, str) and "\n" not in v else "")
def test_short_non_fragment_is_quiet(audit, template, line):
    assert not foreign_on_line(audit, template, line)


def test_fragment_inside_a_line_is_a_span_with_columns(audit):
    line = "The banner read Добро пожаловать в наш город when the delegation arrived."
    found = [f for f in audit(ENGLISH.format(line=line)) if f.rule == "LNG001"]
    assert len(found) == 1
    span = line[found[0].column - 1:found[0].end_column - 1]
    assert span == "Добро пожаловать в наш город" and found[0].line == 5
    assert "Russian" in found[0].message and "English document" in found[0].message


def test_foreign_sentence_inside_a_paragraph_is_a_span(audit):
    line = ("The minister spoke for an hour about the budget and the schools. "
            "Die Sitzung wurde danach ohne Ergebnis vertagt. Nobody in the room objected to that.")
    found = [f for f in audit(ENGLISH.format(line=line)) if f.rule == "LNG002"]
    assert [line[f.column - 1:f.end_column - 1] for f in found] == ["Die Sitzung wurde danach ohne Ergebnis vertagt."]


def _lines_flagged(cli, tmp_path, text, *options):
    doc = tmp_path / "doc.txt"
    doc.write_text(text, encoding="utf-8")
    out = tmp_path / "f.jsonl"
    cli("scan", str(doc), "--findings", str(out), "-q", "--select", "LNG", *options)
    import json
    return {(r["line"], r["rule"]) for r in map(json.loads, out.open(encoding="utf-8"))}


def test_expected_languages_are_not_fragments(cli, tmp_path):
    text = ENGLISH.format(line="Bitte aktivieren Sie JavaScript in Ihrem Browser.")
    assert _lines_flagged(cli, tmp_path, text) == {(5, "LNG002")}
    assert _lines_flagged(cli, tmp_path, text, "--languages", "en,de") == set()
    assert _lines_flagged(cli, tmp_path, text, "--languages", "fr") == {(5, "LNG002")}


def test_allowed_terms_and_thresholds(cli, tmp_path):
    text = ENGLISH.format(line="Le Monde diplomatique")
    assert (5, "LNG002") in _lines_flagged(cli, tmp_path, text)
    assert _lines_flagged(cli, tmp_path, text, "--allow", "Le Monde diplomatique") == set()
    short = ENGLISH.format(line="Tallenna muutokset")
    assert _lines_flagged(cli, tmp_path, short)
    assert _lines_flagged(cli, tmp_path, short, "--foreign-min-letters", "40") == set()


def test_short_records_take_the_files_language_as_prior(cli, tmp_path):
    import json
    german = ["Der Stadtrat hat am Dienstag nach langer Debatte den neuen Haushalt für die Schulen beschlossen.",
              "Die Opposition kritisierte, der Plan tue zu wenig für die ländlichen Gemeinden im Norden."]
    rows = [{"text": german[0]}, {"text": german[1]}, {"text": "Share this article with your friends"}]
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "f.jsonl"
    cli("scan", str(path), "--findings", str(out), "-q", "--select", "LNG")
    found = [json.loads(line) for line in out.open(encoding="utf-8")]
    assert [(r["record"], r["rule"]) for r in found] == [(2, "LNG002")]
    assert "German document" in found[0]["message"]


def test_tiny_files_take_the_corpus_language_as_prior(cli, tmp_path):
    import json
    for i in range(3):
        (tmp_path / f"article{i}.txt").write_text(ENGLISH.format(line="The mayor did not comment."), encoding="utf-8")
    (tmp_path / "button.txt").write_text("Bitte hier klicken\n", encoding="utf-8")
    (tmp_path / "label.txt").write_text("Read more\n", encoding="utf-8")
    out = tmp_path / "f.jsonl"
    cli("scan", str(tmp_path), "--findings", str(out), "-q", "--select", "LNG")
    found = [json.loads(line) for line in out.open(encoding="utf-8")]
    assert [(r["path"].rsplit("/", 1)[-1], r["line"], r["rule"]) for r in found] == [("button.txt", 1, "LNG002")]
    assert "English document" in found[0]["message"]


def test_plain_english_documents_are_english_without_the_identifier(monkeypatch):
    """A document whose sample is mostly common English words is English without fastText (a
    tenth of the scan); anything else still asks it: Italian, a short text, English thin on
    common words."""
    from auditor.detectors import language

    asked = []
    real = language.identify
    monkeypatch.setattr(language, "identify", lambda text, k=5: asked.append(text) or real(text, k))
    english = ENGLISH.format(line="The mayor thanked the volunteers who cleaned the beach on Sunday.")
    lang, share = language.document_language(english)
    assert (lang, asked) == ("en", []) and share >= language.PLAIN_ENGLISH
    assert language.document_language(ITALIAN.format(line="Ultime notizie"))[0] == "it" and len(asked) == 1
    assert language.document_language("The council met on Tuesday and approved the budget.")[0] == "en"
    assert len(asked) == 2  # nine words: too few to go by
    names = " ".join(["Zbigniew Brzezinski Kowalczyk Wroclaw Szczecin"] * 10)
    language.document_language(names)
    assert len(asked) == 3  # plenty of words, few of them English
    # every document of the bundled corpora gets the language fastText gives it
    from pathlib import Path

    monkeypatch.setattr(language, "identify", real)
    for path in sorted((Path(__file__).parent.parent / "corpora").glob("*/*.txt")):
        raw = path.read_bytes()
        text = raw.decode("cp1251") if "cp1251" in path.name else raw.decode("utf-8")
        with monkeypatch.context() as patch:
            patch.setattr(language, "PLAIN_WORDS", 10 ** 9)
            expected = language.document_language(text)
        assert language.document_language(text)[0] == expected[0]
