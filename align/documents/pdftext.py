"""PDF text with layout: paragraphs rebuilt from the geometry of the text layer.

:func:`read_pdf` reads every character of a PDF with its position, size and weight
(PDFium, through the ``pypdfium2`` wheel), and rebuilds what a reader sees:

* **lines** — characters that share a baseline, in left-to-right order *by position*.
  The order of the content stream is not trusted: LibreOffice writes the Western
  quotation marks of a Chinese sentence in a separate run after it, which stream-order
  readers turn into ``“ ”项目已成为文山打造 中国绿色铝谷 核心区``. Spaces come from the
  text layer or from gaps between glyphs; a gap much wider than the word spaces (the
  columns of a table or of a table of contents) becomes a tab, and the rows of a table
  whose columns line up get an empty cell wherever a column has nothing.
* **page furniture** — a line near the top or bottom of a page that repeats at the same
  height on several pages, either with a page number that follows the page count or
  word for word on many pages, is a running header or footer and is dropped
  (:attr:`PdfText.furniture` lists what was dropped).
* **paragraphs** — a line continues into the next one (on the same page or the next)
  when it runs to the right margin: the next line's first word would not have fitted
  after it. A line that stops short, a vertical gap wider than the line spacing, a change
  of indentation after a paragraph's second line, a change of type size or weight, a
  bullet, or a table row ends a paragraph. Footnotes (smaller type at a page's foot)
  that interrupt a paragraph cut by the page break follow that paragraph.
* **headings** — paragraphs set larger than the body text, or bold where the body is not,
  are marked ``heading=True``.

Damage is reported with counts in :attr:`PdfText.warnings`, never raised: replacement
characters and glyphs without Unicode, punctuation that is still out of place, pages
with images but no text among pages with text. A file PDFium cannot open, a password-protected
file and a PDF without any text layer raise :class:`~align.core.errors.InputError` with a
one-line message; PDFium itself prints nothing.

The module depends on nothing else in zhen but :class:`~align.core.errors.InputError`.

>>> from align.documents.pdftext import read_pdf
>>> text = read_pdf("edition.pdf")                                  # doctest: +SKIP
>>> [p.text for p in text.paragraphs][:2], text.warnings            # doctest: +SKIP
(['打造全球首家电池零碳工厂', '宁德时代新能源科技股份有限公司'], ())
"""

from __future__ import annotations

import ctypes
import dataclasses
import itertools
import logging
import math
import os
import re
import unicodedata
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from align.core.errors import InputError

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


# ---------------------------------------------------------------------------------------
# Constants of the layout, in ems (multiples of the type size) unless said otherwise

# Two glyphs on one line that are further apart than this have a space between them, even
# where the text layer holds no space character (LibreOffice draws the spaces of Chinese
# text as moves of the pen, TeX never writes spaces): a space is 0.25–0.33 em in common
# fonts, the letter spacing of a justified line far less.
_SPACE_GAP = 0.2
# Between a Chinese character and a Latin letter or digit, LibreOffice leaves gaps of
# about 0.2 em where the source has no space; its spaces there are 0.32 em wide.
_MIXED_SPACE_GAP = 0.26
# Between two Chinese glyphs a justified line spreads the characters evenly: a space is a
# gap this much wider than the line's usual gap between Chinese characters.
_CJK_SPACE_GAP = 0.2
# A gap with no space character in it separates the cells of a table (or the columns of a
# table of contents, or text and a tab stop) when it is at least this wide (ems) ...
_TAB_MIN = 0.6
# ... and this many times the usual word space: of the page, or of the line itself when it
# has enough word spaces to tell (a loosely justified line widens all its spaces alike;
# the lower quartile of its gaps is its word space, whatever cells it also holds).
_TAB_FACTOR = 2.0
# A line "has enough word spaces" from this many on: body lines have ten or more, the rows
# of a table of contents two or three.
_LINE_GAPS = 6
# Gaps from this wide to this wide (ems) are word spaces, for measuring them: narrower
# ones are letter spacing, wider ones are justified Chinese or already cells.
_WORD_GAP = (0.15, 0.6)
# Word space of a page with fewer than ten such gaps to measure (most fonts: 0.25–0.33
# em); ten gaps give a stable most common value.
_DEFAULT_SPACE = 0.28
_PAGE_GAPS = 10
# Two characters whose baselines differ by less than this belong to one line: covers
# superscripts and subscripts (raised or lowered by about a third of an em) and mixed
# fonts, and stays below half the tightest line spacing in use (about 1.0 em).
_BASELINE_TOLERANCE = 0.45
# The same glyph drawn twice at (almost) the same place is a fake bold or a shadow: such
# copies are offset by a fraction of a point, a real repeated letter by its own width.
_DUPLICATE_OFFSET = 0.15
# A line ends its paragraph when the room left before the right margin exceeds the next
# line's first unbreakable run by this much (ems). A line broken by the margin leaves
# less room than a space plus that run (0.27 em at most in the LibreOffice editions, where
# a space is 0.32 em); the rest is play for the margin's estimate. Chinese lines need no
# space before the next character (0.09 em at most there).
_ROOM_SLACK = 0.5
_CJK_ROOM_SLACK = 0.25
# A vertical step this much larger than the line spacing of the body is a paragraph gap:
# paragraph spacing is at least a third of a line in common styles, while a line with a
# taller glyph (a Chinese character in Latin text) raises the step by up to about 25%.
_GAP_FACTOR = 1.3
# A continuation line that starts this much to the left or right of the line above it
# starts a new paragraph (a first-line indent or a hanging item).
_INDENT = 0.5
# Two columns of text: a strip at least this wide (ems) in the middle part of the page
# (this share of its width, from the left) ...
_GUTTER_MIN = 1.0
_GUTTER_ZONE = (0.3, 0.7)
# ... that at most this share of the rows cross (a heading across both columns, a caption)
# ... while this share of them have text on its left and on its right (a column that ends
# early still fills a third of the rows), and this share of the left column's lines end
# within this many ems of it. Word spaces (up to 1 em here) do not open a gutter. A page
# needs this many rows of text to tell.
_GUTTER_CROSSING = 0.1
_SIDE_SHARE = 0.3
_COLUMN_SHARE = 0.5
_GUTTER_REACH = 2.0
_SPAN_GAP = 1.0
_COLUMN_ROWS = 6
# Cells of table rows whose left edges are this close (ems) start the same column.
_COLUMN_TOLERANCE = 1.0
# Type at least this much larger than the body text, or bold where the body is not, is a
# heading; type at most this large relative to the body at the foot of a page is a
# footnote. Body text varies by well under 10% within a document.
_HEADING_SIZE = 1.15
_FOOTNOTE_SIZE = 0.9
_SAME_SIZE = 0.1
# Running headers and footers are looked for among the first and last lines of each page.
_FURNITURE_LINES = 3
# ... at the same height (points) on every page they appear on, ...
_FURNITURE_Y = 3.0
# ... with page numbers that follow the page count (on two pages with the same text, on
# three with any), or word for word on at least this share of the pages (and three of
# them): a section heading that happens to open a page at the top margin now and then does
# not repeat that often.
_FURNITURE_SHARE = 0.25
_FURNITURE_MIN = 3
# Right margin: a high percentile of where lines end, so that a few lines reaching into
# the margin (a long URL, a wide table) do not move it.
_MARGIN_PERCENTILE = 0.95
# A document with fewer lines than this (on pages of one parity) shows no right margin.
_MARGIN_LINES = 20
# A page of this many lines or fewer (a title page, the end of a chapter) is not enough
# to estimate the margins from on its own: its pages' parity decides.
_FEW_LINES = 5
# Warn about a damaged text layer from this many affected characters or paragraphs on.
_DAMAGE_MIN = 1
# Lines starting with a comma or a full stop: typesetting forbids them (LibreOffice, Word
# and InDesign never print one; reportlab now and then does), so a few are a sloppy
# producer, and this many (and this share of the lines with Chinese text) a text layer
# whose punctuation sits in the wrong place.
_LINE_START_MIN = 5
_LINE_START_SHARE = 0.05

_FONT_BOLD = re.compile(r"bold|black|heavy|semibold|demibold|extrabold|ultrabold|w[6-9]\b",
                        re.IGNORECASE)
_FORCE_BOLD = 1 << 18  # PDF font descriptor flag ForceBold (bit 19)
_BOLD_WEIGHT = 600  # semibold and heavier, on the CSS/OpenType weight scale
# A line is bold when this share of its glyphs are: a bold word inside a sentence does
# not make it a heading, a heading with a regular-weight number in it still is one.
_BOLD_SHARE = 0.8
# PDFium's marker for a hyphen at the end of a line.
_PDFIUM_HYPHEN = "\x02"
# Characters that print nothing: byte-order marks, non-characters, a zero-width space.
_INVISIBLE = frozenset("\ufeff\ufffe\uffff\u200b")

_CJK = re.compile(r"[\u2e80-\u2fdf\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                  r"\uff00-\uffef]")
# Chinese line-breaking rules (kinsoku): these never start a line, so the character before
# them moves down with them; these never end a line, so they move down with the next one.
_NO_START = set("，。、；：？！）」』】》〉”’…%‰℃,.;:?!)]}")
_NO_END = set("（「『【《〈“‘([{")
_QUOTES = set("“”‘’\"'")
_IDEOGRAPH = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_MIXED = (re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]( ?)([!-~])"),
          re.compile(r"([!-~])( ?)[\u3400-\u4dbf\u4e00-\u9fff]"))
_ASCII = re.compile(r"[!-~]")
# Bullets: a line starting with one starts a list item. The middle dot is one too: as a
# name separator (爱分类·爱回收) it never starts a line.
_BULLETS = set("•●○◦▪▫■□◆◇▶►▸▹✓✔❖➢➤·")
# Punctuation the text layer left out of place, even after reading by position: an empty
# pair of quotes or brackets (the contents printed elsewhere) ...
_MOVED = re.compile(r"“\s*”|‘\s*’|「\s*」|『\s*』|（\s*）")
# ... and lines that start with punctuation no line may start with.
_LINE_START_PUNCT = set("，。、；：？！）」』】》")
_DIGITS = re.compile(r"\d+")


# ---------------------------------------------------------------------------------------
# Entry point


def read_pdf(path: str | os.PathLike[str]) -> PdfText:
    """Read the text layer of a PDF as paragraphs rebuilt from its layout.

    See the module docstring for how. Raises :class:`InputError` for a file that is not a
    readable PDF, is protected by a password, or has no text layer at all (scanned pages:
    run OCR first).
    """
    p = Path(path)
    pages, widths, counts = _extract(p)
    total = len(pages)
    if not any(pages):
        raise InputError(f"{p}: has no text layer ({total} page(s) of images only); "
                         "run OCR on it first (e.g. ocrmypdf) or give the text as .txt")
    furniture = find_furniture(pages)
    body = [[ln for ln in lines if (ln.page, ln.index) not in furniture] for lines in pages]
    paragraphs = build_paragraphs(body, widths)
    counts["lines"] = sum(len(lines) for lines in pages)
    counts["furniture_lines"] = len(furniture)
    counts["paragraphs"] = len(paragraphs)
    counts["headings"] = sum(p.heading for p in paragraphs)
    counts["moved_punctuation"] = sum(1 for par in paragraphs if _MOVED.search(par.text))
    counts["line_start_punctuation"] = sum(
        1 for lines in body for ln in lines[1:] if ln.text[:1] in _LINE_START_PUNCT)
    counts["cjk_lines"] = sum(1 for lines in body for ln in lines if _HAN.search(ln.text))
    dropped = tuple(ln for lines in pages for ln in lines if (ln.page, ln.index) in furniture)
    return PdfText(p, total, tuple(paragraphs), dropped, tuple(_warnings(p, counts, total)),
                   dict(counts))


def _warnings(p: Path, counts: Counter[str], pages: int) -> Iterable[str]:
    """One-line warnings, with counts, about a text layer that looks damaged."""
    if counts["replacement"] >= _DAMAGE_MIN:
        yield (f"{p}: {counts['replacement']:,} replacement characters (�) in the text layer: "
               "some glyphs have no known Unicode; check the text, or re-export the PDF with "
               "embedded fonts")
    unmapped = counts["unmapped"] + counts["private_use"]
    if unmapped >= _DAMAGE_MIN:
        yield (f"{p}: {unmapped:,} characters of the text layer have no proper Unicode "
               "(unmapped or private-use glyphs); the text may be garbled there")
    if counts["moved_punctuation"] >= _DAMAGE_MIN:
        yield (f"{p}: {counts['moved_punctuation']:,} paragraphs hold empty quotation marks "
               "or brackets (“”, （）): their contents were printed elsewhere or the text "
               "layer's order is damaged there; check them")
    starts = counts["line_start_punctuation"]
    if starts >= _LINE_START_MIN and starts >= _LINE_START_SHARE * counts["cjk_lines"]:
        yield (f"{p}: {starts:,} lines start with a comma or full stop: the text layer's "
               "punctuation seems out of place; check the paragraphs around them")
    scanned = counts["image_pages"]
    if scanned:
        yield (f"{p}: {scanned:,} of its {pages:,} pages have images but no text layer "
               "(scanned?); their text is missing: run OCR on them or give the text as .txt")
    if counts["rotated"] >= _DAMAGE_MIN:
        yield (f"{p}: {counts['rotated']:,} characters printed at an angle (vertical or "
               "rotated text) were left out")


# ---------------------------------------------------------------------------------------
# Characters and lines (PDFium)

@dataclass(slots=True)
class _Char:
    ch: str
    seq: int  # position in the content stream
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    bold: bool


def read_lines(path: str | os.PathLike[str]) -> list[list[PdfLine]]:
    """Every page's lines, top to bottom, with their geometry (see :class:`PdfLine`).

    Raises :class:`InputError` for a file PDFium cannot open or a password-protected one.
    """
    return _extract(Path(path))[0]


def _extract(p: Path) -> tuple[list[list[PdfLine]], list[float], Counter[str]]:
    """The lines of every page, the pages' widths, and counts of what was seen on the way
    (damage, order)."""
    with _quiet():
        return _extract_quietly(p)


@contextmanager
def _quiet() -> Iterator[None]:
    """Keep pypdfium2's log records and Python warnings off the terminal while it reads a
    file (PDFium itself prints nothing): what matters is reported in zhen's own words."""
    log = logging.getLogger("pypdfium2")
    level = log.level
    log.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        log.setLevel(level)


def _extract_quietly(p: Path) -> tuple[list[list[PdfLine]], list[float], Counter[str]]:
    pdfium, raw = _pdfium(p)
    counts: Counter[str] = Counter()
    try:
        document = pdfium.PdfDocument(str(p))
    except pdfium.PdfiumError as ex:
        raise _open_error(p, ex, raw) from None
    except OSError as ex:
        raise InputError(f"{p}: cannot be read ({ex.strerror or ex})") from None
    try:
        pages = []
        widths = []
        for k in range(len(document)):
            page = document[k]
            try:
                left, _bottom, right, _top = page.get_bbox()
                widths.append(right - left)
                chars = _page_chars(page, raw, counts)
                if not chars and _has_images(page, raw):
                    counts["image_pages"] += 1
            finally:
                page.close()
            pages.append(_lines(chars, k + 1, counts))
    except pdfium.PdfiumError as ex:
        raise InputError(f"{p}: is a damaged PDF ({ex}); re-export it as PDF or give the "
                         "text as .txt") from None
    finally:
        document.close()
    counts["chars"] = sum(len(ln.text) for lines in pages for ln in lines)
    return pages, widths, counts


def _has_images(page: Any, raw: Any) -> bool:
    """True when a page draws an image or a form (a scan wrapped in one), not only paths."""
    kinds = {raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM}
    return any(raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page.raw, k)) in kinds
               for k in range(raw.FPDFPage_CountObjects(page.raw)))


def _pdfium(p: Path) -> tuple[Any, Any]:
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw
    except ImportError as ex:  # pragma: no cover - pypdfium2 is a core dependency
        raise InputError(f"{p}: reading .pdf needs pypdfium2; pip install pypdfium2") from ex
    return pdfium, raw


def _open_error(p: Path, ex: Any, raw: Any) -> InputError:
    code = getattr(ex, "err_code", None)
    if code == raw.FPDF_ERR_PASSWORD:
        return InputError(f"{p}: is a password-protected PDF; save an unprotected copy "
                          "(or print it to PDF) and give that")
    if code == raw.FPDF_ERR_SECURITY:
        return InputError(f"{p}: is protected by a security scheme zhen cannot open; "
                          "save an unprotected copy and give that")
    if code == raw.FPDF_ERR_FILE:
        return InputError(f"{p}: cannot be opened; check that the file exists and is "
                          "readable")
    size = p.stat().st_size if p.exists() else 0
    what = "is empty" if size == 0 else "is not a readable PDF (damaged or not a PDF)"
    return InputError(f"{p}: {what}; re-export it as PDF or give the text as .txt")


def _page_chars(page: Any, raw: Any, counts: Counter[str]) -> list[_Char]:
    """The characters of one page, in stream order, with geometry in top-left coordinates."""
    textpage = page.get_textpage()
    try:
        left, _bottom, _right, top = page.get_bbox()
        h = textpage.raw
        n = raw.FPDFText_CountChars(h)
        text = _page_text(raw, h, n)
        x, y = ctypes.c_double(), ctypes.c_double()
        at_x, at_y = ctypes.byref(x), ctypes.byref(y)
        box = raw.FS_RECTF()
        # Bound once: this loop runs once per character of the document.
        is_generated, text_object = raw.FPDFText_IsGenerated, raw.FPDFText_GetTextObject
        map_error, origin = raw.FPDFText_HasUnicodeMapError, raw.FPDFText_GetCharOrigin
        loose_box, font_size = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetFontSize
        address = ctypes.c_void_p.from_buffer  # the pointer's value, cheaper than a cast
        # Scale, angle and weight are properties of the text object a character belongs to:
        # looked up once per object, not once per character.
        styles: dict[int | None, tuple[float, bool, bool]] = {}
        chars: list[_Char] = []
        for j, ch in enumerate(text):
            if ch in " \r\n" and is_generated(h, j):
                continue  # spaces and line breaks PDFium inferred: positions decide here
            if ch == _PDFIUM_HYPHEN:
                ch = "-"
            elif (ch < " " and ch != "\t") or ch in _INVISIBLE:
                continue
            obj = text_object(h, j)
            key = address(obj).value if obj else None
            style = styles.get(key)
            if style is None:
                style = styles[key] = _style(raw, h, j)
            scale, upright, bold = style
            if not upright:
                counts["rotated"] += 1
                continue
            if ch == "\ufffd":
                counts["replacement"] += 1
            elif map_error(h, j):
                counts["unmapped"] += 1
            elif "\ue000" <= ch <= "\uf8ff":
                counts["private_use"] += 1
            origin(h, j, at_x, at_y)  # on the baseline
            loose_box(h, j, box)
            chars.append(_Char(ch, j, box.left - left, box.right - left, top - box.top,
                               top - box.bottom, top - y.value, font_size(h, j) * scale, bold))
        return chars
    finally:
        textpage.close()


def _page_text(raw: Any, h: Any, n: int) -> str:
    """The page's characters, one per character index (PDFium's order, not yet read)."""
    buffer = (ctypes.c_ushort * (n + 1))()
    raw.FPDFText_GetText(h, 0, n, buffer)
    units = buffer[:n]
    if any(0xD800 <= u <= 0xDFFF for u in units):
        # Characters beyond the Basic Multilingual Plane take two UTF-16 units: the units
        # no longer line up with character indexes, so ask for each character.
        return "".join(chr(raw.FPDFText_GetUnicode(h, j) or 0xFFFF) for j in range(n))
    # FPDFText_GetText writes U+FFFE where FPDFText_GetUnicode gives PDFium's hyphen marker.
    return "".join(map(chr, units)).replace("\ufffe", _PDFIUM_HYPHEN).replace("\0", "\uffff")


def _style(raw: Any, h: Any, j: int) -> tuple[float, bool, bool]:
    """Scale (type size as printed over nominal size), upright or not, and boldness of the
    text object character ``j`` belongs to."""
    matrix = raw.FS_MATRIX()
    raw.FPDFText_GetMatrix(h, j, matrix)
    scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c)) or 1.0
    upright = abs(matrix.b) <= 0.05 * scale and matrix.a > 0
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    raw.FPDFText_GetFontInfo(h, j, name, len(name), ctypes.byref(flags))
    weight = raw.FPDFText_GetFontWeight(h, j)
    bold = (weight >= _BOLD_WEIGHT or bool(flags.value & _FORCE_BOLD)
            or bool(_FONT_BOLD.search(name.value.decode("latin-1", "replace"))))
    return scale, upright, bold


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
        if groups and abs(c.baseline - anchor) <= _BASELINE_TOLERANCE * max(c.size, anchor_size):
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
    if len(spans) < _COLUMN_ROWS:
        return None
    size = Counter(_size_key(c.size) for row in rows for c in row).most_common(1)[0][0]
    left = min(a for row in spans for a, _ in row)
    right = max(b for row in spans for _, b in row)
    width = right - left
    lo, hi = int(left + _GUTTER_ZONE[0] * width), int(left + _GUTTER_ZONE[1] * width)
    cover = [0] * (hi - lo + 1)
    for row in spans:
        for a, b in row:
            for x in range(max(lo, int(a)), min(hi, int(b)) + 1):
                cover[x - lo] += 1
    free = [n <= _GUTTER_CROSSING * len(spans) for n in cover]
    best, start = (0, 0), None
    for k, ok in enumerate([*free, False]):
        if ok and start is None:
            start = k
        elif not ok and start is not None:
            best = max(best, (k - start, start))
            start = None
    run, first = best
    if run < _GUTTER_MIN * size:
        return None
    g0, g1 = lo + first, lo + first + run
    # Each side holds a good part of the rows (the columns' baselines need not line up).
    lefts = sum(1 for row in spans if row[0][0] < g0)
    rights = sum(1 for row in spans if row[-1][1] > g1)
    if min(lefts, rights) < _SIDE_SHARE * len(spans):
        return None
    ends = [max((b for _, b in row if b <= g0), default=-1e9) for row in spans]
    ends = [x for x in ends if x > -1e9]  # rows with text left of the strip
    at_gutter = sum(1 for x in ends if g0 - x <= _GUTTER_REACH * size)
    return (g0 + g1) / 2 if at_gutter >= _COLUMN_SHARE * len(ends) else None


def _spans(row: Sequence[_Char]) -> list[tuple[float, float]]:
    """The stretches of a row that hold text: glyphs with the word spaces between them."""
    out: list[tuple[float, float]] = []
    for c in row:
        if c.ch.isspace():
            continue
        if out and c.x0 - out[-1][1] <= _SPAN_GAP * c.size:
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
            if _WORD_GAP[0] <= em <= _WORD_GAP[1]:
                gaps[round(em, 2)] += 1
    if sum(gaps.values()) < _PAGE_GAPS:
        return _DEFAULT_SPACE
    return gaps.most_common(1)[0][0]


def _line(in_order: list[_Char], page: int, index: int, page_space: float) -> PdfLine | None:
    """One line from its characters in printed order: gaps become spaces or tabs."""
    glyphs = [c for c in in_order if not c.ch.isspace()]
    if not glyphs:
        return None
    sizes = Counter(_size_key(c.size) for c in glyphs)
    size = sizes.most_common(1)[0][0]
    cjk_gaps = sorted(b.x0 - a.x1 for a, b in itertools.pairwise(glyphs)
                      if _CJK.match(a.ch) and _CJK.match(b.ch))
    spread = max(0.0, cjk_gaps[len(cjk_gaps) // 2]) if cjk_gaps else 0.0
    words = sorted(g for a, b in itertools.pairwise(glyphs)
                   if (g := b.x0 - a.x1) >= _WORD_GAP[0] * size)
    word_space = words[len(words) // 4] if len(words) >= _LINE_GAPS else page_space * size
    tab = max(_TAB_MIN * size, _TAB_FACTOR * max(word_space, page_space * size))
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
            if (c.ch == prev.ch and abs(c.x0 - prev.x0) <= _DUPLICATE_OFFSET * size
                    and abs(c.seq - prev.seq) > 1):
                continue  # drawn twice; the parts of a ligature ("ffi") are neighbours
            gap = c.x0 - prev.x1
            cjk = bool(_CJK.match(prev.ch)) and bool(_CJK.match(c.ch))
            if cjk:
                gap -= spread
                least = _CJK_SPACE_GAP
            elif _HAN.match(prev.ch) or _HAN.match(c.ch):
                least = _MIXED_SPACE_GAP
            else:
                least = _SPACE_GAP
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
    bold = sum(c.bold for c in glyphs) >= _BOLD_SHARE * len(glyphs)
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
    if after in _NO_START or before in _NO_END:
        return False
    if after in _QUOTES or before in _QUOTES:
        return False  # no break next to an ambiguous quotation mark (UAX #14 rule LB19)
    # Between ideographs, and between an ideograph and a Latin word; not inside a Latin
    # word, nor between a closing mark and the Latin word or number after it ("，2028").
    return bool(_IDEOGRAPH.match(before) or _IDEOGRAPH.match(after))


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
        picked = {id(ln): ln for ln in (*lines[:_FURNITURE_LINES], *lines[-_FURNITURE_LINES:])}
        candidates.extend(picked.values())
    numbered: dict[tuple[int, str, int], list[PdfLine]] = defaultdict(list)
    repeated: dict[tuple[int, str], list[PdfLine]] = defaultdict(list)
    for ln in candidates:
        band = round(ln.top / _FURNITURE_Y)
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
        if len({ln.page for ln in alike}) >= _FURNITURE_MIN and any(
                (b, end, offset) in headed for b in (band - 1, band, band + 1)):
            found.update((ln.page, ln.index) for ln in hits)
    pages_with_text = sum(1 for lines in pages if lines) or 1
    for (band, text), hits in repeated.items():
        on_pages = {ln.page for ln in near(repeated, band, text)}
        if len(on_pages) >= max(_FURNITURE_MIN, _FURNITURE_SHARE * pages_with_text):
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
    return _fold(_DIGITS.sub("#", text))


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


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
        for after, pattern in enumerate(_MIXED):
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
            inside = nxt.x0 > frame.left + _INDENT * em and any(
                abs(nxt.x0 - x) <= _INDENT * em for x in columns[1:])
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
        if columns and x - columns[-1] <= _COLUMN_TOLERANCE * rows[0].size:
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
        if _HAN.match(han) and _ASCII.match(other):
            wanted = style.mixed_words if other.isalnum() else style.mixed_signs
            return f"{a} {b}" if wanted else a + b
    if _CJK.match(a[-1]) or _CJK.match(b[0]):
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
    if abs(ln.size - last.size) > _SAME_SIZE * max(ln.size, last.size):
        return False
    if ln.text[:1] in _BULLETS:
        return False
    em = last.size
    a, b = frames[(last.page, last.column)], frames[(ln.page, ln.column)]
    if ln.page == last.page and ln.column == last.column:
        step = ln.baseline - last.baseline
        if step <= 0 or step > _GAP_FACTOR * pitch.get(_size_key(last.size), 1.2 * em):
            return False
    elif not (ln.page == last.page + 1 or (ln.page == last.page and ln.column > last.column)):
        return False  # a paragraph goes on in the next column or on the next page only
    if not _runs_to_margin(last, a, ln.first_word):
        return False
    # After a paragraph's second line, its lines share one indentation.
    return len(p.lines) < 2 or abs((ln.x0 - b.left) - (last.x0 - a.left)) <= _INDENT * em


def _runs_to_margin(line: PdfLine, frame: _Frame, next_word: float | None = None) -> bool:
    """True when ``line`` was broken by the right margin, not by its paragraph's end: the
    next line's first word (``next_word`` wide; a short word when unknown) would not have
    fitted in the room left."""
    room = frame.right - line.x1
    cjk = bool(_CJK.search(line.text[-1:]))
    slack = (_CJK_ROOM_SLACK if cjk else _ROOM_SLACK) * line.size
    word = next_word if next_word is not None else line.size
    return room <= word + slack


def _footnotes(page: Sequence[PdfLine], body_size: float) -> list[PdfLine]:
    """The run of small-type lines at the foot of a page, after its last body-size line."""
    k = len(page)
    while k > 0 and page[k - 1].size <= _FOOTNOTE_SIZE * body_size:
        k -= 1
    return list(page[k:]) if 0 < k < len(page) else []


def _is_heading(ln: PdfLine, body_size: float, body_bold: bool) -> bool:
    return ln.size >= _HEADING_SIZE * body_size or (ln.bold and not body_bold)


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
        if len(lefts) < _FEW_LINES:  # too few on pages of this parity: use both
            lefts = groups[(0, column)][0] + groups[(1, column)][0]
            rights = groups[(0, column)][1] + groups[(1, column)][1]
        frame = _Frame(Counter(lefts).most_common(1)[0][0], _percentile(rights))
        if len(ends) > _FEW_LINES:
            frame.right = max(frame.right, _percentile(ends))
        if len(rights) < _MARGIN_LINES and widths and column == 0 and number <= len(widths):
            frame.right = max(frame.right, widths[number - 1] - frame.left)
        frames[(number, column)] = frame
    return frames


def _percentile(values: Sequence[float], share: float = _MARGIN_PERCENTILE) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


__all__ = ["PdfLine", "PdfParagraph", "PdfText", "build_paragraphs", "find_furniture",
           "read_lines", "read_pdf"]
