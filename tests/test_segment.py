"""Splitting collections into cases and paragraphs, and telling page furniture apart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.core.text import Lang
from align.documents.furniture import furniture_lines, looks_like_furniture
from align.documents.reader import SourceDocument, read_document
from align.documents.segment import Segmentation, segment

CORPORA = Path(__file__).parent.parent / "corpora"
ZH = "004_3717a3b3a4f37818"
EN = "002_c4f0acade1fce1e3"


@pytest.fixture(scope="module")
def corpus() -> dict[str, Segmentation]:
    """Every bundled document, segmented once."""
    return {p.stem: segment(read_document(p)) for p in sorted(CORPORA.glob("*.txt"))}


def _doc(lines: list[str], lang: Lang = "zh", traditional: bool = False) -> SourceDocument:
    return SourceDocument(Path(f"built.{lang}.txt"), "built", lang, tuple(lines), traditional)


def _with_blanks(lines: list[str]) -> list[str]:
    """One blank line between lines, as in text extracted from PDF."""
    out: list[str] = []
    for line in lines:
        out += [line, ""]
    return out


# ---------------------------------------------------------------------------------------
# The bundled corpus


@pytest.mark.parametrize("name,count", [
    ("004_3717a3b3a4f37818", 27), ("002_c4f0acade1fce1e3", 27),
    ("001_a52e59c3cf7e8f07", 15), ("003_5ba78cde62b1d026", 12),
    ("000_8eae61416870d1e5", 40),
])
def test_case_counts(corpus, name, count):
    seg = corpus[name]
    assert len(seg.cases) == count
    assert seg.warnings == ()
    assert [c.index for c in seg.cases] == list(range(1, count + 1))
    assert all(c.doc == name and c.paragraphs and c.title for c in seg.cases)


def test_first_titles(corpus):
    assert corpus[ZH].cases[0].title == "打造全球首家电池零碳工厂"
    assert corpus[EN].cases[0].title == "CATL Unveils the World's First Carbon-Zero Battery Plant"
    # The brand name printed beside the title is not part of it.
    assert corpus["001_a52e59c3cf7e8f07"].cases[0].title == (
        "An Innovative Business Model for Idle Items Reuse and Recycle")
    # A title printed over two lines ("CATL:" / "BUILDING …") is one title.
    titles_000 = [c.title for c in corpus["000_8eae61416870d1e5"].cases]
    assert "CATL: BUILDING A GREEN SPACE FOR LOW-CARBON INNOVATION" in titles_000


def test_case_ids(corpus):
    case = corpus[ZH].cases[2]
    assert case.id == f"{ZH}#03"
    assert case.lang == "zh"


def test_numbered_sections_are_the_cases_of_a_hierarchical_collection(corpus):
    titles = [c.title for c in corpus["003_5ba78cde62b1d026"].cases]
    numbers = [t.split()[0] for t in titles]
    assert numbers == ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2", "3.3", "4.1",
                       "5.1", "5.2", "5.3"]
    # Chapter headings belong to no case, and no case runs into the references.
    texts = {p.text for c in corpus["003_5ba78cde62b1d026"].cases for p in c.paragraphs}
    assert not any(re.match(r"^Chapter \d", t) for t in texts)
    assert "Reference" not in texts


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"[\u4e00-\u9fff]|[a-z0-9]+", text.lower()))


def _toc_line(doc_lines: list[str], title: str) -> str | None:
    """The table-of-contents line (one with a page range) that best matches ``title``."""
    want = _tokens(title)
    best, line = 0.0, None
    for candidate in doc_lines:
        if re.search(r"\d{2}-\d{2}", candidate):
            got = _tokens(candidate)
            score = len(want & got) / len(want | got)
            if score > best:
                best, line = score, candidate
    return line if best >= 0.6 else None


def test_edition_pair_cases_correspond_through_both_tables_of_contents(corpus):
    """Case k of the Chinese edition and case k of the English one sit on the same pages."""
    zh_lines = [line.strip() for line in corpus[ZH].doc.lines]
    en_lines = [line.strip() for line in corpus[EN].doc.lines]
    zh_first = corpus[ZH].cases[0].paragraphs[0].lines[0] - 1
    en_first = corpus[EN].cases[0].paragraphs[0].lines[0] - 1
    checked = 0
    for zh_case, en_case in zip(corpus[ZH].cases, corpus[EN].cases, strict=True):
        zh_toc = _toc_line(zh_lines[:zh_first], zh_case.title)
        en_toc = _toc_line(en_lines[:en_first], en_case.title)
        assert en_toc is not None, en_case.title
        if zh_toc is None:
            continue  # the body title is longer than the one listed
        pages = re.search(r"\d{2}-\d{2}", zh_toc)
        assert pages is not None and pages.group() in en_toc, (zh_case.title, en_case.title)
        checked += 1
    assert checked >= 25


def test_front_and_back_matter_belong_to_no_case(corpus):
    for name, front, back in [(ZH, ("编者按", "目录", "案例集评审专家名单"),
                               ("致谢：", "免责声明：")),
                              (EN, ("Contents",), ("ACKNOWLEDGEMENT", "DISCLAIMER")),
                              ("000_8eae61416870d1e5", ("Table of Contents",), ("DISCLAIMER",)),
                              ("001_a52e59c3cf7e8f07", ("Editor's Note", "Table of Contents"),
                               ("Acknowledgements:", "Disclaimer:", "Project Team:"))]:
        texts = {p.text for c in corpus[name].cases for p in c.paragraphs}
        assert not texts & set(front + back), name
        # Every case starts with its title.
        assert all(c.paragraphs[0].heading and c.paragraphs[0].text.startswith(c.title[:8])
                   for c in corpus[name].cases)


def test_no_paragraph_is_page_furniture(corpus):
    for seg in corpus.values():
        flagged = {seg.doc.lines[i].strip() for i in furniture_lines(seg.doc.lines)}
        for case in seg.cases:
            for p in case.paragraphs:
                assert not looks_like_furniture(p.text), (case.id, p.text)
                assert p.text not in flagged, (case.id, p.text)
                assert not re.fullmatch(r"\d{1,3}", p.text), (case.id, p.text)


def test_running_headers_of_the_chinese_edition_are_dropped(corpus):
    texts = [p.text for c in corpus[ZH].cases for p in c.paragraphs]
    for header in ("15 绿色建筑减排创新", "51 污废处理的低碳模式", "污废处理的低碳模式 52"):
        assert header not in texts
    # The case title repeated as a running header inside its case is dropped too.
    case12 = corpus[ZH].cases[11]
    assert [p.text for p in case12.paragraphs].count(case12.title) == 1


def test_humanwell_case_keeps_its_sections(corpus):
    en = corpus[EN].cases[2]
    assert en.title == "Reducing Boiler Natural Gas Consumption Per Ton of Steam"
    headings = [p.text for p in en.paragraphs if p.heading]
    assert "Project Overview" in headings and "Project Highlights" in headings
    zh = corpus[ZH].cases[2]
    zh_headings = [p.text for p in zh.paragraphs if p.heading]
    for sub in ("目标设定", "方案设计", "方案实施"):
        assert sub in zh_headings
    assert zh_headings.index("目标设定") < zh_headings.index("方案设计") < \
        zh_headings.index("方案实施")


def test_paragraphs_cut_by_page_breaks_are_joined(corpus):
    zh = corpus[ZH].cases[0]
    joined = [p for p in zh.paragraphs if p.text.startswith("绿色通勤")]
    assert len(joined) == 1
    assert joined[0].text.endswith("融入到生产与生活中的方方面面。")
    assert len(joined[0].lines) == 2
    en = corpus[EN].cases[1]
    assert any("utilizing the rich hydropower" in p.text for p in en.paragraphs)


def test_paragraph_lines_are_source_lines_in_order(corpus):
    for seg in corpus.values():
        previous_case_end = 0
        for case in seg.cases:
            numbers = [n for p in case.paragraphs for n in p.lines]
            assert min(numbers) > previous_case_end  # cases do not overlap
            previous_case_end = max(numbers)
            for p in case.paragraphs:
                assert list(p.lines) == sorted(set(p.lines))
                assert all(seg.doc.lines[n - 1].strip() for n in p.lines)
                # The text starts with its first source line, stripped.
                assert p.text.startswith(seg.doc.lines[p.lines[0] - 1].strip())


def test_match_text_is_normalised(corpus):
    p = next(p for c in corpus[ZH].cases for p in c.paragraphs if "（" in p.text)
    assert "（" not in p.match and "(" in p.match


# ---------------------------------------------------------------------------------------
# Small built documents

_ZH_CASES = [
    "低碳工厂改造", "某某科技有限公司", "案例概述",
    "工厂通过改造空压系统，在生产过程中持续降低能耗，并把节约下来的电力用于厂区",
    "12",
    "照明和办公，全年节约用电约 120 万千瓦时。",
    "项目亮点", "- 获评省级绿色工厂", "机构简介", "某某科技有限公司成立于 2001 年。",
    "专家点评", "案例具有推广价值。",
    "社区垃圾分类", "某某社区", "案例概述", "社区居民参与垃圾分类。",
    "项目亮点", "- 居民参与率达到 90%", "机构简介", "某某社区位于城市中心。",
    "专家点评", "案例值得借鉴。",
]


def test_chinese_paragraph_broken_over_a_page_is_joined():
    seg = segment(_doc(_with_blanks(_ZH_CASES)))
    assert [c.title for c in seg.cases] == ["低碳工厂改造", "社区垃圾分类"]
    first = seg.cases[0]
    texts = [p.text for p in first.paragraphs]
    assert ("工厂通过改造空压系统，在生产过程中持续降低能耗，并把节约下来的电力用于厂区"
            "照明和办公，全年节约用电约 120 万千瓦时。") in texts
    assert "12" not in texts
    joined = next(p for p in first.paragraphs if p.text.startswith("工厂"))
    assert joined.lines == (7, 11)  # 1-based, the page number between them dropped
    assert [p.text for p in first.paragraphs if p.heading] == [
        "低碳工厂改造", "某某科技有限公司", "案例概述", "项目亮点", "机构简介", "专家点评"]
    # A heading is never glued to the paragraph under it.
    assert "社区垃圾分类" not in texts


_EN_CASES = [
    "A Low-Carbon Factory", "Example Technology Co., Ltd.", "Project Overview",
    "The plant replaced its compressed-air system and cut the energy used by the whole "
    "production line, saving enough power to supply the",
    "Low-carbon Annual Report 52",
    "lighting of the site for a year. The retrofit also lowered the plant's low-",
    "carbon operating costs.",
    "Project Highlights", "- Rated a green factory by the province", "Company Profile",
    "Example Technology was founded in 2001.", "Expert Comment", "A replicable case.",
    "Community Waste Sorting", "Example Community", "Project Overview",
    "Residents sort their waste.", "Project Highlights", "- Participation reached 90%",
    "Company Profile", "The community lies in the city centre.", "Expert Comment",
    "A case worth learning from.",
]


def test_english_paragraph_broken_over_a_page_is_joined():
    seg = segment(_doc(_with_blanks(_EN_CASES), "en"))
    assert [c.title for c in seg.cases] == ["A Low-Carbon Factory", "Community Waste Sorting"]
    texts = [p.text for p in seg.cases[0].paragraphs]
    assert ("The plant replaced its compressed-air system and cut the energy used by the whole "
            "production line, saving enough power to supply the lighting of the site for a "
            "year. The retrofit also lowered the plant's low-carbon operating costs.") in texts
    assert "Low-carbon Annual Report 52" not in texts
    assert "- Rated a green factory by the province" in texts


def test_wrapped_lines_of_one_block_are_joined():
    lines = _with_blanks(_EN_CASES)
    at = lines.index("- Rated a green factory by the province")
    lines[at: at + 1] = ["- Rated a green factory by the", " provincial government in 2024"]
    seg = segment(_doc(lines, "en"))
    texts = [p.text for p in seg.cases[0].paragraphs]
    assert "- Rated a green factory by the provincial government in 2024" in texts


def test_indented_paragraphs_without_blank_lines_stay_apart():
    """Chinese text often indents every paragraph with ideographic spaces: not wrapping."""
    lines = [("\u3000\u3000" + line if len(line) > 12 else line) for line in _ZH_CASES]
    lines.insert(lines.index("\u3000\u3000某某科技有限公司成立于 2001 年。"),
                 "\u3000\u3000公司主营业务为工业节能服务和设备改造")
    seg = segment(_doc(lines))
    texts = [p.text for p in seg.cases[0].paragraphs]
    assert "公司主营业务为工业节能服务和设备改造" in texts
    assert "某某科技有限公司成立于 2001 年。" in texts


def test_word_document_is_segmented(tmp_path):
    import docx

    document = docx.Document()
    for line in _EN_CASES:
        if line == "Low-carbon Annual Report 52":
            continue
        document.add_paragraph(line)
    path = tmp_path / "cases.docx"
    document.save(str(path))
    seg = segment(read_document(path))
    assert [c.title for c in seg.cases] == ["A Low-Carbon Factory", "Community Waste Sorting"]
    first = seg.cases[0].paragraphs
    assert first[0].lines == (1,)
    assert any(p.text.endswith("supply the lighting of the site for a year. The retrofit also "
                               "lowered the plant's low-carbon operating costs.") for p in first)


def test_lines_that_end_a_sentence_are_not_joined():
    lines = _with_blanks(_EN_CASES)
    at = lines.index("Residents sort their waste.")
    lines[at: at + 1] = ["Residents sort their waste.", "", "Volunteers check the bins."]
    seg = segment(_doc(lines, "en"))
    texts = [p.text for p in seg.cases[1].paragraphs]
    assert "Residents sort their waste." in texts and "Volunteers check the bins." in texts


def test_table_of_contents_names_the_cases():
    toc = ["Contents", "", "01 A Low-Carbon Factory", "", "03 Community Waste Sorting", ""]
    body = _with_blanks(_EN_CASES)
    front = ["Example Collection 2024", "", "Foreword", "", "Cases of companies.", ""]
    seg = segment(_doc([*front, *toc, *body], "en"))
    assert [c.title for c in seg.cases] == ["A Low-Carbon Factory", "Community Waste Sorting"]
    # The table of contents and the foreword are front matter.
    texts = {p.text for c in seg.cases for p in c.paragraphs}
    assert not texts & {"Contents", "Foreword", "01 A Low-Carbon Factory"}
    assert seg.warnings == ()


def test_listed_case_missing_from_the_body_is_reported():
    toc = ["Contents", "", "01 A Low-Carbon Factory", "", "03 Community Waste Sorting", "",
           "05 A Solar Rooftop Programme", ""]
    seg = segment(_doc(toc + _with_blanks(_EN_CASES), "en"))
    assert len(seg.cases) == 2
    assert any("A Solar Rooftop Programme" in w and "not found" in w for w in seg.warnings)


def test_document_without_case_structure_is_one_case_with_a_warning():
    lines = _with_blanks(["A short note on energy saving.",
                          "The plant saved power last year by replacing its compressors.",
                          "It plans to install solar panels next year."])
    seg = segment(_doc(lines, "en"))
    assert len(seg.cases) == 1
    assert len(seg.cases[0].paragraphs) == 3
    assert len(seg.warnings) == 1 and "no case structure" in seg.warnings[0]


def test_traditional_chinese_paragraphs_match_in_simplified():
    trad = [line.replace("低碳工厂改造", "低碳工廠改造").replace("节约", "節約")
            for line in _ZH_CASES]
    seg = segment(_doc(_with_blanks(trad), traditional=True))
    case = seg.cases[0]
    assert case.title == "低碳工廠改造"
    assert case.paragraphs[0].match == "低碳工厂改造"
    assert any("節約" in p.text and "节约" in p.match for p in case.paragraphs)


# ---------------------------------------------------------------------------------------
# Furniture


@pytest.mark.parametrize("line", [
    "12", "- 12 -", "Page 3", "Page 3 of 80", "3 / 54", "第 3 页", "iv",
    "污废处理的低碳模式 52", "51 污废处理的低碳模式", "15 绿色建筑减排创新",
    "Low-carbon Waste Management 52", "52 | Annual Report 2022", "© 2022 C Team",
])
def test_furniture_lines_alone(line):
    assert looks_like_furniture(line)


@pytest.mark.parametrize("line", [
    "项目亮点", "Project Overview", "1. 项目情况介绍", "1. Green energy", "2 能源转型",
    "- 智慧 CFMS 系统", "- Saving 1 million Renminbi Yuan of operation cost annually.",
    "CATL 宁德时代", "2021 “低碳共创营”", "2021 Low-Carbon Co-Op Program", "Table 2",
    "Scope 3", "与生活中的方方面面。", "Heating cost/m ²", "",
    "In 2021, the plant saved 12", "VANKE FOUNDATION",
])
def test_not_furniture_alone(line):
    assert not looks_like_furniture(line)


def test_furniture_needs_document_evidence():
    lines = ["目录", "绿色制造", "能源转型",
             "正文第一段。", "3 绿色制造", "正文第二段。", "绿色制造 4",
             "附表 1", "附表内容。",
             "ACME GROUP", "正文。", "ACME GROUP", "正文。", "ACME GROUP",
             "Project Overview", "Project Overview", "Project Overview"]
    found = furniture_lines(lines)
    # A chapter name beside page numbers, and a brand line printed on every page.
    assert {4, 6, 9, 11, 13} <= found
    # Headings repeat in every case but are not furniture; a one-off label is kept.
    assert not found & {0, 1, 2, 3, 7, 14, 15, 16}


def test_no_line_inside_a_case_is_lost(corpus):
    """Between a case's title and the next case, every line is in a paragraph or furniture."""
    for name in (ZH, EN, "003_5ba78cde62b1d026"):
        seg = corpus[name]
        furniture = furniture_lines(seg.doc.lines)
        for case, following in zip(seg.cases, seg.cases[1:], strict=False):
            used = {n for p in case.paragraphs for n in p.lines}
            first, stop = min(used), following.paragraphs[0].lines[0]
            for n in range(first, stop):
                line = seg.doc.lines[n - 1].strip()
                if not line or n in used or n - 1 in furniture:
                    continue
                # Only a repeat of the case title (a running header) or a chapter heading.
                same = re.sub(r"\W", "", line) == re.sub(r"\W", "", case.title)
                assert same or line.startswith("Chapter"), (case.id, n, line)


_LINES = st.sampled_from([
    "", "", " ", "12", "Project Overview", "项目亮点", "专家点评", "Expert Comment",
    "打造全球首家电池零碳工厂", "A Low-Carbon Factory", "- 智慧 CFMS 系统", "1. Green energy",
    "The plant saved energy across the whole production line, and the",
    "rest of the sentence.", "工厂通过改造空压系统，在生产过程中持续降低能耗，并把",
    "节约下来的电力用于照明。", "污废处理的低碳模式 52", "Contents", "01 A Low-Carbon Factory",
    "¹ A footnote.", "亚太森博", "\tindented\tcells", "  wrapped line", "ACKNOWLEDGEMENT",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINES, max_size=60), st.sampled_from(["zh", "en"]))
def test_any_layout_segments_without_reusing_lines(lines, lang):
    seg = segment(_doc(lines, lang))
    assert seg.cases
    seen: list[int] = []
    for case in seg.cases:
        for p in case.paragraphs:
            assert p.text.strip() and p.lines
            assert all(lines[n - 1].strip() for n in p.lines)
            seen.extend(p.lines)
    assert len(seen) == len(set(seen))
