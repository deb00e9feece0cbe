"""Number normalisation across Chinese and English: golden tables, agreement, real lines."""

from __future__ import annotations

import math
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.core.agreement import number_agreement
from align.core.quantities import Quantity, extract_numbers
from align.documents.decode import read_lines

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
ZH_2022 = CORPORA / "004_3717a3b3a4f37818.txt"
EN_2022 = CORPORA / "002_c4f0acade1fce1e3.txt"


def values(text: str) -> list[float | tuple[float, str]]:
    """Extracted values, percentages marked with a "%" so that tables stay readable."""
    return [(q.value, "%") if q.percent else q.value for q in extract_numbers(text)]


# Chinese and English spellings of the same quantities.
SAME = [
    ("203 万吨", "2.03 million tonnes"),
    ("400 亿元", "40 billion yuan"),
    ("1 万亩", "10000 mu"),
    ("1 万亩", "10,000 mu"),
    ("57.85 万元", "578,500 yuan"),
    ("1.2 亿", "120 million"),
    ("3 千", "3 thousand"),
    ("3 千", "3,000"),
    ("1 000 名学生", "1,000 students"),
    ("一万三千余人", "a 13000-strong staff"),
    ("百分之八十", "80%"),
    ("8％", "8%"),
    ("百分之八", "8 per cent"),
    ("百分之八", "8 percent"),
    ("80%以上", "an 80-percent-plus share"),
    ("3 个百分点", "3 percentage points"),
    ("两个园区", "two parks"),
    ("十二个月", "12 months"),
    ("三年", "three years"),
    ("二十五家", "twenty-five companies"),
    ("１２３", "123"),
    ("2022 年", "in 2022"),
    ("二〇二二年", "2022"),
    ("2019-2021 年", "from 2019 to 2021"),
    ("2022 年 7 月", "July 2022"),
    ("2019 年 12 月 18 日", "on December 18, 2019"),
    ("“十四五”期间", "during the 14th Five-Year Plan"),
    ("1 万千瓦", "10 MW"),
    ("200 万千瓦", "2 GW"),
    ("200 万千瓦", "2 million kW"),
    ("2371.00 万千瓦", "23.71 GW"),
    ("30 万千瓦", "300000 kilowatts"),
    ("500 兆瓦", "500 MW"),
    ("40.2 亿千瓦时", "4.02 billion kWh"),
    ("5237 兆瓦时", "5237MWh"),
    ("4000 余万元", "more than 40 million yuan"),
    ("100+ 万元", "1 million yuan"),
    ("近百场培训", "almost 100 training sessions"),
    ("三点五亿", "350 million"),
    ("一百万", "one million"),
    ("两千五百万", "25 million"),
    ("山东省十佳", "the top ten in Shandong"),
    ("ISO14001 认证", "ISO 14001 certification"),
    ("13.33%", "13.3%"),                  # rounding
    ("120.6 万吨", "1.2 million tonnes"),    # rounding
]


@pytest.mark.parametrize(("zh", "en"), SAME)
def test_same_quantity_in_both_languages(zh: str, en: str) -> None:
    a, b = extract_numbers(zh), extract_numbers(en)
    assert a, f"nothing read from {zh!r}"
    assert b, f"nothing read from {en!r}"
    assert number_agreement(a, b) == 1.0, (values(zh), values(en))


# Pairs that look alike but state different quantities.
DIFFERENT = [
    ("8%", "8"),                      # a percentage is not a count
    ("百分之八十", "80 people"),
    ("203 万吨", "203 tonnes"),
    ("1.2 亿", "12 million"),
    ("3 千瓦", "3,000 kW"),           # 千 in 千瓦 is kilo-, not a thousand
    ("3 千克", "3000 kg"),
    ("500 兆瓦", "500 kW"),
    ("2022 年", "2021"),
    ("13.3%", "13.5%"),               # more than rounding
    ("180 万", "2 million"),          # rounds to it, but 10 % apart
    ("一万三", "10003"),              # 一万三 is 13000
]


@pytest.mark.parametrize(("zh", "en"), DIFFERENT)
def test_different_quantities_do_not_agree(zh: str, en: str) -> None:
    a, b = extract_numbers(zh), extract_numbers(en)
    assert a and b
    assert number_agreement(a, b) == 0.0, (values(zh), values(en))


# Text with numeral characters or digits that are not quantities.
NO_NUMBERS = [
    "统一标准", "一些企业", "一个项目", "之一", "零碳工厂", "第三方", "二氧化碳", "一氧化碳",
    "二次侧循环泵", "百度", "万科", "万纬物流", "千家万户", "数十万", "上千", "成千上万",
    "四川", "三峡", "十几", "一一对应", "CO2 emissions", "CH4 and N2O", "PM2.5", "PM_{2.5}",
    "one of the leaders", "it may be", "zero carbon", "千瓦时",
]


@pytest.mark.parametrize("text", NO_NUMBERS)
def test_not_a_quantity(text: str) -> None:
    assert extract_numbers(text) == ()


EXTRACTED = [
    ("2019-2021", [2019.0, 2021.0]),
    ("十四五", [14.0, 5.0]),
    ("10 May 2021", [10.0, 5.0, 2021.0]),
    ("May 10, 2021", [5.0, 10.0, 2021.0]),
    ("Sept. 2021", [9.0, 2021.0]),
    ("一百零五", [105.0]),
    ("一万三", [13000.0]),
    ("一亿二千万", [120000000.0]),
    ("三万亿", [3e12]),
    ("百分之百", [(100.0, "%")]),
    ("百分之八点五", [(8.5, "%")]),
    ("百分之 80", [(80.0, "%")]),
    ("三个百分点", [(3.0, "%")]),
    ("第二十六届", [26.0]),
    ("百余家", [100.0]),
    ("0.94 千克", [0.94]),
    ("3.534MW", [3534.0]),
    ("608161.9kWh", [608161.9]),
    ("5 bn", [5e9]),
    ("1,234.5", [1234.5]),
    ("12，345", [12.0, 345.0]),      # a Chinese comma separates, it does not group
    ("version V1.0", [1.0]),
    ("seven-eight", []),
    ("Five-Year Plan", [5.0]),
    ("two million people", [2e6]),
    ("5 when", [5.0]),               # "when" is not watt-hours
]


@pytest.mark.parametrize(("text", "expected"), EXTRACTED)
def test_extracted_values(text: str, expected: list[float | tuple[float, str]]) -> None:
    assert values(text) == expected


def test_quantity_is_frozen_and_equal_across_languages() -> None:
    (zh,) = extract_numbers("203 万吨")
    (en,) = extract_numbers("2.03 million tonnes")
    assert zh == en == Quantity(2030000.0, percent=False)
    with pytest.raises(AttributeError):
        zh.value = 1.0  # type: ignore[misc]


def q(*vals: float, percent: bool = False) -> list[Quantity]:
    return [Quantity(v, percent) for v in vals]


def test_agreement_without_numbers_is_no_evidence() -> None:
    assert number_agreement([], []) is None


def test_agreement_with_one_side_empty_is_zero() -> None:
    assert number_agreement(q(1.0), []) == 0.0
    assert number_agreement([], q(1.0)) == 0.0


def test_agreement_is_dice_of_multisets() -> None:
    assert number_agreement(q(1, 2, 3), q(2, 3, 4)) == pytest.approx(4 / 6)
    assert number_agreement(q(5, 5), q(5)) == pytest.approx(2 / 3)
    assert number_agreement(q(5, 5), q(5, 5)) == 1.0
    assert number_agreement(q(7, 1, 3), q(3, 7, 1)) == 1.0   # order does not matter


def test_agreement_keeps_percentages_apart() -> None:
    assert number_agreement(q(8, percent=True), q(8)) == 0.0
    assert number_agreement(q(8, percent=True) + q(8), q(8) + q(8, percent=True)) == 1.0


def test_agreement_tolerates_rounding_only() -> None:
    assert number_agreement([Quantity(13.3, True, 0.1)], [Quantity(13.33, True, 0.01)]) == 1.0
    assert number_agreement([Quantity(13.3, True, 0.1)], [Quantity(13.36, True, 0.01)]) == 0.0
    assert number_agreement(q(2021), q(2022)) == 0.0
    assert number_agreement([Quantity(1.2e6, step=1e5)], [Quantity(1206000, step=1e3)]) == 1.0
    # Within the rounding of "2 million", but more than rel_tol apart.
    two, almost = [Quantity(2e6, step=1e6)], [Quantity(1.8e6, step=1e5)]
    assert number_agreement(two, almost) == 0.0
    assert number_agreement(two, almost, rel_tol=0.2) == 1.0
    assert number_agreement(q(0), q(0)) == 1.0


def test_step_is_the_last_written_digit() -> None:
    steps = [(q.value, q.step) for q in extract_numbers("2.03 million, 13.3%, 2022, 三点五亿")]
    assert steps == [(2030000.0, 10000.0), (13.3, 0.1), (2022.0, 1.0), (3.5e8, 1e7)]


def test_agreement_pairs_each_quantity_once() -> None:
    # 100 is close to both 100.4 and 99.6, but can pair with only one of them.
    assert number_agreement(q(100), q(99.6, 100.4)) == pytest.approx(2 / 3)
    assert number_agreement(q(99.6, 100.4), q(100, 100)) == 1.0


QUANTITIES = st.lists(st.builds(Quantity, st.sampled_from([0.0, 1.0, 2.0, 2.01, 8.0, 2022.0]),
                                st.booleans()), max_size=6)


@given(QUANTITIES, QUANTITIES)
def test_agreement_is_symmetric_and_bounded(a: list[Quantity], b: list[Quantity]) -> None:
    score = number_agreement(a, b)
    assert score == number_agreement(b, a)
    if a or b:
        assert score is not None and 0.0 <= score <= 1.0
        assert number_agreement(a, a) == (1.0 if a else None)


SOUP = [*"0123456789,. -%％１２〇零一二两三四五六七八九十百千万亿点之分第余多年个瓦时兆吉",
        "百分之", "million", "two", "twenty-", "MW", "kWh", "May ", "CO", "PM_{", "percent"]


@given(st.lists(st.sampled_from(SOUP), max_size=40).map("".join))
def test_extraction_never_fails_on_numeral_soup(text: str) -> None:
    for quantity in extract_numbers(text):
        assert math.isfinite(quantity.value) and quantity.value >= 0


def lines_with(lines: list[str], needle: str) -> int:
    matches = [i for i, line in enumerate(lines) if needle in line]
    assert len(matches) == 1, f"{needle!r} found in lines {matches}"
    return matches[0]


# Chinese lines of the 2022 edition and a phrase of their English translation.
REAL_PAIRS = [
    ("年节省 18973 吨标煤", "annual saving of 18973 TCE"),
    ("总投资 560 亿元", "total investment of 56 billion Yuan"),
    ("203 万吨绿色铝项目于 2019 年", "2.03 million tonnes green aluminum project laid"),
    ("装机容量 2371.00 万千瓦", "installed capacity of 23.71 GW"),
    ("年均供应绿色电力 40.2 亿千瓦时", "4.02 billion kWh of green electricity"),
    ("每年节省 100+ 万元", "save more than 1 million Renminbi Yuan annually"),
]


@pytest.fixture(scope="module")
def edition_2022() -> tuple[list[str], list[str]]:
    return read_lines(ZH_2022), read_lines(EN_2022)


@pytest.mark.parametrize(("zh_needle", "en_needle"), REAL_PAIRS)
def test_real_translation_is_the_best_numeric_match(
        edition_2022: tuple[list[str], list[str]], zh_needle: str, en_needle: str) -> None:
    zh, en = edition_2022
    source = extract_numbers(zh[lines_with(zh, zh_needle)])
    target = lines_with(en, en_needle)
    scores = [number_agreement(source, extract_numbers(line)) or 0.0 for line in en]
    best = max(scores)
    assert scores[target] == best >= 0.8
    assert sorted(scores)[-2] < best, "another English paragraph matches as well"


def test_catl_line_quantities(edition_2022: tuple[list[str], list[str]]) -> None:
    zh, en = edition_2022
    zh_line = zh[lines_with(zh, "总投资 560 亿元")]
    en_line = en[lines_with(en, "total investment of 56 billion Yuan")]
    for quantity in (56e9, 6000.0, 13000.0, 2022.0, 7.0):
        assert Quantity(quantity) in extract_numbers(zh_line)
        assert Quantity(quantity) in extract_numbers(en_line)
    energy_zh = extract_numbers(zh[lines_with(zh, "18973 吨标煤")])
    energy_en = extract_numbers(en[lines_with(en, "18973 TCE")])
    assert energy_zh == energy_en == (Quantity(8.0, True), Quantity(18973.0), Quantity(19792.0))


def test_whole_corpus_is_fast() -> None:
    lines = [line for path in sorted(CORPORA.glob("*.txt")) for line in read_lines(path)]
    start = time.perf_counter()
    found = sum(len(extract_numbers(line)) for line in lines)
    elapsed = time.perf_counter() - start
    assert found > 5000
    # About 0.2 s on one core; the bound only catches runaway backtracking.
    assert elapsed < 5.0
