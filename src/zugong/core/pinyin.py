"""Pinyin keys of Chinese names, for search ("lzq" finds 李志强) and pinyin order.

pypinyin reads most characters right; surnames read differently from the everyday
character (单 shàn, 曾 zēng, 解 xiè …) are taken from ``SURNAMES`` for the first
character (or the first two, for compound surnames).
"""

from __future__ import annotations

import re

from pypinyin import Style, lazy_pinyin

# Surnames whose reading differs from pypinyin's default for the character.
SURNAMES = {
    "万俟": ["mo", "qi"],
    "尉迟": ["yu", "chi"],
    "单": ["shan"],
    "曾": ["zeng"],
    "解": ["xie"],
    "仇": ["qiu"],
    "区": ["ou"],
    "查": ["zha"],
    "朴": ["piao"],
    "盖": ["ge"],
    "乐": ["yue"],
    "员": ["yun"],
    "缪": ["miao"],
    "覃": ["qin"],
    "翟": ["zhai"],
    "种": ["chong"],
    "秘": ["bi"],
    "召": ["shao"],
    "折": ["she"],
    "繁": ["po"],
    "长孙": ["zhang", "sun"],
    "令狐": ["ling", "hu"],
}
_LATIN = re.compile(r"[^a-z0-9]")


def syllables(name: str) -> list[str]:
    """The name's syllables, lower case, without tones; non-Chinese characters kept."""
    name = (name or "").strip()
    for length in (2, 1):
        head = name[:length]
        if len(head) == length and head in SURNAMES:
            return SURNAMES[head] + _plain(name[length:])
    return _plain(name)


def _plain(text: str) -> list[str]:
    return [s.lower() for s in lazy_pinyin(text, style=Style.NORMAL, errors="default") if s.strip()]


def full(name: str) -> str:
    """``lizhiqiang`` for 李志强: the sort and search key."""
    return _LATIN.sub("", "".join(syllables(name)))


def initials(name: str) -> str:
    """``lzq`` for 李志强."""
    return _LATIN.sub("", "".join(s[:1] for s in syllables(name)))


def is_query(text: str) -> bool:
    """Whether a search term is Latin letters (a pinyin or initials query)."""
    return bool(text) and text.isascii() and text.replace(" ", "").isalpha()
