"""Characters and lines of a PDF page, read with PDFium by position."""

from __future__ import annotations

import ctypes
import logging
import math
import os
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from align.core.errors import InputError
from align.documents.pdf.layout import (
    BOLD_WEIGHT,
    FONT_BOLD,
    FORCE_BOLD,
    INVISIBLE,
    PDFIUM_HYPHEN,
)
from align.documents.pdf.lines import _Char, _lines
from align.documents.pdf.records import PdfLine


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
            if ch == PDFIUM_HYPHEN:
                ch = "-"
            elif (ch < " " and ch != "\t") or ch in INVISIBLE:
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
    return "".join(map(chr, units)).replace("\ufffe", PDFIUM_HYPHEN).replace("\0", "\uffff")


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
    bold = (weight >= BOLD_WEIGHT or bool(flags.value & FORCE_BOLD)
            or bool(FONT_BOLD.search(name.value.decode("latin-1", "replace"))))
    return scale, upright, bold
