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

>>> from align.documents.pdf import read_pdf
>>> text = read_pdf("edition.pdf")                                  # doctest: +SKIP
>>> [p.text for p in text.paragraphs][:2], text.warnings            # doctest: +SKIP
(['打造全球首家电池零碳工厂', '宁德时代新能源科技股份有限公司'], ())
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from align.core.errors import InputError
from align.documents.pdf.chars import _extract, read_lines
from align.documents.pdf.furniture import find_furniture
from align.documents.pdf.layout import (
    DAMAGE_MIN,
    HAN,
    LINE_START_MIN,
    LINE_START_PUNCT,
    LINE_START_SHARE,
    MOVED,
)
from align.documents.pdf.paragraphs import build_paragraphs
from align.documents.pdf.records import PdfLine, PdfParagraph, PdfText

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
    counts["moved_punctuation"] = sum(1 for par in paragraphs if MOVED.search(par.text))
    counts["line_start_punctuation"] = sum(
        1 for lines in body for ln in lines[1:] if ln.text[:1] in LINE_START_PUNCT)
    counts["cjk_lines"] = sum(1 for lines in body for ln in lines if HAN.search(ln.text))
    dropped = tuple(ln for lines in pages for ln in lines if (ln.page, ln.index) in furniture)
    return PdfText(p, total, tuple(paragraphs), dropped, tuple(_warnings(p, counts, total)),
                   dict(counts))


def _warnings(p: Path, counts: Counter[str], pages: int) -> Iterable[str]:
    """One-line warnings, with counts, about a text layer that looks damaged."""
    if counts["replacement"] >= DAMAGE_MIN:
        yield (f"{p}: {counts['replacement']:,} replacement characters (�) in the text layer: "
               "some glyphs have no known Unicode; check the text, or re-export the PDF with "
               "embedded fonts")
    unmapped = counts["unmapped"] + counts["private_use"]
    if unmapped >= DAMAGE_MIN:
        yield (f"{p}: {unmapped:,} characters of the text layer have no proper Unicode "
               "(unmapped or private-use glyphs); the text may be garbled there")
    if counts["moved_punctuation"] >= DAMAGE_MIN:
        yield (f"{p}: {counts['moved_punctuation']:,} paragraphs hold empty quotation marks "
               "or brackets (“”, （）): their contents were printed elsewhere or the text "
               "layer's order is damaged there; check them")
    starts = counts["line_start_punctuation"]
    if starts >= LINE_START_MIN and starts >= LINE_START_SHARE * counts["cjk_lines"]:
        yield (f"{p}: {starts:,} lines start with a comma or full stop: the text layer's "
               "punctuation seems out of place; check the paragraphs around them")
    scanned = counts["image_pages"]
    if scanned:
        yield (f"{p}: {scanned:,} of its {pages:,} pages have images but no text layer "
               "(scanned?); their text is missing: run OCR on them or give the text as .txt")
    if counts["rotated"] >= DAMAGE_MIN:
        yield (f"{p}: {counts['rotated']:,} characters printed at an angle (vertical or "
               "rotated text) were left out")


__all__ = ["PdfLine", "PdfParagraph", "PdfText", "build_paragraphs", "find_furniture",
           "read_lines", "read_pdf"]
