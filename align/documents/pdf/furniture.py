"""Page furniture: running headers and footers, with their page numbers."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from align.documents.pdf.layout import (
    DIGITS,
    FURNITURE_LINES,
    FURNITURE_MIN,
    FURNITURE_SHARE,
    FURNITURE_Y,
)
from align.documents.pdf.records import PdfLine

# ---------------------------------------------------------------------------------------
# Page furniture


def find_furniture(pages: Sequence[Sequence[PdfLine]]) -> set[tuple[int, int]]:
    """``(page, line)`` of the running headers, footers and page numbers of a document.

    Candidates are the first and last few lines of each page. A candidate is furniture
    when it stands at the same height as lines on other pages and

    * carries, at its start or end, a number that follows the page count (the number minus
      the page's position is the same), like the lines of the same text there on at least
      one other page; or like lines of any text there on at least two other pages, where
      such a running header stands (a chapter name seen once, in a one-page chapter);
    * or repeats word for word there on at least a quarter of the pages (and three): a
      brand line, a document title. A section heading that happens to open two pages at
      the top margin does not repeat that often.
    """
    candidates: list[PdfLine] = []
    for lines in pages:
        picked = {id(ln): ln for ln in (*lines[:FURNITURE_LINES], *lines[-FURNITURE_LINES:])}
        candidates.extend(picked.values())
    numbered: dict[tuple[int, str, int], list[PdfLine]] = defaultdict(list)
    repeated: dict[tuple[int, str], list[PdfLine]] = defaultdict(list)
    for ln in candidates:
        band = round(ln.top / FURNITURE_Y)
        for end, offset in _page_offsets(ln):
            numbered[(band, end, offset)].append(ln)
        repeated[(band, _fold(ln.text))].append(ln)

    def near(table: dict[Any, list[PdfLine]], band: int, *rest: Any) -> list[PdfLine]:
        # Neighbouring height buckets: lines at 36.9 and 37.1 points stand together.
        return [ln for b in (band - 1, band, band + 1) for ln in table.get((b, *rest), ())]

    found: set[tuple[int, int]] = set()
    headed: set[tuple[int, str, int]] = set()  # where running headers with numbers stand
    for key, hits in numbered.items():
        alike = near(numbered, *key)
        for ln in hits:
            text = _masked(ln.text)
            if len({o.page for o in alike if _masked(o.text) == text}) >= 2:
                found.add((ln.page, ln.index))
                headed.add(key)
    for (band, end, offset), hits in numbered.items():
        alike = near(numbered, band, end, offset)
        if len({ln.page for ln in alike}) >= FURNITURE_MIN and any(
                (b, end, offset) in headed for b in (band - 1, band, band + 1)):
            found.update((ln.page, ln.index) for ln in hits)
    pages_with_text = sum(1 for lines in pages if lines) or 1
    for (band, text), hits in repeated.items():
        on_pages = {ln.page for ln in near(repeated, band, text)}
        if len(on_pages) >= max(FURNITURE_MIN, FURNITURE_SHARE * pages_with_text):
            found.update((ln.page, ln.index) for ln in hits)
    # Furniture frames a page's text: on a page where it would be all there is (one line
    # per page, "… page 3"), it is the text. Blank pages keep their header and footer too.
    for lines in pages:
        if lines and all((ln.page, ln.index) in found for ln in lines):
            found.difference_update((ln.page, ln.index) for ln in lines)
    return found


# A number at the start or the end of a line, once the decoration of page numbers is off
# ("- 12 -", "Page 12", "第 12 页", "12 | Annual Report"); a leading number followed by a
# full stop or a closing bracket is a list or section number, not a page number.
_PAGE_DECORATION = re.compile(r"^(?:[-–—|·•\s]|page\b|p\.|第)+|(?:[-–—|·•\s]|页)+$", re.IGNORECASE)
_END_NUMBER = re.compile(r"(?<![\d.,:/])(\d{1,4})$")
_START_NUMBER = re.compile(r"^(\d{1,4})(?=\s|$)")


def _page_offsets(line: PdfLine) -> list[tuple[str, int]]:
    """``(where, printed number − page position)`` for a number at the start or the end of
    the line: equal on two pages, it is a page number."""
    core = _PAGE_DECORATION.sub("", line.text.strip())
    out = []
    end = _END_NUMBER.search(core)
    if end:
        out.append(("end", int(end.group(1)) - line.page))
    start = _START_NUMBER.match(core)
    if start and start.end() < len(core):
        out.append(("start", int(start.group(1)) - line.page))
    return out


def _masked(text: str) -> str:
    """A line's text with its numbers masked: what the lines of a running header share."""
    return _fold(DIGITS.sub("#", text))


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())
