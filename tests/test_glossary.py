"""Building a glossary: on real pairs of the bundled corpus, and on hand-made pairs whose
renderings are known."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from align.core.errors import InputError
from align.core.records import AlignedPair, run_from_pairs
from align.job.report import write_run
from glossary.build import GlossaryOptions, build_glossary
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
    assert (1, "carbon neutrality") in where
    assert len(entry.occurrences) == 5  # every pair it occurs in, rendered there or not


def test_table_has_the_documented_columns(made: Glossary) -> None:
    frame = made.to_frame()
    assert list(frame.columns) == ["zh", "en", "variants", "count", "cases", "kind",
                                   "confidence", "status", "example_zh", "example_en", "scale"]
    row = frame[frame.zh == "碳中和"].iloc[0]
    assert row.cases == "01,02" and row.scale == ""
    assert frame.confidence.between(0, 1).all()


def test_signature_names_dictionary_and_parameters(made: Glossary) -> None:
    assert "jieba-0.42" in made.signature and "cedict:" in made.signature
    assert "min_count:2" in made.signature and "|wa:sentence|" in made.signature
    assert re.search(r"\|tw:[0-9a-f]{8}$", made.signature)  # the learnt table used


def test_real_case_pairs_compound_terms_and_names(catl: Glossary) -> None:
    got = {e.zh: e.en for e in catl.entries}
    assert got.get("零碳工厂", "").lower().startswith("carbon-zero")
    # Pinyin and dictionary together: 宜宾 Yibin, 市 city.
    assert got.get("宜宾市", "").lower() == "yibin city"
    # Nothing is paired with function words or numbers.
    assert not any(zh.endswith(("的", "了")) or zh.isdigit() for zh in got)


def test_build_is_deterministic() -> None:
    a = build_glossary(made_pairs())
    b = build_glossary(made_pairs())
    assert [(e.zh, e.en, e.confidence) for e in a.entries] == \
        [(e.zh, e.en, e.confidence) for e in b.entries]


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
