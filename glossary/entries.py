"""Glossary entries: their wording, examples, units, ranking and the fragments dropped.

What every pairing method shares once it has chosen renderings: how many genuinely
different wordings a term's renderings hold, the example snippets, the entries of units
of measure, the rank of an entry (confidence, frequency, specificity, branching), and the
dropping of fragments that nearly always occur inside a longer entry.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from align.core.english import stem
from align.core.records import AlignedPair
from align.core.text import tm_spacing
from glossary.candidates.en import fold_word, nested
from glossary.candidates.segmenter import ZhSegmenter
from glossary.candidates.zh import ZhCorpus, ZhStats
from glossary.evidence.units import UnitRendering, plain_measure, scale_words, split_multiplier
from glossary.options import GlossaryOptions
from glossary.pairing.select import NOUNISH
from glossary.terms import Occurrence, Rendering, TermEntry

_ONE_OFF_MIN = 0.6


def distinct_wordings(renderings: Sequence[str]) -> int:
    """How many genuinely different wordings ``renderings`` hold.

    A single word in several grammatical forms (*reduce*, *reducing*) and a phrase written
    with a hyphen or a space (*energy-saving*, *energy saving*) are one wording; *carbon
    neutral* and *carbon neutrality*, or *Ministry of Transport* and *of Transportation*,
    are two.
    """
    seen: set[str] = set()
    for text in renderings:
        words = re.sub(r"[-/]", " ", text.lower().replace("’", "'")).split()
        words = [w.removesuffix("'s") for w in words]
        if len(words) == 1:
            seen.add(stem(words[0]))
        else:
            seen.add(" ".join(fold_word(w) for w in words))
    return len(seen)


def expansion_key(text: str) -> str:
    """How an acronym's expansion is looked up: lowercase, possessives dropped, so that
    *China Certified Emission Reduction* finds *China's Certified Emission Reduction (CCER)*."""
    return " ".join(w.removesuffix("'s").removesuffix("’s") for w in text.lower().split())


def unit_entry(ur: UnitRendering, pairs: Sequence[AlignedPair], translated: Sequence[int],
                corpus: ZhCorpus) -> TermEntry:
    """The glossary entry of a unit (万吨, 亿元) from its renderings in the ``translated``
    pairs: the most frequent one preferred, the others as variants, the scale explicit."""
    counts = Counter(ur.chosen.values())
    cases: dict[str, set[int]] = defaultdict(set)
    for i, key in ur.chosen.items():
        cases[key].add(pairs[translated[i]].zh_case)
    rends = tuple(Rendering(ur.surfaces[k], n, tuple(sorted(cases[k])))
                  for k, n in counts.most_common())
    preferred = rends[0]
    first = next(translated[i] for i, k in sorted(ur.chosen.items())
                 if ur.surfaces[k] == preferred.text)
    occurrences = tuple(
        Occurrence(pairs[translated[i]].pair, pairs[translated[i]].zh_case,
                   pairs[translated[i]].zh_ids, pairs[translated[i]].en_ids, ur.surfaces[k])
        for i, k in sorted(ur.chosen.items()))
    st = corpus.stats.get(ur.zh)
    return TermEntry(
        zh=ur.zh, en=preferred.text, renderings=rends,
        count=max(st.freq if st else 0, len(ur.chosen)),
        cases=tuple(sorted({pairs[translated[i]].zh_case for i in ur.chosen})), kind="unit",
        confidence=round(0.5 + 0.5 * ur.support, 4),
        status="inconsistent" if distinct_wordings([r.text for r in rends]) > 1
        else "consistent",
        example_zh=zh_example(pairs[first], ur.zh),
        example_en=snippet(pairs[first].en, preferred.text, ignore_case=True),
        occurrences=occurrences, scale=split_multiplier(ur.zh)[1])


def redundant_units(units: Sequence[TermEntry]) -> set[str]:
    """The units that only repeat a plain measure they start with (吨, 元, 亿元: one
    character or a power unit once the multiplier is stripped) under its very rendering:
    the words after it were not part of the unit (亿元绿色 → *100 million Renminbi Yuan*
    beside 亿元, from 400 亿元绿色新工业产值). A unit naming its substance keeps its own
    entry however it is rendered (吨二氧化碳当量 beside 吨二氧化碳)."""
    plain = {u.zh: u.en.lower() for u in units if plain_measure(split_multiplier(u.zh)[0])}
    return {u.zh for u in units if any(
        len(other) < len(u.zh) and u.zh.startswith(other) and u.en.lower() == en
        for other, en in plain.items())}


def scaled_unit(entry: TermEntry, base: TermEntry, factor: float) -> TermEntry:
    """A term entry for a multiplied unit (万千瓦) made a unit entry with its scale explicit,
    from the entry of its base unit (千瓦 → *kW*: 万千瓦 → *10,000 kW*): the English wrote the
    number with another multiplier (*1 GW*), which is no rendering of the unit."""
    en = f"{scale_words(factor)} {base.en}"
    occurrences = tuple(replace(o, rendering="") for o in entry.occurrences)
    return replace(entry, en=en, renderings=(Rendering(en, 0, ()),), kind="unit",
                   status="consistent", example_en="", occurrences=occurrences, scale=factor)


_BULLET = re.compile(r"[-–—•·*]+\s+")


def snippet(text: str, phrase: str, width: int = 60, ignore_case: bool = False,
            shown: str | None = None) -> str:
    """``text`` cut to about ``width`` characters each side of the first ``phrase``.

    With ``shown`` (the same text as written, character for character: a Traditional
    edition's text where ``text`` is its Simplified form) the phrase is looked for in
    ``text`` and the snippet is cut from ``shown``.
    """
    flat = " ".join(text.split())
    out = flat
    if shown is not None and len(written := " ".join(shown.split())) == len(flat):
        out = written
    # A list item's marker is no part of the example, and a spreadsheet reads a cell
    # starting with "-" as a formula.
    bullet = _BULLET.match(flat)
    if bullet:
        flat, out = flat[bullet.end():], out[bullet.end():]
    pos = flat.lower().find(phrase.lower()) if ignore_case else flat.find(phrase)
    if pos < 0:
        return out[: 2 * width] + ("…" if len(out) > 2 * width else "")
    a = max(0, pos - width)
    b = min(len(flat), pos + len(phrase) + width)
    return ("…" if a > 0 else "") + out[a:b] + ("…" if b < len(out) else "")


def zh_example(pair: AlignedPair, term: str) -> str:
    """The Chinese example of ``term`` from ``pair``: found in the Simplified text the run
    recorded, shown as the edition writes it, without the white space extraction leaves
    between Han characters and Latin letters or digits (as in the translation memory)."""
    return tm_spacing(snippet(pair.zh_simplified, term, shown=pair.zh))


@dataclass(frozen=True)
class Ranked:
    """An entry with what ranks it: its Chinese statistics, the dictionary score of its
    preferred rendering and its :func:`specificity`."""

    entry: TermEntry
    stats: ZhStats
    lex: float
    specificity: float


def specificity(st: ZhStats, segmenter: ZhSegmenter, corpus_tokens: int) -> float:
    """In (0, 1]: how much more frequent the term is here than in general Chinese.

    Everyday words (企业, 数据, 管理) are frequent in jieba's dictionary and score low;
    domain words (光伏, 储能) and compounds that are no dictionary word score high.
    """
    general = segmenter.general_frequency(st.term)
    if general is None:
        return 1.0
    ratio = (st.freq / max(1, corpus_tokens)) / general
    value = min(1.0, max(0.1, math.log10(max(ratio, 1.0)) / 2.5)) ** 1.5
    if len(st.pos) == 1 and st.pos[0][:1] in ("v", "a", "d"):
        value *= 0.6  # a glossary lists things more than actions and qualities
    return value


def cut_through(entries: Sequence[Ranked], corpus: ZhCorpus) -> set[str]:
    """The terms of ``entries`` that more than half of their occurrences cut through
    another entry's word: they share one character at their edge with a more frequent entry
    that runs on past it (车辆碳 in 车辆碳减排, where 碳减排 holds the 碳). Such a run is a
    piece of longer text, not a term. Units neither cut nor are cut: a scale and a measure
    share their characters by design (万吨 and 吨标准煤 in 万吨标准煤).

    One character, not more: chains of real compounds overlap by whole words (供应链融资 and
    融资服务 in 供应链融资服务): on the bundled corpus a rule allowing any overlap dropped
    566 entries, gold terms among them; one character drops 126, none of them gold terms."""
    count = {r.entry.zh: r.entry.count for r in entries if r.entry.kind != "unit"}
    seen: Counter[str] = Counter()
    cut: Counter[str] = Counter()
    for spans in corpus.spans:
        mine = [sp for sp in spans if sp.term in count]
        ending: dict[int, list[str]] = defaultdict(list)
        starting: dict[int, list[str]] = defaultdict(list)
        for sp in mine:
            ending[sp.end].append(sp.term)
            starting[sp.start].append(sp.term)
        for x in mine:
            if x.end - x.start < 2:
                continue
            seen[x.term] += 1
            # Entries of two characters or more ending on x's first character (so starting
            # before it), or starting on its last one (so ending after it).
            over = [*ending.get(x.start + 1, ()), *starting.get(x.end - 1, ())]
            if any(len(y) > 1 and count[y] > count[x.term] for y in over):
                cut[x.term] += 1
    return {t for t, n in seen.items() if 2 * cut[t] > n}


def rank_entries(entries: list[Ranked], opts: GlossaryOptions) -> list[TermEntry]:
    """The entries kept and ranked best first: one-offs need more confidence, fragments
    of a longer entry and longer entries that only repeat a shorter one's rendering are
    dropped; the rest are sorted by confidence times log frequency, specificity and how
    many different words surround the term (its branching), then cut to
    ``opts.max_entries``."""
    # A term seen once must be paired more surely than one whose pairing recurs.
    kept = [r for r in entries if r.entry.confidence >= (
        opts.min_confidence if r.entry.count > 1 else max(opts.min_confidence, _ONE_OFF_MIN))]
    # A fragment that nearly always occurs inside a longer entry is part of it when the
    # longer entry's extra words are nouns or names (物流上海 in 万纬物流上海奉贤临港园区), or
    # when it merely borrowed that entry's rendering (光大 → Everbright Water).
    drop: set[str] = set()
    holders: dict[str, list[Ranked]] = defaultdict(list)  # substring → longer entries
    for r in kept:
        z = r.entry.zh
        for a in range(len(z)):
            for b in range(a + 1, len(z) + 1):
                if b - a < len(z):
                    holders[z[a:b]].append(r)
    for r in sorted(kept, key=lambda r: len(r.entry.zh)):
        e = r.entry
        for longer in sorted(holders.get(e.zh, []), key=lambda x: -len(x.entry.zh)):
            o = longer.entry
            if o.zh in drop or o.count < 0.8 * e.count:
                continue
            extra = [p for t, p in zip(longer.stats.tokens, longer.stats.pos, strict=False)
                     if t not in e.zh]
            nominal = len(r.stats.tokens) >= 2 and bool(extra) and all(
                p in NOUNISH or p == "m" for p in extra)
            # Unless it also stands alone and its rendering is part of the longer one's: a
            # term of its own (衍生品交易 in 人民币利率衍生品交易, 热回收 in 热回收新风机组).
            own = e.count > o.count and e.en.lower() != o.en.lower() and nested(
                e.en.lower(), o.en.lower())
            if (nominal and not own) or e.en.lower() == o.en.lower():
                drop.add(e.zh)
                break
    # The other way round: a longer entry rendered exactly like a shorter one it holds, and
    # no more frequent, carries words its rendering does not explain (魏桥集团节约).
    for r in kept:
        e = r.entry
        for longer in holders.get(e.zh, []):
            o = longer.entry
            if o.zh not in drop and e.zh not in drop and o.en.lower() == e.en.lower() \
                    and o.count <= min(e.count, 2) and longer.lex < r.lex:
                drop.add(o.zh)
    kept = [r for r in kept if r.entry.zh not in drop]

    def rank(r: Ranked) -> float:
        e = r.entry
        return (e.confidence * (1 + math.log2(e.count)) * r.specificity
                * (1 + 0.1 * min(r.stats.branching, 3.0)))

    kept.sort(key=lambda r: (-rank(r), r.entry.zh))
    out = [r.entry for r in kept]
    if opts.max_entries is not None:
        out = out[: opts.max_entries]
    return out


def with_written_forms(entries: Sequence[TermEntry], pairs: Sequence[AlignedPair]
                       ) -> tuple[TermEntry, ...]:
    """``entries`` with the form a Traditional edition writes each term in
    (:attr:`~glossary.terms.TermEntry.written`): the most frequent span of the pairs' text
    as written at the places the term takes in their Simplified text (the two are
    character for character). Entries of Simplified editions come back unchanged."""
    by_key = {(p.pair, p.zh_ids): p for p in pairs if p.zh != p.zh_simplified}
    if not by_key:
        return tuple(entries)
    out = []
    for e in entries:
        forms: Counter[str] = Counter()
        for o in e.occurrences:
            p = by_key.get((o.pair, o.zh_ids))
            if p is None:
                continue
            simplified, written = p.zh_simplified, p.zh
            at = simplified.find(e.zh)
            while at >= 0:
                forms[written[at:at + len(e.zh)]] += 1
                at = simplified.find(e.zh, at + 1)
        form = max(sorted(forms), key=forms.__getitem__) if forms else ""
        out.append(replace(e, written=form) if form and form != e.zh else e)
    return tuple(out)
