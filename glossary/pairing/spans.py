"""The words of a rendering: a candidate lengthened to the modifier it needs, and cut of
the edge words another Chinese word of its pairs renders."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from glossary.candidates.en import INNER
from glossary.evidence.lexical import Part
from glossary.pairing.candidates import Candidate, CandidateSearch, nested

# An edge word another Chinese word renders is dropped when the rest explains this much of
# the term.
_TRIM_COVER = 0.8


class SpanSearch(CandidateSearch):
    """:meth:`_span` and its helpers, for :class:`~glossary.pairing.matching.Matcher`."""

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
