"""After the monotonic pass: paragraphs translated out of order become ``moved`` beads, and
one-sided furniture (page numbers, text in the other edition's script) is not missing."""

from __future__ import annotations

import pytest

from align.aligner.alignment import align
from align.aligner.texts import furniture_kind, other_script

ZH = ["绿色工厂项目概述", "该项目于2020年启动，年减排二氧化碳12万吨。", "专家点评",
      "这是制造业低碳转型的一个优秀范例，值得推广。", "项目亮点", "工厂全部使用可再生电力。"]
# The English edition moves the expert's comment to the front.
EN = ["Expert Comment", "This is an excellent example of low-carbon transition in "
      "manufacturing and deserves to be promoted.", "Green Factory Project Overview",
      "The project started in 2020 and cuts CO2 emissions by 120,000 tonnes a year.",
      "Project Highlights", "The plant runs entirely on renewable electricity."]


def test_a_paragraph_translated_out_of_order_is_moved_not_missing(encoder):
    result = align(ZH, EN, encoder)
    kinds = {(b.src, b.tgt): b.kind for b in result.beads}
    moved = [k for k, v in kinds.items() if v == "moved"]
    assert moved, kinds
    assert all(len(s) and len(t) for s, t in moved)
    # Every paragraph is in exactly one bead; the beads not moved stay in order.
    src = sorted(i for b in result.beads for i in b.src)
    tgt = sorted(j for b in result.beads for j in b.tgt)
    assert src == list(range(len(ZH))) and tgt == list(range(len(EN)))
    in_order = [j for b in result.beads if b.kind != "moved" for j in b.tgt]
    assert in_order == sorted(in_order)
    assert ((4,), (4,)) in kinds and kinds[((4,), (4,))] == "match"


def test_moves_can_be_turned_off(encoder):
    beads = align(ZH, EN, encoder).beads
    from align.aligner.alignment import align_prepared, prepare

    vectors = encoder.encode([*ZH, *EN])
    plain = align_prepared(prepare(ZH, EN, vectors[:6], vectors[6:]), moves=False).beads
    assert not any(b.kind == "moved" for b in plain)
    assert any(b.kind == "moved" for b in beads)


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("HANG SENG BANK", "zh", True),        # a logo in Latin letters inside the Chinese
    ("恒生銀行", "en", True),               # a logo in Chinese inside the English
    ("网易 NETEASE 网易严选", "zh", False),  # mixed: a bilingual logo, see below
    ("项目亮点", "zh", False),
    ("Project Highlights", "en", False),
    ("The 碳中和 target is set for 2060.", "en", False),
])
def test_other_script(text, lang, expected):
    assert other_script(text, lang) is expected


def test_page_numbers_and_headers_are_furniture():
    assert furniture_kind("- 12 -", "en")
    assert furniture_kind("污废处理的低碳模式 52", "zh")
    assert furniture_kind("网易 NETEASE 网易严选", "zh")
    assert not furniture_kind("- 智慧 CFMS 系统", "zh")  # a list item
    assert not furniture_kind("完成首笔包含 ESG 条款的人民币利率衍生品交易", "zh")
    assert not furniture_kind("该项目于2020年启动。", "zh")
    assert not furniture_kind("项目亮点", "zh")
    assert not furniture_kind("PROJECT HIGHLIGHTS", "en")  # a heading in capitals, alone


def test_a_logo_and_its_caption_alone_on_one_side_are_furniture(encoder):
    zh = ["项目概述", "该项目于2020年启动，年减排二氧化碳12万吨。", "项目亮点",
          "工厂全部使用可再生电力，并建设了屋顶光伏。"]
    en = ["Project Overview", "The project started in 2020 and cuts CO2 emissions by 120,000 "
          "tonnes a year.", "恒生銀行", "HANG SENG BANK", "Project Highlights",
          "The plant runs entirely on renewable electricity and has rooftop solar panels."]
    beads = align(zh, en, encoder).beads
    kinds = {b.tgt: b.kind for b in beads if not b.src}
    assert kinds == {(2,): "furniture", (3,): "furniture"}, beads
    assert ((1,), (1,)) in {(b.src, b.tgt) for b in beads}
