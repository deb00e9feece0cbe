"""Splitting a collection into cases, and each case into paragraphs.

A collection of case studies is laid out the same way in every edition: front matter
(cover, foreword, expert list, table of contents), then one case after another, each a
title, the organisation's name and a run of sections under recurring headings
(案例概述 / 项目亮点 / 机构简介 … or Project Overview / Project Highlights / Company
Profile …), then back matter (acknowledgements, disclaimer, references). The text comes
from PDF extraction, so page furniture is mixed in and paragraphs are cut at page breaks.

:func:`segment` finds the cases with two kinds of evidence:

* the table of contents, which says how many cases there are and what they are called.
  Each listed title is looked for, in order, in the body: the cases are found there, the
  table itself is not a case;
* the recurring section headings: a case ends when a heading kind comes round again (a
  second "Project Overview") or after the closing "Expert Comment" section; its title is
  the short unpunctuated block just above its first heading.

Titles from the table of contents win when most of them are found; the headings fill in
the ones that are not. A collection with neither becomes one case, with a warning.

Inside a case, page furniture is dropped (see :mod:`align.documents.furniture`), headings are kept
as paragraphs marked ``heading=True``, and a paragraph cut by a page break is joined
again: a line that stops mid-sentence continues on the next content line, without a space
in Chinese, with one in English, and without one after a hyphen.

>>> from align.documents.reader import read_document
>>> seg = segment(read_document("corpora/004_3717a3b3a4f37818.txt"))   # doctest: +SKIP
>>> len(seg.cases), seg.cases[0].title                                 # doctest: +SKIP
(27, '打造全球首家电池零碳工厂')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from align.core.english import FUNCTION_WORDS
from align.core.records import Case, Paragraph
from align.core.text import (
    BULLET,
    CLAUSE_END,
    CLOSERS,
    ENUMERATION,
    HAN,
    HAN_CHARS,
    SENTENCE_END,
    Lang,
    is_heading,
    normalise_for_matching,
    unit_length,
)
from align.documents.furniture import furniture_lines
from align.documents.reader import SourceDocument


# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Segmentation:
    """A document split into cases, with warnings about what could not be found."""

    doc: SourceDocument
    cases: tuple[Case, ...]
    warnings: tuple[str, ...]


# ---------------------------------------------------------------------------------------
# Vocabulary of the layout

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
_TITLE_MARKUP = re.compile(r"^(?:#{1,6}|[■□◆◇▶►▪●]+)\s*")

_TOC_HEADING = re.compile(r"^(?:table\s+of\s+contents?|contents?|目\s*录|目\s*次)\s*[:：]?$",
                          re.IGNORECASE)
_BACK_MATTER = re.compile(
    r"^(?:acknowledge?ments?|disclaimers?|references?|bibliography|appendix|appendices|"
    r"postscript|afterword|project\s+team|editorial\s+(?:board|committee)|contact\s+us|"
    r"致谢|鸣谢|免责声明|参考文献|附录|后记|编委会|联系我们)\s*[:：]?$",
    re.IGNORECASE,
)
_FRONT_MATTER = re.compile(
    r"^(?:foreword|preface|editor'?s?\s+note|introduction|letter\s+of\s+\w+|"
    r"前言|序言?|编者按|引言|导言)\s*[:：]?$",
    re.IGNORECASE,
)
_GROUP_LABEL = re.compile(
    r"^(?:(?:chapter|part|section|unit)\s+(?:\d{1,2}|[ivx]{1,5})\b|第\s*[\d一二三四五六七八九十]+\s*[章篇部])",
    re.IGNORECASE,
)

# Page references in a table of contents: "12", "01-02", "P04", "P40 P48" (a ghost).
_PAGE = r"P?\d{1,3}(?:\s*[-–~]\s*P?\d{1,3})?"
_PAGE_CELL = re.compile(r"^P?\d{1,3}(?:\s+P?\d{1,3})*$")
_LEAD_ENTRY = re.compile(rf"^(?:[-•·*]\s*)?(?P<page>{_PAGE})(?P<sep>\t+|\s+)(?P<title>\S.*)$")
_TRAIL_ENTRY = re.compile(
    rf"^(?:[-•·*]\s*)?(?P<title>\S.*?)(?P<sep>\s*[.·…]{{2,}}\s*|\t+|\s+)(?P<page>{_PAGE})$")
_PAGE_REFERENCE = re.compile(r"\s\d{1,3}\s*[-–]\s*\d{1,3}$|^[-•·*]?\s*\d{1,3}\s*[-–]\s*\d{1,3}\s")
_GROUP_NUMBER = re.compile(r"^\d{1,2}$")
_TWO_LEVEL = re.compile(r"^\d{1,2}\.\d{1,2}\s")
_ROMAN_OR_DEEP = re.compile(r"^(?:[IVX]{1,5}\.|\d{1,2}\.\d{1,2}\.\d)")

_FOOTNOTE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*\S")

# Organisation names end with these abbreviations: the full stop does not end a sentence.
_ABBREVIATION = re.compile(r"\b(?:Ltd|LTD|Co|Inc|Corp|Plc|LLC|No)\.$")
_NON_WORD = re.compile(r"[\W_]+")
_TOKEN = re.compile(f"[{HAN_CHARS}]|[a-z0-9]+")

# A title of the table of contents is found in the body when the tokens they share make
# up at least this Dice coefficient, or when the body line starts with the listed title.
_TITLE_DICE = 0.6
_TITLE_RECALL = 0.85
# Longest line considered as a case title, and lines in a title block above a heading.
_TITLE_MAX = 300
_TITLE_BLOCK = 4
# A table of contents ends after this many consecutive lines that are not entries.
_TOC_GAP = 3
# A Chinese line this long without final punctuation is body text cut by a page break.
_ZH_BODY_MIN = 30
_ZH_ITEM_BODY_MIN = 60
_EN_BODY_WORDS = 10
# Footnotes or logos that may sit between the two halves of a cut paragraph.
_INTERPOSED_MAX = 4
# Warn when this many lines, and this share of the body, belong to no case: the bundled
# editions leave at most 9% (back matter), a collection pasted twice leaves half.
_UNCOVERED_MIN = 50
_UNCOVERED_SHARE = 0.2


# ---------------------------------------------------------------------------------------
# Entry point


def segment(doc: SourceDocument) -> Segmentation:
    """Split ``doc`` into its cases; see the module docstring for how.

    Front matter (cover, foreword, expert lists, table of contents) and back matter
    (acknowledgements, disclaimer, references) belong to no case. Problems found on the
    way (a listed case missing from the body, no case structure at all) are returned as
    ``warnings``, never raised.
    """
    lines = [line.strip() for line in doc.lines]
    furniture = furniture_lines(doc.lines)
    toc = _find_toc(doc.lines)
    body = toc.end if toc else 0
    warnings: list[str] = []
    starts = _locate_cases(lines, furniture, toc, body, doc, warnings)
    if not starts:
        first = next((i for i in range(body, len(lines)) if lines[i]), 0)
        warnings.append(f"{doc.path}: no case structure found (no table of contents or "
                        "recurring section headings); the whole document is one case of "
                        f"{sum(1 for s in lines[first:] if s):,} lines")
        starts = [_Start(first, (), doc.name)]
    ends = _case_ends(lines, starts, toc, body)
    cases = []
    for k, (start, end) in enumerate(zip(starts, ends, strict=True), 1):
        paragraphs = _paragraphs(lines, doc, furniture, start, end)
        if not start.title:
            warnings.append(f"{doc.path}:{start.line + 1}: case {k} has no title")
        title = _TITLE_MARKUP.sub("", start.title).strip()
        cases.append(Case(doc.name, doc.lang, k, title, tuple(paragraphs)))
    _warn_uncovered(doc, lines, furniture, body, cases, warnings)
    return Segmentation(doc, tuple(cases), tuple(warnings))


def _warn_uncovered(doc: SourceDocument, lines: Sequence[str], furniture: set[int], body: int,
                    cases: Sequence[Case], warnings: list[str]) -> None:
    """Warn when much of the body belongs to no case (text after the last case, a case
    the table of contents does not list): it would be neither aligned nor reported."""
    covered = {n - 1 for c in cases for p in c.paragraphs for n in p.lines}
    content = [i for i in range(body, len(lines)) if lines[i] and i not in furniture]
    left = [i for i in content if i not in covered]
    if len(left) >= _UNCOVERED_MIN and len(left) >= _UNCOVERED_SHARE * len(content):
        warnings.append(f"{doc.path}:{left[0] + 1}: {len(left):,} of the {len(content):,} lines "
                        f"of the body ({len(left) / len(content):.0%}) belong to no case and are "
                        "neither aligned nor reported; check the case structure (table of "
                        "contents, section headings)")


@dataclass(frozen=True)
class _Start:
    """Where a case starts: its first line, the lines holding its title, the title."""

    line: int
    title_lines: tuple[int, ...]
    title: str


# ---------------------------------------------------------------------------------------
# Table of contents


@dataclass(frozen=True)
class _Toc:
    """A parsed table of contents: where it ends, and its case, group and other titles."""

    end: int
    cases: tuple[str, ...]
    groups: tuple[str, ...]
    others: tuple[str, ...]


@dataclass
class _Entry:
    title: str
    page: int | None
    line: int


def _find_toc(raw: Sequence[str]) -> _Toc | None:
    """The table of contents after a "Contents"/"目录" heading in the first half, if any.

    ``raw`` are the document's lines as read: the cells of a two-column table are told
    apart by their tabs, leading ones included.
    """
    lines = [line.strip() for line in raw]
    for h in range(max(len(lines) // 2, 1) if lines else 0):
        if _TOC_HEADING.match(lines[h]):
            if _is_two_column(lines, h + 1):
                entries, end = _column_entries(raw, h + 1)
                groups: list[str] = []
            else:
                entries, groups, end = _list_entries(lines, h + 1)
            if len(entries) >= 2:
                return _classify(entries, groups, end)
    return None


def _list_entries(lines: Sequence[str], start: int) -> tuple[list[_Entry], list[str], int]:
    """Entries of a one-column table of contents, one per line, page before or after."""
    entries: list[_Entry] = []
    groups: list[str] = []
    pending: list[str] = []
    gap = 0
    end = start
    for i in range(start, len(lines)):
        s = lines[i]
        if not s:
            continue
        entry = _parse_entry(s)
        if entry is None:
            gap += 1
            if gap >= _TOC_GAP or len(s) > 150 or _section_kind(s) or _BACK_MATTER.match(s):
                break
            pending.append(s)
            continue
        title, page = entry
        words = [p for p in pending if not _GROUP_NUMBER.match(p)]
        if words and title[:1].islower() and len(words) == 1:
            # An entry wrapped over two lines: the page number is on the second one.
            title = f"{words[0]} {title}"
        elif words:
            groups.extend(words)
        pending, gap = [], 0
        entries.append(_Entry(title, page, i))
        end = i + 1
    return entries, groups, end


def _parse_entry(s: str) -> tuple[str, int | None] | None:
    lead = _LEAD_ENTRY.match(s)
    trail = _TRAIL_ENTRY.match(s)
    if lead and (trail is None or "\t" in lead.group("sep") or s[:1] in "-•·*P"
                 or "-" in lead.group("page")):
        return _clean_title(lead.group("title")), _page_number(lead.group("page"))
    if trail and not _GROUP_NUMBER.match(s):
        return _clean_title(trail.group("title")), _page_number(trail.group("page"))
    return None


def _clean_title(title: str) -> str:
    return re.sub(r"\s*[.·…]{2,}\s*$", "", title).strip()


def _page_number(page: str) -> int | None:
    numbers = re.findall(r"\d+", page)
    return int(numbers[0]) if numbers else None


def _is_two_column(lines: Sequence[str], start: int) -> bool:
    """True when the first lines hold two page references each, in tab-separated cells."""
    seen = 0
    for s in (line for line in lines[start: start + 40] if line):
        cells = s.split("\t")
        if sum(1 for c in cells if _PAGE_CELL.match(c.strip())) >= 2:
            seen += 1
        if seen >= 2:
            return True
    return False


def _column_entries(lines: Sequence[str], start: int) -> tuple[list[_Entry], int]:
    """Entries of a two-column table of contents laid out as ``page⇥title⇥page⇥title``.

    A page cell opens an entry in its column; a row without one continues the open entry
    (titles wrap over several rows). Within each block of rows the left column is read
    before the right one. A page reference that goes backwards is a ghost left by text
    extraction, and its title cell continues the open entry.
    """
    entries: list[_Entry] = []
    block: list[list[_Entry]] = [[], []]
    end = start
    for i in range(start, len(lines)):
        row = lines[i].rstrip("\r\n ")
        if not row.strip():
            entries.extend(block[0] + block[1])
            block = [[], []]
            continue
        if "\t" not in row:
            break
        cells = row.split("\t")
        for col in range(2):
            if 2 * col >= len(cells):
                break
            marker = cells[2 * col].strip()
            text = cells[2 * col + 1].strip() if 2 * col + 1 < len(cells) else ""
            column = block[col]
            page = _page_number(marker.split()[-1]) if _PAGE_CELL.match(marker) else None
            last_page = next((e.page for e in reversed(column) if e.page is not None), None)
            if page is not None and (last_page is None or page > last_page):
                column.append(_Entry(text, page, i))
            elif text and column:
                column[-1].title = _join(column[-1].title, text, "en")
            elif text and col == 1 and block[0]:
                block[0][-1].title = _join(block[0][-1].title, text, "en")
        end = i + 1
    entries.extend(block[0] + block[1])
    return [e for e in entries if e.title], end


def _classify(entries: list[_Entry], groups: list[str], end: int) -> _Toc:
    """Split entries into cases, groups (chapters) and the rest (preface, references…)."""
    others: list[str] = []
    candidates: list[_Entry] = []
    for e in entries:
        if _GROUP_LABEL.match(e.title):
            groups.append(e.title)
        elif _BACK_MATTER.match(e.title) or _FRONT_MATTER.match(e.title):
            others.append(e.title)
        else:
            candidates.append(e)
    # In a numbered hierarchy (1 City / 1.1 Shenzhen / I. Background) the cases are the
    # two-level entries; deeper and roman-numbered entries are their sections.
    if any(_TWO_LEVEL.match(e.title) for e in candidates):
        cases = [e for e in candidates if _TWO_LEVEL.match(e.title)
                 and not _ROMAN_OR_DEEP.match(e.title)]
    else:
        cases = candidates
    return _Toc(end, tuple(e.title for e in cases), tuple(groups), tuple(others))


# ---------------------------------------------------------------------------------------
# Finding the cases in the body


def _locate_cases(lines: Sequence[str], furniture: set[int], toc: _Toc | None, body: int,
                  doc: SourceDocument, warnings: list[str]) -> list[_Start]:
    structural = _structural_starts(lines, furniture, body, doc.lang)
    if toc and toc.cases:
        found = _match_toc(lines, furniture, toc.cases, body, doc.lang)
        hits = [f for f in found if f is not None]
        if len(hits) >= max(2, len(toc.cases) // 2):
            starts = _fill_from_structure(found, structural, toc.cases, doc, warnings)
            if len(starts) != len(toc.cases):
                warnings.append(f"{doc.path}: the table of contents lists {len(toc.cases)} "
                                f"cases; {len(starts)} were found in the body")
            return starts
        warnings.append(f"{doc.path}: only {len(hits)} of the {len(toc.cases)} titles of the "
                        "table of contents were found in the body; cases were found from "
                        "the section headings instead")
    return structural


def _fill_from_structure(found: list[_Start | None], structural: list[_Start],
                         titles: Sequence[str], doc: SourceDocument,
                         warnings: list[str]) -> list[_Start]:
    """Matched TOC titles, with the gaps filled by heading-found cases between neighbours."""
    starts: list[_Start] = []
    for k, hit in enumerate(found):
        if hit is not None:
            if not starts or hit.line > starts[-1].line:
                starts.append(hit)
            continue
        low = starts[-1].line if starts else -1
        high = next((f.line for f in found[k + 1:] if f is not None), 1 << 30)
        between = [s for s in structural if low < s.line < high
                   and all(abs(s.line - o.line) > _TITLE_BLOCK for o in starts)]
        if between:
            starts.append(between[0])
        else:
            warnings.append(f"{doc.path}: case {titles[k]!r} of the table of contents was "
                            "not found in the body")
    return starts


def _match_toc(lines: Sequence[str], furniture: set[int], titles: Sequence[str], body: int,
               lang: Lang) -> list[_Start | None]:
    """Each listed title's place in the body, searched in order after the previous one."""
    content = [i for i in range(body, len(lines)) if lines[i] and i not in furniture
               and len(lines[i]) <= _TITLE_MAX and not _section_kind(lines[i])]
    tokens = {i: _tokens(lines[i]) for i in content}
    found: list[_Start | None] = []
    pos = 0
    for title in titles:
        want = set(_tokens(title))
        hit = None
        if want:
            for k in range(pos, len(content)):
                window = _best_window(lines, content, tokens, k, want, title, lang)
                if window is not None:
                    hit, pos = window, k
                    break
        found.append(hit)
    return found


def _best_window(lines: Sequence[str], content: Sequence[int], tokens: dict[int, list[str]],
                 k: int, want: set[str], title: str, lang: Lang) -> _Start | None:
    """The title at ``content[k]``: that line alone or with the next one, if it matches."""
    i = content[k]
    one = _title_score(tokens[i], want, lines[i], title)
    if k + 1 < len(content) and len(lines[i]) <= 80 and not lines[i].endswith(SENTENCE_END):
        j = content[k + 1]
        joined = _join(lines[i], lines[j], lang)
        two = _title_score(tokens[i] + tokens[j], want, joined, title)
        if two > one and two >= _TITLE_DICE:
            # A stray short line above the real title: let the next line stand on its own.
            if _title_score(tokens[j], want, lines[j], title) >= two:
                return None
            return _Start(i, (i, j), _pick_title(joined, title))
    if one < _TITLE_DICE:
        return None
    return _Start(i, (i,), _pick_title(lines[i], title))


def _title_score(have: list[str], want: set[str], text: str, title: str) -> float:
    """How well a body line matches a listed title (0…1, ≥ ``_TITLE_DICE`` is a match)."""
    got = set(have)
    if not got:
        return 0.0
    common = len(got & want)
    dice = 2 * common / (len(got) + len(want))
    if common / len(want) >= _TITLE_RECALL and (dice >= _TITLE_DICE or _starts_with(text, title)):
        return max(dice, _TITLE_DICE)
    return dice if common / len(want) >= 0.5 else 0.0


def _starts_with(text: str, title: str) -> bool:
    key = _key(title)
    return len(key) >= 6 and _key(text).startswith(key)


def _pick_title(body_text: str, listed: str) -> str:
    """The case title: the body's, unless it is the listed title run into a logo line.

    "An Innovative Business Model … Recycle Zhuanzhuan Spirit" is the listed title
    followed by a brand name printed beside it; a subtitle would follow a colon or dash.
    """
    want = _key(listed)
    if not want or not _key(body_text).startswith(want) or _key(body_text) == want:
        return body_text
    got = ""
    for pos, ch in enumerate(body_text):
        got += _key(ch)
        if got == want:
            head, rest = body_text[: pos + 1].strip(), body_text[pos + 1:].lstrip(" \"'”’")
            last = head.rsplit(None, 1)[-1].lower() if head else ""
            if rest and rest[0] not in ":：—–-|·(（,，" and last not in FUNCTION_WORDS:
                return head
            break
    return body_text


def _structural_starts(lines: Sequence[str], furniture: set[int], body: int,
                       lang: Lang) -> list[_Start]:
    """Cases found from recurring section headings, each with the title block above it."""
    groups: list[list[tuple[int, str]]] = []
    for i in range(body, len(lines)):
        if i in furniture or not lines[i]:
            continue
        kind = _section_kind(lines[i])
        if kind is None:
            continue
        current = groups[-1] if groups else None
        if current is None or kind in {k for _, k in current} or current[-1][1] == "comment":
            groups.append([(i, kind)])
        else:
            current.append((i, kind))
    # A real case has several kinds of section; a lone "Results" heading is not a case.
    groups = [g for g in groups if len({k for _, k in g}) >= 3]
    starts: list[_Start] = []
    floor = body
    for g in groups:
        first = g[0][0]
        block = _title_block(lines, furniture, first, floor)
        if block:
            starts.append(_Start(block[0], tuple(block[:_title_span(lines, block)]),
                                 _block_title(lines, block, lang)))
        else:
            starts.append(_Start(first, (), ""))
        last = g[-1][0]
        # The last section keeps at least its first line of content.
        floor = next((i for i in range(last + 1, len(lines)) if lines[i]), last) + 1
    return starts


def _title_block(lines: Sequence[str], furniture: set[int], first: int, floor: int
                 ) -> list[int]:
    """The title-like lines just above the heading at ``first`` (title, organisation…)."""
    block: list[int] = []
    i = first - 1
    while i >= floor and len(block) < _TITLE_BLOCK:
        s = lines[i]
        if s and i not in furniture:
            if not _title_like(s):
                break
            block.append(i)
        i -= 1
    return block[::-1]


def _title_like(s: str) -> bool:
    """A line that may be a case title or the organisation's name below it."""
    if len(s) > _TITLE_MAX or "\t" in s or BULLET.match(s) or _section_kind(s):
        return False
    if _PAGE_REFERENCE.search(s):
        return False  # an entry of a table of contents ("… 51-52")
    if not s.rstrip(CLOSERS).endswith(SENTENCE_END) or _ABBREVIATION.search(s):
        return True
    return _title_case(s)


def _title_case(s: str) -> bool:
    """Most longer words capitalised, as in an English title (which may end with a stop)."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", s) if len(w) >= 4]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _title_span(lines: Sequence[str], block: Sequence[int]) -> int:
    """1, or 2 when the first line of a title block ends with a colon or dash."""
    if len(block) >= 2 and lines[block[0]].endswith((":", "：", "—", "–", "-", "——")):
        return 2
    return 1


def _block_title(lines: Sequence[str], block: Sequence[int], lang: Lang) -> str:
    span = _title_span(lines, block)
    text = lines[block[0]]
    if span == 2:
        text = _join(text, lines[block[1]], lang)
    return text


def _case_ends(lines: Sequence[str], starts: Sequence[_Start], toc: _Toc | None,
               body: int) -> list[int]:
    """Where each case ends: the next case, a chapter listed in the table of contents, or
    the back matter after the last case."""
    groups = {_key(g) for g in toc.groups} if toc else set()
    others = {_key(o) for o in toc.others} if toc else set()
    stops = []
    for i in range(body, len(lines)):
        s = lines[i]
        if not s or len(s) > 80:
            continue
        key = _key(s)
        # Chapter headings are known from the table of contents: a "Part 2 …" heading
        # inside a case must not end it.
        back = i > starts[-1].line and (bool(_BACK_MATTER.match(s)) or key in others)
        if key in groups or back:
            stops.append(i)
    ends = []
    for k, start in enumerate(starts):
        end = starts[k + 1].line if k + 1 < len(starts) else len(lines)
        first_stop = next((i for i in stops if start.line < i < end), end)
        ends.append(first_stop)
    return ends


# ---------------------------------------------------------------------------------------
# Paragraphs


@dataclass
class _Draft:
    text: str
    lines: list[int]
    heading: bool
    item: bool
    table: bool


def _paragraphs(lines: Sequence[str], doc: SourceDocument, furniture: set[int],
                start: _Start, end: int) -> list[Paragraph]:
    drafts: list[_Draft] = []
    if start.title_lines:
        text = lines[start.title_lines[0]]
        for i in start.title_lines[1:]:
            text = _join(text, lines[i], doc.lang)
        drafts.append(_Draft(text, [i + 1 for i in start.title_lines], True, False, False))
    first = (start.title_lines[-1] + 1) if start.title_lines else start.line
    title_keys = {_key(start.title)} | {_key(lines[i]) for i in start.title_lines}
    title_keys.discard("")
    longest = max((len(k) for k in title_keys), default=0) * 2 + 20
    items = [i for i in range(first, end) if lines[i] and i not in furniture
             and not (len(lines[i]) <= longest and _key(lines[i]) in title_keys)]
    used: set[int] = set()
    for n, i in enumerate(items):
        if i in used:
            continue
        s = lines[i]
        prev = drafts[-1] if drafts else None
        wrapped = prev is not None and _wrapped(doc, prev, i)
        if prev is not None and _continues(prev, s, wrapped, doc.lang):
            _merge(prev, s, i, doc.lang)
            continue
        if prev is not None and _interposed(s, doc.lang):
            # A footnote or a logo printed inside a paragraph cut by a page break: the
            # paragraph goes on after it, and the interposed lines follow it.
            after = _after_interposed(lines, items, n, doc.lang)
            if after is not None and after not in used and not prev.heading \
                    and not _ends_clause(prev.text) \
                    and _continues(prev, lines[after], False, doc.lang):
                _merge(prev, lines[after], after, doc.lang)
                used.add(after)
        drafts.append(_Draft(s, [i + 1], _is_heading(s, doc.lang),
                             bool(BULLET.match(s) or ENUMERATION.match(s)), "\t" in s))
    return [Paragraph(d.text, tuple(d.lines), d.heading,
                      normalise_for_matching(d.text, doc.traditional)) for d in drafts]


def _wrapped(doc: SourceDocument, prev: _Draft, i: int) -> bool:
    """True when line ``i`` is a wrapped line of paragraph ``prev``: same block (no blank
    line between), indented deeper than the paragraph's first line ("- Item text" /
    " more text"). Word paragraphs are never wrapped lines."""
    if doc.path.suffix.lower() == ".docx" or i == 0 or not doc.lines[i - 1].strip():
        return False
    return _indent(doc.lines[i]) > _indent(doc.lines[prev.lines[0] - 1])


def _indent(raw: str) -> int:
    return len(raw) - len(raw.lstrip())


def _continues(prev: _Draft, s: str, wrapped: bool, lang: Lang) -> bool:
    """True when line ``s`` continues the paragraph ``prev`` (cut by a page or a wrap)."""
    if prev.heading or prev.table or "\t" in s or _section_kind(s):
        return False
    item = bool(BULLET.match(s) or ENUMERATION.match(s))
    if wrapped and not item:
        return True
    if _ends_clause(prev.text) or item:
        return False
    strong = _ends_mid_clause(prev.text, lang)
    if lang == "en":
        if not s[:1].isascii():
            return False
        if s[:1].islower() or strong:
            return True
        if prev.text.endswith(tuple(CLOSERS)):
            return False  # a closing quote or bracket ends a phrase, seldom a page
        if _is_heading(s, lang):
            return False
        if prev.item:
            return _rest_of_item(prev.text, s)
        # A sentence cut inside a name: "… and the Suzhou Industrial Park" / "Resource
        # Conservation and Energy Management Association, under …".
        words = prev.text.split()
        return (len(words) >= _EN_BODY_WORDS and ", " in prev.text
                and words[-1][:1].isupper() and (s[:1].isupper() or s[:1].isdigit()))
    if strong:
        return True
    if _is_heading(s, lang) or prev.text.endswith(tuple(CLOSERS)):
        return False
    if prev.item:
        return unit_length(prev.text) >= _ZH_ITEM_BODY_MIN or _rest_of_item(prev.text, s)
    return unit_length(prev.text) >= _ZH_BODY_MIN or any(p in prev.text for p in "，,；;。")


def _rest_of_item(item: str, s: str) -> bool:
    """True when ``s`` is the rest of list item ``item``, cut by a page break.

    The item reads as a clause (it has a comma, or is long) rather than a label, and ``s``
    is a short fragment without a list marker that ends like the unpunctuated items
    around it.
    """
    clause = any(p in item for p in "，,；;") or unit_length(item) >= _EN_BODY_WORDS
    fragment = unit_length(s) <= max(unit_length(item), _EN_BODY_WORDS)
    return clause and fragment and not s.rstrip(CLOSERS).endswith(SENTENCE_END)


def _merge(draft: _Draft, s: str, i: int, lang: Lang) -> None:
    draft.text = _join(draft.text, s, lang)
    draft.lines.append(i + 1)


def _join(a: str, b: str, lang: Lang) -> str:
    """Join two pieces of one paragraph: no space in Chinese or after a hyphen."""
    a = a.rstrip().removesuffix("\u00ad")
    b = b.lstrip()
    if lang == "zh" or (a.endswith("-") and a[-2:-1].isalpha()):
        return a + b
    return f"{a} {b}"


def _ends_clause(text: str) -> bool:
    return text.rstrip().rstrip(CLOSERS).endswith(CLAUSE_END)


def _ends_mid_clause(text: str, lang: Lang) -> bool:
    """True when ``text`` visibly stops in the middle of a clause."""
    t = text.rstrip()
    if t.endswith((",", "，", "、")):
        return True
    if lang == "en":
        if t.endswith("-") and t[-2:-1].isalpha():
            return True
        last = t.rsplit(None, 1)[-1].lower() if t else ""
        return last in FUNCTION_WORDS
    return False


def _interposed(s: str, lang: Lang) -> bool:
    """A footnote (``¹ CCUS: …``), or a short line in another script (a logo) in English."""
    if _FOOTNOTE.match(s):
        return True
    return lang == "en" and len(s) <= 40 and bool(HAN.search(s)) and not _ends_clause(s)


def _after_interposed(lines: Sequence[str], items: Sequence[int], n: int, lang: Lang
                      ) -> int | None:
    """The first content line after the run of interposed lines starting at ``items[n]``."""
    for m in range(n, min(n + _INTERPOSED_MAX, len(items))):
        if not _interposed(lines[items[m]], lang):
            return items[m]
    return None


def _is_heading(s: str, lang: Lang) -> bool:
    """Titles and section headings: the collection's section headings by name, and every
    line the one heading rule accepts (:func:`align.core.text.is_heading`)."""
    return _section_kind(s) is not None or is_heading(s, lang)


@lru_cache(maxsize=65536)
def _section_kind(s: str) -> str | None:
    """The kind of a case section heading (``overview``, ``comment``…), or None."""
    if len(s) > 60:
        return None
    t = _HEADING_DECORATION.sub("", s.strip()).strip().rstrip(":：").strip()
    t = re.sub(r"\s+", " ", t)
    for kind, pattern in _SECTION_RE:
        if pattern.match(t):
            return kind
    return None


# ---------------------------------------------------------------------------------------
# Text keys


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    """Letters, digits and Han characters only, case-folded, full-width folded."""
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def _tokens(text: str) -> list[str]:
    """Han characters one by one and Latin words: what titles are compared on."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())
