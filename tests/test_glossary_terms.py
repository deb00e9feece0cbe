"""The building blocks of the glossary: English and Chinese candidates, lexical evidence,
units, and pairing on small real and hand-made inputs."""

from __future__ import annotations

import pytest

from align.core.english import stem, stems_match
from glossary.candidates.en import (
    acronyms,
    en_candidates,
    fold_word,
    is_adverb,
    phrase_key,
    tokens,
)
from glossary.candidates.segmenter import ZhSegmenter
from glossary.candidates.zh import ZhCorpus, ZhSpan, ZhStats, candidate_stats
from glossary.entries import (
    Ranked,
    cut_through,
    distinct_wordings,
    expansion_key,
    redundant_units,
)
from glossary.evidence.cedict import load_cedict
from glossary.evidence.lexical import LexicalScorer
from glossary.evidence.units import match_units, split_multiplier, unit_renderings
from glossary.terms import Rendering, TermEntry


@pytest.fixture(scope="module")
def segmenter() -> ZhSegmenter:
    return ZhSegmenter()


@pytest.fixture(scope="module")
def lexical() -> LexicalScorer:
    return LexicalScorer(load_cedict(), {"GHG": "greenhouse gas"})


# -- English ---------------------------------------------------------------------------

@pytest.mark.parametrize("word, key", [
    ("Factories", "factory"), ("emissions", "emission"), ("GHG", "GHG"), ("GHGs", "GHG"),
    ("CO₂e", "CO₂e"), ("kWh", "kWh"), ("YanTian", "YanTian"), ("gas", "gas"),
    ("net-zero", "net-zero"), ("carbon-zero-plants", "carbon-zero-plant"),
    ("Wind/Solar", "wind/solar"), ("status", "status"),
])
def test_fold_word_folds_plurals_and_keeps_acronyms(word: str, key: str) -> None:
    assert fold_word(word) == key


def test_candidates_are_bounded_by_stopwords_and_clauses() -> None:
    text = "The company met its carbon neutral target, and the Ministry of Transport agreed."
    keys = {c.key for c in en_candidates(text)}
    assert {"carbon neutral", "carbon neutral target", "ministry of transport"} <= keys
    assert not any(k.startswith(("the ", "its ")) or k.endswith(" the") for k in keys)
    assert "target and ministry" not in keys  # never across a comma
    assert "company met its" not in keys


def test_a_number_with_thousands_separators_is_one_word() -> None:
    # A rendering must not end inside "400,000" ("… the plant to reduce 400").
    words = [w for w, *_ in tokens("reduce 400,000 tons, a 1,200.5-ton plant, 1,2 and 5,000.")]
    assert words == ["reduce", "400,000", "tons", "a", "1,200.5-ton", "plant", "1", "2",
                     "and", "5,000"]


def test_sentence_initial_capitals_are_marked() -> None:
    spans = en_candidates("Carbon credits matter. We sell carbon credits.")
    initial = {s.surface: s.initial for s in spans if s.key == "carbon credit"}
    assert initial == {"Carbon credits": True, "carbon credits": False}


def test_acronyms_defined_in_parentheses() -> None:
    text = ("Greenhouse gas (GHG) emissions fell; China Certified Emission Reduction (CCER) "
            "and 18,973 tons of coal equivalent (TCE) were traded (in 2022).")
    assert acronyms(text) == {"GHG": "Greenhouse gas",
                              "CCER": "China Certified Emission Reduction",
                              "TCE": "tons of coal equivalent"}


def test_an_acronym_definition_does_not_cut_the_phrase() -> None:
    spans = en_candidates("Expand the use of liquefied natural gas (LNG) tractors in ports.")
    keys = {s.key for s in spans}
    assert {"LNG tractor", "liquefied natural gas tractor", "liquefied natural gas"} <= keys
    read_across = [s for s in spans if s.key == "LNG tractor"]
    assert len(read_across) == 1 and read_across[0].start == -1
    assert "gas LNG" not in keys and "LNG" not in {s.surface for s in spans if s.start < 0}


@pytest.mark.parametrize("word, adverb", [
    ("significantly", True), ("jointly", True), ("effectively", True), ("supply", False),
    ("assembly", False), ("eco-friendly", False), ("early", False), ("daily", False),
])
def test_ly_words_that_are_not_adverbs(word: str, adverb: bool) -> None:
    assert is_adverb(word) is adverb


def test_ly_nouns_and_adjectives_stand_in_candidates() -> None:
    text = ("The ecological water supply was 77.96 million tons, and eco-friendly water "
            "replenishment measures significantly improved the river.")
    keys = {c.key for c in en_candidates(text)}
    assert {"ecological water supply", "eco-friendly water replenishment"} <= keys
    assert not any(k.startswith("significantly") or k.endswith("significantly") for k in keys)


@pytest.mark.parametrize("renderings, n", [
    (["reduce", "reducing", "reduced"], 1),
    (["energy-saving", "energy saving"], 1),
    (["carbon neutral", "carbon neutrality"], 2),
    (["Ministry of Transport", "Ministry of Transportation"], 2),
    (["carbon neutrality", "net zero"], 2),
])
def test_distinct_wordings(renderings: list[str], n: int) -> None:
    assert distinct_wordings(renderings) == n


# -- dictionary and lexical evidence ------------------------------------------------------

def test_stems_meet_across_word_classes() -> None:
    assert stem("neutrality") == stem("neutral") == stem("neutralize")
    assert stems_match(stem("reduce"), stem("reduction"))
    assert stem("storage") == stem("store")
    assert not stems_match(stem("plan"), stem("plant"))


def test_dictionary_phrase_beats_partial_rendering(lexical: LexicalScorer) -> None:
    full = lexical.score("碳中和", phrase_key(["carbon", "neutrality"]))
    part = lexical.score("碳中和", phrase_key(["carbon"]))
    longer = lexical.score("碳中和", phrase_key(["carbon", "neutrality", "target"]))
    assert full.score == 1.0
    assert part.score < longer.score < full.score
    assert lexical.score("碳中和", "net zero").score == 0.0


@pytest.mark.parametrize("zh, en", [
    ("魏桥", "Weiqiao"), ("宜宾", "Yibin"), ("文山", "Wenshan"), ("盐田港", "Yantian Port"),
    ("重庆", "Chongqing"),  # 重 alone reads zhong: the word is read as a whole
])
def test_names_match_by_pinyin(lexical: LexicalScorer, zh: str, en: str) -> None:
    match = lexical.score(zh, phrase_key(en.split()))
    assert match.pinyin and match.score >= 0.9


def test_one_word_of_a_long_definition_explains_half_the_headword(
        lexical: LexicalScorer) -> None:
    # CC-CEDICT: 文山州 "Wenshan Zhuang and Miao autonomous prefecture in Yunnan".
    alone = lexical.score("文山州", "prefecture")
    assert alone.zh_raw == pytest.approx(0.5)
    assert lexical.score("文山州", phrase_key(["Wenshan", "Prefecture"])).zh_raw > alone.zh_raw


def test_pinyin_allows_one_wrong_letter_in_long_names(lexical: LexicalScorer) -> None:
    assert lexical.score("绿豆芽", "Lvdoaya").pinyin  # lüdouya, misspelt in the edition
    assert not lexical.score("绿豆芽", "Lvxyzzz").pinyin


def test_an_expansion_is_found_without_its_possessive() -> None:
    key = expansion_key("China Certified Emission Reduction")
    assert key == expansion_key("China's  certified emission reduction")
    assert key == expansion_key("China’s Certified Emission Reduction")


def test_acronym_counts_as_its_expansion(lexical: LexicalScorer) -> None:
    assert lexical.score("温室气体", "GHG").score == 1.0
    assert lexical.score("LNG 拖车", phrase_key(["LNG", "trailer"])).zh_cover > 0.5


# -- Chinese ------------------------------------------------------------------------------

def test_function_word_edges_are_refused_unless_bound(segmenter: ZhSegmenter) -> None:
    texts = ["我们实现了碳中和目标。", "碳中和是长期任务。", "推进碳中和进程，", "碳中和的路径"]
    stats = candidate_stats(texts, segmenter).stats
    # jieba splits 碳/中/和 and tags 和 as a conjunction, but 碳中 is always followed by 和.
    assert "碳中和" in stats and stats["碳中和"].freq == 4
    assert not any(t.endswith("的") or t.startswith("的") for t in stats)
    assert "实现了碳中和" not in stats


def test_repeated_sentences_bind_no_particle(segmenter: ZhSegmenter) -> None:
    # The editions repeat sentences verbatim: four copies are one context, not four, and a
    # particle never belongs to a term however often it stands beside one.
    texts = ["恒生中国完成了首笔包含条款的人民币利率衍生品交易。"] * 4
    stats = candidate_stats(texts, segmenter).stats
    assert "人民币利率衍生品交易" in stats and stats["人民币利率衍生品交易"].freq == 4
    assert not any("的" in t or "了" in t for t in stats)


def test_particle_completes_a_one_character_name(segmenter: ZhSegmenter) -> None:
    texts = ["深圳的宝科技推出绿行的宝。", "的宝用户增长。", "的宝平台上线。"]
    stats = candidate_stats(texts, segmenter).stats
    assert "的宝" in stats  # Debao: the particle's character is half of the name
    assert "绿行的宝" not in stats


def test_dictionary_words_jieba_splits_are_kept(segmenter: ZhSegmenter) -> None:
    texts = ["推动可持续发展。", "可持续的生活方式。"]  # jieba: 可/v 持续/vd
    assert "可持续" not in candidate_stats(texts, segmenter).stats
    stats = candidate_stats(texts, segmenter, lexicon=load_cedict()).stats
    assert "可持续" in stats and "可持续发展" in stats


def test_latin_words_stay_whole_inside_chinese(segmenter: ZhSegmenter) -> None:
    stats = candidate_stats(["推广 LNG 拖车。", "使用 LNG 拖车运输。"], segmenter).stats
    assert "LNG 拖车" in stats


def test_context_is_the_other_words_of_a_text(segmenter: ZhSegmenter) -> None:
    texts = ["高效微生物菌剂产品实现碳中和。", "微生物菌剂推广。", "碳中和目标。", "推进碳中和。"]
    corpus = candidate_stats(texts, segmenter)
    words = corpus.context(0, "微生物菌剂", load_cedict())
    assert "高效" in words and "产品" in words
    assert "碳中和" in words  # several jieba words, one dictionary word
    assert not any(w in "微生物菌剂" for w in words)  # the term's own words compete not
    assert "碳中和" not in corpus.context(0, "微生物菌剂")  # without a dictionary


def test_segmenter_signature_covers_user_words() -> None:
    assert ZhSegmenter().signature != ZhSegmenter(["零碳工厂"]).signature
    assert ZhSegmenter().signature.startswith("jieba-")


# -- units --------------------------------------------------------------------------------

@pytest.mark.parametrize("unit, base, factor", [
    ("万吨", "吨", 1e4), ("亿元", "元", 1e8), ("千瓦", "千瓦", 1.0), ("万千瓦", "千瓦", 1e4),
    ("万余吨", "吨", 1e4), ("吨", "吨", 1.0),
])
def test_split_multiplier(unit: str, base: str, factor: float) -> None:
    assert split_multiplier(unit) == (base, factor)


def test_units_pair_through_equal_numbers(segmenter: ZhSegmenter,
                                         lexical: LexicalScorer) -> None:
    zh = ["节约 18973 吨标准煤。", "融资 272 亿元。", "装机 100 万千瓦。", "节约 3 万吨标准煤。",
          "融资 15 亿元。", "装机 50 万千瓦。"]
    en = ["saved 18,973 tons of standard coal.", "raised 27.2 billion Renminbi Yuan.",
          "1 GW installed.", "saved 30,000 tons of standard coal.",
          "raised 1.5 billion Renminbi Yuan.", "500 MW installed."]
    clauses = [segmenter.clauses(t) for t in zh]
    found = unit_renderings(match_units(clauses, en), lambda z, k: lexical.score(z, k).score)
    best = {u.zh: u.surfaces[max(set(u.chosen.values()), key=list(u.chosen.values()).count)]
            for u in found}
    assert best["吨标准煤"] == "tons of standard coal"
    assert best["亿元"] == "100 million Renminbi Yuan"  # 亿 is 10⁸, whatever the English said
    assert best["千瓦"] in ("GW", "MW")
    # Different numbers do not pair.
    assert not match_units([segmenter.clauses("节约 5 吨标准煤。")], ["saved 7 tons of coal."])


def test_a_unit_word_inside_the_dictionary_rendering_is_no_rendering(
        segmenter: ZhSegmenter, lexical: LexicalScorer) -> None:
    zh = ["处理 5 立方米污水。", "年产 12 立方米沼气。", "节约 30 立方米水。", "吨耗 2 立方米。",
          "吨耗 3 立方米。"]
    en = ["treats 5 cubic meters of sewage.", "yields 12 cubic meters of biogas a year.",
          "saves 30 cubic meters of water.", "uses 2 cubic meters/tonne.",
          "uses 3 cubic meters/tonne."]
    found = unit_renderings(match_units([segmenter.clauses(t) for t in zh], en),
                            lambda z, k: lexical.score(z, k).score)
    # *cubic* follows every number, but inside *cubic meters*, 立方米's dictionary rendering,
    # it is a fragment.
    chosen = {u.zh: u.chosen for u in found}["立方米"]
    assert [chosen[p] for p in range(3)] == ["cubic meter"] * 3


def test_words_after_a_plain_measure_name_what_is_measured(
        segmenter: ZhSegmenter, lexical: LexicalScorer) -> None:
    zh = ["减排 3 万吨。", "减排 5 万吨。", "产能 8 万吨。", "减排 2 吨二氧化碳当量。",
          "减排 6 吨二氧化碳当量。"]
    en = ["cut 30,000 t CO₂e.", "cut 50,000 t CO₂e.", "a capacity of 80,000 t.",
          "cut 2 t CO₂e.", "cut 6 t CO₂e."]
    found = unit_renderings(match_units([segmenter.clauses(t) for t in zh], en),
                            lambda z, k: lexical.score(z, k).score)
    chosen = {u.zh: set(u.chosen.values()) for u in found}
    # 万吨 names no substance: *CO₂e* after it is what was cut, not part of the unit ...
    assert chosen["万吨"] == {"10,000 t"}
    # ... while 吨二氧化碳当量 names it, and keeps the longer phrase.
    assert chosen["吨二氧化碳当量"] == {"t CO₂e"}


def test_grouped_and_decimal_numbers_are_one_number(segmenter: ZhSegmenter) -> None:
    zh = ["年度发电 8,698,000 千瓦时，", "碳足迹为 5.56 千瓦时。"]
    assert [t.text for c in segmenter.clauses(zh[0]) for t in c][-2:] == ["8,698,000", "千瓦时"]
    en = ["generating 8698000 kWh of electricity", "a footprint of 5.56 kWh."]
    found = unit_renderings(match_units([segmenter.clauses(t) for t in zh], en))
    assert {u.zh: set(u.chosen.values()) for u in found}["千瓦时"] == {"kWh"}
    assert "5.56g CO₂e/kWh" in {c.surface for c in en_candidates("is 5.56g CO₂e/kWh.")}


def _ranked(zh: str, count: int, kind: str = "term") -> Ranked:
    entry = TermEntry(zh, "x", (), count, (1,), kind, 0.9, "consistent")  # type: ignore[arg-type]
    return Ranked(entry, ZhStats(zh), 1.0, 1.0)


def _spans(text: str, terms: list[str]) -> list[ZhSpan]:
    return [ZhSpan(t, text.index(t), text.index(t) + len(t), 1) for t in terms]


def test_a_run_that_cuts_through_a_more_frequent_entry_by_one_character_is_no_term() -> None:
    texts = [("车辆碳减排", ["车辆碳", "碳减排"]), ("汽车碳减排", ["碳减排"]),
             ("供应链融资服务", ["供应链融资", "融资服务"]), ("万吨标准煤", ["万吨", "吨标准煤"]),
             ("车辆碳减排", ["车辆碳", "碳减排"]), ("车辆碳排放", ["车辆碳", "碳排放"]),
             ("碳排放下降", ["碳排放"]), ("减少碳排放", ["碳排放"])]
    corpus = ZhCorpus({}, [_spans(text, terms) for text, terms in texts], [])
    entries = [_ranked("车辆碳", 3), _ranked("碳减排", 9), _ranked("碳排放", 2),
               _ranked("供应链融资", 1), _ranked("融资服务", 2), _ranked("万吨", 5, "unit"),
               _ranked("吨标准煤", 1, "unit")]
    # 车辆碳 shares its 碳 with the more frequent 碳减排 in two of its three places (with the
    # rarer 碳排放 in the third); compounds overlapping by a word are a chain; units stay.
    assert cut_through(entries, corpus) == {"车辆碳"}
    assert cut_through(entries[:1] + entries[2:], corpus) == set()  # 碳排放 alone is rarer


def test_a_unit_that_only_repeats_a_plain_measure_is_no_entry() -> None:
    def unit(zh: str, en: str) -> TermEntry:
        return TermEntry(zh, en, (Rendering(en, 3, (1,)),), 3, (1,), "unit", 0.9, "consistent")

    units = [unit("亿元", "100 million Renminbi Yuan"),
             unit("亿元绿色", "100 million Renminbi Yuan"),  # 400 亿元绿色新工业产值
             unit("吨二氧化碳", "t CO₂e"), unit("吨二氧化碳当量", "t CO₂e"),
             unit("兆瓦", "MW"), unit("兆瓦时", "MWh")]
    # 吨二氧化碳 names its substance: what follows it may be its own unit.
    assert redundant_units(units) == {"亿元绿色"}
