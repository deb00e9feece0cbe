"""Laid-out PDFs for the tests, made with reportlab: wrapped and justified paragraphs,
headings set larger or bold, running headers with the chapter name and page number, page
numbers in the footer, a two-column table of contents, footnotes, paragraphs cut by page
breaks. Chinese text uses reportlab's built-in CID font STSong-Light (no font file needed).

Example: ``make_pdf(tmp_path / "zh.pdf", [Block("heading", "案例概述"), Block("body", "…")],
"zh")``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

ZH_FONT = "STSong-Light"
MARGIN = 25 * mm


@dataclass(frozen=True)
class Block:
    """One block of a laid-out document.

    ``kind`` is ``body`` (a paragraph), ``heading`` (larger, bold in English), ``title``
    (larger still), ``bullet``, ``toc`` (``rows``: a two-column table of contents, each row
    ``(page, title, page, title)``), ``chapter`` (changes the running header from here on,
    prints nothing) or ``pagebreak``.
    """

    kind: str
    text: str = ""
    rows: tuple[tuple[str, str, str, str], ...] = ()


@dataclass
class Layout:
    """Page furniture: a running header (chapter name and printed page number, on every
    page after the first), a footer page number, footnotes by page (1-based)."""

    header: bool = True
    footer: bool = True
    first_number: int = 1  # the printed number of the first page
    footnotes: dict[int, str] = field(default_factory=dict)
    page_size: tuple[float, float] = A4
    columns: int = 1  # 2: the body in two columns with a gutter of 8 mm


def make_pdf(path: Path, blocks: Sequence[Block], lang: str, layout: Layout | None = None,
             title: str = "") -> Path:
    """Lay ``blocks`` out as a PDF at ``path`` (``lang``: ``zh`` or ``en``)."""
    layout = layout or Layout()
    pdfmetrics.registerFont(UnicodeCIDFont(ZH_FONT))
    styles = _styles(lang)
    chapter = [title or "Case Collection"]
    story: list = []
    for b in blocks:
        if b.kind == "chapter":
            story.append(_Chapter(b.text, chapter))
        elif b.kind == "pagebreak":
            story.append(PageBreak())
        elif b.kind == "toc":
            story.append(_toc(b.rows, styles["toc"]))
            story.append(Spacer(1, 12))
        else:
            story.append(Paragraph(escape(b.text), styles[b.kind]))

    def furniture(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        number = doc.page - 1 + layout.first_number
        width, height = layout.page_size
        font = ZH_FONT if lang == "zh" else "Helvetica"
        if layout.header and doc.page > 1:
            canvas.setFont(font, 8)
            # Outer edge: the number on the outside of a left or right page.
            if doc.page % 2:
                canvas.drawRightString(width - MARGIN, height - 15 * mm, f"{chapter[0]}  {number}")
            else:
                canvas.drawString(MARGIN, height - 15 * mm, f"{number}  {chapter[0]}")
        if layout.footer:
            canvas.setFont("Helvetica", 9)
            canvas.drawCentredString(width / 2, 12 * mm, f"- {number} -")
        note = layout.footnotes.get(doc.page)
        if note:
            canvas.setFont(font, 7)
            canvas.drawString(MARGIN, MARGIN - 6 * mm, note)

    if layout.columns == 1:
        doc = SimpleDocTemplate(str(path), pagesize=layout.page_size, leftMargin=MARGIN,
                                rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
                                title=title)
        doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
        return path
    width, height = layout.page_size
    gutter = 8 * mm
    column = (width - 2 * MARGIN - gutter) / 2
    frames = [Frame(MARGIN + k * (column + gutter), MARGIN, column, height - 2 * MARGIN,
                    id=f"column{k}") for k in range(2)]
    doc = BaseDocTemplate(str(path), pagesize=layout.page_size, title=title)
    doc.addPageTemplates([PageTemplate(id="two", frames=frames, onPage=furniture)])
    doc.build(story)
    return path


class _Chapter(Spacer):
    """A flowable of no height that changes the running header's chapter name."""

    def __init__(self, name: str, holder: list[str]) -> None:
        super().__init__(0, 0)
        self.name, self.holder = name, holder

    def draw(self) -> None:
        self.holder[0] = self.name


def _styles(lang: str) -> dict[str, ParagraphStyle]:
    if lang == "zh":
        body = ParagraphStyle("body", fontName=ZH_FONT, fontSize=10.5, leading=17,
                              firstLineIndent=21, alignment=TA_JUSTIFY, wordWrap="CJK")
        bold = ZH_FONT
    else:
        body = ParagraphStyle("body", fontName="Helvetica", fontSize=10.5, leading=14,
                              spaceAfter=6, alignment=TA_JUSTIFY)
        bold = "Helvetica-Bold"
    return {
        "body": body,
        "bullet": ParagraphStyle("bullet", parent=body, firstLineIndent=0, leftIndent=12,
                                 bulletIndent=0),
        "heading": ParagraphStyle("heading", parent=body, fontName=bold, fontSize=14,
                                  leading=20, firstLineIndent=0, spaceBefore=8, spaceAfter=6,
                                  alignment=0),
        "title": ParagraphStyle("title", parent=body, fontName=bold, fontSize=18, leading=26,
                                firstLineIndent=0, spaceBefore=12, spaceAfter=10, alignment=0),
        "toc": ParagraphStyle("toc", parent=body, fontSize=9, leading=12, firstLineIndent=0,
                              spaceAfter=0, alignment=0),
    }


def _toc(rows: Sequence[tuple[str, str, str, str]], style: ParagraphStyle) -> Table:
    """A two-column table of contents: page, title, page, title on each row."""
    cells = [[Paragraph(escape(c), style) for c in row] for row in rows]
    table = Table(cells, colWidths=[12 * mm, 66 * mm, 12 * mm, 66 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 2)]))
    return table
