"""PDF text with layout (align.documents.pdf), on PDFs laid out inside the tests.

reportlab makes them (wrapped and justified paragraphs, running headers with page numbers,
footer page numbers, a two-column table of contents, footnotes, paragraphs cut by page
breaks); LibreOffice too where it is installed. The right answer is known: the paragraphs
the PDF was made from, word for word.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("reportlab")

from pdfdocs import Block, Layout, make_pdf
from PIL import Image, ImageDraw
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from align.core.errors import InputError
from align.documents.pdf import PdfLine, build_paragraphs, find_furniture, read_pdf
from align.documents.reader import read_document
from align.documents.segment import segment

DATA = Path(__file__).parent / "data"

# The CATL case of the bundled pair, one paragraph per line: which lines are headings.
ZH_HEADINGS = {2, 5, 10, 13, 22, 24, 27, 30, 34, 36, 39}
EN_HEADINGS = {2, 5, 10, 13, 19, 21, 24, 27, 30, 32, 35}
ZH_CHAPTERS = ("绿色制造", "能源转型")
EN_CHAPTERS = ("Green Manufacturing", "Energy Transition")


def _case(lang: str, copy: int) -> list[Block]:
    """The CATL case as blocks; the second copy has a title of its own (two cases in the
    table of contents)."""
    lines = (DATA / f"catl.{lang}").read_text("utf-8").splitlines()
    if lang == "en":
        # Helvetica has no Chinese glyphs nor subscript digits.
        lines = [ln.replace("CATL 宁德时代", "CATL").replace("₂", "2") for ln in lines]
    headings = ZH_HEADINGS if lang == "zh" else EN_HEADINGS
    blocks = []
    for k, text in enumerate(lines):
        if k == 0:
            second = "第二个案例：宁德时代零碳工厂实践" if lang == "zh" else \
                "A Second Case: Zero-Carbon Practice at CATL"
            title = text if copy == 0 else second
            blocks.append(Block("title", title))
        elif k in headings:
            blocks.append(Block("heading", text))
        elif text.startswith("- "):
            blocks.append(Block("bullet", text))
        else:
            blocks.append(Block("body", text))
    return blocks


def _document(lang: str) -> list[Block]:
    zh = lang == "zh"
    cases = [_case(lang, 0), _case(lang, 1)]
    titles = [c[0].text for c in cases]
    toc = Block("toc", rows=(
        ("01", titles[0], "06", titles[1]),
        ("11", "致谢" if zh else "Acknowledgements", "12", "免责声明" if zh else "Disclaimer"),
    ))
    chapters = ZH_CHAPTERS if zh else EN_CHAPTERS
    title = "2022 企业气候行动案例集" if zh else "2022 Business Climate Action Cases"
    blocks = [Block("title", title), Block("heading", "目录" if zh else "Contents"), toc,
              Block("pagebreak")]
    # A paragraph longer than a page: it runs over at least one page break.
    bodies = [b.text for b in cases[1] if b.kind == "body" and len(b.text) > 60]
    cases[1].append(Block("body", ("" if zh else " ").join(bodies)))
    for chapter, case in zip(chapters, cases, strict=True):
        blocks += [Block("chapter", chapter), *case, Block("pagebreak")]
    blocks += [Block("heading", "致谢" if zh else "Acknowledgements"),
               Block("body", "感谢所有参与单位。" if zh else "We thank every participant.")]
    return blocks


def _printed(blocks: list[Block]) -> list[str]:
    """The paragraphs a reader should get back (TOC rows aside)."""
    return [b.text for b in blocks if b.kind in ("title", "heading", "body", "bullet")]


@dataclass(frozen=True)
class Laid:
    """A laid-out collection: its language, blocks, file, and the footnote on ``page``."""

    lang: str
    blocks: list[Block]
    path: Path
    page: int
    note: str


@pytest.fixture(scope="module", params=["zh", "en"])
def laid_out(request, tmp_path_factory) -> Laid:
    """A two-case collection laid out in ``lang``, with a footnote on a page that a
    paragraph runs over."""
    lang = request.param
    folder = tmp_path_factory.mktemp(f"pdf_{lang}")
    blocks = _document(lang)
    path = make_pdf(folder / f"collection.{lang}.pdf", blocks, lang, Layout(first_number=0))
    # Footnotes print in the bottom margin, so adding one moves nothing: put it on the
    # first page that a paragraph runs over.
    crossing = next(p for p in read_pdf(path).paragraphs
                    if len({page for page, _ in p.lines}) == 2 and not p.heading)
    page = crossing.lines[0][0]
    note = "注：数据由企业提供，未经第三方核实。" if lang == "zh" else \
        "Note: figures provided by the company, not verified by a third party."
    make_pdf(path, blocks, lang, Layout(first_number=0, footnotes={page: note}))
    return Laid(lang, blocks, path, page, note)


def test_paragraphs_are_rebuilt_word_for_word(laid_out: Laid):
    text = read_pdf(laid_out.path)
    got = [t for t in text.texts if "\t" not in t and t != laid_out.note]
    assert got == _printed(laid_out.blocks)
    assert text.warnings == ()


def test_a_paragraph_cut_by_a_page_break_is_one_paragraph(laid_out: Laid):
    text = read_pdf(laid_out.path)
    crossing = [p for p in text.paragraphs if len({pg for pg, _ in p.lines}) > 1]
    assert crossing, "the document has paragraphs that run over a page break"
    for p in crossing:
        assert p.text in _printed(laid_out.blocks)


def test_a_footnote_follows_the_paragraph_it_interrupts(laid_out: Laid):
    texts = read_pdf(laid_out.path).paragraphs
    k = next(i for i, p in enumerate(texts) if p.text == laid_out.note)
    before = texts[k - 1]
    assert {pg for pg, _ in before.lines} == {laid_out.page, laid_out.page + 1}


def test_running_headers_and_page_numbers_are_dropped(laid_out: Laid):
    text = read_pdf(laid_out.path)
    chapters = ZH_CHAPTERS if laid_out.lang == "zh" else EN_CHAPTERS
    dropped = [ln.text for ln in text.furniture]
    # Every page has a footer number; every page after the first a running header.
    assert sum(t.startswith("- ") for t in dropped) == text.pages
    assert len(dropped) == 2 * text.pages - 1
    for par in text.texts:
        assert not re.fullmatch(r"- \d+ -", par)
        assert not any(re.fullmatch(rf"(?:\d+ +)?{c}(?: +\d+)?", par) for c in chapters)


def test_headings_are_marked_by_size_and_weight(laid_out: Laid):
    text = read_pdf(laid_out.path)
    headings = [p.text for p in text.paragraphs if p.heading]
    assert headings == [b.text for b in laid_out.blocks if b.kind in ("title", "heading")]


def test_two_column_toc_rows_are_tab_separated_and_segment_finds_the_cases(laid_out: Laid):
    text = read_pdf(laid_out.path)
    rows = [t.split("\t") for t in text.texts if "\t" in t]
    titles = [b.text for b in laid_out.blocks if b.kind == "title"][1:]
    # A title wrapped inside its column goes on in the same column of the next row.
    space = " " if laid_out.lang == "en" else ""
    cells = rows[0] if len(rows) == 2 else [a + space + b
                                           for a, b in zip(rows[0], rows[1], strict=False)]
    assert [c.strip() for c in cells] == ["01", titles[0], "06", titles[1]]
    assert rows[-1] == ["11", "致谢" if laid_out.lang == "zh" else "Acknowledgements",
                        "12", "免责声明" if laid_out.lang == "zh" else "Disclaimer"]
    seg = segment(read_document(laid_out.path))
    assert [c.title for c in seg.cases] == titles
    assert not seg.warnings


def _cjk_font_installed() -> bool:
    fc = shutil.which("fc-list")
    return fc is not None and bool(subprocess.run(
        [fc, ":lang=zh", "family"], capture_output=True, text=True).stdout.strip())


# The test PDFs name a CID font they do not embed (STSong-Light), so PDFium lays the glyphs
# out with an installed Chinese font; on a machine with none, this page lost the last
# character of a line at the column's edge (可持续性 read as 可持续).
@pytest.mark.skipif(not _cjk_font_installed(),
                    reason="no Chinese font installed (apt-get install fonts-noto-cjk; "
                           ".ci/run does it in CI)")
def test_a_page_in_two_columns_is_read_column_by_column(tmp_path):
    blocks = [b for b in _case("zh", 0) if b.kind != "title"]
    path = make_pdf(tmp_path / "columns.pdf", blocks, "zh", Layout(columns=2, header=False))
    text = read_pdf(path)
    assert text.counts["two_column_pages"] >= 2
    assert text.texts == _printed(blocks)


def _canvas(path: Path) -> Canvas:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return Canvas(str(path), pagesize=(595, 842))


@pytest.mark.skipif(not _cjk_font_installed(),
                    reason="no Chinese font installed (apt-get install fonts-noto-cjk; "
                           ".ci/run does it in CI): PDFium drops the 。 ending the second line")
def test_quotation_marks_written_out_of_stream_order_come_back_in_place(tmp_path):
    # LibreOffice writes the Western quotation marks of Chinese text in a font of their
    # own, as runs apart from the Chinese: readers that follow the content stream move
    # them ("“ ”项目已成为文山打造 中国绿色铝谷 核心区", pypdf and PDFium's own text alike).
    path = tmp_path / "quotes.pdf"
    c = _canvas(path)
    texts = ["项目已成为文山打造“中国绿色铝谷”核心区。", "帮助文山州建成“中国绿色铝谷”。"]
    quotes = [(y, _chinese_without_quotes(c, text, y)) for y, text in ((700, texts[0]),
                                                                        (684, texts[1]))]
    marks = c.beginText()
    marks.setFont("Helvetica", 11)
    for y, places in quotes:  # after both lines, as a run of their own
        for x, ch in places:
            marks.setTextOrigin(x, y)
            marks.textOut(ch)
    c.drawText(marks)
    c.save()
    result = read_pdf(path)
    assert result.texts == texts  # two short lines: two paragraphs
    assert result.counts["reordered_lines"] == 2


def _chinese_without_quotes(c: Canvas, text: str, y: float) -> list[tuple[float, str]]:
    """Draw ``text`` at ``y`` as one text object, leaving room for its quotation marks;
    return where the marks go."""
    runs: list[tuple[float, str]] = []
    quotes: list[tuple[float, str]] = []
    x, run, start = 72.0, "", 72.0
    for ch in text:
        font = "Helvetica" if ch in "“”" else "STSong-Light"
        width = pdfmetrics.stringWidth(ch, font, 11)
        if ch in "“”":
            if run:
                runs.append((start, run))
            quotes.append((x, ch))
            run, start = "", x + width
        else:
            run += ch
        x += width
    if run:
        runs.append((start, run))
    body = c.beginText()
    body.setFont("STSong-Light", 11)
    for rx, part in runs:
        body.setTextOrigin(rx, y)
        body.textOut(part)
    c.drawText(body)
    return quotes


def test_replacement_characters_and_empty_quotes_are_warned_with_counts(tmp_path):
    path = tmp_path / "damaged.pdf"
    c = _canvas(path)
    c.setFont("STSong-Light", 11)
    c.drawString(72, 700, "宁德时代\ufffd\ufffd科技股份有限公司")
    c.drawString(72, 680, "项目已成为文山打造“”中国绿色铝谷核心区。")
    c.save()
    warnings = read_pdf(path).warnings
    assert any("2 replacement characters" in w for w in warnings)
    assert any("1 paragraphs hold empty quotation marks" in w for w in warnings)
    assert all(str(path) in w for w in warnings)


def _scan() -> ImageReader:
    image = Image.new("L", (200, 280), 255)
    ImageDraw.Draw(image).text((10, 10), "scanned page", fill=0)
    return ImageReader(image)


def test_scanned_pages_among_pages_with_text_are_warned_blank_pages_are_not(tmp_path):
    path = tmp_path / "partly_scanned.pdf"
    c = _canvas(path)
    for k in range(4):
        if k == 1:
            c.drawImage(_scan(), 0, 0, 595, 842)
        elif k != 2:  # the third page is blank
            c.setFont("STSong-Light", 11)
            c.drawString(72, 700, f"第{k + 1}页的正文。")
        c.showPage()
    c.save()
    warnings = read_pdf(path).warnings
    assert warnings == (f"{path}: 1 of its 4 pages have images but no text layer (scanned?); "
                        "their text is missing: run OCR on them or give the text as .txt",)


def test_a_scanned_pdf_asks_for_ocr(tmp_path):
    path = tmp_path / "scan.pdf"
    c = _canvas(path)
    c.drawImage(_scan(), 0, 0, 595, 842)
    c.showPage()
    c.save()
    with pytest.raises(InputError, match=r"scan\.pdf: has no text layer \(1 page.*OCR"):
        read_pdf(path)


@pytest.fixture()
def plain_pdf(tmp_path) -> Path:
    path = tmp_path / "plain.pdf"
    c = _canvas(path)
    c.setFont("Helvetica", 11)
    c.drawString(72, 700, "Project Overview")
    c.save()
    return path


def test_a_password_protected_pdf_is_a_clear_error(tmp_path, plain_pdf):
    from pypdf import PdfWriter

    locked = tmp_path / "locked.pdf"
    writer = PdfWriter(clone_from=str(plain_pdf))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    writer.write(locked)
    with pytest.raises(InputError, match=r"locked\.pdf: is a password-protected PDF"):
        read_pdf(locked)


def test_a_pdf_protected_against_editing_only_is_read(tmp_path, plain_pdf):
    from pypdf import PdfWriter

    restricted = tmp_path / "restricted.pdf"
    writer = PdfWriter(clone_from=str(plain_pdf))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-256")
    writer.write(restricted)
    assert read_pdf(restricted).texts == ["Project Overview"]


@pytest.mark.parametrize("name,content,message", [
    ("empty.pdf", b"", "is empty"),
    ("garbage.pdf", b"%PDF-1.7 this is not a PDF body", "is not a readable PDF"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n", "is not a readable PDF"),
])
def test_broken_files_are_one_line_errors(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        read_pdf(path)
    assert "\n" not in str(info.value)


def test_a_truncated_pdf_is_a_one_line_error(tmp_path, plain_pdf):
    cut = tmp_path / "cut.pdf"
    data = plain_pdf.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match=r"cut\.pdf"):
        read_pdf(cut)


def test_the_library_prints_nothing_itself(tmp_path):
    """PDFium and pypdfium2 write nothing to the terminal, even below Python (fd 2)."""
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n")
    code = ("import sys; from align.documents.pdf import read_pdf\n"
            "try:\n    read_pdf(sys.argv[1])\nexcept Exception as ex:\n"
            "    print(type(ex).__name__)\n")
    done = subprocess.run([sys.executable, "-c", code, str(bad)], capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == "InputError"
    assert done.stderr == ""


# ---------------------------------------------------------------------------------------
# The rules on hand-made lines (points; a 10 pt font; body from x=50 to x=450)


def _line(text: str, x1: float, baseline: float, *, page: int = 1, index: int = 0,
          x0: float = 50.0, size: float = 10.0, bold: bool = False,
          first: float | None = None) -> PdfLine:
    first_word = first if first is not None else 6.0 * len(text.split()[0])
    return PdfLine(text, page, index, x0, x1, baseline - size, baseline + 2, baseline, size,
                   bold, first_word)


def _pages(*pages: list[PdfLine]) -> list[list[PdfLine]]:
    out = []
    for n, page in enumerate(pages, 1):
        out.append([PdfLine(ln.text, n, k, ln.x0, ln.x1, ln.top, ln.bottom, ln.baseline,
                            ln.size, ln.bold, ln.first_word) for k, ln in enumerate(page, 1)])
    return out


def _frame_lines() -> list[PdfLine]:
    """Enough full lines for the margins to be known (x0=50, x1=450)."""
    return [_line(f"full line number {k}", 450, 100 + 12 * k) for k in range(8)]


def test_a_short_line_ends_its_paragraph_even_without_a_gap():
    body = _frame_lines()
    y = body[-1].baseline
    lines = [*body, _line("ends here.", 300, y + 12), _line("Next paragraph", 450, y + 24),
             _line("goes on.", 200, y + 36)]
    texts = [p.text for p in build_paragraphs(_pages(lines))]
    assert texts[-2:] == ["Next paragraph goes on."] or texts[-1] == "Next paragraph goes on."
    assert any(t.endswith("ends here.") for t in texts)


def test_a_line_that_would_have_taken_the_next_word_ended_its_paragraph():
    body = _frame_lines()
    y = body[-1].baseline
    # 60 pt of room: a 30 pt word would have fitted, so the break was the paragraph's end.
    lines = [*body, _line("room left", 390, y + 12), _line("short next", 200, y + 24, first=30)]
    assert [p.text for p in build_paragraphs(_pages(lines))][-1] == "short next"
    # A 70 pt word would not have fitted: the same line runs on.
    lines[-1] = _line("longword next", 200, y + 24, first=70)
    assert build_paragraphs(_pages(lines))[-1].text.endswith("room left longword next")


def test_a_vertical_gap_ends_a_paragraph():
    body = _frame_lines()
    y = body[-1].baseline
    lines = [*body, _line("after a gap", 450, y + 30), _line("more", 100, y + 42)]
    assert [p.text for p in build_paragraphs(_pages(lines))][-1] == "after a gap more"


def test_first_line_indents_and_hanging_indents():
    body = _frame_lines()
    y = body[-1].baseline
    lines = [*body,
             _line("一个新段落首行缩进两个字", 450, y + 12, x0=70, first=10),  # first-line indent
             _line("第二行回到左边距继续写到页边", 450, y + 24, first=10),
             _line("第三行", 110, y + 36, first=10),
             _line("• item with a hanging indent", 450, y + 48, first=6),
             _line("continued under the text", 450, y + 60, x0=62, first=50),
             _line("and more.", 120, y + 72, x0=62, first=50)]
    texts = [p.text for p in build_paragraphs(_pages(lines))]
    assert texts[-2:] == ["一个新段落首行缩进两个字第二行回到左边距继续写到页边第三行",
                          "• item with a hanging indent continued under the text and more."]


def test_a_paragraph_runs_over_a_page_break_and_a_heading_does_not_take_body_text():
    first = _frame_lines()
    second = [_line("continues on the next page.", 300, 100),
              _line("A Heading", 150, 130, size=14, bold=True),
              _line("Body after the heading.", 300, 150)]
    paragraphs = build_paragraphs(_pages(first, second))
    assert paragraphs[0].text.endswith("full line number 7 continues on the next page.")
    assert {page for page, _ in paragraphs[0].lines} == {1, 2}
    assert [(p.text, p.heading) for p in paragraphs[1:]] == [
        ("A Heading", True), ("Body after the heading.", False)]


def test_page_numbers_and_running_headers_repeat_at_the_same_height():
    pages = []
    for n in range(1, 7):
        header = _line(f"Green Manufacturing {n + 10}", 450, 40)
        body = _line("Project Overview" if n % 3 == 0 else f"Body text, {'abc'[n % 3]}.", 300, 120)
        footer = _line(f"{n + 10}", 260, 800, x0=250)
        pages.append([header, body, footer])
    found = find_furniture(_pages(*pages))
    assert found == {(n, k) for n in range(1, 7) for k in (1, 3)}


def test_furniture_is_never_all_of_a_page():
    # One line per page, ending with the page number: that is the text, not a header.
    pages = [[_line(f"Project overview, page {n}", 300, 100)] for n in range(1, 5)]
    assert find_furniture(_pages(*pages)) == set()


def test_a_heading_that_happens_to_open_two_pages_is_not_furniture():
    pages = [[_line("Project Overview", 200, 60), _line(f"Body {'abcdefgh'[n]}.", 300, 80)]
             for n in range(8)]
    pages[3][0] = _line("Company Profile", 200, 60)
    # On 7 of 8 pages: a repeated line without a page number is furniture only when it
    # repeats on a quarter of the pages; here it does, and it is.
    assert len(find_furniture(_pages(*pages))) == 7
    # On 2 of 8 pages, it is text; so are numbered headings whose numbers happen to
    # follow the page count, where no running header with a page number stands.
    for k in (2, 4, 5, 6, 7):
        pages[k][0] = _line(f"{'ABCDEFGH'[k]} section {k}", 200, 60)
    assert find_furniture(_pages(*pages)) == set()


# ---------------------------------------------------------------------------------------
# LibreOffice, where installed: the way translators' PDFs are often made


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_libreoffice_pdf_with_header_and_page_numbers(tmp_path):
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    zh = (DATA / "catl.zh").read_text("utf-8").splitlines()
    document = docx.Document()
    for _ in range(3):  # long enough for several pages
        for text in zh:
            document.add_paragraph(text)
    header = document.sections[0].header.paragraphs[0]
    header.text = "2022 企业气候行动案例集  "
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    run.append(t)
    field.append(run)
    header._p.append(field)
    source = tmp_path / "catl.docx"
    document.save(source)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(source)], check=True, capture_output=True, timeout=120)
    text = read_pdf(tmp_path / "catl.pdf")
    assert text.pages >= 3
    assert [ln.text for ln in text.furniture] == [
        f"2022 企业气候行动案例集 {n}" for n in range(1, text.pages + 1)]
    assert text.texts == zh * 3
