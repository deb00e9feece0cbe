"""Symmetrisation, consistent phrase extraction and the numbering of the aligner's cells
(no aligner needed)."""

from __future__ import annotations

import numpy as np
import pytest

from glossary.pairing.phrases import UnitIndex, consistent_spans
from glossary.pairing.tokens import en_tokens, zh_tokens
from glossary.pairing.wordalign import AlignedUnit, symmetrise


def test_symmetrise_grows_from_the_intersection() -> None:
    fwd = {(0, 0), (1, 1), (2, 2)}
    rev = {(0, 0), (1, 1), (1, 2)}
    assert symmetrise(fwd, rev, "intersect") == {(0, 0), (1, 1)}
    assert symmetrise(fwd, rev, "union") == fwd | rev
    # (1, 2) neighbours (1, 1) and its English word is unaligned: grow-diag takes it,
    # then (2, 2), whose Chinese word is still unaligned.
    assert symmetrise(fwd, rev, "gd") == fwd | rev
    # A lone link of one direction far from the rest: only the final step adds it, and
    # final-and only while both its words are unaligned.
    assert symmetrise({(0, 0), (2, 2)}, {(0, 0)}, "gd") == {(0, 0)}
    assert symmetrise({(0, 0), (2, 2)}, {(0, 0)}, "gdfa") == {(0, 0), (2, 2)}
    assert symmetrise({(0, 0), (2, 0)}, {(0, 0)}, "gdfa") == {(0, 0)}


def _unit(zh: str, en: str, links: set[tuple[int, int]]) -> AlignedUnit:
    z = tuple(zh_tokens(zh, None))
    e = tuple(en_tokens(en))
    return AlignedUnit(0, z, e, frozenset(links), frozenset(links), frozenset(links))


def test_consistent_span_and_extension_over_unlinked_words() -> None:
    en = "the new energy vehicle market"
    # 新能源汽车 (characters 0-4) links to energy (2) and vehicle (3); market (4) is 市场.
    u = _unit("新能源汽车市场", en, {(1, 2), (2, 2), (3, 3), (4, 3), (5, 4), (6, 4)})
    spans = consistent_spans(UnitIndex.of(u), 0, 5, en)
    keys = {s.key: s.minimal for s in spans}
    assert keys["energy vehicle"] is True
    assert "new energy vehicle" in keys  # "new" is unlinked: the extension brings it back
    assert all("market" not in k for k in keys)  # linked to another word: not this term's


def test_inconsistent_box_gives_nothing() -> None:
    en = "carbon neutrality goal"
    # 碳 links to goal (2) and carbon (0) while 目标 (3, 4) links to neutrality (1):
    # the box of 碳 holds a link of 目标.
    u = _unit("碳中和目标", en, {(0, 0), (0, 2), (3, 1)})
    assert consistent_spans(UnitIndex.of(u), 0, 1, en) == []


def test_dictionary_spans_stand_in_where_the_links_give_none() -> None:
    from glossary.evidence.cedict import load_cedict
    from glossary.evidence.lexical import LexicalScorer
    from glossary.pairing.phrases import dictionary_spans, spans_of

    en = "As one of its use cases, carbon huts drive up a synergy."
    # 碳小屋 (characters 0-2) has no link; 生动 (3-4) is linked to "drive".
    u = _unit("碳小屋生动", en, {(3, 8), (4, 8)})
    ux = UnitIndex.of(u)
    assert spans_of(ux, 0, 3, en) == []  # no link set gives the term anything
    known = LexicalScorer(load_cedict()).explained_words("碳小屋", ux.vocabulary)
    spans = dictionary_spans(ux, 0, 3, en, known)
    assert [(s.surface, s.link_set, s.minimal) for s in spans] == [("carbon huts", "lex",
                                                                   False)]
    assert "drive" not in known and "the" not in known


def test_a_dictionary_span_bridges_one_unknown_word_between_two_known() -> None:
    from glossary.evidence.cedict import load_cedict
    from glossary.evidence.lexical import LexicalScorer
    from glossary.pairing.phrases import dictionary_spans

    en = "the first carbon-zero battery plant in the world"
    u = _unit("零碳工厂", en, set())
    ux = UnitIndex.of(u)
    known = LexicalScorer(load_cedict()).explained_words("零碳工厂", ux.vocabulary)
    surfaces = [s.surface for s in dictionary_spans(ux, 0, 4, en, known)]
    assert "carbon-zero battery plant" in surfaces  # battery: not in the term, but inside


def test_a_possessive_is_the_same_rendering() -> None:
    from glossary.pairing.phrases import unpossessed

    assert unpossessed(["weiqiao's"], "Weiqiao's") == ("weiqiao", "Weiqiao")
    assert unpossessed(["ministry", "of", "ecology"], "Ministry of Ecology") == (
        "ministry of ecology", "Ministry of Ecology")


def test_a_rendering_stays_inside_its_table_cell() -> None:
    en = "Clement maglev unit\t1\tUnit"
    # 机组 (characters 3-4) links to "unit" and to "Unit" two cells on: the box runs over
    # both tabs, which no rendering does; 磁悬浮 alone gives "maglev" and its extension.
    u = _unit("磁悬浮机组", en, {(0, 1), (1, 1), (2, 1), (3, 2), (4, 4)})
    ux = UnitIndex.of(u)
    assert consistent_spans(ux, 0, 5, en) == []
    assert {s.surface for s in consistent_spans(ux, 0, 3, en)} == {"maglev", "Clement maglev"}


def test_candidates_on_either_side_end_at_a_table_cell() -> None:
    from glossary.candidates.en import en_candidates
    from glossary.candidates.segmenter import ZhSegmenter

    assert all("\t" not in c.surface
               for c in en_candidates("Clement maglev unit\t1\tUnit\tEquipment replacement"))
    clauses = ZhSegmenter().clauses("克莱门特磁悬浮机组\t1\t台\t主机更换")
    assert [[t.text for t in c] for c in clauses][-2:] == [["台"], ["主机", "更换"]]


def test_a_table_row_with_as_many_cells_is_aligned_cell_by_cell() -> None:
    from glossary.pairing.tokens import aligner_units

    row = ("克莱门特磁悬浮机组\t1\t台\t主机更换",
           "Clement maglev unit\t1\tUnit\tEquipment replacement")
    units = aligner_units([row], "sentence")
    assert [(" ".join(t.text for t in z), " ".join(t.text for t in e)) for _, z, e in units] \
        == [("克 莱 门 特 磁 悬 浮 机 组", "Clement maglev unit"), ("1", "1"), ("台", "Unit"),
            ("主 机 更 换", "Equipment replacement")]
    # Cells that do not correspond one to one: the row is one unit.
    assert len(aligner_units([("名称\t数量\t单位", "Quantity\tUnit")], "sentence")) == 1


def test_a_span_cut_inside_brackets_or_quotes_is_no_rendering() -> None:
    from glossary.pairing.phrases import balanced

    en = "Contemporary Amperex Technology Co., Limited (CATL) builds"
    # 宁德时代 (0-3) links to Amperex (1) and CATL (8); the brackets (7, 9) are unlinked.
    u = _unit("宁德时代建", en, {(0, 1), (1, 1), (2, 8), (3, 8), (4, 10)})
    surfaces = {s.surface for s in consistent_spans(UnitIndex.of(u), 0, 4, en)}
    # Every span from Amperex to CATL stops inside the parenthesis (the closing bracket is
    # punctuation, trimmed from the edge): none is a rendering.
    assert surfaces == set()
    assert balanced('the "dual carbon" goals') and balanced("greenhouse gas (GHG)")
    assert not balanced('dual-carbon" targets') and not balanced("120 ha.) of")
    assert not balanced("Limited (CATL") and not balanced("“net zero")


def test_the_preferred_rendering_coordinated_with_a_neighbour_is_no_variant() -> None:
    from glossary.pairing.choice import coordinated

    assert coordinated("Bike and E-bike", "Bike")
    assert coordinated("energy or energy-saving", "energy saving")
    assert coordinated("Photovoltaic, or solar, power generation",
                       "photovoltaic power generation")
    # Another wording, however close, is not a coordination of the preferred one.
    assert not coordinated("green low-carbon", "green and low-carbon")
    assert not coordinated("carbon-zero battery plant", "carbon-zero plant")
    assert not coordinated("energy conservation and emission reduction",
                           "energy saving and emission reduction")


def test_one_word_of_a_better_explained_rendering_is_no_variant() -> None:
    from collections import Counter

    from glossary.pairing.choice import cut_short
    from glossary.pairing.features import FEATURES, Candidate

    def cand(key: str, lex_zh: float) -> Candidate:
        x = [0.0] * len(FEATURES)
        x[FEATURES.index("lex_zh")] = lex_zh
        return Candidate(key, tuple(x), frozenset({0}), Counter({key: 1}))

    # 减排: the dictionary explains both characters by "emission reduction", one by each
    # of its words.
    pref, emission = cand("emission reduction", 1.0), cand("emission", 0.5)
    assert cut_short(emission, [pref, emission])
    assert cut_short(cand("quality", 0.5), [cand("high-quality", 1.0)])
    # A word the longer rendering explains no better than it does is a rendering of its own.
    assert not cut_short(cand("zero", 0.5), [cand("net zero", 0.5)])
    # Not a word of the other rendering, or more than one word: the variant model decides.
    assert not cut_short(cand("steamer", 0.5), [cand("steam car", 1.0)])
    assert not cut_short(cand("carbon reduction", 0.67), [cand("carbon emission reduction", 1.0)])
    # The preferred rendering is never compared with itself.
    assert not cut_short(pref, [pref])

def test_a_variant_holding_a_neighbouring_terms_english_is_dropped() -> None:
    from align.core.records import AlignedPair, Paragraph
    from glossary.candidates.zh import ZhStats
    from glossary.entries import Ranked
    from glossary.pairing.choice import without_neighbours
    from glossary.terms import Occurrence, Rendering, TermEntry

    def pair(k: int, zh: str) -> AlignedPair:
        return AlignedPair(f"p{k}", "zh", k, "en", k, (0,), (0,), 1.0,
                           (Paragraph(zh, (1,), False, zh),), ())

    pairs = [pair(1, "治沙项目"), pair(2, "光伏治沙项目"), pair(3, "治沙效果")]

    def entry(zh: str, renderings: list[tuple[str, list[int]]]) -> Ranked:
        rs = tuple(Rendering(t, len(ks), tuple(ks)) for t, ks in renderings)
        occ = tuple(Occurrence(f"p{k}", k, (0,), (0,), t) for t, ks in renderings for k in ks)
        status = "inconsistent" if len(rs) > 1 else "consistent"
        e = TermEntry(zh, rs[0].text, rs, len(occ), (1, 2, 3), "term", 0.9, status,
                      occurrences=occ)
        return Ranked(e, ZhStats(zh), 1.0, 1.0)

    sand = entry("治沙", [("sand control", [1]), ("PV-sand control", [2]),
                          ("desertification control", [3])])
    pv = entry("光伏", [("photovoltaic", [2]), ("PV", [2])])
    out = {r.entry.zh: r.entry for r in without_neighbours([sand, pv], pairs)}
    # PV is 光伏's, and 光伏 stands right before 治沙 where the variant was found.
    assert [r.text for r in out["治沙"].renderings] == ["sand control",
                                                       "desertification control"]
    assert out["治沙"].status == "inconsistent"
    assert next(o for o in out["治沙"].occurrences if o.pair == "p2").rendering == ""
    assert out["光伏"] == pv.entry
    # Where 光伏 is not beside 治沙, the same variant stays.
    far = [pair(1, "治沙项目"), pair(2, "光伏电站与治沙项目"), pair(3, "治沙效果")]
    kept = {r.entry.zh: r.entry for r in without_neighbours([sand, pv], far)}
    assert kept["治沙"] == sand.entry


def test_a_fragment_does_not_count_the_pairs_of_a_more_probable_phrase_holding_it() -> None:
    from collections import Counter

    from glossary.pairing.choice import shadowed_pairs
    from glossary.pairing.features import Candidate

    def cand(key: str, pairs: set[int]) -> Candidate:
        return Candidate(key, (), frozenset(pairs), Counter({key: len(pairs)}))

    zero = cand("zero", set(range(18)))
    zero_carbon = cand("zero carbon", set(range(10)))
    carbon = cand("carbon", {20})
    probs = {"zero": 0.8, "zero carbon": 0.98, "carbon": 0.99}
    shadow = shadowed_pairs([zero, zero_carbon, carbon], probs)
    # zero is consistent wherever zero carbon is: those ten pairs are the longer phrase's.
    assert shadow["zero"] == set(range(10))
    assert shadow["zero carbon"] == set() and shadow["carbon"] == set()
    # A longer phrase the table trusts less does not take them (an extension of noise).
    probs["zero carbon"] = 0.5
    assert shadowed_pairs([zero, zero_carbon, carbon], probs)["zero"] == set()


def test_an_extension_does_not_count_the_pairs_of_a_more_probable_phrase_it_holds() -> None:
    from collections import Counter

    from glossary.pairing.choice import shadowed_pairs
    from glossary.pairing.features import Candidate

    def cand(key: str, pairs: set[int]) -> Candidate:
        return Candidate(key, (), frozenset(pairs), Counter({key: len(pairs)}))

    # 美团单车 in 美团单车和电单车: the span that swallowed the coordinated neighbour is
    # consistent in more pairs than the name alone.
    name = cand("meituan bike", set(range(10)))
    swallowed = cand("meituan bike and e-bike", set(range(4, 18)))
    probs = {"meituan bike": 0.98, "meituan bike and e-bike": 0.82}
    shadow = shadowed_pairs([name, swallowed], probs)
    assert shadow["meituan bike and e-bike"] == set(range(4, 10))
    assert shadow["meituan bike"] == set()


def test_a_name_in_full_with_its_acronym_in_brackets_is_a_name() -> None:
    from glossary.pairing.choice import looks_like_name

    assert looks_like_name("Contemporary Amperex Technology Co., Limited (CATL)")
    assert looks_like_name("Science-based Target Initiative (SBTi)")
    assert looks_like_name("Ministry of Ecology and Environment")
    assert not looks_like_name("carbon neutrality") and not looks_like_name("PV")
    assert not looks_like_name("Green finance (GF)")


@pytest.mark.parametrize("dense", [True, False])
def test_cells_are_numbered_as_np_unique_numbers_them(dense: bool,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from glossary.pairing import wordalign

    if not dense:
        monkeypatch.setattr(wordalign, "_DENSE_KEYS", 10)  # the sorting way
    keys = np.random.default_rng(7).integers(0, 5000, size=20000)
    got_keys, got_inverse = wordalign._unique_inverse(keys)
    want_keys, want_inverse = np.unique(keys, return_inverse=True)
    assert np.array_equal(got_keys, want_keys) and np.array_equal(got_inverse, want_inverse)
    empty_keys, empty_inverse = wordalign._unique_inverse(np.zeros(0, dtype=np.int64))
    assert len(empty_keys) == 0 and len(empty_inverse) == 0


def test_a_capital_that_only_marks_a_position_is_not_kept() -> None:
    from glossary.candidates.en import as_written, lowercase_words

    text = ("Social benefits rose. 1. Green products and Apple sell. We met Mr Li in Huzhou. "
            "Huzhou is green; social work; net zero; project overview.")
    common = lowercase_words([text])
    assert {"social", "green", "net", "project", "overview"} <= common
    assert "huzhou" not in common and "apple" not in common

    def written(surface: str, heading: bool = False) -> str:
        return as_written(surface, text, text.index(surface), common, heading)

    # The start of a paragraph or sentence, a list item.
    assert written("Social benefits") == "social benefits"
    assert written("Green products") == "green products"
    # Names keep their capitals, at the start of a sentence too.
    assert written("Huzhou is") == "Huzhou is"
    assert written("Apple") == "Apple"
    # Inside a sentence a capital is the writer's, and another capitalised word is a name.
    assert written("Mr Li") == "Mr Li"
    # Title case in a heading marks the heading, not a name, when every word is common.
    assert as_written("Project Overview", "Project Overview", 0, common, True) == \
        "project overview"
    assert as_written("Net-Zero Overview", "Net-Zero Overview", 0, common, True) == \
        "net-zero overview"
    assert as_written("Huzhou Overview", "Huzhou Overview", 0, common, True) == \
        "Huzhou Overview"
