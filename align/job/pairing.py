"""Pairing the cases of a Chinese and an English collection.

Comparing every case with every case by full paragraph alignment would grow with the
product of the collections. Instead each case is embedded once (the length-weighted mean of
its paragraphs' vectors; in ``zhen run``, of its opening paragraphs, so that a case that is
never verified is never encoded in full: see :class:`CaseBank`), FAISS proposes the ``k``
nearest cases of the other language in both directions, and candidates are verified by
aligning their paragraphs, most similar first: a true translation aligns most paragraphs
with confident scores, a different case about the same company does not. A verified
candidate pairs its two cases, one to one, and the other candidates of a paired case are
not aligned at all, so the work stays close to one alignment per case.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from align.aligner.alignment import Alignment, align_vectors
from align.aligner.index import knn
from align.core.records import Case

#: Candidates per case proposed by the case index.
CANDIDATES = 3
#: A candidate is a translation when at least this share of both cases' paragraphs sits in
#: confident (score ≥ ``CONFIDENT``) matched beads.
MIN_VERIFIED = 0.5
CONFIDENT = 0.5
#: Verification aligns with these shapes only (a third of the work); accepted pairs are
#: then aligned once with every shape (:func:`align.job.run.align_pairs`).
QUICK_SHAPES = ((1, 1), (1, 0), (0, 1))
#: Proposals whose cases get their vectors together, most similar first, when verification
#: reaches one whose vectors are not there yet: an encoder batch of a few dozen cases
#: instead of one case pair at a time, at the price of encoding a few cases that the
#: proposals before them leave unverified.
LOOKAHEAD = 16


@dataclass(frozen=True)
class Aligned:
    """A Chinese case, its English counterpart, the verification score and the alignment
    (the job's working form of a :class:`~align.core.records.CasePair`)."""

    zh: Case
    en: Case
    score: float
    alignment: Alignment


@dataclass(frozen=True)
class CaseVectors:
    """Paragraph embeddings of one case, in paragraph order: ``(paragraphs, dim)``."""

    case: Case
    vectors: np.ndarray


class CaseBank(Protocol):
    """Where pairing gets its vectors: one embedding per case to propose candidates with,
    and the paragraph vectors of the cases it verifies (computed when first asked for, so a
    case that is never verified need never be encoded in full)."""

    def embedding(self, case: Case) -> np.ndarray:
        """The case's unit vector for proposing candidates."""
        ...

    def vectors(self, cases: Sequence[Case]) -> list[np.ndarray]:
        """The paragraph vectors of each of ``cases``, ``(paragraphs, dim)``."""
        ...


class Encoded:
    """A :class:`CaseBank` over paragraph vectors computed beforehand: the embedding of a
    case is :func:`case_embedding` of all its paragraphs."""

    def __init__(self, cases: Sequence[CaseVectors]) -> None:
        self.by_id = {cv.case.id: cv.vectors for cv in cases}

    def embedding(self, case: Case) -> np.ndarray:
        """:func:`case_embedding` of every paragraph of ``case``."""
        return case_embedding(self.by_id[case.id], _texts(case))

    def vectors(self, cases: Sequence[Case]) -> list[np.ndarray]:
        """The vectors given for ``cases``."""
        return [self.by_id[c.id] for c in cases]


def can_verify(n_zh: int, n_en: int) -> bool:
    """Whether two cases of ``n_zh`` and ``n_en`` paragraphs could pass verification at all.

    The quick check aligns with 1:1 beads only, so at most ``2·min(n, m)`` of the
    ``n + m`` paragraphs can sit in matched beads: below :data:`MIN_VERIFIED` of them
    (sizes more than threefold apart) the pair is never aligned.
    """
    total = n_zh + n_en
    return total > 0 and 2 * min(n_zh, n_en) >= MIN_VERIFIED * total


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


def pair_cases(zh: Sequence[Case], en: Sequence[Case], bank: CaseBank,
               candidates: int = CANDIDATES,
               progress: Callable[[str, int, int], None] | None = None,
               ) -> tuple[list[Aligned], list[tuple[int, int]]]:
    """Pair ``zh`` with ``en`` cases one to one, with the embeddings and vectors of
    ``bank``.

    Returns ``(pairs, checked)``: the pairs in Chinese case order, each with the quick
    alignment that verified it, and the ``(zh, en)`` index pairs that were aligned to
    verify them. Cases left out have no verified counterpart. The bank is asked for the
    vectors of the cases of the next :data:`LOOKAHEAD` proposals still open when
    verification reaches one it has not asked for yet.
    """
    if not zh or not en:
        return [], []
    ze = np.stack([bank.embedding(c) for c in zh]).astype(np.float32)
    ee = np.stack([bank.embedding(c) for c in en]).astype(np.float32)
    vz: dict[int, np.ndarray] = {}
    ve: dict[int, np.ndarray] = {}
    used_z: set[int] = set()
    used_e: set[int] = set()
    tried: set[tuple[int, int]] = set()
    pairs: list[Aligned] = []
    checked: list[tuple[int, int]] = []

    def open_(a: int, b: int) -> bool:
        """Whether candidate ``(a, b)`` may still be verified."""
        return (a not in used_z and b not in used_e
                and can_verify(len(zh[a].paragraphs), len(en[b].paragraphs)))

    # Rounds: propose among the cases still unpaired, verify, repeat while a round pairs
    # something. Near-duplicate cases (several editions of one collection) exhaust each
    # other's first candidates; the next round searches among what is left.
    while True:
        free_z = [i for i in range(len(zh)) if i not in used_z]
        free_e = [j for j in range(len(en)) if j not in used_e]
        if not free_z or not free_e:
            break
        proposals = _propose(ze, ee, free_z, free_e, candidates) - tried
        order = sorted(proposals, key=lambda ij: (-_case_similarity(ze, ee, ij), ij))
        paired_before = len(pairs)
        for k, (i, j) in enumerate(order, 1):
            if open_(i, j) and (i not in vz or j not in ve):
                ahead = [ab for ab in order[k - 1:] if open_(*ab)][:LOOKAHEAD]
                want_z = sorted({a for a, _ in ahead} - vz.keys())
                want_e = sorted({b for _, b in ahead} - ve.keys())
                got = bank.vectors([zh[a] for a in want_z] + [en[b] for b in want_e])
                vz.update(zip(want_z, got[:len(want_z)], strict=True))
                ve.update(zip(want_e, got[len(want_z):], strict=True))
            # Reported after the encoding it may have waited for, which has its own lines.
            if progress:
                progress("verifying case pairs", k, len(order))
            if not open_(i, j):
                continue
            tried.add((i, j))
            zt, et = _texts(zh[i]), _texts(en[j])
            quick = align_vectors(zt, et, vz[i], ve[j], shapes=QUICK_SHAPES)
            checked.append((i, j))
            if verification(quick) >= MIN_VERIFIED:
                used_z.add(i)
                used_e.add(j)
                pairs.append(Aligned(zh[i], en[j], verification(quick), quick))
        if len(pairs) == paired_before:
            break
    pairs.sort(key=lambda p: (p.zh.doc, p.zh.index))
    return pairs, checked


def _case_similarity(ze: np.ndarray, ee: np.ndarray, ij: tuple[int, int]) -> float:
    """Cosine of two case embeddings."""
    return float(ze[ij[0]] @ ee[ij[1]])


def _propose(ze: np.ndarray, ee: np.ndarray, free_z: list[int], free_e: list[int],
             k: int) -> set[tuple[int, int]]:
    """The ``k`` nearest free cases of the other language, both ways, as index pairs."""
    zsub, esub = ze[free_z], ee[free_e]
    out: set[tuple[int, int]] = set()
    _, z2e = knn(zsub, esub, k)
    _, e2z = knn(esub, zsub, k)
    for a, row in enumerate(z2e):
        out.update((free_z[a], free_e[int(b)]) for b in row)
    for b, row in enumerate(e2z):
        out.update((free_z[int(a)], free_e[b]) for a in row)
    return out


def _texts(case: Case) -> list[str]:
    return [p.match for p in case.paragraphs]
