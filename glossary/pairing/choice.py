"""Choosing a term's renderings from its candidates with the learnt table.

Each candidate phrase of a term gets a probability from the table's rendering model
(:mod:`glossary.pairing.weights`). The phrase with the largest expected support (the pairs
holding it times its probability; a pair where a longer, more probable phrase holding it is
consistent too counts for that one, :func:`shadowed_pairs`) is picked and explains its
pairs; the search repeats on the pairs left, so a later pick is a phrase consistent with
the term where no earlier one was. The first pick is the preferred rendering, when its
probability passes the table's entry threshold; a later pick is listed as a variant only
when the table's variant model, which weighs its own evidence and how it relates to the
preferred rendering, passes it, and it may be listed at all (:func:`listable`: evidence of
its own, not the preferred rendering coordinated with a neighbour) and is not another
kept rendering cut short to one of its words (:func:`cut_short`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from align.core.collector import fewer_collections
from align.core.english import STOPWORDS, stem
from align.core.records import AlignedPair
from glossary.candidates.en import INNER, en_candidates, nested
from glossary.candidates.zh import ZhStats
from glossary.entries import (
    Ranked,
    cut_through,
    distinct_wordings,
    expansion_key,
    rank_entries,
    redundant_units,
    scaled_unit,
    snippet,
    unit_entry,
    zh_example,
)
from glossary.evidence.units import split_multiplier
from glossary.options import GlossaryOptions
from glossary.pairing.features import Candidate, Evidence, TermEvidence
from glossary.pairing.forked import in_halves
from glossary.pairing.select import NOUNISH
from glossary.pairing.weights import FEATURES, TermWeights, shipped
from glossary.terms import Glossary, Kind, Occurrence, Rendering, Status, TermEntry

# Renderings picked per term at most: the most varied gold term of the dev half has seven
# attested renderings; more would be noise for a translator.
MAX_RENDERINGS = 8


@dataclass(frozen=True)
class Pick:
    """A rendering picked for a term: the candidate, its probability as a rendering, the
    pairs it explains (won), its variant features and probability (the first pick, the
    preferred rendering, has none)."""

    candidate: Candidate
    p: float
    won: tuple[int, ...]
    vx: tuple[float, ...] = ()
    pv: float = 1.0


def choose(t: TermEvidence, w: TermWeights) -> list[Pick]:
    """The renderings of term ``t`` under table ``w``, preferred first (see the module
    docstring); later picks carry the variant model's features and probability."""
    probs = {c.key: w.probability(c.x) for c in t.candidates}
    remaining = set().union(*(c.pairs for c in t.candidates)) if t.candidates else set()
    shadow = shadowed_pairs(t.candidates, probs)
    picks: list[Pick] = []
    n = max(1, len(t.pairs))
    while remaining and len(picks) < MAX_RENDERINGS:
        best = None
        for c in t.candidates:
            won = len(c.pairs & remaining)
            if won:
                own = len((c.pairs - shadow[c.key]) & remaining)
                key = (own * probs[c.key], won * probs[c.key], probs[c.key], len(c.key),
                       c.key)
                if best is None or key > best[0]:
                    best = (key, c)
        if best is None:
            break
        c = best[1]
        won_pairs = tuple(sorted(c.pairs & remaining))
        remaining -= set(won_pairs)
        if not picks:
            picks.append(Pick(c, probs[c.key], won_pairs))
            continue
        pref = picks[0].candidate.key
        lex = c.x[_LEX]  # the dictionary's score of the phrase, a feature already
        # Keys keep mixed case (YanTian); how two renderings nest ignores it.
        low, low_pref = c.key.lower(), pref.lower()
        vx = (probs[c.key], math.log1p(len(won_pairs)), len(won_pairs) / n,
              float(len(low) < len(low_pref) and nested(low, low_pref)),
              float(len(low) > len(low_pref) and nested(low, low_pref)),
              float(_same_words(c.key, pref)), lex,
              float(bool(_content(c.key) & _content(pref))),
              _inside_longer(c, t.candidates, won_pairs), c.x[_NP], c.x[_LEX_ZH],
              c.x[_SOFT_ZH])
        picks.append(Pick(c, probs[c.key], won_pairs, vx, w.variant.probability(vx)))
    return picks


def shadowed_pairs(cands: list[Candidate], probs: dict[str, float]) -> dict[str, set[int]]:
    """For each candidate, the pairs where another candidate, nested in it or holding it and
    more probable as a rendering, is consistent too. A fragment of a more probable longer
    rendering is that rendering cut short there (*zero* inside *zero carbon*); an extension
    of a more probable shorter one has swallowed a neighbour there (*Meituan Bike and
    E-bike* for 美团单车 in 美团单车和电单车). Either way its support in those pairs belongs
    to the other and does not count towards picking it."""
    out: dict[str, set[int]] = {c.key: set() for c in cands}
    by_len = sorted(((c, c.key.lower()) for c in cands), key=lambda cl: len(cl[1]))
    for k, (c, low) in enumerate(by_len):
        for o, o_low in by_len[k + 1:]:
            if len(o_low) > len(low) and nested(o_low, low):
                both = c.pairs & o.pairs
                if probs[o.key] > probs[c.key]:
                    out[c.key] |= both
                elif probs[c.key] > probs[o.key]:
                    out[o.key] |= both
    return out


_NP = FEATURES.index("np")
_LEX_ZH = FEATURES.index("lex_zh")
_SOFT_ZH = FEATURES.index("soft_zh")
_BOTH = FEATURES.index("both")
_LEX = FEATURES.index("lex")
_PINYIN = FEATURES.index("pinyin")


def own_evidence(c: Candidate) -> bool:
    """Whether candidate ``c`` has evidence of its own that it renders the term: a
    consistent span under the links both alignment directions agree on in one of its
    pairs at least, or a dictionary, reading or acronym relation to the term. A later
    rendering without either is a word the looser link sets attached to the term once
    (光伏 → *Singapore*); it is not listed as a variant, whatever the variant model says.
    """
    return c.x[_BOTH] > 0 or c.x[_LEX] > 0


def _words(text: str) -> list[str]:
    """The words of ``text``, lower case, hyphenated words split (*&* counts as one)."""
    return re.findall(r"[^\W_]+|&", text.lower())


# Words that join two phrases into one coordination.
_CONJUNCTIONS = frozenset({"and", "or", "&", "nor"})


def coordinated(surface: str, preferred: str) -> bool:
    """Whether ``surface`` is the ``preferred`` rendering coordinated with another phrase:
    it holds every word of it and adds a conjunction or a comma it lacks (单车 → *Bike and
    E-bike*, 节能 → *energy or energy-saving*). The span swallowed a neighbour; the term's
    rendering inside it is the preferred one already."""
    mine, pref = _words(surface), _words(preferred)
    if not pref or not set(pref) <= set(mine):
        return False
    added = {w for w in mine if w in _CONJUNCTIONS} - set(pref)
    return bool(added) or ("," in surface and "," not in preferred)


def listable(p: Pick, preferred: Pick) -> bool:
    """Whether a later pick ``p`` may be listed as a variant of the entry whose preferred
    rendering is ``preferred``, whatever the variant model says: it has evidence of its
    own (:func:`own_evidence`) and is not the preferred rendering coordinated with a
    neighbour (:func:`coordinated`)."""
    return (own_evidence(p.candidate)
            and not coordinated(p.candidate.surface, preferred.candidate.surface))


def _key_words(key: str) -> set[str]:
    """The content words of a phrase key, hyphenated and slashed words split."""
    return {w for w in re.split(r"[\s/-]+", key.lower())
            if w and w not in INNER and w not in STOPWORDS}


def cut_short(c: Candidate, kept: Sequence[Candidate]) -> bool:
    """Whether ``c`` is one word of another kept rendering that explains more of the term
    in the dictionary (减排: *emission* of *emission reduction*, 零碳: *zero* of *zero
    carbon*, 账本: *book* of *account book*). Such a word is that rendering cut short by
    the span around it, not a second way of saying the term; a shorter rendering of more
    than one word (碳减排: *carbon reduction*) is judged by the variant model alone."""
    mine = _key_words(c.key)
    if len(mine) != 1:
        return False
    return any(o is not c and o.x[_LEX_ZH] > c.x[_LEX_ZH]
               and len(theirs := _key_words(o.key)) > 1 and mine <= theirs for o in kept)


def _inside_longer(c: Candidate, others: list[Candidate], won: tuple[int, ...]) -> float:
    """The share of pairs ``won`` where a longer candidate of the same term holding ``c``
    is also a consistent span (*net* where *net zero* is one too): a fragment there."""
    longer = [o.pairs for o in others if len(o.key) > len(c.key) and nested(o.key, c.key)]
    return sum(1 for i in won if any(i in p for p in longer)) / max(1, len(won))


def _content(key: str) -> set[str]:
    return {stem(x) for x in key.lower().replace("-", " ").split()
            if x not in INNER and x not in STOPWORDS}


def _same_words(a: str, b: str) -> bool:
    """Two different keys holding the same content words up to inflection (*carbon peak*
    and *carbon peaking*)."""
    return a.lower() != b.lower() and bool(_content(a)) and _content(a) == _content(b)


def entry_of(t: TermEvidence, ev: Evidence, w: TermWeights) -> tuple[TermEntry, float] | None:
    """The entry of term ``t`` under table ``w``, with the dictionary score of its
    preferred rendering (for ranking), or None when no rendering passes."""
    picks = choose(t, w)
    if not picks or picks[0].p < w.entry:
        return None
    kept = [picks[0]] + [r for r in picks[1:]
                         if r.pv >= w.variant_min and listable(r, picks[0])]
    kept = [r for r in kept if r is kept[0] or not cut_short(r.candidate,
                                                             [k.candidate for k in kept])]
    renderings, occ_rendering = _renderings(kept, ev)
    preferred = renderings[0]
    status = _status(renderings)
    pairs = ev.pairs
    occurrences = tuple(
        Occurrence(pairs[i].pair, pairs[i].zh_case, pairs[i].zh_ids, pairs[i].en_ids,
                   occ_rendering.get(i, ""), t.counts[i]) for i in t.pairs)
    first = next((i for i in t.pairs if occ_rendering.get(i, "").lower()
                  == preferred.text.lower()), t.pairs[0])
    best = picks[0].candidate.x
    kind: Kind = "name" if best[_PINYIN] or looks_like_name(preferred.text) else "term"
    entry = TermEntry(
        zh=t.stats.term, en=preferred.text, renderings=tuple(renderings),
        count=t.stats.freq, cases=tuple(sorted({pairs[i].zh_case for i in t.pairs})),
        kind=kind, confidence=round(picks[0].p, 4), status=status,
        example_zh=zh_example(pairs[first], t.stats.term),
        example_en=snippet(pairs[first].en, preferred.text, ignore_case=True),
        occurrences=occurrences)
    return entry, best[_LEX]


def _status(renderings: Sequence[Rendering]) -> Status:
    """``inconsistent`` when ``renderings`` (the preferred one first) hold two genuinely
    different wordings; the acronym of the preferred name is the same name, not another
    wording."""
    preferred = renderings[0].text
    wordings = [preferred] + [r.text for r in renderings[1:]
                              if not same_concept(r.text, preferred)]
    return "inconsistent" if distinct_wordings(wordings) > 1 else "consistent"


def _renderings(kept: list[Pick], ev: Evidence) -> tuple[list[Rendering], dict[int, str]]:
    """The renderings of the picks kept (a name shown in full with its acronym, see
    :func:`full_name`; renderings differing only in case merged), and the rendering of
    each pair."""
    merged: dict[str, Rendering] = {}
    occ: dict[int, str] = {}
    for r in kept:
        surface = full_name(r.candidate.surface, ev, r.won)
        cases = {ev.pairs[i].zh_case for i in r.won}
        old = merged.get(surface.lower())
        if old is not None:
            merged[surface.lower()] = Rendering(old.text, old.count + len(r.won),
                                                tuple(sorted(set(old.cases) | cases)))
            surface = old.text
        else:
            merged[surface.lower()] = Rendering(surface, len(r.won), tuple(sorted(cases)))
        for i in r.won:
            occ[i] = surface
    return list(merged.values()), occ


def full_name(surface: str, ev: Evidence, pairs: Sequence[int]) -> str:
    """``surface`` as one name with its acronym, when the English defines one for it: an
    expansion it is (*greenhouse gas* → *greenhouse gas (GHG)*), or one it begins and that
    one of ``pairs`` writes out (*Contemporary Amperex* → *Contemporary Amperex Technology
    Co., Limited (CATL)*: the rendering was cut short where the name went on)."""
    words = surface.split()
    key = expansion_key(surface)
    acronym = ev.expansions.get(key)
    if acronym and len(words) > 1:
        return f"{ev.written.get(key, surface)} ({acronym})"
    if len(words) < 2 or not words[0][:1].isupper():
        return surface
    for full, acr in ev.expansions.items():
        written = ev.written.get(full)
        if (written and full.startswith(key + " ")
                and any(written in ev.pairs[i].en for i in pairs)):
            return f"{written} ({acr})"
    return surface


def same_concept(a: str, b: str) -> bool:
    """Whether two renderings name one thing: equal up to case, or one is the acronym the
    other defines in parentheses (*CATL* and *Contemporary Amperex … (CATL)*)."""
    def acronym(x: str) -> str:
        return x[x.rindex("(") + 1:-1] if x.endswith(")") and "(" in x else ""
    return a.lower() == b.lower() or a == acronym(b) or b == acronym(a)


# Specificity (glossary.entries.specificity) a term needs to be reported as left out of the
# English: below it the word is common Chinese (协议, 办法, 关系), which a translation may
# well leave out without anything being lost.
_KEY_TERM = 0.5


def untranslated(t: TermEvidence, ev: Evidence) -> bool:
    """Whether term ``t`` is a key term the English leaves out: a noun phrase specific to
    these texts, seen in two pairs at least, with no English span aligned to it anywhere
    and no English phrase of its pairs the dictionary or pinyin relates to it."""
    if t.candidates or len(t.pairs) < 2 or t.specificity < _KEY_TERM:
        return False
    if not all(p in NOUNISH for p in t.stats.pos):
        return False
    for i in t.pairs:
        for span in en_candidates(ev.pairs[i].en):
            if ev.lexical.score(t.stats.term, span.key).score > 0:
                return False
    return True


def _untranslated_entry(t: TermEvidence, ev: Evidence) -> TermEntry:
    pairs = ev.pairs
    return TermEntry(
        zh=t.stats.term, en="", renderings=(), count=t.stats.freq,
        cases=tuple(sorted({pairs[i].zh_case for i in t.pairs})), kind="term", confidence=0.0,
        status="untranslated", example_zh=zh_example(pairs[t.pairs[0]], t.stats.term),
        example_en=snippet(pairs[t.pairs[0]].en, ""),
        occurrences=tuple(Occurrence(pairs[i].pair, pairs[i].zh_case, pairs[i].zh_ids,
                                     pairs[i].en_ids, "", t.counts[i]) for i in t.pairs))


def looks_like_name(en: str) -> bool:
    """Every word capitalised or a figure (a bracket or quotation mark before it aside:
    *Contemporary Amperex Technology Co., Limited (CATL)*), function words aside, and not
    a lone acronym."""
    words = [x.lstrip("([\"“‘'") for x in en.split()
             if x.lower() not in ("of", "and", "for", "the", "&")]
    words = [x for x in words if x]
    return bool(words) and all(x[:1].isupper() or x[:1].isdigit() for x in words) and not (
        len(words) == 1 and words[0].isupper())


def _as_unit(r: Ranked, units: dict[str, Ranked]) -> Ranked:
    """A term that is a multiplied unit (万千瓦, when 千瓦 is a unit entry) as a unit entry
    with its scale explicit; any other term as it is."""
    base, factor = split_multiplier(r.entry.zh)
    if factor == 1.0 or base not in units:
        return r
    return Ranked(scaled_unit(r.entry, units[base].entry, factor), r.stats, r.lex,
                  r.specificity)


@fewer_collections()
def from_evidence(ev: Evidence, weights: TermWeights | None = None,
                  options: GlossaryOptions | None = None) -> Glossary:
    """The glossary that table ``weights`` (default: the shipped one) makes of ``ev``."""
    w = weights or shipped()
    opts = options or GlossaryOptions()
    chosen = in_halves(lambda terms: [_entry_or_untranslated(t, ev, w) for t in terms],
                       ev.terms, "rendering chooser", _SPLIT_MIN)
    entries = [Ranked(got[0], t.stats, got[1], t.specificity)
               for t, got in zip(ev.terms, chosen, strict=True) if got is not None]
    translated = list(range(len(ev.pairs)))
    units = {}
    for ur in ev.units:
        entry = unit_entry(ur, ev.pairs, translated, ev.corpus)
        units[entry.zh] = Ranked(entry, ev.corpus.stats.get(entry.zh) or ZhStats(entry.zh),
                                 1.0, 1.0)
    # A unit that only repeats a shorter one is no entry at all, as a unit or as a term.
    redundant = redundant_units([r.entry for r in units.values()])
    entries = [_as_unit(r, units) for r in entries if r.entry.zh not in units]
    entries += [r for zh, r in units.items() if zh not in redundant]
    pieces = cut_through(entries, ev.corpus)
    entries = [r for r in entries if r.entry.zh not in pieces]
    entries = without_neighbours(entries, ev.pairs)
    return Glossary(tuple(rank_entries(entries, opts)), f"{ev.signature}|tw:{w.signature}")


# Below this many terms the entries are chosen in one process. On the bundled corpus (9,243
# terms, about 0.3 ms each) sending half of the entries back takes about 0.2 s (pickled and
# read back), and the whole choice took 1.9-2.3 s split against 2.8-3.4 s in one process:
# splitting pays from about 1,000 terms on.
_SPLIT_MIN = 1000


def _entry_or_untranslated(t: TermEvidence, ev: Evidence, w: TermWeights
                           ) -> tuple[TermEntry, float] | None:
    """:func:`entry_of`, else the ``untranslated`` entry of a key term the English leaves
    out (dictionary score 0), else None."""
    got = entry_of(t, ev, w)
    if got is None and untranslated(t, ev):
        return _untranslated_entry(t, ev), 0.0
    return got


def _spans_of(term: str, text: str) -> list[tuple[int, int]]:
    out, k = [], text.find(term)
    while k >= 0:
        out.append((k, k + len(term)))
        k = text.find(term, k + 1)
    return out


def _beside(a: str, b: str, text: str) -> bool:
    """Whether Chinese term ``b`` occurs in ``text`` right before or right after an
    occurrence of ``a`` (光伏 before 治沙 in 光伏治沙)."""
    return any(be == as_ or bs == ae
               for as_, ae in _spans_of(a, text) for bs, be in _spans_of(b, text))


def without_neighbours(entries: list[Ranked], pairs: Sequence[AlignedPair]) -> list[Ranked]:
    """``entries`` (built from the aligned ``pairs``) with the variants that carry a
    neighbouring term's English removed (competitive linking between entries).

    A variant whose words beyond those of the preferred rendering hold a run that is a
    rendering of another entry, whose Chinese term (neither inside this one nor holding
    it) stands right beside this one in a pair the variant renders, took that neighbour's
    English (治沙 → *PV-sand control* where 光伏 → *PV* precedes 治沙; 吨 → *carbon dioxide
    equivalent tons* where 二氧化碳 follows 吨): it is not listed, and the status is
    decided on what remains.
    """
    by_words: dict[str, set[str]] = {}
    for r in entries:
        for x in r.entry.renderings:
            by_words.setdefault(" ".join(_words(x.text)), set()).add(r.entry.zh)
    where = {(p.pair, p.zh_ids): p.zh_simplified for p in pairs}
    out = []
    for r in entries:
        e = r.entry
        if len(e.renderings) < 2:
            out.append(r)
            continue
        preferred = set(_words(e.en))
        dropped = set()
        for v in e.renderings[1:]:
            words = _words(v.text)
            texts = [where.get((o.pair, o.zh_ids), "") for o in e.occurrences
                     if o.rendering == v.text]
            runs = {" ".join(words[i:j]) for i in range(len(words))
                    for j in range(i + 1, len(words) + 1)
                    if not preferred & set(words[i:j])}
            if any(z not in e.zh and e.zh not in z and _beside(e.zh, z, text)
                   for run in runs for z in by_words.get(run, ()) for text in texts):
                dropped.add(v.text)
        if not dropped:
            out.append(r)
            continue
        kept = [x for x in e.renderings if x.text not in dropped]
        occurrences = tuple(replace(o, rendering="") if o.rendering in dropped else o
                            for o in e.occurrences)
        out.append(replace(r, entry=replace(e, renderings=tuple(kept), status=_status(kept),
                                            occurrences=occurrences)))
    return out
