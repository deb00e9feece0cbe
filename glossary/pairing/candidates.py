"""Scoring the English candidates of a term: association, dictionary and embedding
evidence combined, and the search for the best ones.

A candidate's score mixes the Dice coefficient of the term and the phrase over the aligned
pairs, the lexical match (:mod:`glossary.evidence.lexical`) and, optionally, the cosine of
the two under a sentence encoder; association is trusted in proportion to the number of
pairs (:func:`_combine`). :class:`CandidateSearch` holds what every step of
:class:`~glossary.pairing.matching.Matcher` needs: the index, the scorer, the other terms of
each pair.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from align.core.english import stem, stems_match
from align.core.text import han_length
from glossary.candidates.en import INNER, nested
from glossary.evidence.embedding import Similarity
from glossary.evidence.lexical import LexicalScorer, LexMatch
from glossary.pairing.index import EnIndex, g2

# Above this many pairs association is trusted fully; below, lexical evidence weighs more.
_TRUST_PAIRS = 5


_FIRST_MIN = 0.30


_NEXT_MIN = 0.36
#: Renderings kept per term at most.
MAX_RENDERINGS = 6


# Candidates scored in full per term: the best by association, and the best by association
# among those sharing a word with the term's glosses, readings or Latin words.
_BY_DICE = 20


_BY_LEXICON = 25


# Candidates checked against the other terms of their pairs, best first.
_CLAIM_CHECKS = 6


@dataclass(frozen=True)
class Candidate:
    """The evidence for one (term, rendering) pair; ``score`` combines it in [0, 1]."""

    key: str
    k: int
    n_e: int
    dice: float
    llr: float
    lex: LexMatch
    emb: float | None
    score: float


@dataclass
class TermMatch:
    """The renderings found for a term: ``(candidate, pair indices)``, best first, and the
    pairs where no rendering was found.

    ``proposals`` are renderings spotted in single pairs, awaiting verification (see
    :func:`accept_proposals`): ``(candidate, pair indices, the known rendering it
    resembles)``.
    """

    term: str
    pairs: list[int]
    renderings: list[tuple[Candidate, list[int]]] = field(default_factory=list)
    unexplained: list[int] = field(default_factory=list)
    proposals: list[tuple[Candidate, list[int], str]] = field(default_factory=list)




class CandidateSearch:
    """The candidates of a term and their scores (see the module docstring).

    ``pair_terms`` lists, for each pair of the index, the Chinese terms it holds: with it,
    a later rendering that another term of its pairs explains better is not taken.
    ``context(term, i)`` gives the Chinese words of pair ``i`` outside the term's
    occurrences: with it, words another Chinese word renders are kept out of a rendering
    and, with ``spot``, renderings seen once are spotted pair by pair.
    """

    def __init__(self, index: EnIndex, lexical: LexicalScorer,
                 similarity: Similarity | None = None, shortlist: int = 10,
                 pair_terms: Sequence[Sequence[str]] | None = None,
                 context: Callable[[str, int], Sequence[str]] | None = None,
                 spot: bool = True) -> None:
        self.index = index
        self.pair_terms = pair_terms
        self.context = context
        self.spot = spot
        self.lexical = lexical
        self.similarity = similarity
        self.shortlist = shortlist
        self._emb: dict[tuple[str, str], float] = {}
        self._probes: dict[str, set[str]] = {}

    def _probe_words(self, term: str) -> set[str]:
        """Words and ``~stems`` that an English rendering of ``term`` may contain."""
        got = self._probes.get(term)
        if got is None:
            got = self._probes[term] = self._find_probes(term)
        return got

    def _find_probes(self, term: str) -> set[str]:
        units, readings, _ = self.lexical._term(term)
        probes: set[str] = set()
        for u in units:
            if u.latin:
                probes.add(u.latin)
                continue
            probes.update("~" + s for s in u.stems)
            if u.end - u.start > 1:
                for c in range(u.start, u.end):
                    g = self.lexical.cedict.gloss(term[c])
                    if g:
                        probes.update("~" + s for s in g.stems)
        for a in range(len(readings)):
            text = readings[a]
            for b in range(a + 1, min(len(readings), a + 5)):
                if not readings[b]:
                    break
                text += readings[b]
                probes.add(text)
        return probes

    def shortlist_for(self, term: str, pairs: Sequence[int]) -> list[str]:
        """The candidate keys worth an embedding for ``term``: best by association and lexicon."""
        counts = Counter[str]()
        for i in pairs:
            counts.update(self.index.keys[i])
        scored = self._score_all(term, len(pairs), counts, pairs, with_emb=False)
        best = sorted(scored, key=lambda c: -c.score)[: self.shortlist]
        lexical = sorted(scored, key=lambda c: -c.lex.score)[: self.shortlist // 2]
        return list(dict.fromkeys(c.key for c in best + lexical))

    def _score_all(self, term: str, n_o: int, counts: Counter[str], pairs: Iterable[int],
                   with_emb: bool, only: set[str] | None = None) -> list[Candidate]:
        probes = self._probe_words(term)
        hits = Counter[str]()  # how many of the term's probe words each key holds
        for i in pairs:
            words = self.index.by_word(i)
            for p in probes:
                got = words.get(p)
                if got:
                    hits.update(got)
        freq = self.index.freq

        def dice(k: str) -> float:
            return 2 * counts[k] / (n_o + freq[k])

        # A term seen once has no association worth the name: only lexical candidates.
        # The best by (-dice, key), a total order: a heap finds them without a full sort.
        keys = {k for _, k in heapq.nsmallest(
            _BY_DICE, [(-(2 * c / (n_o + freq[k])), k) for k, c in counts.items()])
        } if n_o > 1 else set()
        lexical = [k for k in hits if k in counts]
        if lexical:
            # Keys holding at most half as many of the term's words as the best one cannot
            # explain the term better than it.
            top = max(hits[k] for k in lexical)
            lexical = [k for k in lexical if 2 * hits[k] >= top]
            limit = _BY_LEXICON if n_o > 1 else _BY_LEXICON // 3
            keys |= set(sorted(lexical, key=lambda k: (-hits[k], -dice(k), k))[:limit])
        if only is not None:
            keys &= only
        return [self._candidate(term, key, counts[key], n_o, with_emb)
                for key in sorted(keys) if counts[key] > 0]

    def _candidate(self, term: str, key: str, k: int, n_o: int, with_emb: bool) -> Candidate:
        n_e = self.index.freq[key]
        dice = 2 * k / (n_o + n_e)
        lex = self.lexical.score(term, key)
        emb = self._emb.get((term, key)) if with_emb else None
        llr = g2(k, n_o, n_e, max(self.index.n, n_o + n_e))
        return Candidate(key, k, n_e, dice, llr, lex, emb, _combine(dice, lex, emb, n_o, term, key))

    def _later(self, term: str, cands: Sequence[Candidate], chosen: Sequence[str],
               remaining: Sequence[int]) -> list[Candidate] | None:
        """The candidates a later rendering is chosen from, or None when none qualifies.

        A later rendering must not be a phrase another term of the same pairs explains
        better (碳达峰 next to 碳中和 does not make *carbon neutrality* a rendering of 碳达峰),
        and needs evidence of its own (:func:`_evidenced`). When the best phrase left has
        none, a recurring phrase that renders most of the term may (ecological water supply,
        twice); failing that, a one-off holding the words of an earlier rendering in another
        grammatical form (carbon peaks after carbon peaking) has morphology as evidence.
        """
        ranked = sorted(cands, key=lambda c: (-c.score, -c.k, -len(c.key), c.key))
        qualified = [c for c in ranked if _evidenced(c)
                     and (c is ranked[0] or c.lex.zh_raw >= 0.5)]
        qualified += [c for c in ranked if any(_same_words(c.key, p) for p in chosen)]
        # Claims are checked last and for a few candidates only: they cost dictionary
        # look-ups against every other term of the pairs.
        for c in qualified[:_CLAIM_CHECKS]:
            if not self._claimed(term, c.key, remaining):
                return [c]
        return None

    def _claimed(self, term: str, key: str, pairs: Sequence[int]) -> bool:
        """True when, in every pair of ``pairs`` holding ``key``, another term of the pair
        explains the phrase surely and better than ``term`` does (by the dictionary).

        Terms holding ``term`` or held by it do not claim: their renderings naturally hold
        or are held by the term's own (光伏治沙项目, 治沙 for 光伏治沙).
        """
        if self.pair_terms is None:
            return False
        own = self.lexical.score(term, key)
        holding = [i for i in pairs if key in self.index.keys[i]]
        for i in holding:
            if not any(other not in term and term not in other
                       and _explains_better(self.lexical.score(other, key), own)
                       for other in self.pair_terms[i]):
                return False
        return bool(holding)

    def embed(self, wanted: dict[str, list[str]]) -> None:
        """Compute phrase similarities for ``{term: [keys]}`` in one batch."""
        if self.similarity is None:
            return
        for term, keys in wanted.items():
            todo = [k for k in keys if (term, k) not in self._emb]
            if not todo:
                continue
            sims = self.similarity(term, [self.index.surface(k) for k in todo])
            for k, s in zip(todo, sims, strict=True):
                self._emb[(term, k)] = s


def _sure(m: LexMatch) -> bool:
    """A dictionary match explaining most of both sides."""
    return m.score >= 0.75 and m.zh_raw >= 0.6 and m.en_raw >= 0.6


def _explains_better(other: LexMatch, own: LexMatch) -> bool:
    """True when another term's dictionary match of a phrase beats the term's own: surely
    and clearly, or by accounting for every word of the phrase where the term does not."""
    if other.score <= own.score:
        return False
    return (_sure(other) and other.score > own.score + 0.05) or (
        other.en_raw >= 0.99 and other.zh_raw >= 0.5 and own.en_raw < 0.99)


def _evidenced(c: Candidate) -> bool:
    """True when a later rendering has evidence of its own: recurring in the pairs left
    unexplained (碳中和 → net zero), a sure dictionary match or a close embedding."""
    strong_assoc = c.k >= 2 and c.dice >= 0.5
    if c.score < _NEXT_MIN and not strong_assoc:
        return False
    return c.k >= 2 or (c.emb or 0) >= 0.6 or _sure(c.lex)


def _fuller(best: Candidate, cands: Sequence[Candidate]) -> Candidate:
    """The fuller noun phrase when ``best`` is a fragment of it.

    A longer candidate holding ``best``, found in at least half as many pairs (and twice),
    whose extra words render more of the term is the rendering: *ecological water* leaves
    补 unexplained where *ecological water supplement* does not.
    """
    fuller = [c for c in cands if len(c.key) > len(best.key) and c.k >= 2 and 2 * c.k >= best.k
              and c.lex.zh_raw > best.lex.zh_raw + 0.1 and nested(c.key, best.key)]
    if not fuller:
        return best
    return max(fuller, key=lambda c: (c.lex.zh_raw, c.k, c.score, c.key))


def _content(key: str) -> list[str]:
    return [stem(w) for w in key.lower().replace("-", " ").split() if w not in INNER]


def _same_words(a: str, b: str) -> bool:
    """True when two different keys hold the same content words, in order, up to
    inflection (*carbon peak* and *carbon peaking*)."""
    if a.lower() == b.lower():
        return False
    wa, wb = _content(a), _content(b)
    return len(wa) == len(wb) > 0 and all(
        stems_match(x, y) for x, y in zip(wa, wb, strict=True))


def _combine(dice: float, lex: LexMatch, emb: float | None, n_o: int, term: str,
             key: str) -> float:
    """One score in [0, 1] from association, lexicon and embedding evidence."""
    lexish = lex.score
    if emb is not None:
        # USE cosines of unrelated phrases sit near 0.2, of translations above 0.6.
        e = min(1.0, max(0.0, (emb - 0.25) / 0.5))
        lexish = 0.65 * lex.score + 0.35 * e
    trust = min(1.0, max(0.0, (n_o - 1) / (_TRUST_PAIRS - 1)))
    if lex.zh_raw > 0:
        # A phrase that explains only part of the term is part of its rendering, however
        # often it co-occurs (carbon-zero for 零碳工厂).
        dice *= 0.5 + 0.5 * lex.zh_raw
    score = trust * (0.55 * dice + 0.45 * lexish) + (1 - trust) * (0.15 * dice + 0.85 * lexish)
    # A long term rendered by one short word (or the reverse) is suspicious.
    zh_len = han_length(term)
    en_words = len([w for w in key.split() if w not in INNER])
    expected = max(1.0, zh_len / 2.0)
    ratio = en_words / expected
    if ratio < 0.5 or ratio > 2.5:
        score *= 0.85
    return score
