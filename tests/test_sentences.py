"""Sentence splitting: golden cases for both languages and the rejoin property."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.core.sentences import split_sentences
from align.core.text import Lang
from align.documents.decode import read_lines

CORPORA = Path(__file__).resolve().parent.parent / "corpora"

EN_CASES = [
    # plain sentence ends
    ("The plant opened in 2021. It saves energy.",
     ["The plant opened in 2021.", "It saves energy."]),
    ("Is it green? Yes! It is.", ["Is it green?", "Yes!", "It is."]),
    # abbreviations that never end a sentence
    ("It uses waste, e.g. straw and manure.", ["It uses waste, e.g. straw and manure."]),
    ("It uses waste, e.g. Straw is one.", ["It uses waste, e.g. Straw is one."]),
    ("The main fuel, i.e. Natural gas, is cut.", ["The main fuel, i.e. Natural gas, is cut."]),
    ("Mr. Li and Dr. Ding Zhongli spoke. They agreed.",
     ["Mr. Li and Dr. Ding Zhongli spoke.", "They agreed."]),
    ("Emissions fell by approx. 30% last year.", ["Emissions fell by approx. 30% last year."]),
    ("It is at No. 36C Binhai Road. No. 2 is next door.",
     ["It is at No. 36C Binhai Road.", "No. 2 is next door."]),
    ("It stands on St. Mary Street.", ["It stands on St. Mary Street."]),
    ("The answer was no. The plan went on.", ["The answer was no.", "The plan went on."]),
    # abbreviations that may end one: only before a word that opens sentences
    ("Sinopec Sales Co., Ltd. Hainan Branch joined.",
     ["Sinopec Sales Co., Ltd. Hainan Branch joined."]),
    ("It belongs to State Grid Co., Ltd. It covers the city.",
     ["It belongs to State Grid Co., Ltd.", "It covers the city."]),
    ("The brand of NetEase, Inc. As part of it, bags were cut.",
     ["The brand of NetEase, Inc.", "As part of it, bags were cut."]),
    ("The U.S. Department of Energy agreed.", ["The U.S. Department of Energy agreed."]),
    ("They moved to the U.S. The move paid off.", ["They moved to the U.S.", "The move paid off."]),
    ("It cuts 50000 tonnes p.a. compared to coal.",
     ["It cuts 50000 tonnes p.a. compared to coal."]),
    ("It cuts 50000 tonnes p.a. This is a lot.", ["It cuts 50000 tonnes p.a.", "This is a lot."]),
    ("Offices, halls, etc. The lighting was renewed.",
     ["Offices, halls, etc.", "The lighting was renewed."]),
    ("Offices, halls, etc. are lit by LEDs.", ["Offices, halls, etc. are lit by LEDs."]),
    # decimals, initials, enumerators
    ("Prices rose 2.03 percent. Then they fell.", ["Prices rose 2.03 percent.", "Then they fell."]),
    ("Output rose to 2.5. Demand did too.", ["Output rose to 2.5.", "Demand did too."]),
    ("J. K. Rowling wrote it. It sold.", ["J. K. Rowling wrote it.", "It sold."]),
    ("1. Background of the case", ["1. Background of the case"]),
    ("- 2. Water Reuse: it saves water.", ["- 2. Water Reuse: it saves water."]),
    ("IV. Results and outlook", ["IV. Results and outlook"]),
    # ellipses
    ("Wait... What happened? Nothing.", ["Wait...", "What happened?", "Nothing."]),
    ("It grew… and grew. Then it stopped.", ["It grew… and grew.", "Then it stopped."]),
    # quotes and brackets after the period
    ('It forms a "conservation alliance." Secondly, it grows.',
     ['It forms a "conservation alliance."', "Secondly, it grows."]),
    ("It is “six zones and two halls.” The zones are open.",
     ["It is “six zones and two halls.”", "The zones are open."]),
    ('He said. "Next year we expand."', ["He said.", '"Next year we expand."']),
    ("It was planted (e.g., Suaeda spp.) to hold the soil.",
     ["It was planted (e.g., Suaeda spp.) to hold the soil."]),
    # semicolon lists stay together
    ("The plant saves water; the boiler burns less gas; the roof holds PV panels.",
     ["The plant saves water; the boiler burns less gas; the roof holds PV panels."]),
    ("", []),
    ("   ", []),
    ("No sentence end here", ["No sentence end here"]),
]

ZH_CASES = [
    ("我们要减排。然后离开了。", ["我们要减排。", "然后离开了。"]),
    ("真的吗？是的！没错；好。", ["真的吗？", "是的！", "没错；", "好。"]),
    ("他说：“我们要减排。”然后离开了。", ["他说：“我们要减排。”", "然后离开了。"]),
    ("「这很重要。」他说。", ["「这很重要。」", "他说。"]),
    ("（注：数据来自年报。）下文同。", ["（注：数据来自年报。）", "下文同。"]),
    ("《报告》发布了。『好』", ["《报告》发布了。", "『好』"]),
    ("总投资为2.03亿元。年减排3.5万吨。", ["总投资为2.03亿元。", "年减排3.5万吨。"]),
    ("等待……终于来了。", ["等待……", "终于来了。"]),
    ("真的？！是的。", ["真的？！", "是的。"]),
    ("OK!好的", ["OK!", "好的"]),
    ("是吗?对", ["是吗?", "对"]),
    ("包括:A;B。", ["包括:A;B。"]),
    ("Web 3.0; IoT!", ["Web 3.0; IoT!"]),
    ("措施有（一是节能；二是减排）。效果好。", ["措施有（一是节能；二是减排）。", "效果好。"]),
    ("", []),
    ("没有句号", ["没有句号"]),
]


@pytest.mark.parametrize(("text", "expected"), EN_CASES)
def test_english(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected


@pytest.mark.parametrize(("text", "expected"), ZH_CASES)
def test_chinese(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "zh") == expected


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="'zh' or 'en'"):
        split_sentences("Bonjour.", "fr")  # type: ignore[arg-type]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# Letters, digits, spaces and every character the rules look at, so that hypothesis hits
# boundaries, abbreviations and brackets often; plus arbitrary text.
_TRICKY = [*"aeZX Ltd.Co,e.g;No12.03 \n\t。！？；…”’」』）》（(【“‘\"'?!)]»«《「",
           " etc.", " U.S.", " Mr.", " p.a.", "...", " The", " It", "中文", " 1. ", "- II. "]
texts = st.one_of(
    st.lists(st.sampled_from(_TRICKY), max_size=40).map("".join),
    st.text(max_size=200),
)


@given(texts, st.sampled_from(["zh", "en"]))
def test_sentences_rejoin_to_the_text(text: str, lang: Lang) -> None:
    sentences = split_sentences(text, lang)
    assert _squeeze("".join(sentences)) == _squeeze(text)
    assert all(s and s == s.strip() for s in sentences)


def test_whole_corpus_is_split_quickly_and_losslessly() -> None:
    files = sorted(CORPORA.glob("*.txt"))
    assert len(files) == 5
    lines = {f: read_lines(f) for f in files}
    start = time.perf_counter()
    total = 0
    for f, paragraphs in lines.items():
        lang: Lang = "zh" if f.name.startswith("004_") else "en"
        for paragraph in paragraphs:
            sentences = split_sentences(paragraph, lang)
            assert _squeeze("".join(sentences)) == _squeeze(paragraph)
            total += len(sentences)
    elapsed = time.perf_counter() - start
    # About 11,000 paragraphs; the splitter takes a few hundredths of a second on them.
    assert elapsed < 2.0
    assert total > sum(len(p) for p in lines.values())
