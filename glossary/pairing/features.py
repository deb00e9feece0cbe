"""The evidence for every (Chinese term, English phrase) candidate, gathered once.

For each term candidate (:mod:`glossary.candidates.zh`, selected by
:mod:`glossary.pairing.select`), every occurrence in the word-aligned pairs
(:mod:`glossary.pairing.wordalign`) gives its consistent English spans
(:mod:`glossary.pairing.phrases`, read occurrence by occurrence in
:mod:`glossary.pairing.occurrences`, with the dictionary's spans beside them);
the spans of a term are grouped by phrase, and each
phrase gets the features of :data:`~glossary.pairing.weights.FEATURES`: how many pairs each
link set supports it in, whether as the minimal span, Dice association, the dictionary's
explanation (:mod:`glossary.evidence.lexical`), how much of it is linked to the term,
whether an extension took in another candidate's word, whether it is a noun phrase, whether
it ends on a verb or measure word, its length against the term's, its capitals, and how it
compares with the term's other phrases. :mod:`glossary.pairing.choice` turns them into
renderings with the learnt table.

:func:`collect` is the slow part (alignment and features), done once; choosing with a table
is cheap, so a training script collects once and scores many tables.
"""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from align.core.collector import fewer_collections
from align.core.records import AlignedPair, Paragraph
from align.core.text import han_length
from glossary.candidates.en import (
    INNER,
    acronym_definitions,
    acronyms,
    as_written,
    en_candidates,
    fold_word,
    lowercase_words,
    nested,
    tokens,
)
from glossary.candidates.segmenter import ZhSegmenter
from glossary.candidates.zh import ZhCorpus, ZhStats, candidate_stats
from glossary.entries import expansion_key, specificity
from glossary.evidence.cedict import load_cedict
from glossary.evidence.lexical import LexicalScorer
from glossary.evidence.units import UnitRendering, match_units, unit_renderings
from glossary.options import GlossaryOptions
from glossary.pairing.background import background_alignment
from glossary.pairing.forked import in_two_steps
from glossary.pairing.occurrences import (
    Cover,
    IndexedUnits,
    Spans,
    joined_covers,
    occurrence_spans,
)
from glossary.pairing.phrases import edge_verb
from glossary.pairing.select import Term, select_terms
from glossary.pairing.weights import FEATURES
from glossary.pairing.wordalign import AlignedUnit, AlignOptions


@dataclass
class Candidate:
    """One English phrase for one term: its features (:data:`FEATURES` order), the pairs
    (indices into the translated pairs) where it is a consistent span, and how it was
    written there, as inside a sentence (:func:`~glossary.candidates.en.as_written`)."""

    key: str
    x: tuple[float, ...]
    pairs: frozenset[int]
    surfaces: Counter[str]

    @property
    def surface(self) -> str:
        """The most frequent written form (lower case preferred among equals)."""
        return max(self.surfaces.items(), key=lambda kv: (kv[1], kv[0].islower(), kv[0]))[0]


@dataclass
class TermEvidence:
    """A Chinese term, the translated pairs it occurs in, how often in each, how specific
    to these texts it is, and its candidate phrases."""

    stats: ZhStats
    pairs: list[int]
    counts: Counter[int]
    specificity: float = 1.0
    candidates: list[Candidate] = field(default_factory=list)


@dataclass
class Evidence:
    """What :func:`collect` gathers: enough to build a glossary with any table."""

    pairs: list[AlignedPair]  # the translated pairs
    terms: list[TermEvidence]
    corpus: ZhCorpus
    lexical: LexicalScorer
    expansions: dict[str, str]  # expansion_key of an acronym's expansion → the acronym
    units: list[UnitRendering]
    timings: dict[str, float]
    signature: str
    aligned: Sequence[AlignedUnit] = ()
    written: dict[str, str] = field(default_factory=dict)  # expansion_key → as written


def heading(paragraphs: Sequence[Paragraph]) -> bool:
    """Whether a bead's side is a title or heading, as the run recorded it."""
    return bool(paragraphs) and all(p.heading for p in paragraphs)


@fewer_collections()
def collect(pairs: Iterable[AlignedPair], *, align_options: AlignOptions | None = None,
            options: GlossaryOptions | None = None,
            aligned: Sequence[AlignedUnit] | None = None, signature: str = "",
            log: Callable[[str], None] | None = None) -> Evidence:
    """Word-align the translated ``pairs`` and gather every term's candidates with their
    features (see the module docstring).

    ``aligned`` reuses units already aligned for the same pairs (their ``pair`` indices
    count the translated pairs, in order). ``signature`` is the run's, carried into the
    glossary's own.
    """
    say = log or (lambda _m: None)
    opts = options or GlossaryOptions()
    aopts = align_options or AlignOptions()
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    translated = [p for p in pairs if not p.is_null]
    segmenter = ZhSegmenter(opts.user_words)
    cedict = load_cedict()
    texts = [(p.zh_simplified, p.en) for p in translated]
    with background_alignment(texts, aopts, aligned) as alignment:
        say(f"segmenting {len(translated)} pairs")
        corpus = candidate_stats([p.zh_simplified for p in translated], segmenter,
                                 [heading(p.zh_paragraphs) for p in translated], cedict)
        timings["terms"] = time.perf_counter() - t0
        # What needs no word links is done while the aligner may still be at work.
        t_unlinked = time.perf_counter()
        found_acronyms, written = _acronyms_of(translated)
        lexical = LexicalScorer(cedict, found_acronyms)
        selected = select_terms(corpus, opts, cedict)
        say(f"{len(corpus.stats)} Chinese candidates, {len(selected)} kept for pairing")
        np_keys = [frozenset(s.key for s in en_candidates(p.en,
                                                          heading=heading(p.en_paragraphs)))
                   for p in translated]
        unlinked = time.perf_counter() - t_unlinked
        t1 = time.perf_counter()
        aligned = alignment(segmenter, say)
        # The wait for the aligner once the rest is done (all of it when run in turn).
        timings["align"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    indexed = IndexedUnits.of(aligned)
    english = [p.en for p in translated]
    headings = [heading(p.en_paragraphs) for p in translated]
    common = lowercase_words(english)
    corpus_tokens = sum(len(c) for clauses in corpus.clauses for c in clauses)
    Half = Sequence[tuple[str, Term]]

    def spans_step(items: Half) -> tuple[Cover, tuple[Half, dict[str, Spans]]]:
        spans, cover = occurrence_spans([term for term, _ in items], corpus, indexed,
                                        translated, lexical)
        return cover, (items, spans)

    def features_step(state: tuple[Half, dict[str, Spans]], cover: Cover
                      ) -> list[tuple[float, list[Candidate]]]:
        # The claimed feature needs the cover of every term; the rest only these terms'
        # spans. Only what is new goes back from a child: the terms' statistics are this
        # process's already.
        items, spans = state
        keys = {sp.key for per in spans.values() for lst in per.values() for sp, _, _ in lst}
        in_pair = _key_pairs(translated, keys)
        ctx = _Context(cover, aligned, lexical, in_pair, np_keys,
                       Counter(k for found in in_pair for k in found), english, headings, common)
        return [(specificity(t.stats, segmenter, corpus_tokens),
                 _candidates(term, t.pairs, spans[term], ctx)) for term, t in items]

    items = list(selected.items())
    built = in_two_steps(spans_step, joined_covers, features_step, items, "feature builder",
                         _SPLIT_MIN)
    terms = [TermEvidence(t.stats, list(t.pairs), t.counts, spec, cands)
             for (_, t), (spec, cands) in zip(items, built, strict=True)]
    timings["features"] = unlinked + time.perf_counter() - t2
    t3 = time.perf_counter()
    matches = match_units([corpus.clauses[i] for i in range(len(translated))],
                          [p.en for p in translated])
    units = unit_renderings(matches, lambda z, k: lexical.score(z, k).score)
    timings["units"] = time.perf_counter() - t3
    sig = "|".join(x for x in (signature, f"glossary:{segmenter.signature}",
                               f"cedict:{cedict.version}", opts.signature(),
                               aopts.signature()) if x)
    return Evidence(translated, terms, corpus, lexical,
                    {expansion_key(v): k for k, v in found_acronyms.items()}, units,
                    timings, sig, aligned, written)


def _acronyms_of(pairs: Sequence[AlignedPair]) -> tuple[dict[str, str], dict[str, str]]:
    """The acronyms the English of ``pairs`` defines (acronym → expansion, first seen) and
    each expansion as first written (its :func:`expansion_key` → the text)."""
    found: dict[str, str] = {}
    written: dict[str, str] = {}
    for p in pairs:
        for acr, expansion in acronyms(p.en).items():
            found.setdefault(acr, expansion)
        for start, open_, _, _acr in acronym_definitions(p.en):
            text = " ".join(p.en[start:open_].split()).rstrip(" ,")
            written.setdefault(expansion_key(" ".join(w for w, *_ in tokens(text))), text)
    return found, written


# Below this many terms the spans and features are made in one process. On the bundled
# corpus (9,243 terms, about 1.7 ms each for both steps in one process) the parent waited
# 0.2 s for the child's half once its own was done (the swap of covers, the candidates sent
# back, the halves' imbalance; one run): splitting pays from well under 1,000 terms on.
_SPLIT_MIN = 1000


@dataclass
class _Agg:
    pairs: set[int] = field(default_factory=set)
    sets: Counter[str] = field(default_factory=Counter)
    minimal: set[int] = field(default_factory=set)
    linked: list[float] = field(default_factory=list)
    claimed: set[int] = field(default_factory=set)
    edge: set[int] = field(default_factory=set)
    surfaces: Counter[str] = field(default_factory=Counter)
    written: Counter[str] = field(default_factory=Counter)  # surfaces, as_written
    soft: dict[tuple[int, int, int], tuple[float, float, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Context:
    """The corpus-wide data every term's candidate features read: the terms covering each
    English word of each unit, the units, the dictionary, the phrase keys each pair's English
    holds, its noun phrases, in how many pairs each key occurs, each pair's English, whether
    it is a heading, and the words the English writes in lower case
    (:func:`lowercase_words`)."""

    cover: Cover
    aligned: Sequence[AlignedUnit]
    lexical: LexicalScorer
    in_pair: Sequence[frozenset[str]]
    np_keys: Sequence[frozenset[str]]
    n_e: Counter[str]
    english: Sequence[str]
    headings: Sequence[bool]
    common: frozenset[str]


def _candidates(term: str, pairs: Sequence[int], spans: Spans, ctx: _Context
                ) -> list[Candidate]:
    """The candidate phrases of one term with their features."""
    lexical, in_pair, n_e, np_keys = ctx.lexical, ctx.in_pair, ctx.n_e, ctx.np_keys
    agg: dict[str, _Agg] = {}
    for i, lst in spans.items():
        seen: dict[str, set[str]] = defaultdict(set)
        for sp, k_u, soft in lst:
            u = ctx.aligned[k_u]
            a = agg.get(sp.key) or agg.setdefault(sp.key, _Agg())  # built once per phrase
            a.soft[(k_u, sp.start, sp.end)] = soft
            a.pairs.add(i)
            if sp.link_set not in seen[sp.key]:
                seen[sp.key].add(sp.link_set)
                a.sets[sp.link_set] += 1
            if sp.minimal and sp.link_set == "sym":
                a.minimal.add(i)
            a.linked.append(sp.linked / max(1, sp.words))
            covered = ctx.cover.get(k_u)
            if not sp.minimal and covered and any(
                    other != term and other not in term and term not in other
                    for j in range(sp.start, sp.end) for other in covered.get(j, ())):
                a.claimed.add(i)
            if edge_verb(sp, u):
                a.edge.add(i)
            a.surfaces[sp.surface] += 1
            a.written[as_written(sp.surface, ctx.english[u.pair], u.en[sp.start].start,
                                 ctx.common, ctx.headings[u.pair])] += 1
    n = max(1, len(pairs))
    han = max(1, han_length(term))
    cands, rows = [], []
    for key, a in agg.items():
        k = len(a.pairs)
        lex = lexical.score(term, key)
        in_text = sum(1 for i in pairs if key in in_pair[i])
        words = len([w for w in key.split() if w not in INNER])
        best_surface = max(a.surfaces.items(), key=lambda kv: (kv[1], kv[0]))[0]
        caps = [w for w in best_surface.split() if w[:1].isalpha()]
        rows.append({
            "sym": a.sets["sym"] / n, "both": a.sets["both"] / n, "fwd": a.sets["fwd"] / n,
            "rev": a.sets["rev"] / n, "minimal": len(a.minimal) / n,
            "log_support": math.log1p(k), "log_pairs": math.log1p(n),
            "dice": 2 * max(in_text, k) / (n + max(n_e.get(key, k), k)),
            "lex": lex.score, "lex_zh": lex.zh_raw, "lex_en": lex.en_raw,
            "pinyin": float(lex.pinyin), "linked": sum(a.linked) / len(a.linked),
            "claimed": len(a.claimed) / k, "np": sum(1 for i in a.pairs if key in np_keys[i]) / k,
            "edge": len(a.edge) / k,
            # Chinese characters per English word run near two in these texts.
            "len_ratio": abs(math.log(max(1, words) / max(1.0, han / 2.0))),
            "log_words": math.log(max(1, words)),
            "capital": sum(1 for w in caps if w[:1].isupper()) / max(1, len(caps)),
            "share": k / n,
            "soft_en": sum(v[0] for v in a.soft.values()) / len(a.soft),
            "soft_zh": sum(v[1] for v in a.soft.values()) / len(a.soft),
            "soft_out": sum(v[2] for v in a.soft.values()) / len(a.soft),
            "dictionary": a.sets["lex"] / n,
        })
        cands.append(Candidate(key, (), frozenset(a.pairs), a.written))
    _relative(cands, rows)
    for c, x in zip(cands, rows, strict=True):
        c.x = tuple(x[f] for f in FEATURES)
    return cands


def _relative(cands: Sequence[Candidate], rows: list[dict[str, float]]) -> None:
    """Add the features that compare a candidate with the term's others: support against
    the best supported, dictionary score against the best explained, whether a longer
    candidate holding it is explained better (``fragment``), whether it holds a shorter
    one at least as supported (``extension``)."""
    if not cands:
        return
    top_k = max(len(c.pairs) for c in cands)
    top_lex = max(r["lex"] for r in rows)
    support = {c.key: len(c.pairs) for c in cands}
    # Only a candidate explained better than 0.1 can make another a fragment.
    explained = [(o.key, ro["lex"]) for o, ro in zip(cands, rows, strict=True)
                 if ro["lex"] > 0.1]
    for c, r in zip(cands, rows, strict=True):
        r["rel_support"] = len(c.pairs) / top_k
        r["lex_gap"] = r["lex"] - top_lex
        r["fragment"] = float(any(
            len(key) > len(c.key) and lex > r["lex"] + 0.1 and nested(key, c.key)
            for key, lex in explained))
        # A shorter candidate nested in this one is a run of its words.
        words = c.key.split()
        r["extension"] = float(any(
            support.get(" ".join(words[a:b]), -1) >= len(c.pairs)
            for a in range(len(words)) for b in range(a + 1, len(words) + 1)
            if b - a < len(words)))


def _key_pairs(pairs: Sequence[AlignedPair], wanted: set[str]) -> list[frozenset[str]]:
    """For each pair, the keys of ``wanted`` its English holds as a run of words."""
    firsts = {k.split(" ", 1)[0] for k in wanted}
    longest = max((k.count(" ") + 1 for k in wanted), default=1)
    out = []
    for p in pairs:
        words = [fold_word(w) for w, _, _, _ in tokens(p.en)]
        found = set()
        for a in range(len(words)):
            if words[a] not in firsts:
                continue
            for b in range(a + 1, min(len(words), a + longest) + 1):
                key = " ".join(words[a:b])
                if key in wanted:
                    found.add(key)
        out.append(frozenset(found))
    return out
