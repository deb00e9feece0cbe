"""The layout of case collections: section headings, front and back matter, text keys.

A collection of case studies is laid out the same way in every edition: front matter, then
one case after another, each a title, the organisation's name and a run of sections under
recurring headings (案例概述 / 项目亮点 / 机构简介 … or Project Overview / Project Highlights /
Company Profile …), then back matter. This module names that vocabulary and the keys by
which lines are compared; :mod:`align.documents.toc`, :mod:`align.documents.cases` and
:mod:`align.documents.paragraphs` use it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from align.core.text import HAN_CHARS, Lang, is_heading

#: Section headings of case collections, by kind. A case holds each kind at most once.
_SECTIONS_EN = (
    ("overview", r"(?:project|case)\s+(?:overview|summary)|overview"),
    ("highlights", r"(?:project\s+|case\s+)?high?t?lights?"),
    ("profile", r"(?:company|compny|organi[sz]ation|institution|corporate)"
                r"(?:\s*/\s*organi[sz]ation)?\s+(?:profile|introduction)"
                r"|about\s+the\s+(?:company|organi[sz]ation)"),
    ("outcome", r"(?:project\s+)?(?:outcomes?|results|achievements)"),
    ("implementation", r"(?:project\s+)?implementation"),
    ("impact", r"(?:project\s+)?impact(?:\s*(?:&|and)\s*sustainability)?"
               r"|(?:project\s+)?(?:impact,?\s+)?replicability(?:\s*(?:&|and)\s*sustainability)?"),
    ("comment", r"(?:experts?'?\s+)?comments?|expert\s+(?:review|opinion)"),
)
_SECTIONS_ZH = (
    ("overview", r"案例概述|项目概述|项目概况|案例简介"),
    ("highlights", r"项目亮点|案例亮点"),
    ("profile", r"机构简介|企业简介|公司简介|单位简介|机构介绍|企业介绍"),
    ("outcome", r"项目成果|项目成效|实施成效"),
    ("implementation", r"项目实施|实施过程"),
    ("impact", r"项目影响力.{0,20}|项目的?可推广性.{0,12}"),
    ("comment", r"专家点评|专家评语|专家评论|案例点评"),
)
_SECTION_RE = [(kind, re.compile(rf"^(?:{pattern})$", re.IGNORECASE))
               for kind, pattern in _SECTIONS_EN + _SECTIONS_ZH]
# Decoration printed before a heading: a square bullet, a Markdown "#", or a stray letter
# left by a logo glyph ("C Project Impact & Sustainability").
_HEADING_DECORATION = re.compile(r"^(?:[■□◆◇▶►▪●#]+\s*|[A-Z]\s+(?=[A-Z]))")
# Markup kept out of a case title: Markdown "#" and square bullets.
TITLE_MARKUP = re.compile(r"^(?:#{1,6}|[■□◆◇▶►▪●]+)\s*")
TOC_HEADING = re.compile(r"^(?:table\s+of\s+contents?|contents?|目\s*录|目\s*次)\s*[:：]?$",
                          re.IGNORECASE)
BACK_MATTER = re.compile(
    r"^(?:acknowledge?ments?|disclaimers?|references?|bibliography|appendix|appendices|"
    r"postscript|afterword|project\s+team|editorial\s+(?:board|committee)|contact\s+us|"
    r"致谢|鸣谢|免责声明|参考文献|附录|后记|编委会|联系我们)\s*[:：]?$",
    re.IGNORECASE,
)
FRONT_MATTER = re.compile(
    r"^(?:foreword|preface|editor'?s?\s+note|introduction|letter\s+of\s+\w+|"
    r"前言|序言?|编者按|引言|导言)\s*[:：]?$",
    re.IGNORECASE,
)
GROUP_LABEL = re.compile(
    r"^(?:(?:chapter|part|section|unit)\s+(?:\d{1,2}|[ivx]{1,5})\b|第\s*[\d一二三四五六七八九十]+\s*[章篇部])",
    re.IGNORECASE,
)
# Organisation names end with these abbreviations: the full stop does not end a sentence.
NAME_ABBREVIATION = re.compile(r"\b(?:Ltd|LTD|Co|Inc|Corp|Plc|LLC|No)\.$")
_NON_WORD = re.compile(r"[\W_]+")
_TOKEN = re.compile(f"[{HAN_CHARS}]|[a-z0-9]+")


@dataclass(frozen=True)
class Start:
    """Where a case starts: its first line, the lines holding its title, the title."""

    line: int
    title_lines: tuple[int, ...]
    title: str


def join_pieces(a: str, b: str, lang: Lang) -> str:
    """Join two pieces of one paragraph: no space in Chinese or after a hyphen."""
    a = a.rstrip().removesuffix("\u00ad")
    b = b.lstrip()
    if lang == "zh" or (a.endswith("-") and a[-2:-1].isalpha()):
        return a + b
    return f"{a} {b}"


def is_case_heading(s: str, lang: Lang) -> bool:
    """Titles and section headings: the collection's section headings by name, and every
    line the one heading rule accepts (:func:`align.core.text.is_heading`)."""
    return section_kind(s) is not None or is_heading(s, lang)


@lru_cache(maxsize=65536)
def section_kind(s: str) -> str | None:
    """The kind of a case section heading (``overview``, ``comment``…), or None."""
    if len(s) > 60:
        return None
    t = _HEADING_DECORATION.sub("", s.strip()).strip().rstrip(":：").strip()
    t = re.sub(r"\s+", " ", t)
    for kind, pattern in _SECTION_RE:
        if pattern.match(t):
            return kind
    return None


@lru_cache(maxsize=65536)
def line_key(text: str) -> str:
    """Letters, digits and Han characters only, case-folded, full-width folded."""
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def title_tokens(text: str) -> list[str]:
    """Han characters one by one and Latin words: what titles are compared on."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())
