"""Sentence-level alignment of two texts of paragraphs (``zhen align --level sentence``)."""

from __future__ import annotations

import json

from conftest import invoke

from align.aligner.sentences import align_sentences
from align.core.sentences import split_sentences


def test_sentences_of_a_bead_are_aligned_inside_it(encoder) -> None:
    zh = ["今天天气很好。我们去公园散步。", "这一段只有中文，没有英文翻译。"]
    en = ["The weather is nice today. We go for a walk in the park."]
    result = align_sentences(zh, en, encoder)
    assert result.zh == ("今天天气很好。", "我们去公园散步。", "这一段只有中文，没有英文翻译。")
    assert result.en == ("The weather is nice today.", "We go for a walk in the park.")
    assert [(b.src, b.tgt) for b in result.alignment.beads] == [((0,), (0,)), ((1,), (1,)),
                                                                ((2,), ())]
    assert [(b.src, b.tgt) for b in result.paragraphs.beads] == [((0,), (0,)), ((1,), ())]


def test_every_sentence_once_in_order_on_a_real_case(encoder, catl) -> None:
    zh, en = catl
    result = align_sentences(zh, en, encoder)
    assert list(result.zh) == [s for p in zh for s in (split_sentences(p, "zh") or [p])]
    beads = result.alignment.beads
    assert [i for b in beads for i in b.src] == list(range(len(result.zh)))
    assert [j for b in beads for j in b.tgt] == list(range(len(result.en)))
    assert len(beads) > len(result.paragraphs.beads)
    assert all(0.0 <= b.score <= 1.0 for b in beads)
    # Most sentences of this well-translated case find a counterpart.
    assert sum(len(b.src) for b in beads if not b.is_null) > 0.9 * len(result.zh)


def test_zhen_align_at_sentence_level(tmp_path) -> None:
    (tmp_path / "zh.txt").write_text("今天天气很好。我们去公园散步。\n", "utf-8")
    (tmp_path / "en.txt").write_text("The weather is nice today. We go for a walk.\n", "utf-8")
    result = invoke("align", tmp_path / "zh.txt", tmp_path / "en.txt", "--level", "sentence",
                    "-f", "json", "--no-cache")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["level"] == "sentence" and doc["sentences"] == {"zh": 2, "en": 2}
    assert [(b["zh_ids"], b["en_ids"]) for b in doc["beads"]] == [([0], [0]), ([1], [1])]
    plain = invoke("align", tmp_path / "zh.txt", tmp_path / "en.txt", "--no-cache")
    assert plain.exit_code == 0 and plain.stdout.startswith("[0]:[0]:")
