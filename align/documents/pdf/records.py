"""The records of a PDF read with its layout: lines, paragraphs and the whole text."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# ---------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class PdfLine:
    """One visual line of a page, in PDF points measured from the page's top-left corner.

    ``x0``/``x1`` are the left edge of the first glyph and the right edge of the last one,
    ``top``/``bottom`` the extent of the line's glyph boxes and ``baseline`` where the
    glyphs sit; ``size`` is the type size most of its characters have (in points, scaled
    as printed), ``bold`` is true when most of them are set in a bold face. ``page`` and
    ``index`` (both 1-based) name the line: the ``index``-th line from the top of page
    ``page``. ``first_word`` is the width of the line's first unbreakable run (a Latin
    word; a Chinese character with the punctuation that may not be parted from it): what
    would have had to fit at the end of the line above for the break to fall elsewhere.
    ``space_after`` is true when the text layer holds a space after the last glyph (the
    line was broken at a space). ``cells`` are the left edges of the tab-separated parts
    of ``text`` (table cells, columns of a table of contents). ``column`` is 0 for a line
    across the page, 1 or 2 for the left or right column of a page set in two columns;
    lines are numbered in reading order (the left column before the right one).
    """

    text: str
    page: int
    index: int
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    bold: bool
    first_word: float
    space_after: bool = False
    cells: tuple[float, ...] = ()
    column: int = 0


@dataclass(frozen=True)
class PdfParagraph:
    """A paragraph rebuilt from one or more lines, possibly across a page break.

    ``lines`` are the ``(page, line)`` pairs (1-based, see :class:`PdfLine`) it was built
    from, in reading order; ``heading`` marks a heading (larger or bolder than the body).
    """

    text: str
    lines: tuple[tuple[int, int], ...]
    heading: bool = False

    @property
    def page(self) -> int:
        """The page the paragraph starts on (1-based)."""
        return self.lines[0][0]


@dataclass(frozen=True)
class PdfText:
    """The text of a PDF as paragraphs, with what was dropped and what looked wrong.

    ``paragraphs`` are in reading order. ``furniture`` are the running headers, footers and
    page numbers that were dropped. ``warnings`` are one-line messages with counts about a
    damaged text layer (each starts with the file name); ``counts`` holds the raw figures
    behind them and a few more (``chars``, ``lines``, ``reordered_lines``…), for tools.
    """

    path: Path
    pages: int
    paragraphs: tuple[PdfParagraph, ...]
    furniture: tuple[PdfLine, ...] = ()
    warnings: tuple[str, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def texts(self) -> list[str]:
        """The paragraphs' texts, in reading order."""
        return [p.text for p in self.paragraphs]
