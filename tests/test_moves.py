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


def test_titles_listed_together_pair_with_titles_spread_out(encoder):
    """The Chinese lists five measures and then describes them; the English puts each
    title above its paragraph. The crossed titles are moved pairs, whether the monotonic
    pass left them one-sided or let them ride inside a neighbour's bead, and every
    description pairs with its own, confidently."""
    titles_zh = ["1. 余热回收改造；", "2. 屋顶光伏发电；", "3. 生产废水循环利用；",
                 "4. 电动叉车替换；", "5. 固体废物资源化；"]
    bodies_zh = ["工厂回收空压机和锅炉的余热，用于冬季供暖，每年节约天然气 120 万立方米。",
                 "厂区屋顶建成 8 兆瓦光伏电站，年发电量 900 万千瓦时，全部自用。",
                 "新建废水处理站，经处理的生产废水全部回用于冷却系统，年节水 30 万吨。",
                 "全部 60 台燃油叉车更换为电动叉车，每年减少柴油消耗 200 吨。",
                 "边角料和废包装分类回收，综合利用率达到 98%。"]
    titles_en = ["1. Waste heat recovery.", "2. Rooftop solar power.",
                 "3. Recycling of process water.", "4. Electric forklifts.",
                 "5. Turning solid waste into resources."]
    bodies_en = ["The plant recovers waste heat from its air compressors and boilers for "
                 "winter heating, saving 1.2 million cubic metres of natural gas a year.",
                 "An 8 MW photovoltaic plant on the factory roofs generates 9 million kWh a "
                 "year, all used on site.",
                 "A new treatment station returns all treated process water to the cooling "
                 "system, saving 300,000 tonnes of water a year.",
                 "All 60 diesel forklifts were replaced with electric ones, cutting diesel "
                 "use by 200 tonnes a year.",
                 "Offcuts and packaging waste are sorted and recycled; 98% of the waste is "
                 "put to use."]
    zh = ["项目实施", "项目包括五项措施：", *titles_zh, *bodies_zh]
    en = ["Project Implementation", "The project comprises five measures:"]
    for title, body in zip(titles_en, bodies_en, strict=True):
        en += [title, body]
    beads = align(zh, en, encoder).beads
    pairs = {(b.src, b.tgt): b for b in beads}
    for k in range(5):
        title = pairs.get(((2 + k,), (2 + 2 * k,)))
        assert title is not None, beads
        assert title.kind == ("match" if k == 0 else "moved")
        body = pairs.get(((7 + k,), (3 + 2 * k,)))
        assert body is not None and body.kind == "match" and body.score > 0.9, beads
    assert not any(b.kind == "missing" for b in beads), beads
