"""Nearest-neighbour search over embeddings with FAISS, shapes checked at the door.

Exact inner-product search (``IndexFlatIP``) on unit vectors is cosine similarity; it costs
``O(n·m·d)`` flops but no Python loop, and for the sizes zhen meets (thousands of
paragraphs, hundreds of cases) it is faster than building an approximate index.
"""

from __future__ import annotations

import numpy as np

#: Below this many query × base products the search is done with one NumPy product.
SMALL = 50_000


def _as_f32(x: np.ndarray, name: str) -> np.ndarray:
    arr = np.ascontiguousarray(x, dtype=np.float32)
    if arr.ndim != 2:
        raise ValueError(f"{name}: expected a 2-d (n, dim) array, got shape {arr.shape}")
    return arr


def knn(queries: np.ndarray, base: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` rows of ``base`` most similar to each row of ``queries``.

    ``queries`` (q, d) and ``base`` (b, d) are float32 unit vectors. Returns ``(sims, ids)``,
    both (q, min(k, b)), best first: ``sims`` float32 cosines, ``ids`` int64 rows of ``base``.
    """
    import faiss

    q = _as_f32(queries, "queries")
    b = _as_f32(base, "base")
    if q.shape[1] != b.shape[1]:
        raise ValueError(f"dimension mismatch: queries {q.shape[1]}, base {b.shape[1]}")
    k = min(k, b.shape[0])
    if k == 0 or q.shape[0] == 0:
        return np.zeros((q.shape[0], 0), np.float32), np.zeros((q.shape[0], 0), np.int64)
    if q.shape[0] * b.shape[0] <= SMALL:
        # A few thousand products: one BLAS call beats FAISS's thread start-up.
        sims = q @ b.T
        ids = np.argsort(-sims, axis=1, kind="stable")[:, :k]
        return np.take_along_axis(sims, ids, axis=1), ids.astype(np.int64)
    index = faiss.IndexFlatIP(b.shape[1])
    index.add(b)
    sims, ids = index.search(q, k)
    return sims, ids


def neighbourhood_mean(queries: np.ndarray, base: np.ndarray, k: int) -> np.ndarray:
    """Mean cosine of each query's ``k`` nearest rows in ``base``: shape (q,), float32.

    This is the ``r`` term of margin / CSLS scoring (Artetxe & Schwenk 2019; Conneau et
    al. 2018): a sentence that is close to everything is discounted, so the encoder's
    hubness and same-language bias cancel out.
    """
    sims, _ = knn(queries, base, k)
    if sims.shape[1] == 0:
        return np.zeros(sims.shape[0], np.float32)
    return sims.mean(axis=1).astype(np.float32)
