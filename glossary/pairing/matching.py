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
import multiprocessing
import os
from collections import Counter
from collections.abc import Sequence

from glossary.candidates.en import nested
from glossary.evidence.embedding import PairSimilarity, Similarity
from glossary.pairing.candidates import (
    _FIRST_MIN,
    MAX_RENDERINGS,
    CandidateSearch,
    TermMatch,
    _fuller,
)
from glossary.pairing.index import EnIndex, g2
from glossary.pairing.spans import SpanSearch
from glossary.pairing.spotting import SpotSearch, accept_proposals

__all__ = ["CandidateSearch", "EnIndex", "Matcher", "PairSimilarity", "Similarity", "TermMatch",
           "accept_proposals", "g2", "nested"]



class Matcher(SpanSearch, SpotSearch):
    """Finds the renderings of terms in an :class:`EnIndex` (see the module docstring and
    :class:`~glossary.pairing.candidates.CandidateSearch` for the arguments)."""

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
            pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_signals)
            try:
                slices = pool.map(_match_slice, range(jobs))
            finally:
                # close and join rather than terminate: workers end on their own, no signal.
                pool.close()
                pool.join()
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


# Below this many terms per worker, forking costs more than it saves.
_MIN_TERMS_PER_JOB = 500


# What forked workers of Matcher.match_many read: the matcher, the work and the job count.
_SHARED: tuple[Matcher, Sequence[tuple[str, Sequence[int]]], int] | None = None


def _worker_signals() -> None:
    """Workers forked from the command line inherit its SIGTERM handler, which unwinds the
    main process; a worker takes the default (to end at once) instead."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _match_slice(k: int) -> list[TermMatch]:
    """Worker of :meth:`Matcher.match_many`: every ``jobs``-th term from the ``k``-th."""
    assert _SHARED is not None
    matcher, work, jobs = _SHARED
    return [matcher.match(term, pairs) for term, pairs in work[k::jobs]]
