"""Reading text in every encoding a translator meets, and writing atomically."""

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.core.atomic import atomic_write
from align.core.errors import InputError
from align.core.text import detect_lang
from align.documents.decode import clean, read_lines, read_text

ZH = "宁德时代新能源科技股份有限公司是全球领先的新能源创新科技公司。\n四川时代成立于 2019 年。\n"
ZH_TRAD = "寧德時代新能源科技股份有限公司是全球領先的新能源創新科技公司。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "gb18030"])
def test_encodings(tmp_path, encoding):
    p = tmp_path / "zh.txt"
    p.write_bytes(ZH.encode(encoding))
    assert read_text(p) == ZH


def test_big5(tmp_path):
    p = tmp_path / "zh.txt"
    p.write_bytes(ZH_TRAD.encode("big5"))
    assert read_text(p) == ZH_TRAD


def test_crlf_bom_and_controls(tmp_path):
    p = tmp_path / "en.txt"
    p.write_bytes(codecs.BOM_UTF8 + b"One\r\nTwo\x07 three\rFour\x00\n")
    assert read_text(p) == "One\nTwo three\nFour\n"
    assert read_lines(p) == ["One", "Two three", "Four"]


def test_binary_file(tmp_path):
    p = tmp_path / "x.txt"
    p.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(InputError, match=r"x\.txt: is a binary file"):
        read_text(p)


def test_empty_and_missing(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_text("\n  \n", "utf-8")
    with pytest.raises(InputError, match=r"empty\.txt: is empty"):
        read_lines(p)
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_text(tmp_path)


def test_detect_lang():
    assert detect_lang(ZH) == "zh"
    assert detect_lang(ZH_TRAD) == "zh"
    assert detect_lang("CATL Unveils the World's First Carbon-Zero Battery Plant") == "en"
    assert detect_lang("12 34 56 — 78") is None


@given(st.text())
def test_clean_leaves_no_controls(text):
    out = clean(text)
    assert "\r" not in out
    assert all(ch in "\t\n" or ord(ch) >= 0x20 for ch in out if ord(ch) < 0xA0)


def test_atomic_write_leaves_nothing_on_error(tmp_path):
    target = tmp_path / "out.txt"
    with pytest.raises(RuntimeError), atomic_write(target) as f:
        f.write("half")
        raise RuntimeError("boom")
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []
    with atomic_write(target) as f:
        f.write("whole")
    assert target.read_text("utf-8") == "whole"
