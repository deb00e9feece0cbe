"""Numbers as alignment evidence: the quantities a paragraph states, in either language.

A translation keeps its numbers, but not their spelling: ``203 万吨`` is ``2.03 million
tonnes``, ``400 亿元`` is ``40 billion yuan``, ``百分之八十`` is ``80%`` and ``200 万千瓦``
is ``2 GW``. :func:`extract_numbers` reads the quantities of a Chinese or English text into
one normal form, so that equal quantities compare equal whatever the language
(:mod:`align.core.agreement` compares them).

What is read:

* Arabic numerals, with ``,`` or space thousands separators (``1,000``, ``1 000``),
  decimals and full-width digits (``１２３``). A digit right after a chemical formula or
  PM (``CO2``, ``CH4``, ``PM2.5``) belongs to the name and is skipped, because Chinese
  writes 二氧化碳 there; after other letters it is kept (``ISO14001``, ``V1.0``), since
  both editions write such names alike.
* The Chinese multipliers 百/千/万/亿 and their combinations (百万, 千万, 万亿) after a
  number (also after 余/多: ``4000 余万元``), and English hundred/thousand/million/
  billion/trillion and ``bn``. 千 before 瓦/克/米… is the prefix kilo-, not a multiplier.
* Chinese numerals where they are unambiguously numbers: a run of two or more numeral
  characters that forms a well-made number (一万三千, 十二, 一百零五, 三点五亿,
  二〇二二年), or a single numeral from 二 to 十 (or 两) before a measure word or unit
  (两个, 三年, 五吨). A lone 一 is not read (一些, 统一, 一个 = "a"), nor 零 (零碳),
  nor an ordinal 第三, nor vague amounts (数十万, 上千); a lone 百/千/万 only when
  approximate (百余家, 近百场).
* English number words from two to ninety-nine (``three``, ``twenty-five``), and ``one``
  only before a multiplier (``one million``), mirroring the Chinese rule.
* English month names (``July`` is 7), since Chinese writes months as numbers (``7 月``).
* Percentages: ``8%``, ``8％``, ``8 percent``, ``8 per cent``, ``80-percent``, ``百分之八``
  and percentage points (``3 个百分点``). A percentage never equals a plain number.
* Power and energy, converted to kW and kWh: ``500 兆瓦`` = ``500 MW`` = 500 000,
  ``2 GW`` = ``200 万千瓦``, ``5237 兆瓦时`` = ``5237 MWh``. Other units are left as they
  are (``6000 亩`` = ``6000 mu`` = 6000), since both editions use the same ones.
* The Five-Year Plans: ``十四五`` gives 14 and 5, like ``14th Five-Year Plan``.

Ranges give both ends (``2019-2021`` gives 2019 and 2021). Signs are dropped: a minus and
a range dash cannot be told apart in extracted PDF text, and both languages lose the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from align.core.text import fold_width

__all__ = ["EN_MULTIPLIERS", "KILO_UNITS", "ZH_MULTIPLIERS", "Quantity", "extract_numbers",
           "si_unit"]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number stated in a text, normalised: ``value`` with multipliers and units applied.

    ``percent`` is True for percentages and percentage points (``8%`` is
    ``Quantity(8.0, True)``). ``step`` is the place value of the last digit written, in
    the same normal form: 10000 for ``2.03 million`` (0.01 million), 0.1 for ``13.3%``, 1
    for ``2022``; it bounds the rounding that :mod:`align.core.agreement` tolerates and
    is ignored by ``==``. Values are rounded to 10 significant digits, so that
    ``2.03 million`` and ``203 万`` are the same float.
    """

    value: float
    percent: bool = False
    step: float = field(default=1.0, compare=False)


_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
#: Chinese multipliers written after a number, one character each.
ZH_MULTIPLIERS = {"百": 100.0, "千": 1000.0, "万": 1e4, "亿": 1e8}
#: English multiplier words.
EN_MULTIPLIERS = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9,
                  "trillion": 1e12, "bn": 1e9}
_ZH_MULT = ZH_MULTIPLIERS
_EN_MULT = EN_MULTIPLIERS
_EN_WORDS = {w: i for i, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen"))}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
            "eighty": 80, "ninety": 90}
_EN_WORDS.update(_EN_TENS)
_MONTHS = {m: i for i, m in enumerate((
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"), 1)}
_MONTHS.update(Jan=1, Feb=2, Mar=3, Apr=4, Jun=6, Jul=7, Aug=8, Sep=9, Sept=9, Oct=10,
               Nov=11, Dec=12)
# Power goes to kW and energy to kWh, the units Chinese reports use most (万千瓦, 亿千瓦时);
# both scale alike, so the factor depends only on the prefix before the watt.
_WATT_PREFIX = {"": 1e-3, "k": 1.0, "m": 1e3, "g": 1e6, "t": 1e9, "kilo": 1.0, "mega": 1e3,
                "giga": 1e6, "tera": 1e9, "千": 1.0, "兆": 1e3, "吉": 1e6, "太": 1e9}
_WATT = re.compile("[wW瓦]")

#: 千 before these is the SI prefix kilo- (千瓦 kW, 千克 kg, 千米 km, 千卡 kcal…), not
#: "thousand".
KILO_UNITS = "瓦克米焦卡帕伏赫"
_KILO = KILO_UNITS
_MULTIPLIERS = "(?i:hundred|thousand|million|billion|trillion)"
# Units and percent signs that may follow any number.
_SUFFIX = (
    r"(?:\s*(?P<unit>千瓦时|兆瓦时|吉瓦时|太瓦时|千瓦|兆瓦|吉瓦|太瓦|瓦时|瓦"
    r"|(?i:[kmgt]?wh?p?)(?![A-Za-z])"
    r"|(?i:(?:kilo|mega|giga|tera)?watt)(?=[- ]?hours?\b|s?\b)))?"
    r"(?:-?\s*(?P<pc>%|个百分点|(?i:percentage\s+points?|per\s?cent)\b))?"
)
# Figures: Arabic numerals and Chinese numeral runs. Each pattern opens with a lookahead
# on its possible first characters, which lets the regex engine skip to candidates (4x
# faster on the bundled corpus).
_FIGURE = re.compile(
    "(?=[0-9〇零一二两三四五六七八九十百千万亿])"
    # Thousands groups only when every group has three digits.
    r"(?:(?P<ar>[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]{1,3}(?: [0-9]{3})+(?![0-9])|[0-9]+)"
    r"(?P<frac>\.[0-9]+)?"
    rf"(?:\s*[余多+]?\s*(?P<zhmul>(?:百(?!分)|千(?![{_KILO}])|万|亿)+)"
    rf"|\s*(?P<enmul>{_MULTIPLIERS}|bn)\b)?"
    rf"|(?P<zh>(?:[〇零一二两三四五六七八九十百万亿]|千(?![{_KILO}]))+"
    r"(?:点[〇零一二三四五六七八九]+[万亿]?)?))"
    + _SUFFIX
)
# Words: English number words and month names, lower case or capitalised.
_WORD_ALTS = "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}"
                      for w in sorted(_EN_WORDS, key=len, reverse=True))
_FIRSTS = "".join(sorted({c for w in _EN_WORDS for c in (w[0], w[0].upper())}
                        | {m[0] for m in _MONTHS}))
_WORD = re.compile(
    rf"(?=[{_FIRSTS}])(?<![A-Za-z])(?:(?P<en>{_WORD_ALTS})(?:-(?P<ones>one|two|three|four|five|six|seven"
    rf"|eight|nine))?(?![A-Za-z])(?:\s+(?P<mul>{_MULTIPLIERS})(?![A-Za-z]))?"
    r"|(?P<month>January|February|March|April|June|July|August|September|October|November"
    r"|December|May(?=,?\s+[0-9])|(?<=[0-9] )May"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)(?![A-Za-z]))"
    + _SUFFIX
)
# What may follow a single Chinese numeral for it to count: measure words and units.
_MEASURE = re.compile(
    "个|位|名|人|家|所|座|栋|幢|条|项|种|类|批|次|回|台|套|件|辆|艘|架|张|本|部|层|场|届|"
    "年|月|日|天|周|小时|分钟|秒|倍|吨|亩|米|公里|公斤|公顷|平方|千米|千克|克|度|元|岁|"
    "大|佳|强|轮|万|亿|千瓦|兆瓦"
)
# Before a Chinese numeral, these make it a vague amount (数十万, 上千, 成千上万).
_VAGUE_BEFORE = frozenset("数几上成好")
# A lone 百/千/万 is a number only when approximate: 百余家, 千多人, 近百场, 逾万.
_APPROX_AFTER = frozenset("余多")
_APPROX_BEFORE = frozenset("近逾超约")
# A digit right after a chemical formula or PM belongs to the name (CO2, N2O, CH4, PM2.5,
# PM_{2.5}); Chinese mostly writes 二氧化碳 there.
_FORMULA = re.compile(r"(?:^|[^A-Za-z])(?:CO|SO|NO|CH|PM|[HNO])(?:_\{)?$")
_PERCENT_BEFORE = re.compile(r"百分之\s*$")
_YEAR_DIGITS = frozenset("〇零一二三四五六七八九")
_FIVE_YEAR = re.compile("十[一二三四五六七八九]五")


def _parse_zh_int(run: str) -> float | None:
    """Value of a Chinese integer numeral such as 一万三千, or None if it is not well made."""
    total = 0.0       # whole 亿 part
    wan = 0.0         # whole 万 part
    section = 0.0     # below 万
    digit: int | None = None
    last_small = 10_000
    last_unit = 0     # the unit just before a trailing digit: 一万三 is 13000
    for ch in run:
        d = _DIGITS.get(ch)
        if d is not None:
            if digit is not None:
                return None           # 一一, 二零, 十四五: digits without a unit between
            if d == 0:
                last_unit = 0         # 一百零五: after 零 a digit is a plain digit
            else:
                digit = d
            continue
        small = _SMALL_UNITS.get(ch)
        if small is not None:
            if small >= last_small:
                return None           # 十百: units out of order
            section += (1 if digit is None else digit) * small
            digit, last_small, last_unit = None, small, small
        elif ch == "万":
            wan = (wan + section + (digit or 0)) * 1e4
            section, digit, last_small, last_unit = 0.0, None, 10_000, 10_000
        else:  # 亿
            total = (total + wan + section + (digit or 0)) * 1e8
            wan, section, digit, last_small, last_unit = 0.0, 0.0, None, 10_000, 100_000_000
    if digit is not None and last_unit >= 100:
        return total + wan + section + digit * last_unit / 10
    return total + wan + section + (digit or 0)


def _parse_zh(run: str, text: str, start: int, end: int,
              is_percent: bool) -> list[tuple[float, float]]:
    """The ``(value, step)`` of the Chinese numeral ``run`` found at ``text[start:end]``."""
    before = text[start - 1] if start > 0 else ""
    if len(run) == 1:
        # A lone numeral counts after 百分之 or before a measure word, and only from 二 up:
        # 一 is mostly the article "a" and has no counterpart in English; 第三 is "third".
        if is_percent:
            return [(float(_DIGITS.get(run) or _ZH_MULT.get(run) or 10), 1.0)]
        if run in "百千万":
            if text[end:end + 1] in _APPROX_AFTER or before in _APPROX_BEFORE:
                return [(_ZH_MULT[run], 1.0)]
            return []
        if (run in "〇零一亿" or before in _VAGUE_BEFORE or before == "第"
                or not _MEASURE.match(text, end) or text.startswith("二次", start)):
            return []                 # 二次 is "secondary"
        return [(float(_DIGITS.get(run, 10)), 1.0)]
    if run[0] in "万亿〇零" or (before in _VAGUE_BEFORE and not is_percent):
        return []
    if "点" in run:
        head, _, frac = run.partition("点")
        mult = 1.0
        if frac[-1] in "万亿":
            mult, frac = _ZH_MULT[frac[-1]], frac[:-1]
        value = _parse_zh_int(head)
        if value is None:
            return []
        fraction = float("0." + "".join(str(_DIGITS[c]) for c in frac))
        return [((value + fraction) * mult, 10.0 ** -len(frac) * mult)]
    value = _parse_zh_int(run)
    if value is not None:
        return [(value, 1.0)]
    if len(run) == 4 and text[end:end + 1] == "年" and all(c in _YEAR_DIGITS for c in run):
        return [(float("".join(str(_DIGITS[c]) for c in run)), 1.0)]   # 二〇二二年
    if _FIVE_YEAR.fullmatch(run):
        return [(float(10 + _DIGITS[run[1]]), 1.0), (5.0, 1.0)]   # 十四五: 14th Five-Year Plan
    return []


def _figure_values(m: re.Match[str], text: str) -> list[tuple[float, float]]:
    """The ``(value, step)`` of one :data:`_FIGURE` match, before units."""
    ar = m.group("ar")
    if ar is None:
        start, end = m.span("zh")
        if m.group("zh") == "百" and text.startswith("分之", end):
            return []                 # the 百 of 百分之: the number follows
        return _parse_zh(m.group("zh"), text, start, end, _is_after_percent(text, start))
    start = m.start()
    if start:
        before = text[start - 1]
        if before.isdigit() or before == ".":
            return []                 # the tail of 1.2.3 or of a malformed group
        if ((before.isascii() and before.isalpha()) or before == "{") and \
                _FORMULA.search(text[max(0, start - 6):start]):
            return []                 # CO2, PM2.5
    frac = m.group("frac") or ""
    value = float(ar.replace(",", "").replace(" ", "") + frac)
    mult = 1.0
    if zhmul := m.group("zhmul"):
        for ch in zhmul:
            mult *= _ZH_MULT[ch]
    elif enmul := m.group("enmul"):
        mult = _EN_MULT[enmul.lower()]
    return [(value * mult, 10.0 ** -max(len(frac) - 1, 0) * mult)]


def _word_values(m: re.Match[str]) -> list[tuple[float, float]]:
    """The ``(value, step)`` of one :data:`_WORD` match, before units."""
    if month := m.group("month"):
        return [(float(_MONTHS[month.rstrip(".")]), 1.0)]
    word = m.group("en").lower()
    value = float(_EN_WORDS[word])
    if ones := m.group("ones"):
        if word not in _EN_TENS:
            return []                 # "seven-eight" is a range of words, not a number
        value += _EN_WORDS[ones]
    if mul := m.group("mul"):
        return [(value * _EN_MULT[mul.lower()], _EN_MULT[mul.lower()])]
    return [] if value < 2 else [(value, 1.0)]   # "one" is mostly the article, like 一


def _is_after_percent(text: str, start: int) -> bool:
    return (start >= 3 and text[start - 1] in "之 \t"
            and _PERCENT_BEFORE.search(text, max(0, start - 6), start) is not None)


def _unit_factor(unit: str) -> float:
    """The factor from a power or energy ``unit`` to kW or kWh."""
    match = _WATT.search(unit)
    return _WATT_PREFIX.get(unit[:match.start()].lower(), 1.0) if match else 1.0


@lru_cache(maxsize=16384)  # asked of one paragraph by case pairing and by alignment
def extract_numbers(text: str) -> tuple[Quantity, ...]:
    """The quantities stated in ``text``, Chinese or English, in order of appearance.

    Multipliers and power/energy units are applied (``203 万吨`` and ``2.03 million
    tonnes`` both give ``Quantity(2030000.0)``), percentages are flagged
    (``百分之八十`` gives ``Quantity(80.0, percent=True)``). See the module documentation
    for exactly what is read; the language need not be given.
    """
    text = fold_width(text)
    found: list[tuple[int, float, float, bool]] = []
    for m in _FIGURE.finditer(text):
        values = _figure_values(m, text)
        if values:
            percent = m.group("pc") is not None or _is_after_percent(text, m.start())
            factor = _unit_factor(m.group("unit")) if m.group("unit") else 1.0
            found.extend((m.start(), v * factor, s * factor, percent) for v, s in values)
    n_figures = len(found)
    for m in _WORD.finditer(text):
        values = _word_values(m)
        factor = _unit_factor(m.group("unit")) if m.group("unit") else 1.0
        found.extend((m.start(), v * factor, s * factor, m.group("pc") is not None)
                     for v, s in values)
    if n_figures < len(found) and n_figures:
        found.sort(key=lambda f: f[0])
    return tuple(Quantity(float(f"{v:.10g}"), p, float(f"{s:.10g}")) for _, v, s, p in found)


#: The Chinese power and energy units, for :func:`si_unit`; 度 is the kilowatt-hour of
#: electricity bills (it is not read as a unit by :func:`extract_numbers`, where it may be
#: a degree).
_ZH_SI = {"瓦": "", "千瓦": "k", "兆瓦": "m", "吉瓦": "g", "太瓦": "t"}
_SI_UNIT = re.compile(r"^(?P<p>[kmgt]?)w(?P<h>h?)$|^(?P<lp>kilo|mega|giga|tera)?watts?"
                      r"(?P<lh>[- ]?hours?)?$", re.IGNORECASE)


def si_unit(unit: str) -> tuple[str, float] | None:
    """``("W" or "Wh", factor to watts or watt-hours)`` of a power or energy unit written
    after a number (``千瓦时``, ``兆瓦``, ``度``, ``kWh``, ``MW``, ``megawatt hours``), or None.

    The prefixes are those :func:`extract_numbers` applies, so both agree on what a unit
    is worth.
    """
    u = unit.strip()
    if u == "度":
        return "Wh", 1e3
    hours = u.endswith("时")
    base = u.removesuffix("时")
    if base in _ZH_SI:
        return ("Wh" if hours else "W"), 1e3 * _WATT_PREFIX[_ZH_SI[base]]
    m = _SI_UNIT.match(u)
    if not m:
        return None
    prefix = (m.group("p") or m.group("lp") or "").lower()
    return ("Wh" if m.group("h") or m.group("lh") else "W"), 1e3 * _WATT_PREFIX[prefix]
