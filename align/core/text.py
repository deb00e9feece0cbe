"""Text rules shared by every step: scripts, languages, normal forms, headings, XML.

One definition of what a Han character is (:data:`HAN_CHARS`), of the forms text is
compared in (:func:`fold_width` keeps offsets, :func:`normalise_for_matching` does not), of
what a heading looks like (:func:`is_heading`), of the languages zhen aligns
(:func:`detect_lang`), of the characters XML cannot carry (:func:`xml_safe`) and of the
encoding of the tables people open (:data:`CSV_ENCODING`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, Literal

Lang = Literal["zh", "en"]

#: The encoding of every CSV file zhen writes: UTF-8 with a byte-order mark, because Excel
#: on Windows reads a CSV without one in the local code page and garbles the Chinese.
#: Every reader of zhen's (``utf-8-sig``, :func:`align.documents.decode.read_text`) accepts
#: files with or without it.
CSV_ENCODING = "utf-8-sig"

#: Han characters: the CJK Unified Ideographs, Extension A, the compatibility ideographs
#: and the supplementary planes' extensions (B onwards, rare characters of names).
HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
HAN = re.compile(f"[{HAN_CHARS}]")
HAN_RUN = re.compile(f"[{HAN_CHARS}]+")
#: A word in Latin script, with inner hyphens, slashes, points, apostrophes or ampersands
#: (``net-zero``, ``wind/solar``, ``27.2``, ``CO₂e``, ``P&G``), as written inside Chinese.
LATIN_WORD = re.compile(r"[A-Za-z0-9À-ɏ₀-₉²³µ]+(?:[-.'/·&][A-Za-z0-9À-ɏ₀-₉²³µ]+)*")

# A Simplified text converted by OpenCC's t2s changes almost nothing (a few characters
# such as 乾/干 are ambiguous); a Traditional one changes roughly one Han character in five.
_TRADITIONAL_SHARE = 0.05
_TRADITIONAL_MIN = 10
# A mostly Simplified edition with Traditional passages (one case of 27 changes some 800
# characters); a Simplified one of 100,000 characters changes one or two (於, 乾).
_TRADITIONAL_PASSAGES_MIN = 50

# Full-width digits, letters, point and percent sign, one character for one, so that
# offsets are kept. The full-width comma is left alone: "12，345" in Chinese is a list.
_WIDTH = str.maketrans({c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                                 *range(0xFF41, 0xFF5B), 0xFF0E, 0xFF05]})

# XML 1.0 §2.2 ``Char``: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-…].
# Everything else (C0 controls, surrogates, U+FFFE/U+FFFF) cannot appear in a document at
# all, not even as a character reference. Listing what is excluded compiles much faster
# than the negated list of what is allowed.
_NOT_XML_CHAR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: Lists: bullets and enumerations that open an item.
BULLET = re.compile(r"^(?:[-–•·▪●○◆◇■□*>]\s+|[•·▪●○◆◇■□])")
ENUMERATION = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*[.)、](?!\d)\s*|[(（][\da-zA-Z一二三四五六七八九十]{1,3}[)）]\s*"
    r"|[a-zA-Z][.)]\s+|[一二三四五六七八九十]{1,3}[、.]|[IVX]{1,5}\.\s)"
)
CAPTION = re.compile(r"^(?:figure|fig\.|table|chart|photo|图|表)\s*\d", re.IGNORECASE)
SENTENCE_END = tuple("。！？!?.;；")
CLAUSE_END = (*SENTENCE_END, ":", "：")
#: Closing quotes and brackets (and a Markdown emphasis star) that may follow the end.
CLOSERS = "\"'”’」』）)]】》*"
# Organisation names end with these abbreviations: the full stop ends no sentence there.
ABBREVIATIONS = re.compile(r"\b(?:Ltd|LTD|Co|Inc|Corp|Plc|LLC|No)\.")
# Headings are short: at most this many Han characters (plus Latin words) in Chinese, and
# this many words in English; longer lines are titles of a sentence's length at most.
ZH_HEADING_MAX = 25
EN_HEADING_WORDS = 12
_WORDS = re.compile(r"[A-Za-z0-9]+")


def is_han(ch: str) -> bool:
    """True for a Han character (see :data:`HAN_CHARS`)."""
    return HAN.match(ch) is not None


def han_length(text: str) -> int:
    """The number of Han characters in ``text``."""
    return len(HAN.findall(text))


def unit_length(text: str) -> int:
    """Han characters plus Latin words: a length that means about the same in both
    scripts (a Chinese character carries about as much as an English word)."""
    return han_length(text) + len(_WORDS.findall(text))


def fold_width(text: str) -> str:
    """Full-width digits, letters, ``．`` and ``％`` as ASCII, one character for one (offsets
    into the result are offsets into ``text``)."""
    return text.translate(_WIDTH)


# White space between a Han character and a Latin letter or digit, either way round: what
# PDF extraction (and some typesetting) leaves in Chinese text (成立于 2019 年 10 月).
_CJK_LATIN_SPACE = re.compile(
    rf"(?<=[{HAN_CHARS}])[ \t\u00a0\u3000]+(?=[A-Za-z0-9])"
    rf"|(?<=[A-Za-z0-9])[ \t\u00a0\u3000]+(?=[{HAN_CHARS}])")


def tm_spacing(text: str) -> str:
    """Chinese ``text`` as a translation memory wants it: without white space between Han
    characters and Latin letters or digits (``成立于 2019 年 10 月`` → ``成立于2019年10月``),
    so that a unit matches new source text however it was spaced. Spaces between Latin
    words (``Impact Hub Shanghai``) and line breaks are kept.

    >>> tm_spacing("成立于 2019 年，共 3 座 CCUS 示范项目")
    '成立于2019年，共3座CCUS示范项目'
    """
    return _CJK_LATIN_SPACE.sub("", text)


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids outright.

    Removes C0 control characters other than tab, LF and CR, lone surrogates and the
    noncharacters U+FFFE/U+FFFF, which no XML document may contain even escaped. Everything
    else is kept: markup characters such as ``<`` and ``&`` are escaped by the writers.
    """
    # Searching first keeps the common case (nothing to remove) free of a copy.
    return _NOT_XML_CHAR.sub("", text) if _NOT_XML_CHAR.search(text) else text


@lru_cache(maxsize=65536)
def is_heading(text: str, lang: Lang) -> bool:
    """Whether a line reads as a title or heading: short, without final punctuation, and
    neither a list item nor a caption.

    ``Contemporary Amperex Technology Co., Ltd.`` is a name, not a sentence; ``1. 项目情况``
    is a heading (its numbering is not counted). The section headings of a collection
    (``案例概述``, ``Project Overview``) are headings by this rule too; segmentation knows
    them by name as well (:mod:`align.documents.segment`).
    """
    s = text.strip()
    if "\t" in s or BULLET.match(s) or CAPTION.match(s) or s.rstrip(CLOSERS) == "":
        return False
    s = ABBREVIATIONS.sub(lambda m: m.group()[:-1], s)
    if s.rstrip(CLOSERS).endswith((*CLAUSE_END, ",", "，", "、")):
        return False
    body = ENUMERATION.sub("", s, count=1)
    if HAN.search(body) and (lang == "zh" or unit_length(body) <= ZH_HEADING_MAX):
        return unit_length(body) <= ZH_HEADING_MAX and not any(p in body for p in "，。；！？")
    words = body.split()
    return 0 < len(words) <= EN_HEADING_WORDS and ". " not in body and body.count(", ") <= 1


def script_profile(text: str) -> tuple[int, int]:
    """Count ``(han, latin)`` letters in ``text``: the basis of language detection."""
    han = latin = 0
    for ch in text:
        if ch.isascii():
            latin += ch.isalpha()
        elif is_han(ch):
            han += 1
    return han, latin


def detect_lang(text: str) -> Lang | None:
    """``"zh"`` or ``"en"`` by script, or ``None`` when the text is in neither language.

    A Chinese character carries about as much as an English word (≈ 4–5 letters), so a text
    is Chinese when its Han characters outweigh a fifth of its Latin letters.
    """
    han, latin = script_profile(text)
    if han + latin < 20:
        # Too short to weigh the scripts (a one-line file such as 碳中和): only a text in
        # one script alone is told.
        if han and not latin:
            return "zh"
        if latin >= 2 and not han:
            return "en"
        return None
    if han * 5 >= latin:
        return "zh"
    # Latin script but not English (French, Vietnamese…) is still read as English here:
    # the scripts are what alignment depends on.
    return "en"


def normalise_for_matching(text: str, traditional: bool = False) -> str:
    """The form of ``text`` used to compare and embed it.

    NFKC folds full-width letters, digits and punctuation to their ASCII forms
    (``ＣＯ２，`` → ``CO2,``), the ideographic space to a space, and circled or superscript
    digits to digits; runs of white space (tabs, ideographic spaces) become one space.
    With ``traditional`` the text is also converted from Traditional to Simplified
    characters (OpenCC ``t2s``), so that a Traditional edition matches a glossary or an
    encoder trained on Simplified text.
    """
    folded = " ".join(unicodedata.normalize("NFKC", text).split())
    if traditional:
        folded = to_simplified(folded)
    return folded


def to_simplified(text: str) -> str:
    """``text`` with Traditional characters converted to Simplified (OpenCC ``t2s``)."""
    return str(_t2s().convert(text))


def is_traditional(text: str) -> bool:
    """True when Chinese ``text`` is written in Traditional characters.

    Converting to Simplified with OpenCC changes about a fifth of the Han characters of a
    Traditional text and almost none of a Simplified one.
    """
    changed, han = traditional_count(text)
    return changed >= _TRADITIONAL_MIN and changed / han >= _TRADITIONAL_SHARE


def has_traditional(text: str) -> bool:
    """True when Chinese ``text`` holds Traditional passages, even if most of it is
    Simplified (a collection with one case from Hong Kong): enough characters that OpenCC
    ``t2s`` changes, wherever they are."""
    return traditional_count(text)[0] >= _TRADITIONAL_PASSAGES_MIN


# OpenCC's Taiwan and Hong Kong standards write some characters differently (臺/台, 爲/為,
# 裏/裡, 着/著): a text converted to one standard changes hardly at all, and to the other in
# hundreds of places on an edition (176 and 300 on the 2022 one). Plain OpenCC Traditional
# changes under both and names no region.
_REGION_MIN = 10
_REGION_RATIO = 10


def chinese_region(text: str) -> str:
    """``"TW"`` or ``"HK"`` when Traditional ``text`` follows the Taiwan or the Hong Kong
    standard of its characters (OpenCC ``t2tw``/``t2hk`` leave it unchanged while the
    other changes it), else ``""``: the region cannot be told."""
    han = "".join(HAN.findall(text))
    tw = sum(a != b for a, b in zip(han, _opencc("t2tw").convert(han), strict=False))
    hk = sum(a != b for a, b in zip(han, _opencc("t2hk").convert(han), strict=False))
    if hk >= _REGION_MIN and tw * _REGION_RATIO <= hk:
        return "TW"
    if tw >= _REGION_MIN and hk * _REGION_RATIO <= tw:
        return "HK"
    return ""


def traditional_count(text: str) -> tuple[int, int]:
    """``(changed, han)``: how many of the ``han`` Han characters of ``text`` OpenCC
    ``t2s`` changes (the Traditional ones)."""
    han = "".join(HAN.findall(text))
    if not han:
        return 0, 0
    simplified = to_simplified(han)
    return sum(a != b for a, b in zip(han, simplified, strict=False)), len(han)


def _t2s() -> Any:
    return _opencc("t2s")


@lru_cache(maxsize=4)
def _opencc(config: str) -> Any:
    # OpenCC loads its dictionaries on construction: done once, and only when needed.
    import opencc

    return opencc.OpenCC(config)


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and ``noun``, in the plural unless ``n`` is one: *1 case*, *2 cases*,
    *1,204 paragraphs* (``plural`` for a noun not made plural with an *s*)."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
