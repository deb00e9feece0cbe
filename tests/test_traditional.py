"""Chinese editions in Traditional characters: the 2022 edition converted with OpenCC (s2t),
against the English edition as bundled, and a Simplified edition with Traditional cases."""

from __future__ import annotations

import csv
import json

import opencc
import pytest
from conftest import CORPORA
from lxml import etree

from align.core.records import AlignedPair, Paragraph
from align.core.runfolder import read_run
from align.documents.reader import read_document
from align.documents.segment import segment
from align.exports.memory import paragraph_units
from align.job.report import write_run
from align.job.run import run_corpus
from glossary.entries import zh_example
from glossary.pairs import read_run as read_aligned

ZH, EN = "004_3717a3b3a4f37818", "002_c4f0acade1fce1e3"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _s2t(text: str) -> str:
    return str(opencc.OpenCC("s2t").convert(text))


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """The 2022 pair twice: as bundled, and with the Chinese edition in Traditional."""
    root = tmp_path_factory.mktemp("editions")
    simplified, traditional = root / "simplified", root / "traditional"
    for folder in (simplified, traditional):
        folder.mkdir()
        (folder / "en.txt").write_bytes((CORPORA / f"{EN}.txt").read_bytes())
    zh = (CORPORA / f"{ZH}.txt").read_text("utf-8")
    (simplified / "zh.txt").write_text(zh, "utf-8")
    (traditional / "zh.txt").write_text(_s2t(zh), "utf-8")
    return simplified, traditional


@pytest.fixture(scope="module")
def runs(editions, encoder, corpus_run, tmp_path_factory):
    """The bundled corpus's run (whose pairs are those of the 2022 pair), and the run of
    the Traditional edition against the English, written."""
    run = run_corpus([editions[1]], encoder)
    return corpus_run, (run, write_run(run, tmp_path_factory.mktemp("runs") / "traditional"))


def test_a_traditional_edition_is_told_and_split_like_the_simplified_one(editions):
    simplified, traditional = editions
    doc = read_document(traditional / "zh.txt")
    assert doc.traditional and doc.simplify
    seg, ref = segment(doc), segment(read_document(simplified / "zh.txt"))
    assert not [w for w in seg.warnings if "no case structure" in w]
    assert len(seg.cases) == len(ref.cases) == 27
    # Titles and paragraphs are kept as written, matched in Simplified form.
    assert seg.cases[0].title == "打造全球首家電池零碳工廠"
    assert [c.title for c in seg.cases] == [_s2t(c.title) for c in ref.cases]
    for case, base in zip(seg.cases, ref.cases, strict=True):
        assert [p.lines for p in case.paragraphs] == [p.lines for p in base.paragraphs]
        assert [p.heading for p in case.paragraphs] == [p.heading for p in base.paragraphs]
    par = seg.cases[0].paragraphs[1]
    assert par.text == "寧德時代新能源科技股份有限公司"
    assert par.simplified == par.match == "宁德时代新能源科技股份有限公司"


def test_a_simplified_edition_with_traditional_cases(editions, tmp_path):
    simplified, _ = editions
    ref = segment(read_document(simplified / "zh.txt"))
    lines = (simplified / "zh.txt").read_text("utf-8").split("\n")
    case = ref.cases[4]
    first, last = case.paragraphs[0].lines[0] - 1, case.paragraphs[-1].lines[-1]
    lines[first:last] = [_s2t(line) for line in lines[first:last]]
    (tmp_path / "mixed.txt").write_text("\n".join(lines), "utf-8")
    doc = read_document(tmp_path / "mixed.txt")
    assert doc.mixed and not doc.traditional and doc.simplify
    seg = segment(doc)
    assert [c.title for c in seg.cases][4] == _s2t(case.title)
    assert [c.title for c in seg.cases][3] == ref.cases[3].title
    assert [len(c.paragraphs) for c in seg.cases] == [len(c.paragraphs) for c in ref.cases]
    # Only the Traditional paragraphs carry a Simplified form.
    assert all(not p.simplified for c in seg.cases[:4] for p in c.paragraphs)
    assert [p.simplified_text for p in seg.cases[4].paragraphs] == \
        [p.text for p in case.paragraphs]


@pytest.mark.slow
def test_the_traditional_edition_pairs_like_the_simplified_one(runs):
    simplified, (traditional, folder) = runs
    assert [(p.zh.index, p.en.index) for p in traditional.pairs] == \
        [(p.zh.index, p.en.index) for p in simplified.pairs] == [(k, k) for k in range(1, 28)]
    assert len(list(paragraph_units(traditional.aligned_pairs()))) == \
        len(list(paragraph_units(simplified.aligned_pairs())))
    assert [d.tag for d in traditional.documents if d.lang == "zh"] == ["zh-Hant"]
    assert read_run(folder) == traditional
    info = json.loads((folder / "run.json").read_text("utf-8"))
    assert {d["name"]: d["tag"] for d in info["documents"]} == {"zh": "zh-Hant", "en": "en"}


@pytest.mark.slow
def test_every_output_keeps_the_traditional_text(runs):
    _, (_, folder) = runs
    tmx = etree.parse(str(folder / "zhen.tmx"))
    header = tmx.find("header")
    assert header is not None and header.get("srclang") == "zh-Hant"
    zh_segs = ["".join(tuv.find("seg").itertext()) for tuv in tmx.iter("tuv")
               if tuv.get(XML_LANG) != "en"]
    assert {tuv.get(XML_LANG) for tuv in tmx.iter("tuv")} == {"zh-Hant", "en"}
    assert zh_segs[0] == "打造全球首家電池零碳工廠"
    first = next(folder.glob("pairs/01_*.tsv")).read_text("utf-8").splitlines()
    assert first[1].startswith("打造全球首家電池零碳工廠\t")
    missing = list(csv.DictReader((folder / "missing.csv").read_text("utf-8-sig")
                                  .splitlines()))
    zh_missing = [r["text"] for r in missing if r["lang"] == "zh"]
    assert zh_missing and all(_s2t(t) == t for t in zh_missing)
    # The glossary reads the Simplified form from the run folder's records.
    aligned = read_aligned(folder)
    pair = next(p for p in aligned.pairs if "寧德時代" in p.zh)
    assert "宁德时代" in pair.zh_simplified and len(pair.zh_simplified) == len(pair.zh)


def test_a_glossary_example_is_found_in_simplified_and_shown_as_written():
    written = "寧德時代在宜賓建成全球首家電池零碳工廠。"
    par = Paragraph(written, (1,), False, "", "宁德时代在宜宾建成全球首家电池零碳工厂。")
    pair = AlignedPair("zh#01~en#01", "zh", 1, "en", 1, (0,), (0,), 1.0, (par,), ())
    assert zh_example(pair, "零碳工厂") == written
    simple = AlignedPair("zh#01~en#01", "zh", 1, "en", 1, (0,), (0,), 1.0,
                         (Paragraph("宁德时代零碳工厂", (1,), False, "宁德时代零碳工厂"),), ())
    assert zh_example(simple, "零碳工厂") == "宁德时代零碳工厂"


def test_zhen_check_matches_terms_in_either_script_on_a_traditional_edition():
    from glossary.checks.consistency import ApprovedTerm, check_pairs

    par = Paragraph("寧德時代建成零碳工廠。", (1,), False, "", "宁德时代建成零碳工厂。")
    en = Paragraph("CATL built a zero-carbon plant.", (1,), False,
                   "CATL built a zero-carbon plant.")
    pair = AlignedPair("zh#01~en#01", "zh", 1, "en", 1, (0,), (0,), 1.0, (par,), (en,))
    terms = [ApprovedTerm("零碳工厂", ("zero-carbon plant",)),
             ApprovedTerm("寧德時代", ("Contemporary Amperex",))]
    rows = check_pairs([pair], terms).rows
    assert sorted((r.result, r.zh) for r in rows) == [("mismatch", "寧德時代"), ("ok", "零碳工厂")]
    assert {r.zh_text for r in rows} == {"寧德時代建成零碳工廠。"}


@pytest.mark.parametrize("config,region,tag", [("s2tw", "TW", "zh-TW"), ("s2hk", "HK", "zh-HK"),
                                               ("s2t", "", "zh-Hant")])
def test_the_region_is_told_where_the_characters_tell_it(tmp_path, config, region, tag):
    from align.core.records import Case, Document, Run

    text = str(opencc.OpenCC(config).convert((CORPORA / f"{ZH}.txt").read_text("utf-8")))
    (tmp_path / "zh.txt").write_text(text, "utf-8")
    doc = read_document(tmp_path / "zh.txt")
    assert (doc.traditional, doc.region) == (True, region)
    case = Case("zh", "zh", 1, "標題", (Paragraph("標題", (1,), True, "标题", "标题"),))
    record = Document("zh", "zh.txt", "zh", (case,), True, "", doc.region)
    assert record.tag == tag
    run = Run("zhen-test", (record,), ())
    folder = write_run(run, tmp_path / "out", tmx=False)
    assert read_run(folder).documents[0].tag == tag
    assert json.loads((folder / "run.json").read_text("utf-8"))["documents"][0]["tag"] == tag


def test_glossary_terms_are_shown_as_the_edition_writes_them():
    from glossary.entries import with_written_forms
    from glossary.terms import Occurrence, Rendering, TermEntry

    par = Paragraph("寧德時代建成零碳工廠。", (1,), False, "", "宁德时代建成零碳工厂。")
    pair = AlignedPair("zh#01~en#01", "zh", 1, "en", 1, (0,), (0,), 1.0, (par,), ())
    entry = TermEntry("零碳工厂", "zero-carbon plant", (Rendering("zero-carbon plant", 1, (1,)),),
                      1, (1,), "term", 0.9, "consistent",
                      occurrences=(Occurrence(pair.pair, 1, (0,), (0,), "zero-carbon plant"),))
    other = TermEntry("光伏", "PV", (Rendering("PV", 1, (1,)),), 1, (1,), "term", 0.9,
                      "consistent")
    got = with_written_forms([entry, other], [pair])
    assert [(e.zh, e.written, e.zh_written) for e in got] == [
        ("零碳工厂", "零碳工廠", "零碳工廠"), ("光伏", "", "光伏")]
    simple = AlignedPair("zh#01~en#01", "zh", 1, "en", 1, (0,), (0,), 1.0,
                         (Paragraph("零碳工厂", (1,), False, "零碳工厂"),), ())
    assert with_written_forms([entry], [simple]) == (entry,)


@pytest.mark.slow
def test_the_glossary_of_a_traditional_edition_is_in_its_characters(runs, tmp_path):
    from glossary.build import glossary_for_run
    from glossary.formats.export import write_glossary
    from glossary.formats.jsonfile import read_json, write_json

    _, (_, folder) = runs
    glossary = glossary_for_run(folder)
    assert glossary.zh_lang == "zh-Hant"
    entry = glossary.get("零碳工厂")
    assert entry is not None and entry.zh_written == "零碳工廠"
    write_glossary(glossary, tmp_path / "g.csv")
    write_glossary(glossary, tmp_path / "g.tbx")
    write_json(glossary, tmp_path / "g.json")
    rows = {r["zh"]: r for r in csv.DictReader(
        (tmp_path / "g.csv").read_text("utf-8-sig").splitlines())}
    assert "零碳工廠" in rows and "零碳工厂" not in rows
    tbx = etree.parse(str(tmp_path / "g.tbx"))
    assert {ls.get(XML_LANG) for ls in tbx.iter("langSet")} == {"zh-Hant", "en"}
    assert read_json(tmp_path / "g.json") == glossary
