"""The aligner end to end with the real default encoder on real case text."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import DATA

from align.aligner.alignment import align, align_vectors
from align.core.beads import check_cover
from align.documents.decode import read_lines


def test_catl_case_aligns_in_order_with_confident_scores(catl, encoder):
    zh, en = catl
    result = align(zh, en, encoder)
    check_cover(result.beads, len(zh), len(en))
    beads = {(b.src, b.tgt) for b in result.beads}
    assert ((0,), (0,)) in beads  # titles
    assert ((2,), (2,)) in beads  # 案例概述 / Project Overview
    assert ((11,), (11,)) in beads  # the identical logo line on both sides
    assert result.coverage > 0.9
    assert result.mean_score > 0.6
    assert not result.warnings
    assert all(0.0 <= b.score <= 1.0 for b in result.beads)


def test_bullet_heading_and_body_merge_into_one_english_bullet(catl, encoder):
    zh, en = catl
    beads = {(b.src, b.tgt) for b in align(zh, en, encoder).beads}
    merged = [b for b in beads if len(b[0]) == 2 and len(b[1]) == 1]
    assert len(merged) >= 3  # the zh Project Outcome items are heading line + body line


def test_unrelated_texts_warn(catl, encoder):
    zh, _ = catl
    other = read_lines(DATA / "water.en")
    result = align(zh, other, encoder)
    assert result.warnings and "not look like translations" in result.warnings[0]
    # Shared headings (案例概述 / Project Overview) are real translations; the rest is not.
    assert result.confident_coverage < 0.5


def test_empty_sides(encoder):
    assert align([], [], encoder).beads == ()
    only_zh = align(["今天天气很好。"], [], encoder)
    assert [(b.src, b.tgt) for b in only_zh.beads] == [((0,), ())]
    only_en = align([], ["Fine weather today.", "Again."], encoder)
    assert [(b.src, b.tgt) for b in only_en.beads] == [((), (0,)), ((), (1,))]


def test_long_inputs_are_cut_into_blocks_and_stay_correct(catl, encoder):
    """Twelve identical copies of a case take the blocked path and still align copy k with
    copy k: a paragraph with several equal counterparts anchors no block boundary."""
    zh, en = catl
    zv, ev = encoder.encode(zh), encoder.encode(en)
    reps = 12
    big = align_vectors(zh * reps, en * reps, np.concatenate([zv] * reps),
                        np.concatenate([ev] * reps))
    check_cover(big.beads, len(zh) * reps, len(en) * reps)
    one = {(b.src, b.tgt) for b in align_vectors(zh, en, zv, ev).beads if not b.is_null}
    hits = sum(((tuple(i % len(zh) for i in b.src), tuple(j % len(en) for j in b.tgt)) in one
                and b.src[0] // len(zh) == b.tgt[0] // len(en))
               for b in big.beads if not b.is_null)
    assert hits / (len(one) * reps) > 0.9


@pytest.mark.parametrize("n", [1, 2, 5])
def test_identical_lists_align_one_to_one(n, encoder):
    lines = ["CATL Unveils the World's First Carbon-Zero Battery Plant",
             "Project Overview", "Company Profile", "Project Highlights", "Expert Comment"][:n]
    zh = ["打造全球首家电池零碳工厂", "案例概述", "机构简介", "项目亮点", "专家点评"][:n]
    result = align(zh, lines, encoder)
    assert [(b.src, b.tgt) for b in result.beads] == [((k,), (k,)) for k in range(n)]


def test_a_paragraph_broken_at_a_page_is_seen_to_continue() -> None:
    from align.aligner.features import continues
    from align.core.text import Lang, is_heading

    def joins(texts: list[str], lang: Lang) -> list[float]:
        heading = np.array([is_heading(t, lang) for t in texts], dtype=np.float32)
        return continues(texts, lang, heading).tolist()

    en = ["The project provides safe and comfortable basketball courts that meet the national"
          " standard for rural children while", "enhancing the awareness of low-carbon travel.",
          "Project Overview", "The plant runs on hydropower.", "- A list item", "- Another"]
    assert joins(en, "en") == [1.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    zh = ["远景依托先进的碳管理理念，为客户提供碳盘查等服务。同时还为伙伴提",
          "供包括节能在内的方案。", "项目亮点", "- 智慧 CFMS 系统", "实现设备自动寻优。"]
    # A heading or a list item's title ends without punctuation too: no page break.
    assert joins(zh, "zh") == [1.0, 0.0, 0.0, 0.0, 0.0]
