"""Building a glossary: on real pairs of the bundled corpus, and on hand-made pairs whose
renderings are known."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from align.core.errors import InputError
from align.core.records import AlignedPair, run_from_pairs
from align.encoders import Encoder
from align.job.report import write_run
from glossary.build import GlossaryOptions, build_glossary
from glossary.evidence.embedding import pair_similarity
from glossary.pairs import make_pair, read_run
from glossary.terms import Glossary

CORPORA = Path(__file__).parent.parent / "corpora"
ZH_EDITION = CORPORA / "004_3717a3b3a4f37818.txt"
EN_EDITION = CORPORA / "002_c4f0acade1fce1e3.txt"


def _case_lines(path: Path, title: str, n: int) -> list[str]:
    """The ``n`` paragraphs of a case, from the line that is exactly its title on."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").split("\n")]
    start = lines.index(title)
    return [line for line in lines[start:] if line][:n]


def catl_pairs() -> list[AlignedPair]:
    """The first 14 paragraphs of case 01 (CATL) of the bundled edition pair: they align
    one to one (title, company, overview, highlights, quote, profile)."""
    zh = _case_lines(ZH_EDITION, "打造全球首家电池零碳工厂", 14)
    en = _case_lines(EN_EDITION, "CATL Unveils the World's First Carbon-Zero Battery Plant", 14)
    return [make_pair("004#01~002#01", 1, (i,), (i,), z, e) for i, (z, e) in
            enumerate(zip(zh, en, strict=True))]


# Hand-made pairs: 碳中和 rendered two ways, 光伏 one way, a name read in pinyin.
MADE = [
    ("公司在 2021 年实现了碳中和。", "The company achieved carbon neutrality in 2021."),
    ("园区力争实现碳中和，推广光伏发电。", "The park aims at carbon neutrality and promotes "
                                         "photovoltaic power generation."),
    ("碳中和是集团的长期目标。", "Carbon neutrality is a long-term goal of the group."),
    ("魏桥集团承诺碳中和。", "Weiqiao Group has pledged net zero."),
    ("到 2050 年实现碳中和，光伏发电装机翻番。", "Net zero by 2050, with photovoltaic power "
                                               "generation capacity doubled."),
    ("魏桥集团建设光伏发电项目。", "Weiqiao Group builds photovoltaic power generation projects."),
    ("魏桥集团节约 500 吨标准煤。", "Weiqiao Group saved 500 tons of standard coal."),
    ("光伏发电每年节约 1200 吨标准煤。", "Photovoltaic power generation saves 1,200 tons of "
                                      "standard coal a year."),
    ("这一段没有译文。", ""),
]


def made_pairs() -> list[AlignedPair]:
    return [make_pair(f"made#{i // 3 + 1}", i // 3 + 1, (i,), (i,) if en else (), zh, en)
            for i, (zh, en) in enumerate(MADE)]


@pytest.fixture(scope="module")
def made() -> Glossary:
    return build_glossary(made_pairs(), options=GlossaryOptions(min_count=2))


@pytest.fixture(scope="module")
def catl() -> Glossary:
    return build_glossary(catl_pairs())


def test_inconsistent_rendering_is_found_with_counts(made: Glossary) -> None:
    entry = made.get("碳中和")
    assert entry is not None
    assert entry.en == "carbon neutrality"
    assert entry.status == "inconsistent"
    counts = {r.text.lower(): r.count for r in entry.renderings}
    assert counts == {"carbon neutrality": 3, "net zero": 2}
    assert [r.text for r in entry.variants] == ["net zero"]
    assert entry.count == 5 and entry.cases == (1, 2)


def test_terms_names_and_units(made: Glossary) -> None:
    pv = made.get("光伏发电")
    assert pv is not None and pv.en.lower() == "photovoltaic power generation"
    assert pv.status == "consistent"
    name = made.get("魏桥集团")
    assert name is not None and name.en == "Weiqiao Group" and name.kind == "name"
    unit = made.get("吨标准煤")
    assert unit is not None and unit.kind == "unit" and unit.en == "tons of standard coal"


def test_examples_show_the_term_in_context(made: Glossary) -> None:
    entry = made.get("碳中和")
    assert entry is not None
    assert "碳中和" in entry.example_zh
    assert "carbon neutrality" in entry.example_en.lower()
    where = {(o.case, o.rendering.lower()) for o in entry.occurrences}
    assert (2, "net zero") in where


def test_table_has_the_documented_columns(made: Glossary) -> None:
    frame = made.to_frame()
    assert list(frame.columns) == ["zh", "en", "variants", "count", "cases", "kind",
                                   "confidence", "status", "example_zh", "example_en"]
    row = frame[frame.zh == "碳中和"].iloc[0]
    assert row.variants == "net zero (2)" and row.cases == "01,02"
    assert frame.confidence.between(0, 1).all()


def test_signature_names_dictionary_and_parameters(made: Glossary) -> None:
    assert "jieba-0.42" in made.signature and "cedict:" in made.signature
    assert "min_count:2" in made.signature and "emb:no" in made.signature


def test_real_case_pairs_compound_terms_and_names(catl: Glossary) -> None:
    got = {e.zh: e.en for e in catl.entries}
    assert got.get("零碳工厂", "").lower().startswith("carbon-zero")
    # Pinyin and dictionary together: 宜宾 Yibin, 三江 Sanjiang, 新区 new district.
    place = got.get("宜宾市三江新区", "")
    assert "Sanjiang New District" in place and "Yibin" in place
    # Nothing is paired with function words or numbers.
    assert not any(zh.endswith(("的", "了")) or zh.isdigit() for zh in got)


def test_build_is_deterministic() -> None:
    a = build_glossary(made_pairs())
    b = build_glossary(made_pairs())
    assert [(e.zh, e.en, e.confidence) for e in a.entries] == \
        [(e.zh, e.en, e.confidence) for e in b.entries]


def test_embedding_evidence_is_optional_and_used(encoder) -> None:  # type: ignore[no-untyped-def]
    from glossary.evidence.embedding import phrase_similarity

    sim = phrase_similarity(encoder)
    near, far = sim("碳中和", ["carbon neutrality", "gantry crane"])
    assert near > far
    g = build_glossary(made_pairs(), similarity=sim)
    assert "emb:yes" in g.signature
    entry = g.get("碳中和")
    assert entry is not None and entry.en == "carbon neutrality"


# -- reading what `zhen run` wrote --------------------------------------------------------

def _write_run(folder: Path, pairs: list[AlignedPair]) -> Path:
    """A run folder written by the run-folder writer, holding ``pairs``."""
    write_run(run_from_pairs(pairs, "zhen-test"), folder)
    return folder


def test_read_run_round_trip(tmp_path: Path) -> None:
    made = [make_pair("a#01~b#01", 1, [0], [0], "碳中和", "carbon neutrality", 0.9),
            make_pair("a#01~b#01", 1, [1], [], "这一段没有译文。", "", 0.8)]
    run = read_run(_write_run(tmp_path / "out", made))
    assert run.signature == "zhen-test" and run.folder == tmp_path / "out"
    # A pair made by hand is the same value as one read back (files aside).
    assert [replace(p, zh_path="", en_path="") for p in run.pairs] == made
    assert run.pairs[1].is_null and not run.pairs[0].is_null


def test_folder_not_written_by_run(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a folder written by 'zhen run'"):
        read_run(tmp_path)
    with pytest.raises(InputError, match="no such folder"):
        read_run(tmp_path / "missing")


def test_empty_pairs_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="holds no pairs"):
        read_run(_write_run(tmp_path / "out", []))


# -- later renderings: claims of other terms, inflected forms, fuller phrases --------------

def _pairs(rows: list[tuple[str, str]]) -> list[AlignedPair]:
    return [make_pair(f"t#{i // 4 + 1}", i // 4 + 1, (i,), (i,), zh, en)
            for i, (zh, en) in enumerate(rows)]


def test_a_phrase_another_term_explains_is_not_a_rendering() -> None:
    # 碳达峰 always stands next to 碳中和: *carbon neutrality* is 碳中和's rendering, so the
    # pairs where 碳达峰 is rendered *peak carbon* do not make it render *carbon neutrality*.
    rows = [("实现碳达峰。", "Reach carbon peaking."),
            ("推动碳达峰工作。", "Promote carbon peaking work."),
            ("碳达峰行动方案发布。", "The carbon peaking action plan was issued."),
            ("碳达峰碳中和目标。", "The goal of carbon neutrality."),
            ("推进碳达峰碳中和。", "Advance carbon neutrality."),
            ("公司实现碳中和。", "The company reached carbon neutrality."),
            ("园区力争碳中和。", "The park strives for carbon neutrality.")]
    g = build_glossary(_pairs(rows))
    entry = g.get("碳达峰")
    assert entry is not None and entry.en == "carbon peaking"
    assert "carbon neutrality" not in {r.text for r in entry.renderings}
    assert entry.status == "consistent"


def test_a_one_off_inflected_form_makes_a_term_inconsistent() -> None:
    rows = [("公司实现碳达峰。", "The company achieved carbon peaking."),
            ("推动碳达峰工作。", "Promote carbon peaking work."),
            ("碳达峰行动方案发布。", "The carbon peaking action plan was issued."),
            ("倡议促进碳达峰。", "An initiative to promote Carbon Peaks.")]
    entry = build_glossary(_pairs(rows)).get("碳达峰")
    assert entry is not None and entry.status == "inconsistent"
    assert [(r.text.lower(), r.count) for r in entry.renderings] == [
        ("carbon peaking", 3), ("carbon peaks", 1)]


def test_the_fuller_phrase_that_renders_more_of_the_term_is_preferred() -> None:
    # *ecological water* leaves 补 unexplained; *ecological water supplement* renders it.
    rows = [("实施生态补水。", "Ecological water supplement was carried out."),
            ("生态补水效果明显。", "The ecological water supplement works well."),
            ("生态补水来源。", "The source of ecological water."),
            ("完成生态补水。", "The ecological water was completed.")]
    entry = build_glossary(_pairs(rows)).get("生态补水")
    assert entry is not None and entry.en.lower() == "ecological water supplement"


# -- renderings seen once, verified by the encoder ------------------------------------------

MICROBES = [("公司开发微生物菌剂。", "The company developed microbial bacterial agents."),
            ("推广使用微生物菌剂。", "Promote the use of microbial bacterial agents."),
            ("微生物菌剂改良土壤。", "Microbial bacterial agents improve the soil."),
            ("同时开发出了高效微生物菌剂产品。", "It also developed efficient microbial inoculum.")]


def test_a_rendering_seen_once_is_spotted_and_verified(encoder: Encoder) -> None:
    # 高效 claims *efficient*: the variant is *microbial inoculum*, close to the known one.
    entry = build_glossary(_pairs(MICROBES), paraphrase=pair_similarity(encoder)).get("微生物菌剂")
    assert entry is not None and entry.en.lower() == "microbial bacterial agents"
    assert [(r.text, r.count) for r in entry.renderings[1:]] == [("microbial inoculum", 1)]
    assert entry.status == "inconsistent"
    alone = build_glossary(_pairs(MICROBES)).get("微生物菌剂")
    assert alone is not None and alone.status == "consistent"  # no encoder, no spotting


def test_a_spotted_phrase_unlike_the_known_rendering_is_refused(encoder: Encoder) -> None:
    rows = [("绿普惠云正式上线。", "Green Inclusive Cloud went online."),
            ("企业接入绿普惠云。", "Companies joined Green Inclusive Cloud."),
            ("绿普惠云记录减排。", "Green Inclusive Cloud records reductions."),
            ("绿普惠云汇聚数据。", "Inclusive solutions gather data.")]
    pairs = _pairs(rows)
    proposed = build_glossary(pairs, paraphrase=lambda texts: [1.0] * len(texts))
    entry = proposed.get("绿普惠云")
    assert entry is not None and "inclusive solutions" in {r.text.lower()
                                                           for r in entry.renderings}
    entry = build_glossary(pairs, paraphrase=pair_similarity(encoder)).get("绿普惠云")
    assert entry is not None and [r.text for r in entry.renderings] == ["Green Inclusive Cloud"]


def test_a_recurring_rendering_needs_no_verification(encoder: Encoder) -> None:
    # The encoder finds *net zero* far from *carbon neutrality* (cosine about 0.3), but
    # two pairs say 碳中和 → net zero: association, not the encoder, decides there.
    entry = build_glossary(made_pairs(), paraphrase=pair_similarity(encoder)).get("碳中和")
    assert entry is not None
    assert [r.text.lower() for r in entry.renderings] == ["carbon neutrality", "net zero"]


def test_pairing_in_several_processes_gives_the_same_glossary(encoder: Encoder) -> None:
    similar = pair_similarity(encoder)
    one = build_glossary(catl_pairs() + _pairs(MICROBES), paraphrase=similar, jobs=1)
    two = build_glossary(catl_pairs() + _pairs(MICROBES), paraphrase=similar, jobs=2)
    assert one.to_frame().equals(two.to_frame())
    assert one.signature == two.signature
