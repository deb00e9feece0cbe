"""Units of measure: what follows equal numbers on both sides of an aligned pair.

``18973 吨标准煤`` and ``18,973 tons of standard coal`` carry the same number, so 吨标准煤
renders as *tons of standard coal*. Numbers are compared after the multipliers are applied
(``272 亿元`` = ``27.2 billion Renminbi Yuan``, ``5 万吨`` = ``50,000 tons``) and, for power
and energy, after unit prefixes (``100 万千瓦`` = ``1 GW``). Each unit yields an entry for
its base form (吨 → *tons*) and one for each multiplied form, written with its scale
explicit (亿元 → *100 million Renminbi Yuan*, whatever multiplier word the English chose:
``12 亿元`` is ``1.2 billion``, but 亿元 is never *billion*).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from align.core.agreement import REL_TOL
from align.core.english import word_set
from align.core.quantities import EN_MULTIPLIERS, KILO_UNITS, ZH_MULTIPLIERS, si_unit
from glossary.candidates.en import BOUNDARY, INNER, STOPWORDS, nested, phrase_key, tokens
from glossary.candidates.segmenter import ZhToken

_ZH_NUMBER = re.compile(r"^\d+(?:,\d{3})*(?:\.\d+)?$")
_EN_NUMBER = re.compile(r"^\d+(?:,\d{3})*(?:\.\d+)?$")
# Classifiers count things rather than measure them: 3 个项目, 5 家企业, 2030 年.
_CLASSIFIERS = word_set(
    "个 项 家 人 台 套 次 名 位 种 条 件 座 批 年 月 日 天 号 层 部 辆 艘 "
    "只 款 份 类 所 栋 处 期 届 倍 周 余 多 余个 多个 余项 余家 余人"
)
_MAX_ZH_TOKENS = 3
_MAX_EN_WORDS = 5


@dataclass(frozen=True)
class UnitMatch:
    """A Chinese unit (as written after a number) and the English unit after the same
    number in the same pair; ``base`` tells the multiplier was stripped from both."""

    zh: str
    en: str
    pair: int
    base: bool


def split_multiplier(unit: str) -> tuple[str, float]:
    """``万吨`` → ``("吨", 1e4)``, ``亿千瓦时`` → ``("千瓦时", 1e8)``; ``千瓦`` and ``千卡`` stay
    units (千 is kilo- there, :data:`align.core.quantities.KILO_UNITS`); ``万余吨`` →
    ``("吨", 1e4)``."""
    factor, i = 1.0, 0
    while i < len(unit) - 1 and unit[i] in ZH_MULTIPLIERS and not (
            unit[i] == "千" and unit[i + 1] in KILO_UNITS):
        factor *= ZH_MULTIPLIERS[unit[i]]
        i += 1
    rest = unit[i:]
    if factor != 1.0:
        rest = rest.removeprefix("余").removeprefix("多")
    return (rest, factor) if rest else (unit, 1.0)


def scale_words(factor: float) -> str:
    """A Chinese multiplier written out in English: 1e4 → ``10,000``, 1e8 → ``100 million``,
    1e12 → ``1 trillion``."""
    for word, size in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
        if factor >= size:
            return f"{factor / size:,g} {word}"
    return f"{factor:,.0f}"


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


@dataclass(frozen=True)
class _ZhQty:
    value: float
    units: tuple[str, ...]  # the unit as 1, 2, 3 tokens


def zh_quantities(clauses: Sequence[Sequence[ZhToken]]) -> list[_ZhQty]:
    """Numbers followed by a unit in segmented Chinese text."""
    out = []
    for clause in clauses:
        for i, tok in enumerate(clause):
            if not _ZH_NUMBER.match(tok.text):
                continue
            value = _number(tok.text)
            if value is None:
                continue
            run: list[str] = []
            for t in clause[i + 1:i + 1 + _MAX_ZH_TOKENS]:
                if t.pos in ("x", "eng") or _ZH_NUMBER.match(t.text) or t.pos[:1] in (
                        "v", "p", "c", "u", "d", "r", "f") or t.text in ("的", "和", "与"):
                    break
                run.append(t.text)
            if run:
                out.append(_ZhQty(value, tuple("".join(run[:k]) for k in range(1, len(run) + 1))))
    return out


@dataclass(frozen=True)
class _EnQty:
    value: float
    units: tuple[str, ...]  # prefixes of the words after the number, as written


_EN_NUMBER_IN_TEXT = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\w,.]\d)")


def en_quantities(text: str) -> list[_EnQty]:
    """Numbers followed by unit words in English text."""
    out = []
    for m in _EN_NUMBER_IN_TEXT.finditer(text):
        value = _number(m.group(1))
        if value is None:
            continue
        rest = text[m.end():m.end() + 80]
        words: list[tuple[str, int, int]] = []
        for k, (w, s, e, clause_start) in enumerate(tokens(rest)):
            low = w.lower()
            if k >= _MAX_EN_WORDS or (clause_start and k > 0) or _EN_NUMBER.match(w):
                break
            if k == 0 and rest[:s].strip():
                break  # punctuation between the number and the word
            if low in STOPWORDS and low not in INNER:
                break
            if low in BOUNDARY and low not in EN_MULTIPLIERS and low not in INNER and low not in (
                    "tons", "tonnes", "per", "cent", "percent"):
                break
            if w[:1].islower() and len(low) > 4 and low.endswith(("ed", "ing")):
                break  # a verb: 1 GW installed
            words.append((w, s, e))
        prefixes = []
        for k in range(1, len(words) + 1):
            last = words[k - 1][0].lower()
            if last in INNER or last in EN_MULTIPLIERS or (last in BOUNDARY
                                                    and last not in ("tons", "tonnes")):
                continue
            prefixes.append(rest[words[0][1]:words[k - 1][2]])
        if prefixes:
            out.append(_EnQty(value, tuple(prefixes)))
    return out


def _scaled_en(unit: str, value: float) -> tuple[float, str, str | None, float]:
    """(value with multiplier words applied, unit without them, SI dimension, SI factor)."""
    words = unit.split()
    mult = 1.0
    while words and words[0].lower() in EN_MULTIPLIERS:
        mult *= EN_MULTIPLIERS[words.pop(0).lower()]
    rest = " ".join(words)
    si = si_unit(words[0]) if words else None
    return value * mult, rest, si[0] if si else None, si[1] if si else 1.0


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= REL_TOL * max(abs(a), abs(b), 1e-9)


def match_units(zh_clauses: Sequence[Sequence[Sequence[ZhToken]]],
                en_texts: Sequence[str]) -> list[UnitMatch]:
    """Units paired through equal numbers, pair by pair (the two lists run in parallel)."""
    found: list[UnitMatch] = []
    for p, (clauses, en) in enumerate(zip(zh_clauses, en_texts, strict=True)):
        zq = zh_quantities(clauses)
        if not zq:
            continue
        eq = en_quantities(en)
        for z in zq:
            for zu in z.units:
                base, mult = split_multiplier(zu)
                if base in _CLASSIFIERS or base[:1] in _CLASSIFIERS:
                    continue
                zv = z.value * mult
                zsi = si_unit(base)
                for e in eq:
                    for eu in e.units:
                        ev, erest, edim, efac = _scaled_en(eu, e.value)
                        if not erest:
                            continue
                        same = _close(zv, ev) or (
                            zsi is not None and edim == zsi[0] and _close(zv * zsi[1], ev * efac))
                        if not same:
                            continue
                        found.append(UnitMatch(base, erest, p, True))
                        if mult != 1.0 and _close(zv, ev):
                            found.append(UnitMatch(zu, f"{scale_words(mult)} {erest}", p,
                                                   False))
    return found


@dataclass(frozen=True)
class UnitRendering:
    """The renderings of one Chinese unit: per pair, the English unit chosen there."""

    zh: str
    chosen: dict[int, str]  # pair index → English key
    support: float  # share of matched pairs holding the preferred rendering
    surfaces: dict[str, str]  # English key → usual written form


def unit_renderings(matches: Sequence[UnitMatch],
                    lexical: Callable[[str, str], float] | None = None, min_pairs: int = 2,
                    min_support: float = 0.4) -> list[UnitRendering]:
    """Choose, per Chinese unit, its English rendering in each pair.

    A unit needs ``min_pairs`` pairs with equal numbers, and its preferred rendering must
    hold in ``min_support`` of them: words that merely follow numbers (years, counts) get
    scattered renderings and are dropped.
    """
    per: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    for m in matches:
        key = phrase_key(m.en.split())
        per[m.zh][m.pair].add(key)
        surfaces[key][m.en] += 1
    out = []
    for zh, by_pair in per.items():
        if len(by_pair) < min_pairs:
            continue
        if lexical is not None:
            # A phrase held by a longer one of the same pair that explains the whole unit
            # is a fragment of it there (*cubic* in *cubic meters*): it does not count.
            explained = partial(lexical, zh)
            by_pair = {p: _maximal(keys, explained) for p, keys in by_pair.items()}
        tot: Counter[str] = Counter()
        for keys in by_pair.values():
            tot.update(keys)

        # A plain measure (吨, 米, 千瓦) names no substance: among equally frequent and
        # equally explained phrases the shorter one is its rendering, and words after it
        # name what is measured (3 万吨 is *30,000 t*, not *30,000 t CO₂e*). A unit that
        # names its substance (吨二氧化碳当量) needs the longer phrase among equals.
        plain = plain_measure(split_multiplier(zh)[0])

        def rank(key: str, tot: Counter[str] = tot, zh: str = zh, plain: bool = plain
                 ) -> tuple[float, float, int]:
            # Frequent and explained by the dictionary (吨二氧化碳当量 is *tons of carbon
            # dioxide equivalent* rather than *tons*), then better explained, then by length.
            lex = lexical(zh, key) if lexical else 0.0
            words = len(key.split())
            return (tot[key] * (0.3 + 0.7 * lex), lex, -words if plain else words)

        chosen = {p: max(sorted(keys), key=rank) for p, keys in by_pair.items()}
        best = Counter(chosen.values()).most_common(1)[0][1]
        support = best / len(by_pair)
        if support < min_support and best < 3:
            continue
        out.append(UnitRendering(
            zh, chosen, support,
            {k: surfaces[k].most_common(1)[0][0] for k in set(chosen.values())}))
    return out


def plain_measure(unit: str) -> bool:
    """Whether ``unit`` (multiplier stripped) is a bare measure word: one character (吨, 米)
    or a power or energy unit (千瓦, 兆瓦时)."""
    return len(unit) == 1 or si_unit(unit) is not None


def _maximal(keys: set[str], lexical: Callable[[str], float]) -> set[str]:
    """``keys`` without those held, as a run of words, by a longer key that explains the
    whole unit (``lexical`` 1: its dictionary rendering)."""
    full = [o for o in keys if lexical(o) >= 0.99]
    return {k for k in keys if not any(
        len(o) > len(k) and nested(o, k) and lexical(k) < 0.99 for o in full)}
