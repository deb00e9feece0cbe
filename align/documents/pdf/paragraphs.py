"""Paragraphs rebuilt from line geometry: margins, gaps, indents, headings, footnotes."""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from align.documents.pdf.layout import (
    ASCII,
    BULLETS,
    CJK,
    CJK_ROOM_SLACK,
    COLUMN_TOLERANCE,
    FEW_LINES,
    FOOTNOTE_SIZE,
    GAP_FACTOR,
    HAN,
    HEADING_SIZE,
    INDENT,
    MARGIN_LINES,
    MARGIN_PERCENTILE,
    MIXED,
    ROOM_SLACK,
    SAME_SIZE,
)
from align.documents.pdf.records import PdfLine, PdfParagraph

# ---------------------------------------------------------------------------------------
# Paragraphs


@dataclass
class _Frame:
    """Where the body text of a page starts and ends, and its type size and spacing."""

    left: float
    right: float


@dataclass
class _Open:
    lines: list[PdfLine]
    heading: bool


def build_paragraphs(pages: Sequence[Sequence[PdfLine]],
                     widths: Sequence[float] | None = None) -> list[PdfParagraph]:
    """Paragraphs from the body lines of every page (furniture already removed).

    ``pages`` holds each page's lines in reading order, ``widths`` the pages' widths in
    points (used where a document has too few lines to show where its right margin is).
    See the module docstring for the rules.
    """
    lines = [ln for page in pages for ln in page]
    if not lines:
        return []
    body_size, body_bold = _body_style(lines)
    pitch = _pitches(pages)
    frames = _frames(pages, widths)
    out: list[_Open] = []
    current: _Open | None = None
    deferred: list[_Open] = []  # footnotes waiting for the paragraph they interrupt

    def close() -> None:
        nonlocal current
        if current is not None:
            out.append(current)
            current = None
        out.extend(deferred)
        deferred.clear()

    for page in pages:
        if not page:
            continue
        page = _table_rows(page, frames)
        feet = _footnotes(page, body_size)
        for ln in page[: len(page) - len(feet)]:
            heading = _is_heading(ln, body_size, body_bold)
            if current is not None and _continues(current, ln, heading, frames, pitch):
                current.lines.append(ln)
                continue
            close()
            current = _Open([ln], heading)
        # Footnotes at the foot of the page: if the paragraph above them runs on to the
        # next page, they wait until it ends; otherwise they follow it now.
        notes: list[_Open] = []
        for ln in feet:
            if notes and _continues(notes[-1], ln, False, frames, pitch):
                notes[-1].lines.append(ln)
            else:
                notes.append(_Open([ln], False))
        if not notes:
            continue
        last = current.lines[-1] if current is not None else None
        if last is not None and _runs_to_margin(last, frames[(last.page, last.column)]):
            deferred.extend(notes)
        else:
            close()
            out.extend(notes)
    close()
    style = _spacing(lines)
    return [_paragraph(p, style) for p in out]


@dataclass(frozen=True)
class _Spacing:
    """How a document spaces what a line break hides (see :func:`_join`)."""

    mixed_words: bool  # 成立于 2019 年: a space between Chinese and Latin letters or digits
    mixed_signs: bool  # 数据采集 + 碳惠: ... and between Chinese and other ASCII signs


def _spacing(lines: Sequence[PdfLine]) -> _Spacing:
    """What the document does inside its lines, to follow where a line break hides it."""
    counts: Counter[str] = Counter()
    for ln in lines:
        for after, pattern in enumerate(MIXED):
            for m in pattern.finditer(ln.text):
                space, sign = (m.group(1), m.group(2)) if after == 0 else (m.group(2), m.group(1))
                kind = "words" if sign.isalnum() else "signs"
                counts[f"{kind}_{'spaced' if space else 'plain'}"] += 1
    return _Spacing(counts["words_spaced"] > counts["words_plain"],
                    counts["signs_spaced"] > counts["signs_plain"])


def _table_rows(page: Sequence[PdfLine], frames: dict[tuple[int, int], _Frame]
                ) -> list[PdfLine]:
    """The rows of tables on a page with an empty cell wherever a column has nothing.

    A table is a run of lines with tabs (and of the lines that continue a cell, wrapped
    inside its column). When its full rows agree on where the columns start, every row is
    written against those columns: a title wrapped inside the second column of a table
    of contents becomes ``⇥rest of the title⇥⇥…``, as two-column table parsers expect.
    Tab-separated lines whose cells do not line up (text set against tab stops) stay as
    they are.
    """
    out = list(page)
    k = 0
    while k < len(out):
        if "\t" not in out[k].text:
            k += 1
            continue
        run = [k]
        columns = _columns([out[k]])
        while run[-1] + 1 < len(out):
            nxt = out[run[-1] + 1]
            em = nxt.size
            frame = frames[(nxt.page, nxt.column)]
            inside = nxt.x0 > frame.left + INDENT * em and any(
                abs(nxt.x0 - x) <= INDENT * em for x in columns[1:])
            if "\t" not in nxt.text and not inside:
                break
            run.append(run[-1] + 1)
            columns = _columns([out[i] for i in run])
        rows = [out[i] for i in run]
        widest = max(len(r.cells) for r in rows)
        if len(columns) == widest and widest >= 2:
            for i in run:
                out[i] = _against(out[i], columns)
        k = run[-1] + 1
    return out


def _columns(rows: Sequence[PdfLine]) -> list[float]:
    """Where the columns of table rows start: their cells' left edges, clustered."""
    edges = sorted(x for r in rows for x in (r.cells or (r.x0,)))
    columns: list[float] = []
    for x in edges:
        if columns and x - columns[-1] <= COLUMN_TOLERANCE * rows[0].size:
            continue
        columns.append(x)
    return columns


def _against(row: PdfLine, columns: Sequence[float]) -> PdfLine:
    """``row`` with its cells put in their columns, empty cells where it has none."""
    parts = row.text.split("\t")
    edges = row.cells or (row.x0,)
    cells = [""] * len(columns)
    for text, x in zip(parts, edges, strict=False):
        col = min(range(len(columns)), key=lambda c: abs(columns[c] - x))
        cells[col] = f"{cells[col]} {text}".strip() if cells[col] else text
    while cells and not cells[-1]:
        cells.pop()
    return dataclasses.replace(row, text="\t".join(cells))


def _paragraph(p: _Open, style: _Spacing) -> PdfParagraph:
    # Spaces only: a table row keeps the tab of an empty first cell.
    text = p.lines[0].text.strip(" ")
    for above, ln in itertools.pairwise(p.lines):
        text = _join(text, ln.text.strip(" "), above.space_after, style)
    return PdfParagraph(text, tuple((ln.page, ln.index) for ln in p.lines), p.heading)


def _join(a: str, b: str, space: bool, style: _Spacing) -> str:
    """Join two lines of one paragraph.

    ``space`` is true when the text layer kept the space the line was broken at: then one
    space. Otherwise nothing after a hyphen that ends a word (the hyphen is kept:
    LibreOffice and Word break lines only at hyphens already in the text unless
    hyphenation is on), next to an em dash, or between Chinese characters; between a
    Chinese character and a Latin word, a number or a sign, what the document does inside
    its lines (``成立于 2019 年`` or ``成立于2019年``); one space between Latin words.
    LibreOffice's text layer keeps the space a line was broken at nine times in ten: its
    absence says nothing.
    """
    if not a or not b:
        return a + b
    if a.endswith("\u00ad"):
        return a[:-1] + b  # a soft hyphen is only printed where the line breaks
    if space:
        return f"{a} {b}"
    if a.endswith(("-", "‐")) and len(a) >= 2 and a[-2].isalnum():
        return a + b
    if a.endswith("—") or b.startswith("—") or (a.endswith(("/", "\\")) and a[-2:-1] != " "):
        # An em dash is set close up (a spaced one keeps its space in the text layer);
        # a line broken after a slash is a path, a URL or "and/or".
        return a + b
    for han, other in ((a[-1], b[0]), (b[0], a[-1])):
        if HAN.match(han) and ASCII.match(other):
            wanted = style.mixed_words if other.isalnum() else style.mixed_signs
            return f"{a} {b}" if wanted else a + b
    if CJK.match(a[-1]) or CJK.match(b[0]):
        return a + b
    return f"{a} {b}"


def _continues(p: _Open, ln: PdfLine, heading: bool, frames: dict[tuple[int, int], _Frame],
               pitch: dict[float, float]) -> bool:
    """True when ``ln`` continues the open paragraph ``p``."""
    last = p.lines[-1]
    # A table row or a table of contents entry never takes the next line in, unless it
    # was wrapped by the margin into a line that is not a row itself.
    if "\t" in ln.text or heading != p.heading:
        return False
    if abs(ln.size - last.size) > SAME_SIZE * max(ln.size, last.size):
        return False
    if ln.text[:1] in BULLETS:
        return False
    em = last.size
    a, b = frames[(last.page, last.column)], frames[(ln.page, ln.column)]
    if ln.page == last.page and ln.column == last.column:
        step = ln.baseline - last.baseline
        if step <= 0 or step > GAP_FACTOR * pitch.get(_size_key(last.size), 1.2 * em):
            return False
    elif not (ln.page == last.page + 1 or (ln.page == last.page and ln.column > last.column)):
        return False  # a paragraph goes on in the next column or on the next page only
    if not _runs_to_margin(last, a, ln.first_word):
        return False
    # After a paragraph's second line, its lines share one indentation.
    return len(p.lines) < 2 or abs((ln.x0 - b.left) - (last.x0 - a.left)) <= INDENT * em


def _runs_to_margin(line: PdfLine, frame: _Frame, next_word: float | None = None) -> bool:
    """True when ``line`` was broken by the right margin, not by its paragraph's end: the
    next line's first word (``next_word`` wide; a short word when unknown) would not have
    fitted in the room left."""
    room = frame.right - line.x1
    cjk = bool(CJK.search(line.text[-1:]))
    slack = (CJK_ROOM_SLACK if cjk else ROOM_SLACK) * line.size
    word = next_word if next_word is not None else line.size
    return room <= word + slack


def _footnotes(page: Sequence[PdfLine], body_size: float) -> list[PdfLine]:
    """The run of small-type lines at the foot of a page, after its last body-size line."""
    k = len(page)
    while k > 0 and page[k - 1].size <= FOOTNOTE_SIZE * body_size:
        k -= 1
    return list(page[k:]) if 0 < k < len(page) else []


def _is_heading(ln: PdfLine, body_size: float, body_bold: bool) -> bool:
    return ln.size >= HEADING_SIZE * body_size or (ln.bold and not body_bold)


def _body_style(lines: Sequence[PdfLine]) -> tuple[float, bool]:
    """The size and weight most of the text is set in (weighted by characters)."""
    sizes: Counter[float] = Counter()
    bold = 0
    for ln in lines:
        sizes[_size_key(ln.size)] += len(ln.text)
        bold += len(ln.text) if ln.bold else 0
    total = sum(sizes.values()) or 1
    return sizes.most_common(1)[0][0], bold > total / 2


def _size_key(size: float) -> float:
    return round(size * 2) / 2


def _pitches(pages: Sequence[Sequence[PdfLine]]) -> dict[float, float]:
    """The usual baseline-to-baseline step between consecutive lines, by type size: the
    most common step is the line spacing inside paragraphs (gaps are rarer)."""
    steps: dict[float, Counter[float]] = defaultdict(Counter)
    for page in pages:
        for a, b in itertools.pairwise(page):
            if _size_key(a.size) == _size_key(b.size) and b.baseline > a.baseline:
                steps[_size_key(a.size)][round(b.baseline - a.baseline, 1)] += 1
    return {size: c.most_common(1)[0][0] for size, c in steps.items()}


def _frames(pages: Sequence[Sequence[PdfLine]], widths: Sequence[float] | None = None
            ) -> dict[tuple[int, int], _Frame]:
    """The left and right margin of the body text of each page and column, by
    ``(page, column)``.

    Estimated over all pages of the same parity (books mirror their margins on left and
    right pages), column by column, then per page where the page has enough lines of its
    own and they reach further than the estimate (a page set wider). A document of a few
    lines shows no margin: there the right margin mirrors the left one (``widths``), so
    that its lines are not all taken to run to the margin.
    """
    groups: dict[tuple[int, int], tuple[list[float], list[float]]] = defaultdict(
        lambda: ([], []))
    own: dict[tuple[int, int], list[float]] = defaultdict(list)
    for page in pages:
        for ln in page:
            lefts, rights = groups[(ln.page % 2, ln.column)]
            lefts.append(round(ln.x0, 0))
            rights.append(ln.x1)
            own[(ln.page, ln.column)].append(ln.x1)
    frames: dict[tuple[int, int], _Frame] = {}
    for (number, column), ends in own.items():
        lefts, rights = groups[(number % 2, column)]
        if len(lefts) < FEW_LINES:  # too few on pages of this parity: use both
            lefts = groups[(0, column)][0] + groups[(1, column)][0]
            rights = groups[(0, column)][1] + groups[(1, column)][1]
        frame = _Frame(Counter(lefts).most_common(1)[0][0], _percentile(rights))
        if len(ends) > FEW_LINES:
            frame.right = max(frame.right, _percentile(ends))
        if len(rights) < MARGIN_LINES and widths and column == 0 and number <= len(widths):
            frame.right = max(frame.right, widths[number - 1] - frame.left)
        frames[(number, column)] = frame
    return frames


def _percentile(values: Sequence[float], share: float = MARGIN_PERCENTILE) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0
