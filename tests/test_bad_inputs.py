"""Editions as they arrive, badly: Word-processor files zhen does not read, locked, broken
and scanned PDFs, Word files holding whole pages per paragraph. Each is a one-line error
(exit code 1, no traceback, nothing written) or a warning with counts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from conftest import CORPORA, DATA, ROOT, one_line_error
from PIL import Image, ImageDraw
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from typer.testing import CliRunner

from align.core.errors import InputError
from align.documents.reader import read_document
from align.documents.segment import segment
from zhen.app import app

runner = CliRunner()
ZH, EN = "004_3717a3b3a4f37818", "002_c4f0acade1fce1e3"


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def _pdf(path: Path, text: str = "宁德时代新能源科技股份有限公司。") -> Path:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = Canvas(str(path), pagesize=(595, 842))
    c.setFont("STSong-Light", 11)
    c.drawString(72, 700, text)
    c.showPage()
    c.save()
    return path


def _scanned(path: Path) -> Path:
    image = Image.new("L", (200, 280), 255)
    ImageDraw.Draw(image).text((10, 10), "scanned page", fill=0)
    c = Canvas(str(path), pagesize=(595, 842))
    for _ in range(2):
        c.drawImage(ImageReader(image), 0, 0, 595, 842)
        c.showPage()
    c.save()
    return path


def _locked(path: Path, tmp_path: Path) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(_pdf(tmp_path / "open.pdf")))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    writer.write(path)
    return path


def _truncated(path: Path, tmp_path: Path) -> Path:
    whole = _pdf(tmp_path / "whole.pdf").read_bytes()
    path.write_bytes(whole[: len(whole) // 3])
    return path


@pytest.mark.parametrize("suffix,what", [(".doc", "Word 97-2003 document"),
                                         (".odt", "OpenDocument text")])
def test_a_word_processor_file_zhen_does_not_read_names_what_to_convert_to(
        tmp_path, suffix, what):
    given = tmp_path / f"edition{suffix}"
    given.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 60)
    message = one_line_error(invoke("run", given, "-o", tmp_path / "out"),
                              str(given), what, "save it as .docx",
                              f"--convert-to docx edition{suffix}")
    assert message.count(str(given)) == 1
    assert not (tmp_path / "out").exists()
    with pytest.raises(InputError, match=r"save it as \.docx"):
        read_document(given)


def test_an_odt_in_a_folder_is_reported_and_the_rest_is_aligned(tmp_path):
    folder = tmp_path / "editions"
    folder.mkdir()
    (folder / "zh.txt").write_text((DATA / "catl.zh").read_text("utf-8"), "utf-8")
    (folder / "en.txt").write_text((DATA / "catl.en").read_text("utf-8"), "utf-8")
    (folder / "en-2021.odt").write_bytes(b"PK\x03\x04")
    result = invoke("run", folder, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert f"skipped {folder / 'en-2021.odt'}: is an OpenDocument text" in result.stderr
    assert "save it as .docx" in result.stderr
    assert (tmp_path / "out" / "zhen.tmx").is_file()


@pytest.mark.parametrize("name,make,needles", [
    ("locked.pdf", _locked, ("is a password-protected PDF", "unprotected copy")),
    ("cut.pdf", _truncated, ("is not a readable PDF", "re-export it")),
    ("scan.pdf", lambda path, _tmp: _scanned(path), ("has no text layer (2 page(s)", "OCR")),
])
def test_a_pdf_that_cannot_be_read_is_one_line_and_nothing_is_written(
        tmp_path, name, make, needles):
    pdf = make(tmp_path / name, tmp_path)
    message = one_line_error(invoke("run", pdf, "-o", tmp_path / "out"), str(pdf), *needles)
    assert "EOF marker" not in message
    assert not (tmp_path / "out").exists()


def test_bad_pdfs_reach_the_terminal_as_one_line_each_and_nothing_else(tmp_path):
    """As a user sees it: a real process, the terminal's stderr below Python included."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for pdf in (_locked(tmp_path / "locked.pdf", tmp_path),
                _truncated(tmp_path / "cut.pdf", tmp_path)):
        done = subprocess.run([sys.executable, "-m", "zhen", "run", str(pdf), "-o",
                               str(tmp_path / "out")], cwd=ROOT, env=env,
                              capture_output=True, text=True)
        assert done.returncode == 1
        assert done.stdout == ""
        assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"Error: {pdf}: ")
        assert not (tmp_path / "out").exists()


def _paged_docx(path: Path, source: Path, breaks: bool, per_page: int = 45) -> Path:
    """The edition as a PDF converted to Word gives it: one paragraph per page, its lines
    kept as line breaks (or run together)."""
    lines = source.read_text("utf-8").split("\n")
    document = docx.Document()
    for k in range(0, len(lines), per_page):
        page = lines[k: k + per_page]
        if breaks:
            par = document.add_paragraph()
            for i, line in enumerate(page):
                run = par.add_run(line)
                if i < len(page) - 1:
                    run.add_break()
        else:
            document.add_paragraph(" ".join(s.strip() for s in page if s.strip()))
    document.save(str(path))
    return path


@pytest.mark.parametrize("name", [ZH, EN])
def test_a_word_file_with_a_page_per_paragraph_is_read_line_by_line(tmp_path, name):
    path = _paged_docx(tmp_path / f"{name}.docx", CORPORA / f"{name}.txt", breaks=True)
    doc = read_document(path)
    pages = -(-len((CORPORA / f"{name}.txt").read_text("utf-8").split("\n")) // 45)
    assert len(doc.warnings) == 1
    assert doc.warnings[0].startswith(f"{path}: {pages} paragraph(s) hold whole pages (")
    seg = segment(doc)
    bundled = segment(read_document(CORPORA / f"{name}.txt"))
    assert [c.title for c in seg.cases] == [c.title for c in bundled.cases]
    assert len(seg.cases) == 27


def test_a_word_file_of_whole_pages_without_line_breaks_is_a_warning_with_counts(tmp_path):
    path = _paged_docx(tmp_path / "zh.docx", CORPORA / f"{ZH}.txt", breaks=False)
    doc = read_document(path)
    assert len(doc.warnings) == 1
    warning = doc.warnings[0]
    assert warning.startswith(f"{path}: ") and "paragraphs are a page long or more" in warning
    long, total = (int(n.replace(",", "")) for n in warning.split(": ")[1].split()[0:4:3])
    assert total == 50 and 40 <= long <= total
    assert "give the edition's PDF" in warning
    # A bundled edition, whose paragraphs are paragraphs, is not warned about.
    assert not read_document(CORPORA / f"{ZH}.txt").warnings
