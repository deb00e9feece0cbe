"""Reading editions: encodings, Word, PDF, language and script detection, inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.core.errors import InputError
from align.core.text import is_traditional, normalise_for_matching
from align.documents.inputs import SUPPORTED_SUFFIXES, iter_inputs
from align.documents.reader import read_document

CORPORA = Path(__file__).parent.parent / "corpora"

ZH_LINES = ["打造全球首家电池零碳工厂", "宁德时代新能源科技股份有限公司", "案例概述",
            "宁德时代子公司四川时代成立于 2019 年 10 月，坐落于宜宾市三江新区，是世界规模最大的"
            "动力电池生产基地之一。"]
ZH_TRAD_LINES = ["打造全球首家電池零碳工廠", "寧德時代新能源科技股份有限公司", "案例概述",
                 "寧德時代子公司四川時代成立於 2019 年 10 月，坐落於宜賓市三江新區，"
                 "是世界規模最大的動力電池生產基地之一。"]
EN_LINES = ["CATL Unveils the World's First Carbon-Zero Battery Plant",
            "Contemporary Amperex Technology Co., Ltd.", "Project Overview",
            "Established in the Sanjiang New District of Yibin city in October 2019, the plant is "
            "one of the largest EV battery production bases in the world."]


def test_bundled_editions_are_read_with_their_language():
    zh = read_document(CORPORA / "004_3717a3b3a4f37818.txt")
    en = read_document(CORPORA / "002_c4f0acade1fce1e3.txt")
    assert (zh.lang, zh.traditional, zh.name) == ("zh", False, "004_3717a3b3a4f37818")
    assert (en.lang, en.traditional) == ("en", False)
    # Raw lines, blank ones included, so that line numbers match the file.
    assert zh.lines[157] == "打造全球首家电池零碳工厂"
    assert en.lines[86] == "CATL Unveils the World's First Carbon-Zero Battery Plant"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_encodings_and_line_ends_give_the_same_lines(tmp_path, encoding, newline):
    p = tmp_path / "case.txt"
    p.write_bytes(newline.join(ZH_LINES).encode(encoding))
    doc = read_document(p)
    assert doc.lines == tuple(ZH_LINES)
    assert doc.lang == "zh"


def test_markdown_is_read_as_text(tmp_path):
    p = tmp_path / "case.md"
    p.write_text("\n".join(EN_LINES), encoding="utf-8")
    assert read_document(p).lines == tuple(EN_LINES)


def test_docx_paragraphs_and_table_cells_in_order(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading(EN_LINES[0], level=1)
    document.add_paragraph(EN_LINES[1])
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Heating cost", "Before the project"
    table.cell(1, 0).text, table.cell(1, 1).text = "46 Renminbi Yuan", "30 Renminbi Yuan"
    document.add_paragraph(EN_LINES[3])
    p = tmp_path / "case.docx"
    document.save(str(p))

    doc = read_document(p)
    assert doc.lang == "en"
    assert doc.lines == (EN_LINES[0], EN_LINES[1], "Heating cost\tBefore the project",
                         "46 Renminbi Yuan\t30 Renminbi Yuan", EN_LINES[3])


def test_docx_merged_cell_is_read_once(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph(EN_LINES[3])
    table = document.add_table(rows=1, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Carbon emission"
    table.cell(0, 2).text = "1,225 tons"
    p = tmp_path / "merged.docx"
    document.save(str(p))
    assert read_document(p).lines[-1] == "Carbon emission\t1,225 tons"


def test_damaged_docx_is_an_input_error(tmp_path):
    p = tmp_path / "broken.docx"
    p.write_bytes(b"PK\x03\x04 not really a zip archive")
    with pytest.raises(InputError, match=r"broken\.docx.*\.docx"):
        read_document(p)


def _pdf_with_text(path: Path, text: str) -> None:
    """A one-page PDF whose text layer holds ``text`` in Helvetica."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=612, height=792)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                             NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    with open(path, "wb") as f:
        writer.write(f)


def test_pdf_text_layer_is_read(tmp_path):
    p = tmp_path / "case.pdf"
    text = "Contemporary Amperex Technology Co. Ltd. Project Overview"
    _pdf_with_text(p, text)
    doc = read_document(p)
    assert doc.lang == "en"
    assert text in doc.lines


def test_pdf_without_text_layer_asks_for_ocr(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_blank_page(width=595, height=842)
    p = tmp_path / "scan.pdf"
    with open(p, "wb") as f:
        writer.write(f)
    with pytest.raises(InputError, match=r"scan\.pdf.*no text layer.*OCR"):
        read_document(p)


def test_not_a_pdf_is_an_input_error(tmp_path):
    p = tmp_path / "fake.pdf"
    p.write_bytes(b"%PDF-1.7 this is not a PDF body")
    with pytest.raises(InputError, match=r"fake\.pdf"):
        read_document(p)


def test_document_in_neither_language(tmp_path):
    p = tmp_path / "ru.txt"
    p.write_text("Проект снижения выбросов углерода на заводе.\nОбзор проекта.\n",
                 encoding="utf-8")
    with pytest.raises(InputError, match=r"ru\.txt.*neither Chinese nor English"):
        read_document(p)


@pytest.mark.parametrize("name,content,message", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"\n \n\t\n", "empty"),
    ("case.rtf", b"{\\rtf1 hello}", "unsupported file type"),
])
def test_unusable_files(tmp_path, name, content, message):
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_document(p)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nowhere.txt")


def test_traditional_chinese_document(tmp_path):
    p = tmp_path / "trad.txt"
    p.write_bytes("\n".join(ZH_TRAD_LINES).encode("big5"))
    doc = read_document(p)
    assert (doc.lang, doc.traditional) == ("zh", True)
    assert doc.lines == tuple(ZH_TRAD_LINES)
    assert normalise_for_matching(ZH_TRAD_LINES[1], doc.traditional) == ZH_LINES[1]


def test_simplified_is_not_taken_for_traditional():
    text = (CORPORA / "004_3717a3b3a4f37818.txt").read_text(encoding="utf-8")
    assert not is_traditional(text)
    assert is_traditional("\n".join(ZH_TRAD_LINES))
    assert not is_traditional("")


@pytest.mark.parametrize("text,traditional,expected", [
    ("ＣＯ２排放减少　３０％，ＡＢＣ", False, "CO2排放减少 30%,ABC"),
    ("Ｐｒｏｊｅｃｔ　Ｏｖｅｒｖｉｅｗ", False, "Project Overview"),
    ("CO₂ 排放 ②", False, "CO2 排放 2"),
    ("  两个   空格\t和制表符  ", False, "两个 空格 和制表符"),
    ("碳中和（二氧化碳）：", False, "碳中和(二氧化碳):"),
    ("寧德時代的碳排放", True, "宁德时代的碳排放"),
    ("寧德時代", False, "寧德時代"),
    ("Plain English text.", True, "Plain English text."),
])
def test_normalise_for_matching(text, traditional, expected):
    assert normalise_for_matching(text, traditional) == expected


def test_normalise_for_matching_is_idempotent():
    once = normalise_for_matching("ＣＯ２，寧德時代　ＡＢＣ", True)
    assert normalise_for_matching(once, True) == once


def test_iter_inputs_expands_folders(tmp_path):
    (tmp_path / "b.txt").write_text("b", encoding="utf-8")
    (tmp_path / "a.docx").write_bytes(b"")
    (tmp_path / "notes.rtf").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / "~$a.docx").write_bytes(b"")
    (tmp_path / "README.md").write_text("About these files.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.pdf").write_bytes(b"")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.txt").write_text("x", encoding="utf-8")
    single = tmp_path / "b.txt"

    found = iter_inputs([tmp_path, single])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.docx", "b.txt",
                                                                     "sub/c.pdf"]
    assert all(p.suffix in SUPPORTED_SUFFIXES for p in found)


def test_iter_inputs_errors(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        iter_inputs([tmp_path / "missing"])
    rtf = tmp_path / "notes.rtf"
    rtf.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="unsupported file type"):
        iter_inputs([rtf])


def test_iter_inputs_on_bundled_corpus():
    found = iter_inputs([CORPORA])
    assert [p.name for p in found] == sorted(p.name for p in CORPORA.glob("*.txt"))
