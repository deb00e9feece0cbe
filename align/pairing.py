"""Pairing the cases of a Chinese and an English collection.

Comparing every case with every case by full paragraph alignment would grow with the
product of the collections. Instead each case is embedded once (the length-weighted mean
of its paragraphs' vectors), FAISS proposes the ``k`` nearest cases of the other language in
both directions, and candidates are verified by aligning their paragraphs, most similar
first: a true translation aligns most paragraphs with confident scores, a different case
about the same company does not. A verified candidate pairs its two cases, one to one, and
the other candidates of a paired case are not aligned at all, so the work stays close to
one alignment per case.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from align.aligner import Alignment, align_vectors
from align.index import knn
from align.segment import Case

#: Candidates per case proposed by the case index.
CANDIDATES = 3
#: A candidate is a translation when at least this share of both cases' paragraphs sits in
#: confident (score ≥ ``CONFIDENT``) matched beads.
MIN_VERIFIED = 0.5
CONFIDENT = 0.5


@dataclass(frozen=True)
class CasePair:
    """A Chinese case, its English counterpart, the verification score and the alignment."""

    zh: Case
    en: Case
    score: float
    alignment: Alignment


@dataclass(frozen=True)
class CaseVectors:
    """Paragraph embeddings of one case, in paragraph order: ``(paragraphs, dim)``."""

    case: Case
    vectors: np.ndarray


def case_embedding(vectors: np.ndarray, texts: Sequence[str]) -> np.ndarray:
    """One unit vector for a case: the length-weighted mean of its paragraph vectors."""
    weights = np.array([max(len(t), 1) for t in texts], dtype=np.float32)
    v = (vectors * weights[:, None]).sum(axis=0)
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else v


def verification(result: Alignment) -> float:
    """Share of all paragraphs that sit in matched beads scoring at least ``CONFIDENT``."""
    total = result.n_src + result.n_tgt
    good = sum(len(b.src) + len(b.tgt) for b in result.matched if b.score >= CONFIDENT)
    return good / total if total else 0.0


def pair_cases(zh: Sequence[CaseVectors], en: Sequence[CaseVectors],
               candidates: int = CANDIDATES,
               progress: Callable[[str, int, int], None] | None = None,
               ) -> tuple[list[CasePair], list[tuple[int, int]]]:
    """Pair ``zh`` with ``en`` cases one to one.

    Returns ``(pairs, checked)``: the pairs in Chinese case order, and the ``(zh, en)``
    index pairs that were aligned to verify them. Cases left out have no verified
    counterpart.
    """
    if not zh or not en:
        return [], []
    ze = np.stack([case_embedding(c.vectors, _texts(c.case)) for c in zh]).astype(np.float32)
    ee = np.stack([case_embedding(c.vectors, _texts(c.case)) for c in en]).astype(np.float32)
    sims_ze, z2e = knn(ze, ee, candidates)
    sims_ez, e2z = knn(ee, ze, candidates)
    proposals: dict[tuple[int, int], float] = {}
    for i in range(len(zh)):
        for s, j in zip(sims_ze[i], z2e[i], strict=True):
            proposals[(i, int(j))] = float(s)
    for j in range(len(en)):
        for s, i in zip(sims_ez[j], e2z[j], strict=True):
            proposals[(int(i), j)] = float(s)
    # Most similar first; once a case is paired, its other candidates need no alignment.
    # A wrong candidate ahead of the right one costs nothing but one verification: it
    # fails, and the case stays free for the next.
    order = sorted(proposals, key=lambda ij: -proposals[ij])
    used_z: set[int] = set()
    used_e: set[int] = set()
    pairs = []
    checked = []
    for k, (i, j) in enumerate(order, 1):
        if progress:
            progress("verifying case pairs", k, len(order))
        if i in used_z or j in used_e:
            continue
        result = align_vectors(_texts(zh[i].case), _texts(en[j].case), zh[i].vectors,
                               en[j].vectors)
        checked.append((i, j))
        score = verification(result)
        if score >= MIN_VERIFIED:
            used_z.add(i)
            used_e.add(j)
            pairs.append(CasePair(zh[i].case, en[j].case, score, result))
    pairs.sort(key=lambda p: (p.zh.doc, p.zh.index))
    return pairs, checked


def _texts(case: Case) -> list[str]:
    return [p.match for p in case.paragraphs]
