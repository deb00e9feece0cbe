"""Recurring headings: translations a whole collection agrees on, used as alignment priors.

Collections repeat the same section headings in every case (案例概述 / Project Overview,
机构简介 / Company Profile …). One case's alignment may pair a short heading with the
wrong one — the encoder scores short headings poorly — but across all case pairs the
right translation is the one aligned most often with confidence. :func:`heading_lexicon`
learns those pairs from a first alignment of every case pair; :func:`heading_prior` turns
them into a prior for :func:`align.aligner.alignment.align_vectors`: known translations are pulled
together and a known heading is kept from pairing with another known heading.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from align.aligner.alignment import Alignment
from align.core.records import Case

#: A heading pair must be aligned with confidence in at least this many case pairs, and be
#: the most frequent pairing of both its headings.
MIN_CASES = 3
CONFIDENT = 0.5
#: Gain added to (or taken from) a 1:1 bead by the prior: about one 1:1 bead's worth.
PRIOR_GAIN = 6.0


def heading_lexicon(pairs: Iterable[tuple[Case, Case, Alignment]]) -> dict[str, str]:
    """Chinese heading text → English heading text, as the collection translates it."""
    counts: Counter[tuple[str, str]] = Counter()
    for zh, en, result in pairs:
        for b in result.beads:
            if len(b.src) == 1 and len(b.tgt) == 1 and b.score >= CONFIDENT:
                zp, ep = zh.paragraphs[b.src[0]], en.paragraphs[b.tgt[0]]
                if zp.heading and ep.heading:
                    counts[(zp.match, ep.match)] += 1
    best_zh: dict[str, tuple[int, str]] = {}
    best_en: dict[str, tuple[int, str]] = {}
    for (z, e), n in counts.items():
        if n > best_zh.get(z, (0, ""))[0]:
            best_zh[z] = (n, e)
        if n > best_en.get(e, (0, ""))[0]:
            best_en[e] = (n, z)
    return {z: e for z, (n, e) in best_zh.items()
            if n >= MIN_CASES and best_en[e][1] == z}


def heading_prior(zh: Sequence[str], en: Sequence[str], lexicon: dict[str, str]
                  ) -> np.ndarray | None:
    """The ``(len(zh), len(en))`` prior for one case pair, or None if no heading is known."""
    known_en = set(lexicon.values())
    rows = [(i, lexicon[z]) for i, z in enumerate(zh) if z in lexicon]
    if not rows:
        return None
    prior = np.zeros((len(zh), len(en)), dtype=np.float32)
    for i, translation in rows:
        for j, e in enumerate(en):
            if e == translation:
                prior[i, j] = PRIOR_GAIN
            elif e in known_en:
                prior[i, j] = -PRIOR_GAIN
    return prior if prior.any() else None
