"""Character normalisation and amount parsing shared by every reader.

PDF text layers of Chinese disclosures often carry Kangxi radicals (⼀ U+2F00) and CJK Radicals
Supplement characters (⻓ U+2EA7) in place of the ordinary ideographs, and full-width digits and
punctuation. ``normalize_text`` folds all of them to the ordinary characters; ``parse_amount`` reads
a printed amount.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# CJK Radicals Supplement (U+2E80–U+2EFF) has no NFKC decompositions except U+2E9F and U+2EF3, so the
# lookalikes that appear in PDF text layers are mapped here to the ideographs they stand for.
_RADICAL_SUPPLEMENT: dict[str, str] = {
    "⺀": "冫",
    "⺁": "厂",
    "⺂": "乛",
    "⺃": "乚",
    "⺄": "乙",
    "⺅": "亻",
    "⺆": "冂",
    "⺇": "几",
    "⺈": "刀",
    "⺉": "刂",
    "⺊": "卜",
    "⺋": "卩",
    "⺌": "小",
    "⺍": "小",
    "⺎": "兀",
    "⺏": "尢",
    "⺐": "尢",
    "⺑": "尢",
    "⺒": "巳",
    "⺓": "幺",
    "⺔": "彑",
    "⺕": "彐",
    "⺖": "忄",
    "⺗": "心",
    "⺘": "扌",
    "⺙": "攵",
    "⺛": "旡",
    "⺜": "日",
    "⺝": "月",
    "⺞": "歺",
    "⺟": "母",
    "⺠": "民",
    "⺡": "氵",
    "⺢": "氺",
    "⺣": "灬",
    "⺤": "爫",
    "⺥": "爫",
    "⺦": "丬",
    "⺧": "牛",
    "⺨": "犭",
    "⺩": "王",
    "⺪": "疋",
    "⺫": "目",
    "⺬": "示",
    "⺭": "礻",
    "⺮": "竹",
    "⺯": "糸",
    "⺰": "纟",
    "⺱": "网",
    "⺲": "网",
    "⺳": "网",
    "⺴": "网",
    "⺵": "网",
    "⺶": "羊",
    "⺷": "羊",
    "⺸": "羊",
    "⺹": "老",
    "⺺": "肀",
    "⺻": "聿",
    "⺼": "月",
    "⺽": "臼",
    "⺾": "艹",
    "⺿": "艹",
    "⻀": "艹",
    "⻁": "虎",
    "⻂": "衤",
    "⻃": "覀",
    "⻄": "西",
    "⻅": "见",
    "⻆": "角",
    "⻇": "角",
    "⻈": "讠",
    "⻉": "贝",
    "⻊": "足",
    "⻋": "车",
    "⻌": "辶",
    "⻍": "辶",
    "⻎": "辶",
    "⻏": "阝",
    "⻐": "金",
    "⻑": "長",
    "⻒": "镸",
    "⻓": "长",
    "⻔": "门",
    "⻕": "阝",
    "⻖": "阝",
    "⻗": "雨",
    "⻘": "青",
    "⻙": "韦",
    "⻚": "页",
    "⻛": "风",
    "⻜": "飞",
    "⻝": "食",
    "⻞": "食",
    "⻟": "食",
    "⻠": "饣",
    "⻡": "飠",
    "⻢": "马",
    "⻣": "骨",
    "⻤": "鬼",
    "⻥": "鱼",
    "⻦": "鸟",
    "⻧": "卤",
    "⻨": "麦",
    "⻩": "黄",
    "⻪": "黾",
    "⻫": "齐",
    "⻬": "齐",
    "⻭": "齿",
    "⻮": "齿",
    "⻯": "龙",
    "⻰": "龙",
    "⻱": "龜",
    "⻲": "龟",
    "⻳": "龟",
}
_TRANSLATE = str.maketrans(_RADICAL_SUPPLEMENT)
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def normalize_text(s: str) -> str:
    """NFKC (folds Kangxi radicals, CJK compatibility ideographs and full-width forms), then the CJK
    Radicals Supplement lookalikes; non-breaking and ideographic spaces become ordinary spaces."""
    return unicodedata.normalize("NFKC", s.translate(_TRANSLATE)).translate(_TRANSLATE)


@lru_cache(maxsize=65536)
def compact(s: str) -> str:
    """``normalize_text`` with every whitespace removed (labels as printed, wrapped over cells)."""
    return _SPACES.sub("", normalize_text(s))


_AMOUNT = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_BLANKS = frozenset({"", "-", "--", "—", "——", "－", "/", "…"})


def is_amount(text: str) -> bool:
    """True when ``text`` is a printed amount (not a blank marker)."""
    return parse_amount(text) is not None


def parse_amount(text: str) -> Decimal | None:
    """A printed amount as a Decimal, or None for a blank cell.

    Handles thousands separators, full-width digits, surrounding spaces, blank markers ("-", "—"),
    parenthesised and minus-signed negatives, and a trailing "万元"/"元" unit.
    """
    s = compact(text).replace("，", ",")
    for unit in ("万元", "元"):
        if s.endswith(unit):
            s = s[: -len(unit)]
    if s in _BLANKS:
        return None
    negative = False
    if len(s) > 2 and s[0] == "(" and s[-1] == ")":
        negative, s = True, s[1:-1]
    if not _AMOUNT.match(s):
        return None
    if s[0] in "-−":
        negative, s = not negative, s[1:]
    try:
        value = Decimal(s.replace(",", ""))
    except InvalidOperation:
        return None
    return -value if negative else value
