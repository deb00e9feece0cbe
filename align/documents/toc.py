"""Tables of contents: where they are, and the case titles they list.

A table of contents follows a "Contents"/"目录" heading in the first half of a document,
one entry per line with its page before or after (``01-02 打造…``, ``Title ..... 12``), or
as a two-column table whose cells extraction separates by tabs. Its entries are told apart
into cases, chapter groups (``Part 2``, ``第二章``) and the rest (preface, references).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from align.documents.layout import (
    BACK_MATTER,
    FRONT_MATTER,
    GROUP_LABEL,
    TOC_HEADING,
    join_pieces,
    section_kind,
)

# Page references in a table of contents: "12", "01-02", "P04", "P40 P48" (a ghost).
_PAGE = r"P?\d{1,3}(?:\s*[-–~]\s*P?\d{1,3})?"
_PAGE_CELL = re.compile(r"^P?\d{1,3}(?:\s+P?\d{1,3})*$")
_LEAD_ENTRY = re.compile(rf"^(?:[-•·*]\s*)?(?P<page>{_PAGE})(?P<sep>\t+|\s+)(?P<title>\S.*)$")
_TRAIL_ENTRY = re.compile(
    rf"^(?:[-•·*]\s*)?(?P<title>\S.*?)(?P<sep>\s*[.·…]{{2,}}\s*|\t+|\s+)(?P<page>{_PAGE})$")
PAGE_REFERENCE = re.compile(r"\s\d{1,3}\s*[-–]\s*\d{1,3}$|^[-•·*]?\s*\d{1,3}\s*[-–]\s*\d{1,3}\s")
_GROUP_NUMBER = re.compile(r"^\d{1,2}$")
_TWO_LEVEL = re.compile(r"^\d{1,2}\.\d{1,2}\s")
_ROMAN_OR_DEEP = re.compile(r"^(?:[IVX]{1,5}\.|\d{1,2}\.\d{1,2}\.\d)")
# A table of contents ends after this many consecutive lines that are not entries.
_TOC_GAP = 3


@dataclass(frozen=True)
class Toc:
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


def find_toc(raw: Sequence[str]) -> Toc | None:
    """The table of contents after a "Contents"/"目录" heading in the first half, if any.

    ``raw`` are the document's lines as read: the cells of a two-column table are told
    apart by their tabs, leading ones included.
    """
    lines = [line.strip() for line in raw]
    for h in range(max(len(lines) // 2, 1) if lines else 0):
        if TOC_HEADING.match(lines[h]):
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
            if gap >= _TOC_GAP or len(s) > 150 or section_kind(s) or BACK_MATTER.match(s):
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
                column[-1].title = join_pieces(column[-1].title, text, "en")
            elif text and col == 1 and block[0]:
                block[0][-1].title = join_pieces(block[0][-1].title, text, "en")
        end = i + 1
    entries.extend(block[0] + block[1])
    return [e for e in entries if e.title], end


def _classify(entries: list[_Entry], groups: list[str], end: int) -> Toc:
    """Split entries into cases, groups (chapters) and the rest (preface, references…)."""
    others: list[str] = []
    candidates: list[_Entry] = []
    for e in entries:
        if GROUP_LABEL.match(e.title):
            groups.append(e.title)
        elif BACK_MATTER.match(e.title) or FRONT_MATTER.match(e.title):
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
    return Toc(end, tuple(e.title for e in cases), tuple(groups), tuple(others))
