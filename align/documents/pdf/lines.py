"""Lines of a PDF page from its characters: baselines, reading order by position, columns,
spaces and tabs from the gaps between glyphs."""


from __future__ import annotations

import dataclasses
import itertools
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from align.documents.pdf.layout import (
    BASELINE_TOLERANCE,
    BOLD_SHARE,
    CJK,
    CJK_SPACE_GAP,
    COLUMN_ROWS,
    COLUMN_SHARE,
    DEFAULT_SPACE,
    DUPLICATE_OFFSET,
    GUTTER_CROSSING,
    GUTTER_MIN,
    GUTTER_REACH,
    GUTTER_ZONE,
    HAN,
    IDEOGRAPH,
    LINE_GAPS,
    MIXED_SPACE_GAP,
    NO_END,
    NO_START,
    PAGE_GAPS,
    QUOTES,
    SIDE_SHARE,
    SPACE_GAP,
    SPAN_GAP,
    TAB_FACTOR,
    TAB_MIN,
    WORD_GAP,
)
from align.documents.pdf.paragraphs import _size_key
from align.documents.pdf.records import PdfLine


@dataclass(slots=True)
class _Char:
    """One glyph of a page: its text, stream position, box, baseline, size and weight."""

    ch: str
    seq: int  # position in the content stream
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    bold: bool


def _lines(chars: Sequence[_Char], page: int, counts: Counter[str]) -> list[PdfLine]:
    """Group one page's characters into lines by baseline and read each by position."""
    if not chars:
        return []
    ranked = sorted(range(len(chars)), key=lambda k: chars[k].baseline)
    groups: list[list[int]] = []
    anchor = -1e9
    anchor_size = 0.0
    for k in ranked:
        c = chars[k]
        if groups and abs(c.baseline - anchor) <= BASELINE_TOLERANCE * max(c.size, anchor_size):
            groups[-1].append(k)
            continue
        groups.append([k])
        anchor, anchor_size = c.baseline, c.size
    rows = [[chars[k] for k in sorted(members)] for members in groups]
    placed = [sorted(row, key=lambda c: c.x0) for row in rows]  # stable: ties keep stream order
    # Characters the content stream gives out of their printed order (fixed here).
    counts["reordered_lines"] += sum(in_order != row for row, in_order in zip(rows, placed,
                                                                                strict=True))
    space = _page_space(placed)
    gutter = _gutter(placed)
    ordered: list[tuple[int, list[_Char]]] = [(0, row) for row in placed]
    if gutter is not None:
        counts["two_column_pages"] += 1
        ordered = _by_column(placed, gutter)
    lines: list[PdfLine] = []
    for column, row in ordered:
        line = _line(row, page, len(lines) + 1, space)
        if line is not None:
            lines.append(dataclasses.replace(line, column=column) if column else line)
    return lines


def _gutter(rows: Sequence[Sequence[_Char]]) -> float | None:
    """Where a page set in two columns of text is divided, or None.

    The gutter is a strip in the middle of the page that the lines of most rows leave
    empty (a heading or a figure caption may cross it), with text on both sides of it in
    many rows, and with the left column's lines mostly ending at the strip: the lines of
    a column run to its margin, where the cells of a table end anywhere.
    """
    spans = [_spans(row) for row in rows if sum(not c.ch.isspace() for c in row) >= 3]
    if len(spans) < COLUMN_ROWS:
        return None
    size = Counter(_size_key(c.size) for row in rows for c in row).most_common(1)[0][0]
    left = min(a for row in spans for a, _ in row)
    right = max(b for row in spans for _, b in row)
    width = right - left
    lo, hi = int(left + GUTTER_ZONE[0] * width), int(left + GUTTER_ZONE[1] * width)
    cover = [0] * (hi - lo + 1)
    for row in spans:
        for a, b in row:
            for x in range(max(lo, int(a)), min(hi, int(b)) + 1):
                cover[x - lo] += 1
    free = [n <= GUTTER_CROSSING * len(spans) for n in cover]
    best, start = (0, 0), None
    for k, ok in enumerate([*free, False]):
        if ok and start is None:
            start = k
        elif not ok and start is not None:
            best = max(best, (k - start, start))
            start = None
    run, first = best
    if run < GUTTER_MIN * size:
        return None
    g0, g1 = lo + first, lo + first + run
    # Each side holds a good part of the rows (the columns' baselines need not line up).
    lefts = sum(1 for row in spans if row[0][0] < g0)
    rights = sum(1 for row in spans if row[-1][1] > g1)
    if min(lefts, rights) < SIDE_SHARE * len(spans):
        return None
    ends = [max((b for _, b in row if b <= g0), default=-1e9) for row in spans]
    ends = [x for x in ends if x > -1e9]  # rows with text left of the strip
    at_gutter = sum(1 for x in ends if g0 - x <= GUTTER_REACH * size)
    return (g0 + g1) / 2 if at_gutter >= COLUMN_SHARE * len(ends) else None


def _spans(row: Sequence[_Char]) -> list[tuple[float, float]]:
    """The stretches of a row that hold text: glyphs with the word spaces between them."""
    out: list[tuple[float, float]] = []
    for c in row:
        if c.ch.isspace():
            continue
        if out and c.x0 - out[-1][1] <= SPAN_GAP * c.size:
            out[-1] = (out[-1][0], max(out[-1][1], c.x1))
        else:
            out.append((c.x0, c.x1))
    return out


def _by_column(rows: Sequence[list[_Char]], gutter: float) -> list[tuple[int, list[_Char]]]:
    """Rows in reading order on a two-column page: what crosses the gutter above the
    columns, the left column, the right column, then what crosses it below them."""
    above: list[tuple[int, list[_Char]]] = []
    below: list[tuple[int, list[_Char]]] = []
    columns: list[list[tuple[int, list[_Char]]]] = [[], []]
    for row in rows:
        if any(c.x0 < gutter < c.x1 for c in row):
            (below if columns[0] or columns[1] else above).append((0, row))
            continue
        for k, part in enumerate(([c for c in row if c.x1 <= gutter],
                                  [c for c in row if c.x1 > gutter])):
            if any(not c.ch.isspace() for c in part):
                columns[k].append((k + 1, part))
    return above + columns[0] + columns[1] + below


def _page_space(rows: Sequence[Sequence[_Char]]) -> float:
    """The usual word space of a page, in ems: the most common gap of word-space width."""
    gaps: Counter[float] = Counter()
    for row in rows:
        glyphs = [c for c in row if not c.ch.isspace()]
        for a, b in itertools.pairwise(glyphs):
            em = (b.x0 - a.x1) / (a.size or 1.0)
            if WORD_GAP[0] <= em <= WORD_GAP[1]:
                gaps[round(em, 2)] += 1
    if sum(gaps.values()) < PAGE_GAPS:
        return DEFAULT_SPACE
    return gaps.most_common(1)[0][0]


def _line(in_order: list[_Char], page: int, index: int, page_space: float) -> PdfLine | None:
    """One line from its characters in printed order: gaps become spaces or tabs."""
    glyphs = [c for c in in_order if not c.ch.isspace()]
    if not glyphs:
        return None
    sizes = Counter(_size_key(c.size) for c in glyphs)
    size = sizes.most_common(1)[0][0]
    cjk_gaps = sorted(b.x0 - a.x1 for a, b in itertools.pairwise(glyphs)
                      if CJK.match(a.ch) and CJK.match(b.ch))
    spread = max(0.0, cjk_gaps[len(cjk_gaps) // 2]) if cjk_gaps else 0.0
    words = sorted(g for a, b in itertools.pairwise(glyphs)
                   if (g := b.x0 - a.x1) >= WORD_GAP[0] * size)
    word_space = words[len(words) // 4] if len(words) >= LINE_GAPS else page_space * size
    tab = max(TAB_MIN * size, TAB_FACTOR * max(word_space, page_space * size))
    out: list[str] = []
    placed: list[_Char | None] = []  # the glyph behind each character of ``out``
    cells = [glyphs[0].x0]
    prev: _Char | None = None
    spaced = False  # a space character of the text layer since the previous glyph
    for c in in_order:
        if c.ch.isspace():
            spaced = spaced or prev is not None
            continue
        if prev is not None:
            if (c.ch == prev.ch and abs(c.x0 - prev.x0) <= DUPLICATE_OFFSET * size
                    and abs(c.seq - prev.seq) > 1):
                continue  # drawn twice; the parts of a ligature ("ffi") are neighbours
            gap = c.x0 - prev.x1
            cjk = bool(CJK.match(prev.ch)) and bool(CJK.match(c.ch))
            if cjk:
                gap -= spread
                least = CJK_SPACE_GAP
            elif HAN.match(prev.ch) or HAN.match(c.ch):
                least = MIXED_SPACE_GAP
            else:
                least = SPACE_GAP
            if gap >= tab and not spaced:
                out.append("\t")
                placed.append(None)
                cells.append(c.x0)
            elif spaced or gap >= least * size:
                out.append(" ")
                placed.append(None)
        out.append(c.ch)
        placed.append(c)
        prev, spaced = c, False
    text = "".join(out)
    bold = sum(c.bold for c in glyphs) >= BOLD_SHARE * len(glyphs)
    return PdfLine(unicodedata.normalize("NFC", text), page, index, glyphs[0].x0,
                   glyphs[-1].x1, min(c.top for c in glyphs), max(c.bottom for c in glyphs),
                   Counter(round(c.baseline, 1) for c in glyphs).most_common(1)[0][0],
                   size, bold, _first_word(text, placed), spaced, tuple(cells))


def _first_word(text: str, placed: Sequence[_Char | None]) -> float:
    """Width of the line's first unbreakable run: what would have had to fit at the end of
    the line above for the line break to fall elsewhere."""
    end = 0
    while end + 1 < len(text) and not _can_break(text[end], text[end + 1]):
        end += 1
    first, last = placed[0], placed[end]
    return last.x1 - first.x0 if first is not None and last is not None else 0.0


def _can_break(before: str, after: str) -> bool:
    """Whether a line may break between two characters: a simplified Unicode line-breaking
    algorithm (UAX #14) with the Chinese rules (kinsoku) LibreOffice and Word follow."""
    if before.isspace() or after.isspace():
        return True
    if after in NO_START or before in NO_END:
        return False
    if after in QUOTES or before in QUOTES:
        return False  # no break next to an ambiguous quotation mark (UAX #14 rule LB19)
    # Between ideographs, and between an ideograph and a Latin word; not inside a Latin
    # word, nor between a closing mark and the Latin word or number after it ("，2028").
    return bool(IDEOGRAPH.match(before) or IDEOGRAPH.match(after))
