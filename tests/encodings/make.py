"""Write the encoding test files from our own sentences (run once; the files are committed).

usage: python tests/encodings/make.py

Each file is one text saved in one encoding; labels.json names, per file, the text it holds and
the encoding it was written in. A decoder passes a file when the encoding it reports decodes
the bytes to exactly that text (a superset that reads them identically, gb18030 for GB2312 or
cp949 for EUC-KR, passes too).
"""
from __future__ import annotations

import codecs
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

TEXTS = {
    "ja": "港の新しいフェリーターミナルが月曜日の朝に開業しました。\n"
          "二年にわたる工事の末、待合室は以前の倍の広さになり、岸壁までの通路には屋根が付けられました。\n"
          "利用者の多くは、雨の日でも濡れずに乗船できるようになったことを喜んでいます。\n"
          "市の担当者によると、夏の観光シーズンには一日あたり三千人の利用が見込まれています。\n"
          "近くの市場では、朝早くから地元の漁師が水揚げしたばかりの魚を売っていました。\n",
    "ja-short": "駅前の図書館は来月から夜九時まで開いています。\n",
    "ja-halfwidth": "ｾｰﾙ開催中！ 港の売店では、お土産の干物が全品二割引きです。\n"
                    "営業時間は午前九時から午後六時まで、定休日は水曜日です。\n",
    "zh": "本市新建的渡轮码头于星期一上午正式启用。\n"
          "经过两年的施工，候船大厅的面积比原来扩大了一倍，通往码头的走廊也加盖了顶棚。\n"
          "许多乘客表示，下雨天也能不淋雨地上船，这让他们感到十分满意。\n"
          "据市政府负责人介绍，夏季旅游旺季期间，每天预计将有三千名旅客使用该码头。\n"
          "附近的海鲜市场一大早就开门营业，渔民们在这里出售刚刚捕捞上岸的鱼虾。\n",
    "zh-short": "图书馆下个月起每天开放到晚上九点。\n",
    "zh-tw": "本市新建的渡輪碼頭於星期一上午正式啟用。\n"
             "經過兩年的施工，候船大廳的面積比原來擴大了一倍，通往碼頭的走廊也加蓋了頂棚。\n"
             "許多乘客表示，下雨天也能不淋雨地上船，這讓他們感到十分滿意。\n"
             "據市政府負責人介紹，夏季旅遊旺季期間，每天預計將有三千名旅客使用該碼頭。\n",
    "ko": "항구의 새 여객선 터미널이 월요일 아침에 문을 열었습니다.\n"
          "이 년 동안의 공사 끝에 대합실은 예전보다 두 배로 넓어졌고, 부두까지 가는 통로에는 지붕이 생겼습니다.\n"
          "많은 승객들은 비가 오는 날에도 젖지 않고 배에 오를 수 있게 되어 기쁘다고 말했습니다.\n"
          "시청 관계자에 따르면 여름 관광철에는 하루에 삼천 명 정도가 터미널을 이용할 것으로 예상됩니다.\n"
          "근처 시장에서는 이른 아침부터 어부들이 갓 잡은 생선을 팔고 있었습니다.\n",
    "ko-short": "도서관은 다음 달부터 밤 아홉 시까지 문을 엽니다.\n",
    "ko-extended": "똠방각하라는 별명으로 불리던 선장은 오늘도 새벽 다섯 시에 배를 몰고 나갔습니다.\n"
                   "그의 배에는 갓 잡은 오징어와 고등어가 가득했고, 부두의 상인들은 그를 반갑게 맞았습니다.\n",
    "hu": "Hétfő reggel megnyílt a kikötő új kompterminálja.\n"
          "A kétéves építkezés után a váróterem kétszer akkora lett, mint korábban, a rakpartig vezető "
          "folyosó pedig tetőt kapott.\n"
          "Az utasok többsége örül, hogy esős időben sem ázik meg, amíg felszáll a hajóra.\n"
          "A város illetékese szerint a nyári idegenforgalmi szezonban naponta háromezer utasra számítanak.\n",
    "cs": "V pondělí ráno byl otevřen nový trajektový terminál v přístavu.\n"
          "Po dvou letech stavebních prací je čekárna dvakrát větší než dříve a chodba k nábřeží dostala střechu.\n"
          "Většina cestujících je ráda, že se při dešti nenamočí, když nastupují na loď.\n",
    "pl": "W poniedziałek rano otwarto nowy terminal promowy w porcie.\n"
          "Po dwóch latach budowy poczekalnia jest dwa razy większa niż wcześniej, a przejście na nabrzeże "
          "zostało zadaszone.\n"
          "Większość pasażerów cieszy się, że w deszczowe dni nie zmoknie, wchodząc na pokład statku.\n",
    "ru": "В понедельник утром в порту открылся новый паромный терминал.\n"
          "После двух лет строительства зал ожидания стал вдвое больше, а переход к причалу накрыли крышей.\n"
          "Большинство пассажиров радуются, что в дождливый день можно подняться на борт, не промокнув.\n",
    "el": "Το νέο τερματικό των πορθμείων στο λιμάνι άνοιξε τη Δευτέρα το πρωί.\n"
          "Μετά από δύο χρόνια εργασιών, η αίθουσα αναμονής είναι διπλάσια και ο διάδρομος προς την αποβάθρα "
          "έχει στέγη.\n",
    "en": "The harbour's new ferry terminal opened on Monday morning.\n"
          "After two years of building work the waiting hall is twice as large as before, and the walkway to "
          "the quay has a roof.\n"
          "Most passengers are glad they can board without getting wet on rainy days.\n",
    "en-tilde": "Set the path to ~{HOME}/ferry and run the timetable script again.\n"
                "The script prints each sailing on its own line, with the quay it leaves from.\n",
}

# (text, encoding, with byte-order mark)
FILES = [
    ("ja", "euc_jp", False), ("ja", "shift_jis", False), ("ja", "cp932", False), ("ja", "iso2022_jp", False),
    ("ja-short", "euc_jp", False), ("ja-short", "shift_jis", False), ("ja-halfwidth", "shift_jis", False),
    ("ja-halfwidth", "euc_jp", False), ("ja", "utf-16-le", False), ("ja", "utf-16-be", False),
    ("ja", "utf-32-le", False), ("ja", "utf-32-be", False), ("ja", "utf-32-le", True), ("ja", "utf-32-be", True),
    ("zh", "gb2312", False), ("zh", "gbk", False), ("zh", "gb18030", False), ("zh", "hz", False),
    ("zh-short", "gb2312", False), ("zh", "utf-16-le", False), ("zh", "utf-16-be", False), ("zh", "utf-32-le", False),
    ("zh-tw", "big5", False), ("zh-tw", "utf-16-le", False),
    ("ko", "euc_kr", False), ("ko", "cp949", False), ("ko", "iso2022_kr", False), ("ko-short", "euc_kr", False),
    ("ko-extended", "cp949", False), ("ko", "utf-16-le", False), ("ko", "utf-32-be", False),
    ("hu", "cp1250", False), ("hu", "iso-8859-2", False), ("hu", "utf-32-le", False),
    ("cs", "cp1250", False), ("cs", "iso-8859-2", False), ("pl", "cp1250", False), ("pl", "iso-8859-2", False),
    ("ru", "cp1251", False), ("ru", "koi8-r", False), ("ru", "utf-16-le", False), ("ru", "utf-16-be", False),
    ("ru", "utf-32-le", False), ("el", "cp1253", False), ("el", "utf-16-le", False),
    ("en", "utf-32-le", False), ("en", "utf-32-be", False), ("en", "utf-16-le", False), ("en", "ascii", False),
    ("en-tilde", "ascii", False),
]
BOM = {"utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}


def main() -> None:
    labels = {}
    for text, encoding, bom in FILES:
        name = f"{text}.{encoding}{'.bom' if bom else ''}.txt"
        (HERE / name).write_bytes((BOM[encoding] if bom else b"") + TEXTS[text].encode(encoding))
        labels[name] = {"text": TEXTS[text], "encoding": encoding}
    # negatives: bytes that look like another encoding's but are not
    english = TEXTS["en"].encode("ascii")
    name = "en-stray-nuls.utf-8.txt"  # ASCII with two stray NULs: UTF-8 with control characters, not UTF-16
    (HERE / name).write_bytes(english[:41] + b"\x00" + english[41:120] + b"\x00" + english[120:])
    labels[name] = {"text": (english[:41] + b"\x00" + english[41:120] + b"\x00" + english[120:]).decode(),
                    "encoding": "utf-8"}
    (HERE / "labels.json").write_text(json.dumps(labels, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                      encoding="utf-8")


if __name__ == "__main__":
    main()
