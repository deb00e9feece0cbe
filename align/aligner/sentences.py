"""Sentence-level alignment of two texts of paragraphs: the paragraphs first, then the
sentences inside each paragraph bead.

>>> from align.aligner.sentences import align_sentences
>>> result = align_sentences(zh_paragraphs, en_paragraphs, encoder)   # doctest: +SKIP
>>> result.zh[result.alignment.beads[0].src[0]]                       # doctest: +SKIP

Each paragraph is split with :func:`align.core.sentences.split_sentences`; sentence ids
count the sentences of the whole text from 0, in order. A matched (or moved) paragraph bead
whose sides are one sentence each stays one bead with the paragraph bead's score; any other
is aligned inside with the same model (:func:`~align.aligner.alignment.align_vectors`),
which may leave a sentence one-sided. The sentences of a one-sided paragraph bead are
one-sided sentence beads of the same kind (``missing`` or ``furniture``) and score. This is
what the sentence-level translation memory does inside each bead
(:func:`align.exports.memory.sentence_units`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from align.aligner.alignment import Alignment, align, align_vectors
from align.aligner.model import Model
from align.core.beads import Bead
from align.core.sentences import split_sentences
from align.core.text import Lang
from align.encoders import Encoder


@dataclass(frozen=True)
class SentenceAlignment:
    """The sentences of both texts and their alignment (bead ids are sentence ids), with
    the paragraph alignment it was refined from."""

    zh: tuple[str, ...]
    en: tuple[str, ...]
    alignment: Alignment
    paragraphs: Alignment


def _split(paragraphs: Sequence[str], lang: Lang) -> tuple[list[str], list[list[int]]]:
    """All sentences in order, and the sentence ids of each paragraph."""
    sentences: list[str] = []
    ids: list[list[int]] = []
    for p in paragraphs:
        parts = split_sentences(p, lang) or [p]
        ids.append(list(range(len(sentences), len(sentences) + len(parts))))
        sentences += parts
    return sentences, ids


def align_inside(units: Sequence[tuple[Sequence[str], Sequence[str]]], encoder: Encoder,
                 model: Model | None = None,
                 progress: Callable[[int, int], None] | None = None
                 ) -> list[tuple[Bead, ...] | None]:
    """The sentence beads inside each matched unit ``(zh sentences, en sentences)`` (ids
    local to the unit), or None for a unit of one sentence on each side, which stays
    whole. Every sentence to align is encoded in one batch; ``progress(done, total)``
    hears of every unit, kept whole or aligned."""
    todo = [t for zs, es in units if len(zs) > 1 or len(es) > 1 for t in (*zs, *es)]
    vectors = encoder.encode(todo) if todo else np.zeros((0, encoder.dim), np.float32)
    out: list[tuple[Bead, ...] | None] = []
    row = 0
    for k, (zs, es) in enumerate(units, 1):
        if len(zs) <= 1 and len(es) <= 1:
            out.append(None)
        else:
            zv = vectors[row: row + len(zs)]
            ev = vectors[row + len(zs): row + len(zs) + len(es)]
            row += len(zs) + len(es)
            out.append(align_vectors(list(zs), list(es), zv, ev, model).beads)
        if progress:
            progress(k, len(units))
    return out


def align_sentences(zh: Sequence[str], en: Sequence[str], encoder: Encoder,
                    model: Model | None = None) -> SentenceAlignment:
    """Align Chinese paragraphs ``zh`` with English paragraphs ``en`` sentence by sentence
    (see the module docstring). Every sentence is in exactly one bead, in order of the
    paragraph beads."""
    paragraphs = align(zh, en, encoder, model)
    zs, zid = _split(zh, "zh")
    es, eid = _split(en, "en")
    ids = [([s for i in b.src for s in zid[i]], [s for j in b.tgt for s in eid[j]])
           for b in paragraphs.beads]  # each bead's sentence ids, both sides
    inside = [(z, e) for z, e in ids if z and e]
    aligned = align_inside([([zs[i] for i in z], [es[j] for j in e]) for z, e in inside],
                           encoder, model)
    found: dict[tuple[int, int], list[Bead]] = {}
    for (z, e), sub in zip(inside, aligned, strict=True):
        if sub is not None:
            found[(z[0], e[0])] = [Bead(tuple(z[i] for i in x.src),
                                        tuple(e[j] for j in x.tgt), x.score) for x in sub]
    beads: list[Bead] = []
    for b, (z, e) in zip(paragraphs.beads, ids, strict=True):
        if not z or not e:
            beads += [Bead((s,), (), b.score, b.kind) for s in z]
            beads += [Bead((), (s,), b.score, b.kind) for s in e]
        elif len(z) == 1 and len(e) == 1:
            beads.append(Bead(tuple(z), tuple(e), b.score, b.kind))
        else:
            beads += [Bead(x.src, x.tgt, x.score, b.kind if not x.is_null else "missing")
                      for x in found[(z[0], e[0])]]
    result = Alignment(tuple(beads), len(zs), len(es), paragraphs.length_model,
                       paragraphs.warnings)
    return SentenceAlignment(tuple(zs), tuple(es), result, paragraphs)


__all__ = ["SentenceAlignment", "align_inside", "align_sentences"]
