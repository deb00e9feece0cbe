"""Page furniture: page numbers, running headers and footers, repeated logos.

Text extracted from a laid-out PDF keeps what was printed in the page margins: page
numbers, a running header carrying the chapter name and the page number
(``污废处理的低碳模式 52``, ``51 污废处理的低碳模式``), brand lines repeated on many pages
(``VANKE FOUNDATION``). None of it belongs to the text being translated.

Two levels of evidence:

* :func:`looks_like_furniture` judges one line alone. It is deliberately conservative,
  because it is also applied to single case files where nothing else is known: headings
  (``项目亮点``, ``Project Overview``, ``1. 项目情况介绍``), bullets and short body lines
  are never furniture.
* :func:`furniture_lines` uses the whole document: a text printed beside different page
  numbers, or beside a page number while also standing alone elsewhere (a chapter name in
  the table of contents), is a running header; a short capitalised brand line repeated
  many times is a logo.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence

from align.core.text import HAN_CHARS

# Page numbers alone: "12", "- 12 -", "Page 12", "Page 12 of 80", "12 / 80", "第 12 页",
# "P12", and lower-case roman numerals of front matter ("iv").
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—~]\s*)?\d{1,4}(?:\s*[-–—~])?$"
    r"|^(?:page|p\.?)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$"
    r"|^\d{1,4}\s*/\s*\d{1,4}$"
    r"|^第\s*\d{1,4}\s*页(?:\s*[,，]?\s*共\s*\d{1,4}\s*页)?$"
    r"|^(?-i:[ivxlc]{1,6})$",
    re.IGNORECASE,
)
_HAN = HAN_CHARS
# A running header in Chinese: a page number beside a short run of Han characters and
# nothing else. A leading single digit is left alone: "2 能源转型" may be a heading.
_ZH_HEADER = re.compile(
    rf"^\d{{2,3}} +[{_HAN}·・]{{4,24}}$|^[{_HAN}·・]{{4,24}} +\d{{1,3}}$"
)
# The same in English: a page number of two or three digits beside three or more
# capitalised words without final punctuation ("Low-carbon Waste Management 52").
_EN_WORDS = r"[A-Z][\w'’&/-]*(?: +(?:[A-Z][\w'’&/-]*|[a-z]{1,4}|&))*"
_EN_HEADER = re.compile(rf"^\d{{2,3}} +({_EN_WORDS})$|^({_EN_WORDS}) +\d{{2,3}}$")
# A header with an explicit separator: "52 | Annual Report", "Annual Report · 52".
_SEPARATED = re.compile(r"^\d{1,3}\s*[|｜•·]\s*\S.{0,60}$|^\S.{0,60}?\s*[|｜•·]\s*\d{1,3}$")
_EN_HEADER_WORDS = 3
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\b|版权所有)", re.IGNORECASE)

# Splits a line into (page number, text) when a page number sits at either end.
_NUMBERED = re.compile(r"^(\d{1,3})\s+(\S.*)$|^(.*\S)\s+(\d{1,3})$")
_FINAL = tuple("。！？!?.;；:：,，")
# Section numbering that makes a line a heading, never a header: "1.", "2、", "(3)", "IV.".
_NUMBERING = re.compile(r"^(?:\d{1,3}(?:\.\d+)*[.、)]|[(（]\d{1,3}[)）]|[IVX]{1,5}\.)\s*")
_LOWER = re.compile(r"[a-z]")
_UPPER = re.compile(r"[A-Z]")
_REPEATS_FOR_LOGO = 3
_NON_WORD = re.compile(r"[\W_]+")
_HEADER_TEXT = re.compile(r"^[^\W\d_][\w\s&'’/·—–-]*$")
# Running headers and logos are short; longer lines are not compared.
_SHORT = 80


def looks_like_furniture(line: str) -> bool:
    """True when ``line`` alone is clearly page furniture.

    Page numbers (``12``, ``- 12 -``, ``Page 3 of 80``, ``第 3 页``), running headers or
    footers made of a page number and a short title (``污废处理的低碳模式 52``,
    ``15 绿色建筑减排创新``, ``Low-carbon Waste Management 52``, ``52 | Annual Report``)
    and copyright lines. Headings, bullets and ordinary short lines are not furniture.
    """
    s = unicodedata.normalize("NFKC", line).strip()
    if not s or len(s) > 80:
        return False
    if _PAGE_NUMBER.match(s) or _COPYRIGHT.match(s):
        return True
    if _NUMBERING.match(s) or s.endswith(_FINAL):
        return False
    if _ZH_HEADER.match(s) or _SEPARATED.match(s):
        return True
    m = _EN_HEADER.match(s)
    return m is not None and len((m.group(1) or m.group(2)).split()) >= _EN_HEADER_WORDS


def furniture_lines(lines: Sequence[str]) -> set[int]:
    """0-based indexes of the lines of a whole document that are page furniture.

    Adds to :func:`looks_like_furniture` what only the whole document shows: a text
    printed next to two or more different page numbers, or next to a page number while
    it also stands alone on a line elsewhere (the chapter names of a table of contents
    reappear in running headers), and short capitalised brand lines (no lower-case
    letters, no numbering) repeated at least three times.
    """
    found = {i for i, line in enumerate(lines) if looks_like_furniture(line)}
    standalone: dict[str, int] = defaultdict(int)
    numbered: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for i, line in enumerate(lines):
        if len(line) > _SHORT * 2:
            continue
        s = line.strip()
        if not s or i in found or len(s) > _SHORT:
            continue
        key = _key(s)
        if key:
            standalone[key] += 1
        split = _split_page_number(s)
        if split is not None:
            number, text = split
            numbered[_key(text)].append((i, number))
    for key, hits in numbered.items():
        numbers = {n for _, n in hits}
        if key and (len(numbers) >= 2 or standalone.get(key, 0) > 0):
            found.update(i for i, _ in hits)
    for i, line in enumerate(lines):
        s = line.strip()
        if i not in found and _is_logo_like(s) and standalone[_key(s)] >= _REPEATS_FOR_LOGO:
            found.add(i)
    return found


def _split_page_number(s: str) -> tuple[str, str] | None:
    """``(number, text)`` of a short unpunctuated line with a page number at one end."""
    # Table rows and table-of-contents entries (tab-separated cells) and numbered
    # headings are not running headers.
    if "\t" in s or len(s) > _SHORT or _NUMBERING.match(s):
        return None
    m = _NUMBERED.match(s)
    if not m:
        return None
    number, text = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    text = text.strip(" .…·")
    # A chapter name (words only, no clause punctuation: not a footnote), and not a label
    # such as "Table 2" or "Phase 3" that legitimately recurs with different numbers.
    if not _HEADER_TEXT.match(text) or len(_key(text)) < 4 or len(text) > 40:
        return None
    if text.isascii() and len(text.split()) < 2:
        return None
    return number, text


def _is_logo_like(s: str) -> bool:
    if not s or len(s) > 40 or _NUMBERING.match(s) or _LOWER.search(s):
        return False
    return len(_UPPER.findall(s)) >= 2


def _key(text: str) -> str:
    """Letters, digits and Han characters only, case-folded: how repeated text is compared."""
    return _NON_WORD.sub("", text.casefold())
