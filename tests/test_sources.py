"""Readers and decoding on real formats, real compression and real encodings, broken ones included."""
import bz2
import gzip
import json
import lzma
import os

import pytest
import zstandard

from auditor.config import Settings
from auditor.engine.scan import finish, run_scan, scan_file
from auditor.sources.decoding import decode
from auditor.sources.discovery import UsageError, discover

ARTICLE = ("Стихия обрушилась на побережье в понедельник вечером.\n\n"
           "Спасатели эвакуировали жителей трёх посёлков и развернули пункты временного размещения.\n")


def scan(path, **settings):
    [inp] = discover([str(path)])
    return finish([scan_file(inp, Settings(**settings))], Settings(**settings)).files[0]


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "utf-16", "utf-8-sig", "utf-32"])
def test_decoding_recovers_the_text(encoding):
    raw = ARTICLE.encode(encoding)
    decoded = decode(raw)
    assert decoded.text == ARTICLE
    assert not decoded.invalid


# Short interface pages in their legacy code pages: readings in the wrong page leave no odd
# symbols, only non-words; language plausibility decides (our own sentences, a few lines each).
UI_PAGES = [
    ("cp1250", "Uložit změny\nZrušit\nVložit obrázek\nPříspěvek byl úspěšně smazán.\nPřihlásit se\nNastavení účtu"),
    ("cp1250", "Módosítások mentése\nMégse\nKép beszúrása\nA bejegyzés sikeresen törölve.\nBejelentkezés\nFiókbeállítások"),
    ("cp1252", "¿Desea guardar los cambios?\nCancelar\nInsertar imagen\nLa entrada se eliminó correctamente.\n¡Bienvenido de nuevo!"),
    ("cp1254", "Değişiklikleri kaydet\nİptal\nResim ekle\nGönderi başarıyla silindi.\nGiriş yap\nHesap ayarları"),
    ("cp1255", "שמור שינויים\nביטול\nהוסף תמונה\nהרשומה נמחקה בהצלחה.\nהתחבר\nהגדרות חשבון"),
    ("euc-jp", "変更を保存\nキャンセル\n画像を挿入\n投稿は正常に削除されました。\nログイン\nアカウント設定"),
    ("shift_jis", "変更を保存\nキャンセル\n画像を挿入\n投稿は正常に削除されました。\nログイン\nアカウント設定"),
    ("euc-kr", "변경 사항 저장\n취소\n이미지 삽입\n게시물이 삭제되었습니다.\n로그인\n계정 설정"),
    ("cp1252", "Änderungen speichern\nAbbrechen\nBild einfügen\nDer Beitrag wurde gelöscht.\nAnmelden\nKontoeinstellungen"),
]


@pytest.mark.parametrize("encoding, text", UI_PAGES, ids=[f"{e}-{t[:12]}" for e, t in UI_PAGES])
def test_short_legacy_pages_decode_exactly(encoding, text):
    raw = text.encode(encoding)
    assert decode(raw).text == text


def test_utf16_without_bom_is_recognised():
    raw = ("The council met on Monday. " * 20).encode("utf-16-le")
    decoded = decode(raw)
    assert decoded.encoding == "utf-16-le" and decoded.text.startswith("The council")


def test_utf8_with_a_stray_byte_keeps_utf8_and_reports_the_offset():
    raw = "Café crème ".encode() * 10 + b"caf\xe9 " + "naïve".encode()
    decoded = decode(raw)
    assert decoded.encoding == "utf-8"
    assert decoded.invalid == [(raw.index(b"\xe9 "), 1)]


def test_file_level_encoding_findings(tmp_path):
    (tmp_path / "ru.txt").write_bytes(ARTICLE.encode("cp1251"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode())
    (tmp_path / "bad.txt").write_bytes(("Привет мир. " * 20).encode() + b"\n\xff\xfeabc\n")
    ru, bom, bad = scan(tmp_path / "ru.txt"), scan(tmp_path / "bom.txt"), scan(tmp_path / "bad.txt")
    assert ru.encoding == "cp1251" and "ENC001" in {f.rule for f in ru.findings}
    assert "ENC002" in {f.rule for f in bom.findings}
    [broken] = [f for f in bad.findings if f.rule == "ENC003"]
    assert broken.line == 2 and broken.column == 1 and "byte offset" in broken.message


def _jsonl(records):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


RECORDS = [{"id": f"r{i}", "url": f"https://example.org/{i}", "text": f"Record {i} says hello to the world."}
           for i in range(5)]


@pytest.mark.parametrize("suffix,compress", [
    (".gz", gzip.compress), (".bz2", bz2.compress), (".xz", lzma.compress),
    (".zst", lambda b: zstandard.ZstdCompressor().compress(b)),
])
def test_compressed_jsonl_is_read_to_the_end(tmp_path, suffix, compress):
    path = tmp_path / f"data.jsonl{suffix}"
    path.write_bytes(compress(_jsonl(RECORDS)))
    result = scan(path)
    assert result.records == 5 and result.status in ("clean", "dirty")
    assert not [f for f in result.findings if f.category == "input"]


def test_multi_frame_zstd_and_multi_member_gzip(tmp_path):
    half1, half2 = _jsonl(RECORDS[:2]), _jsonl(RECORDS[2:])
    cctx = zstandard.ZstdCompressor()
    (tmp_path / "a.jsonl.zst").write_bytes(cctx.compress(half1) + cctx.compress(half2))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(half1) + gzip.compress(half2))
    assert scan(tmp_path / "a.jsonl.zst").records == 5
    assert scan(tmp_path / "b.jsonl.gz").records == 5


def test_truncated_gzip_keeps_the_records_before_the_damage(tmp_path):
    big = [{"text": f"Record number {i} of a long file, with some text to make it compress. " * 3} for i in range(2000)]
    data = gzip.compress(_jsonl(big))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    result = scan(path)
    assert "IO004" in {f.rule for f in result.findings}
    assert 0 < result.records < 2000
    assert result.status == "dirty"


def test_bad_json_records_are_findings_and_the_rest_is_read(tmp_path):
    lines = [json.dumps({"text": "First record is fine and long enough."}), "{not json", json.dumps([1, 2]),
             json.dumps({"body": "no text"}), json.dumps({"text": 42}), json.dumps({"text": "Last record is fine too."})]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n")
    result = scan(path)
    found = sorted((f.record, f.rule) for f in result.findings if f.category == "input")
    assert found == [(1, "IO005"), (2, "IO005"), (3, "IO006"), (4, "IO006")]
    assert result.records == 2


def test_custom_text_field_and_ids(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": 7, "url": "https://x.example/a", "content": "Subscribe"}) + "\n")
    result = scan(path, text_field="content")
    [finding] = [f for f in result.findings if f.rule == "RES001"]
    assert finding.record == 0 and finding.record_id == "7" and finding.url == "https://x.example/a"


def test_lone_surrogates_in_json_are_replaced_and_reported(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "broken \\ud800 surrogate in a record"}\n')
    result = scan(path)
    assert "ENC003" in {f.rule for f in result.findings}


def test_empty_binary_and_special_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (tmp_path / "fake.txt.gz").write_bytes(b"this is not gzip")
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink(tmp_path / "missing.txt", tmp_path / "dangling.txt")
    rules = {r.path.rsplit("/", 1)[-1]: {f.rule for f in r.findings} for r in
             finish([scan_file(i, Settings()) for i in discover([str(tmp_path)])], Settings()).files}
    assert rules["empty.txt"] == {"IO002"}
    assert rules["image.txt"] == {"IO003"}
    assert rules["fake.txt.gz"] == {"IO004"}
    assert rules["pipe.txt"] == {"IO001"}
    assert rules["dangling.txt"] == {"IO001"}


def test_discovery_order_hidden_and_globs(tmp_path):
    for name in ["b/2.txt", "a/1.jsonl", ".hidden/x.txt", ".git/y.txt", "a/notes.md", "a/.secret.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [i.display for i in discover([str(tmp_path)]) if not i.skipped]
    assert [p.rsplit(str(tmp_path.name) + "/", 1)[-1] for p in found] == ["a/1.jsonl", "b/2.txt"]
    only = [i for i in discover([str(tmp_path)], include=("*.jsonl",)) if not i.skipped]
    assert [i.display.endswith("1.jsonl") for i in only] == [True]
    assert [i for i in discover([str(tmp_path)], exclude=("b/*", "*/b/*")) if not i.skipped] == only
    with pytest.raises(UsageError):
        discover([str(tmp_path / "nope")])


def test_file_vanished_after_discovery_is_a_finding(tmp_path):
    path = tmp_path / "gone.jsonl"
    path.write_text('{"text": "here for a moment"}\n')
    [inp] = discover([str(tmp_path)])
    path.unlink()
    result = finish([scan_file(inp, Settings())], Settings()).files[0]
    assert [(f.rule, "cannot open" in f.message) for f in result.findings] == [("IO001", True)]
    assert result.status == "unreadable"


def test_a_file_mixing_utf8_and_cp1252_lines_is_read_line_by_line(tmp_path):
    utf8 = "Grüße aus München, schöne Grüße!\nNoch eine Zeile mit Umlauten: äöü ß\n"
    legacy = "Déjà vu: café, crème brûlée et hôtel.\n"
    path = tmp_path / "joined.txt"
    path.write_bytes(utf8.encode() + legacy.encode("cp1252") + "Wieder UTF-8: Straße.\n".encode())
    result = scan(path)
    assert [(f.rule, f.line) for f in result.findings if f.category == "encoding"] == [("ENC013", 3)]
    assert "cp1252" in next(f.message for f in result.findings if f.rule == "ENC013")
    assert not [f for f in result.findings if f.category == "mojibake"]  # every line read right


def test_a_single_stray_byte_is_not_a_mixed_file(tmp_path):
    path = tmp_path / "stray.txt"
    path.write_bytes("Grüße aus München, schöne Grüße, äöü ß.\n".encode() * 3 + b"caf\xe9 au lait\n")
    assert [f.rule for f in scan(path).findings if f.category == "encoding"] == ["ENC003"]


@pytest.mark.parametrize("head, encoding, expected", [
    ('<meta charset="iso-8859-1">', "utf-8", True),        # UTF-8 page still declaring Latin-1
    ('<?xml version="1.0" encoding="UTF-8"?>', "utf-8", False),
    ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">', "cp1251", False),
    ('<meta charset="utf-8">', "cp1251", True),             # converted back, declaration left
    ('<meta charset="klingon-8">', "utf-8", True),
])
def test_declared_encoding_must_read_the_bytes(tmp_path, head, encoding, expected):
    path = tmp_path / "page.txt"
    path.write_bytes((head + "\n" + ARTICLE).encode(encoding))
    found = [f for f in scan(path).findings if f.rule == "ENC012"]
    assert bool(found) == expected
    if found:
        assert found[0].line == 1


def test_a_users_encoding_that_does_not_fit_is_reported(tmp_path):
    path = tmp_path / "ru.txt"
    path.write_bytes(ARTICLE.encode("cp1251"))
    found = [f for f in scan(path, encoding="utf-8").findings if f.rule == "ENC012"]
    assert found and "reads as cp1251" in found[0].message
    assert not [f for f in scan(path, encoding="cp1251").findings if f.rule == "ENC012"]


def test_the_corpus_encoding_settles_close_calls(tmp_path):
    czech = ["Uložit změny a zavřít okno s nastavením účtu.", "Příspěvek byl úspěšně smazán z diskuse.",
             "Přihlásit se pomocí účtu a hesla je nutné."]
    for i, line in enumerate(czech):
        (tmp_path / f"cz{i}.txt").write_bytes((line + "\n").encode("cp1250"))
    (tmp_path / "price.txt").write_bytes(b"Preis: 20 \x80\n")  # alone, a close call between code pages
    alone = scan(tmp_path / "price.txt")
    settings = Settings()
    results = finish([scan_file(inp, settings) for inp in discover([str(tmp_path)])], settings).files
    price = next(r for r in results if r.path.endswith("price.txt"))
    assert [r.encoding for r in results if "cz" in r.path] == ["cp1250"] * 3
    assert alone.encoding != "cp1250" and price.encoding == "cp1250"


def test_a_file_truncated_while_it_is_read(tmp_path, monkeypatch):
    """The file is cut short after its first record has been parsed: the records read are
    audited, the cut record is reported, and the file gets a finding saying it changed."""
    import auditor.sources.formats as formats

    path = tmp_path / "records.jsonl"
    lines = [json.dumps({"text": f"Record {n}: the council met on Tuesday and approved the harbour budget."})
             for n in range(2000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cut = len(lines[0]) * 1500 + 700  # inside a record, beyond what the first buffered read holds
    real_loads, calls = formats.json.loads, []

    def loads_then_truncate(text, *args, **kwargs):
        if not calls:
            os.truncate(path, cut)
        calls.append(1)
        return real_loads(text, *args, **kwargs)

    monkeypatch.setattr(formats.json, "loads", loads_then_truncate)
    result = scan(path)
    changed = [f for f in result.findings if f.rule == "IO001"]
    assert len(changed) == 1 and "changed while it was read" in changed[0].message
    assert 0 < result.records < 2000
    assert [f.rule for f in result.findings if f.rule == "IO005"] == ["IO005"]  # the record cut in half


def test_a_file_without_read_permission_is_reported(tmp_path, monkeypatch):
    """chmod 000 does not stop root (these tests may run as root), so the refusal the kernel
    would give is raised where the file is opened; the scan reports it and goes on."""
    import auditor.sources.compression as compression

    locked, fine = tmp_path / "locked.txt", tmp_path / "fine.txt"
    for path in (locked, fine):
        path.write_text(ARTICLE, encoding="utf-8")
    real_open = compression.open_binary

    def refusing(path, options=()):
        if path.endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, options)

    monkeypatch.setattr(compression, "open_binary", refusing)
    result = run_scan(discover([str(tmp_path)]), Settings())
    by_name = {os.path.basename(r.path): r for r in result.files}
    assert by_name["locked.txt"].status == "unreadable"
    assert [f.message for f in by_name["locked.txt"].findings] == ["cannot open file: Permission denied"]
    assert by_name["fine.txt"].records == 1
