"""The English spans of every occurrence of every term, with the aligner's soft evidence.

For each occurrence of a selected term in a word-aligned unit, the consistent spans of
:mod:`glossary.pairing.phrases` under each link set and the dictionary's spans beside them,
each with what the aligner's posteriors say of it (:class:`SoftEvidence`).
Units are named by their index in the aligned list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Sequence
from dataclasses import dataclass

import numpy as np

from align.core.quantities import extract_numbers
from align.core.records import AlignedPair
from glossary.candidates.en import is_number
from glossary.candidates.zh import ZhCorpus
from glossary.evidence.lexical import LexicalScorer
from glossary.pairing.phrases import (
    Span,
    UnitIndex,
    dictionary_spans,
    spans_of,
    token_range,
)
from glossary.pairing.wordalign import AlignedUnit

Soft = tuple[float, float, float]
#: A term's spans, pair by pair: ``(span, unit index, soft evidence)``.
Spans = dict[int, list[tuple[Span, int, Soft]]]
#: Per unit index, per English token, the terms whose minimal symmetrised span covers it.
Cover = dict[int, dict[int, set[str]]]


@dataclass(frozen=True)
class IndexedUnits:
    """The aligned units indexed once for every term (by their index in the aligned list),
    and the indices of each pair's units."""

    units: dict[int, _Unit]
    by_pair: dict[int, list[int]]

    @classmethod
    def of(cls, aligned: Sequence[AlignedUnit]) -> IndexedUnits:
        """Index ``aligned``."""
        units: dict[int, _Unit] = {}
        by_pair: dict[int, list[int]] = defaultdict(list)
        for k, u in enumerate(aligned):
            units[k] = _Unit.of(u)
            by_pair[u.pair].append(k)
        return cls(units, by_pair)


def occurrence_spans(terms: Sequence[str], corpus: ZhCorpus, indexed: IndexedUnits,
                     pairs: Sequence[AlignedPair], lexical: LexicalScorer
                     ) -> tuple[dict[str, Spans], Cover]:
    """For each of ``terms``, pair by pair, the consistent spans of its occurrences in the
    ``indexed`` units and the dictionary's spans beside them; and, per unit, the terms
    whose minimal span covers each English word (for the ``claimed`` feature).

    A term's spans depend on that term alone: the terms may be split, and the covers of
    the parts joined with :func:`joined_covers`."""
    return _spans_in(terms, indexed.units, indexed.by_pair, corpus, pairs, lexical)


def joined_covers(a: Cover, b: Cover) -> Cover:
    """The cover of two sets of terms from the covers of each (neither is changed)."""
    out: Cover = {k: {j: set(found) for j, found in words.items()} for k, words in a.items()}
    for k, words in b.items():
        mine = out.setdefault(k, {})
        for j, found in words.items():
            mine.setdefault(j, set()).update(found)
    return out


def _spans_in(terms: Sequence[str], units: dict[int, _Unit], by_pair: dict[int, list[int]],
              corpus: ZhCorpus, pairs: Sequence[AlignedPair], lexical: LexicalScorer
              ) -> tuple[dict[str, Spans], Cover]:
    """:func:`occurrence_spans` of ``terms``, with the units already indexed (and listed
    by pair)."""
    cover: Cover = {}
    out: dict[str, Spans] = {term: {} for term in terms}
    numeric = {term: bool(extract_numbers(term)) for term in terms}
    explained = _explained_words(out, units, by_pair, corpus, lexical)
    for i, occ in enumerate(corpus.spans):
        for s in (s for s in occ if s.term in out):
            for k in by_pair.get(i, ()):
                unit = units[k]
                r = unit.tokens(s.start, s.end)
                if r is None:
                    continue
                found = _linked_spans(unit, *r, pairs[i].en, numeric[s.term])
                # The dictionary's spans stand beside the links' everywhere, not only where
                # the links give none: a rendering seen once is often one the links cut
                # short; the rendering model weighs the two kinds apart.
                linked = {(sp.start, sp.end) for sp in found}
                found += [sp for sp in dictionary_spans(unit.ux, *r, pairs[i].en,
                                                        explained[s.term])
                          if (sp.start, sp.end) not in linked]
                if not found:
                    continue
                soft = SoftEvidence(unit.ux.unit, *r, unit.mask)
                for sp in found:
                    out[s.term].setdefault(i, []).append((sp, k, soft.of(sp.start, sp.end)))
                    if sp.minimal and sp.link_set == "sym":
                        words = cover.setdefault(k, {})
                        for j in range(sp.start, sp.end):
                            words.setdefault(j, set()).add(s.term)
    return out, cover


def _explained_words(terms: Container[str], units: dict[int, _Unit],
                     by_pair: dict[int, list[int]], corpus: ZhCorpus,
                     lexical: LexicalScorer) -> dict[str, frozenset[str]]:
    """For each of ``terms``, the English words of the units it occurs in that the
    dictionary relates to it, found once for all its occurrences."""
    vocabulary: dict[str, set[str]] = defaultdict(set)
    for i, occ in enumerate(corpus.spans):
        for term in {s.term for s in occ if s.term in terms}:
            words = vocabulary[term]
            for k in by_pair.get(i, ()):
                words |= units[k].ux.vocabulary
    return {term: lexical.explained_words(term, words) for term, words in vocabulary.items()}


@dataclass(frozen=True)
class _Unit:
    """A unit indexed once for all the occurrences in it: its link sets, the token starting
    and ending at each character offset, and its English word positions."""

    ux: UnitIndex
    starts: dict[int, int]
    ends: dict[int, int]
    mask: tuple[np.ndarray, list[bool], list[int]]

    @classmethod
    def of(cls, u: AlignedUnit) -> _Unit:
        return cls(UnitIndex.of(u), {t.start: n for n, t in enumerate(u.zh)},
                   {t.end: n + 1 for n, t in enumerate(u.zh)}, word_positions(u))

    def tokens(self, start: int, end: int) -> tuple[int, int] | None:
        """The Chinese tokens ``[a, b)`` of characters ``[start, end)``, or None."""
        a, b = self.starts.get(start), self.ends.get(end)
        if a is None or b is None:
            return token_range(self.ux.unit.zh, start, end)
        return a, b


def _linked_spans(unit: _Unit, a: int, b: int, en: str, numeric: bool) -> list[Span]:
    """The consistent spans of one occurrence, tokens ``[a, b)`` of ``unit``; for a term
    that holds no number (``numeric`` false), none made of numbers only."""
    found = spans_of(unit.ux, a, b, en)
    if numeric:
        return found
    # A figure renders a figure: a span of numbers only is not the English of a term that
    # holds none (养殖 → "45000" where the links slipped).
    return [sp for sp in found if not all(is_number(w) for w in sp.key.split())]


def word_positions(u: AlignedUnit) -> tuple[np.ndarray, list[bool], list[int]]:
    """Which English tokens of ``u`` are words (as an array and a list) and how many words
    precede each position: what every :class:`SoftEvidence` of the unit shares."""
    word = np.array([not t.is_punct for t in u.en])
    return word, word.tolist(), np.concatenate(([0], np.cumsum(word))).tolist()


class SoftEvidence:
    """What the aligner's posteriors say of the English spans of one occurrence, Chinese
    tokens ``[a, b)`` of unit ``u``; computed once for all the spans of the occurrence."""

    def __init__(self, u: AlignedUnit, a: int, b: int,
                 word_mask: tuple[np.ndarray, list[bool], list[int]] | None = None) -> None:
        if not len(u.p_fwd) or not len(u.p_rev):
            self.from_term: list[float] = []
            return
        from_term = u.p_fwd[:, a + 1:b + 1].sum(axis=1)
        word, self.word, self.words = word_mask or word_positions(u)
        self.from_term = from_term.tolist()
        self.mass = np.concatenate(([0.0], np.cumsum(from_term * word))).tolist()
        self.all = np.concatenate(([0.0], np.cumsum(from_term))).tolist()
        self.by_span = np.concatenate(([0.0], np.cumsum(u.p_rev[a:b, 1:].mean(axis=0)))).tolist()

    def of(self, s: int, e: int) -> tuple[float, float, float]:
        """For English span ``[s, e)``: the mean probability that a word of the span was
        generated by the term, the mean probability that a token of the term was generated
        by the span, and the largest probability that a word just outside the span was
        generated by the term (a sign the span was cut short)."""
        if not self.from_term:
            return 0.0, 0.0, 0.0
        n = self.words[e] - self.words[s]
        soft_en = ((self.mass[e] - self.mass[s]) / n if n
                   else (self.all[e] - self.all[s]) / max(1, e - s))
        soft_zh = self.by_span[e] - self.by_span[s]
        outside = [self.from_term[j] for j in (s - 1, e)
                   if 0 <= j < len(self.word) and self.word[j]]
        return soft_en, soft_zh, max(outside, default=0.0)
