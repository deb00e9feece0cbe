"""Paragraph alignment: two lists of paragraphs in, beads with a score each out.

The pipeline, for a Chinese source and an English target:

1. embed every paragraph once (the encoder's cache makes a second run free);
2. FAISS k-nearest-neighbour search both ways gives each paragraph its CSLS margin term
   and, for long inputs, the anchors that cut the grid into independent blocks, so the cost
   grows linearly with length instead of quadratically;
3. :class:`~align.aligner.features.BeadFeatures` scores every bead of every shape in a block, the
   learnt weights of :mod:`align.aligner.model` turn the features into gains, and
   :func:`~align.aligner.dp.best_path` finds the best monotonic path;
4. each bead gets a score in [0, 1] from the confidence model: the probability that its
   two sides are translations (for 1:0 / 0:1 beads, that the paragraph has none).

Use :func:`align` with an encoder, or :func:`align_vectors` when the embeddings are
already at hand (``zhen run`` embeds the whole corpus in one batch).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from align.aligner.dp import best_path
from align.aligner.features import (
    CSLS_K,
    SHAPES,
    BeadFeatures,
    InputProfile,
    LengthModel,
    Shape,
    Side,
    weigh,
)
from align.aligner.index import knn, neighbourhood_mean
from align.aligner.model import Model, default_model
from align.aligner.moves import find_moves
from align.core.beads import Bead
from align.encoders import Encoder

#: Grids larger than this many cells are cut at anchors into blocks of about
#: ``BLOCK`` source paragraphs.
MAX_DENSE_CELLS = 160_000
BLOCK = 120
#: An anchor's cosine must beat its runner-up's by this much on both sides.
ANCHOR_MARGIN = 0.02
#: Windows (the merged side of an m:n bead) of at most this many Chinese characters (the
#: English converted through the input's length model) are embedded by encoding their
#: joined text when an encoder is at hand, as Bertalign and Vecalign do: for short
#: sentences the mean of the parts' vectors misses how they read together. Longer windows
#: keep the length-weighted mean, which costs nothing. 120 is about a window of four
#: literary sentences and below two typical report paragraphs; chosen by the two-fold
#: held-out figures of ``bench/train_aligner.py`` over 80–300: from 120 down nothing is
#: lost on the report cases (pooled strict F1 0.983, against 0.981 at 200) and up to 120
#: nothing on the literary chapters (0.894; 0.892 at 100), while a cold run of the
#: corpus embeds far fewer windows.
WINDOW_CHARS = 120.0


@dataclass(frozen=True)
class Alignment:
    """The result of aligning ``n_src`` source with ``n_tgt`` target paragraphs."""

    beads: tuple[Bead, ...]
    n_src: int
    n_tgt: int
    length_model: LengthModel
    warnings: tuple[str, ...] = field(default=())

    @property
    def matched(self) -> tuple[Bead, ...]:
        """The beads with paragraphs on both sides."""
        return tuple(b for b in self.beads if not b.is_null)

    @property
    def coverage(self) -> float:
        """Share of all paragraphs that sit in a bead with both sides (0 … 1)."""
        total = self.n_src + self.n_tgt
        inside = sum(len(b.src) + len(b.tgt) for b in self.matched)
        return inside / total if total else 0.0

    @property
    def confident_coverage(self) -> float:
        """Share of all paragraphs in matched beads more likely translations than not
        (score at least 0.5, the decision point of the calibrated bead score)."""
        total = self.n_src + self.n_tgt
        inside = sum(len(b.src) + len(b.tgt) for b in self.matched if b.score >= 0.5)
        return inside / total if total else 0.0

    @property
    def mean_score(self) -> float:
        """Mean score of the matched beads (0 when nothing matched)."""
        m = self.matched
        return float(np.mean([b.score for b in m])) if m else 0.0


def align(zh: Sequence[str], en: Sequence[str], encoder: Encoder,
          model: Model | None = None) -> Alignment:
    """Align Chinese paragraphs ``zh`` with English paragraphs ``en``.

    Returns beads covering every paragraph exactly once, in order, each with a score.
    """
    vectors = encoder.encode([*zh, *en]) if (zh or en) else np.zeros((0, encoder.dim),
                                                                     np.float32)
    return align_vectors(zh, en, vectors[: len(zh)], vectors[len(zh):], model,
                         encoder=encoder)


def align_vectors(zh: Sequence[str], en: Sequence[str], zh_vectors: np.ndarray,
                  en_vectors: np.ndarray, model: Model | None = None,
                  shapes: Sequence[Shape] = SHAPES, prior: np.ndarray | None = None,
                  encoder: Encoder | None = None) -> Alignment:
    """Align as :func:`align`, given the unit embeddings of both sides (``(n, d)``, ``(m, d)``).

    ``shapes`` restricts the bead shapes searched (``(0, 1)`` is always needed); fewer
    shapes is faster, e.g. for a quick check that two texts are translations.
    ``prior`` (``(n, m)``, optional) is evidence from outside the two texts, added to the
    gain of the 1:1 bead of paragraphs ``i`` and ``j``: positive where they are known to
    translate each other, negative where known not to (see :mod:`align.aligner.headings`).
    With ``encoder``, short windows of consecutive paragraphs are embedded by encoding
    their joined text (:data:`WINDOW_CHARS`); without, every window is the length-weighted
    mean of its paragraphs' vectors.
    """
    model = model or default_model()
    n, m = len(zh), len(en)
    if zh_vectors.shape[0] != n or en_vectors.shape[0] != m:
        raise ValueError("one embedding row per paragraph is required")
    whole = prepare(zh, en, zh_vectors, en_vectors, encoder, shapes)
    return align_prepared(whole, model, shapes, prior)


def align_prepared(whole: Prepared, model: Model | None = None,
                   shapes: Sequence[Shape] = SHAPES, prior: np.ndarray | None = None,
                   moves: bool = True) -> Alignment:
    """Align an input made ready by :func:`prepare`, as :func:`align_vectors` does.

    Large grids are cut at confident anchors into blocks aligned one by one. With
    ``moves``, one-sided paragraphs are then classed as furniture or paired out of order
    (:func:`~align.aligner.moves.find_moves`).
    """
    model = model or default_model()
    n, m = whole.zh.n, whole.en.n
    length = whole.length
    blocks = _blocks(whole.zh.vectors, whole.en.vectors, whole.r_zh, whole.r_en)
    beads: list[Bead] = []
    for (i0, i1), (j0, j1) in blocks:
        sub = whole.features(i0, i1, j0, j1)
        block_prior = None if prior is None else prior[i0:i1, j0:j1]
        for bead in decode(sub, model, shapes, prior=block_prior):
            beads.append(Bead(tuple(i + i0 for i in bead.src), tuple(j + j0 for j in bead.tgt),
                              bead.score))
    if moves and n and m:
        beads = find_moves(beads, whole, model)
    result = Alignment(tuple(beads), n, m, length)
    return Alignment(result.beads, n, m, length, tuple(_warnings(result)))


@dataclass(frozen=True)
class Prepared:
    """What :func:`align_vectors` estimates on a whole input before cutting it into blocks.

    The CSLS neighbourhood means, the length model and the
    :class:`~align.aligner.features.InputProfile` describe the whole input, so a block of a
    long text is scored like the same stretch of a short one.
    """

    zh: Side
    en: Side
    r_zh: np.ndarray
    r_en: np.ndarray
    length: LengthModel
    profile: InputProfile

    def features(self, i0: int = 0, i1: int | None = None, j0: int = 0,
                 j1: int | None = None) -> BeadFeatures:
        """The feature grid of source ``i0:i1`` against target ``j0:j1`` (default: all)."""
        i1 = self.zh.n if i1 is None else i1
        j1 = self.en.n if j1 is None else j1
        whole = (i0, i1, j0, j1) == (0, self.zh.n, 0, self.en.n)
        zh = self.zh if whole else self.zh.slice(i0, i1)
        en = self.en if whole else self.en.slice(j0, j1)
        return BeadFeatures(zh, en, self.r_zh[i0:i1], self.r_en[j0:j1], self.length,
                            self.profile)


def prepare(zh: Sequence[str], en: Sequence[str], zh_vectors: np.ndarray,
            en_vectors: np.ndarray, encoder: Encoder | None = None,
            shapes: Sequence[Shape] = SHAPES) -> Prepared:
    """Sides, CSLS neighbourhoods, length model and profile of one input (:class:`Prepared`).

    With ``encoder``, the short windows ``shapes`` need are encoded (:func:`encode_windows`).
    """
    n, m = len(zh), len(en)
    zside, eside = Side(zh, zh_vectors, "zh"), Side(en, en_vectors, "en")
    r_zh = neighbourhood_mean(zh_vectors, en_vectors, CSLS_K) if n and m else np.zeros(n)
    r_en = neighbourhood_mean(en_vectors, zh_vectors, CSLS_K) if n and m else np.zeros(m)
    length = estimate_length_model(zside, eside)
    if encoder is not None and n and m:
        encode_windows(zside, eside, encoder, length, shapes)
        # An encoded window has its own neighbourhood on the other side (a joined text is
        # nearer to more sentences than its parts): its CSLS term is measured, not averaged.
        for side, other, r in ((zside, eside, r_zh), (eside, zside, r_en)):
            for k, win in side.encoded.items():
                have = np.abs(win).sum(axis=1) > 0
                rk = np.convolve(r, np.ones(k), "valid") / k
                if have.any():
                    rk[have] = neighbourhood_mean(win[have], other.vectors, CSLS_K)
                side.encoded_r[k] = rk.astype(np.float32)
    return Prepared(zside, eside, r_zh.astype(np.float32), r_en.astype(np.float32), length,
                    InputProfile.of(zside, eside, length))


def encode_windows(zh: Side, en: Side, encoder: Encoder, length: LengthModel,
                   shapes: Sequence[Shape] = SHAPES, max_chars: float = WINDOW_CHARS) -> None:
    """Encode the joined text of the short windows ``shapes`` need, both sides, one batch.

    Chinese segments are joined without a space, English ones with one. The vectors are
    stored in ``zh.encoded`` / ``en.encoded`` (see :class:`~align.aligner.features.Side`).
    """
    jobs: list[tuple[Side, int, np.ndarray]] = []
    texts: list[str] = []
    for side, sizes, joiner, scale in (
            (zh, {a for a, _ in shapes if a > 1}, "", 1.0),
            (en, {b for _, b in shapes if b > 1}, " ", math.exp(-length.mu))):
        for k in sorted(sizes):
            if k > side.n:
                continue
            chars = np.convolve(side.lengths, np.ones(k), "valid") * scale
            starts = np.flatnonzero(chars <= max_chars)
            jobs.append((side, k, starts))
            texts += [joiner.join(side.texts[s: s + k]) for s in starts]
    if not texts:
        return
    vectors = encoder.encode(texts)
    row = 0
    for side, k, starts in jobs:
        out = np.zeros((side.n - k + 1, vectors.shape[1]), dtype=np.float32)
        out[starts] = vectors[row: row + len(starts)]
        row += len(starts)
        side.encoded[k] = out
        side._win.pop(k, None)


def decode(features: BeadFeatures, model: Model, shapes: Sequence[Shape] = SHAPES,
           margin_against: Sequence[Bead] | None = None,
           prior: np.ndarray | None = None) -> list[Bead]:
    """The best beads for one block under ``model``, with their confidence scores.

    ``margin_against`` is for training only (loss-augmented decoding): every bead not in
    that reference path earns one extra point per paragraph, so the learner must beat the
    reference by a margin that grows with the size of the error.
    """
    n, m = features.zh.n, features.en.n
    gains = {}
    tensors = {}
    for shape in shapes:
        t = tensors[shape] = features.tensor(shape)
        g = weigh(t, model.weights)
        a, b = shape
        if margin_against is not None:
            g = g + (a + b)
            for bead in margin_against:
                if (len(bead.src), len(bead.tgt)) == shape:
                    i = bead.src[-1] + 1 if bead.src else None
                    j = bead.tgt[-1] + 1 if bead.tgt else None
                    if i is not None and j is not None:
                        g[i, j] -= a + b
                    elif i is not None:
                        g[i, :] -= a + b  # a 1:0 bead at row i, whatever the column
                    elif j is not None:
                        g[:, j] -= a + b
        if prior is not None and shape == (1, 1):
            g = g.copy()
            g[1:, 1:] += prior
        g[:a, :] = -1e9
        g[:, :b] = -1e9
        gains[shape] = g
    # A 1:0 / 0:1 bead is as sure as its paragraph's best 1:1 match is unsure.
    one = model.bead_confidence(tensors[(1, 1)], 2) if (1, 1) in tensors else None
    beads = []
    for (a, b), i, j in best_path(gains, n, m):
        if a and b:
            score = float(model.bead_confidence(tensors[(a, b)][i, j], a + b))
        elif one is None or n == 0 or m == 0:
            score = 1.0
        else:
            score = 1.0 - float(one[i, 1:].max() if a else one[1:, j].max())
        beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), score))
    return beads


def estimate_length_model(zh: Side, en: Side) -> LengthModel:
    """Fit the English/Chinese length ratio on mutual nearest neighbours of this input.

    Falls back to the default model when fewer than eight confident pairs exist.
    """
    if not zh.n or not en.n:
        return LengthModel()
    _, z2e = knn(zh.vectors, en.vectors, 1)
    _, e2z = knn(en.vectors, zh.vectors, 1)
    ratios = [math.log(en.lengths[j] / zh.lengths[i])
              for i, j in enumerate(z2e[:, 0])
              if e2z[j, 0] == i and zh.lengths[i] >= 15 and en.lengths[j] >= 15]
    if len(ratios) < 8:
        return LengthModel()
    arr = np.array(ratios)
    mu = float(np.median(arr))
    sigma = float(1.4826 * np.median(np.abs(arr - mu)))
    return LengthModel(mu=mu, sigma=min(max(sigma, 0.2), 0.6))


def _blocks(zv: np.ndarray, ev: np.ndarray, r_zh: np.ndarray, r_en: np.ndarray
            ) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Cut a large grid at confident anchors into blocks aligned independently.

    An anchor is a 1:1 pair that is each other's nearest neighbour, clearly nearer than the
    runner-up on both sides (a repeated paragraph anchors nothing: which copy is its
    counterpart is for the alignment to decide), lies on the longest monotonic chain of
    such pairs, and whose two neighbours on the diagonal are anchors too: a bead boundary
    is then certain between them.
    """
    n, m = zv.shape[0], ev.shape[0]
    if n * m <= MAX_DENSE_CELLS:
        return [((0, n), (0, m))]
    zs, z2e = knn(zv, ev, 2)
    es, e2z = knn(ev, zv, 2)
    mutual = [(i, int(j)) for i, j in enumerate(z2e[:, 0])
              if e2z[j, 0] == i and zs[i, 0] - zs[i, 1] >= ANCHOR_MARGIN
              and es[j, 0] - es[j, 1] >= ANCHOR_MARGIN]
    chain = _longest_increasing(mutual)
    anchors = set(chain)
    cuts = [(0, 0)]
    for i, j in chain:
        if ((i - 1, j - 1) in anchors and (i + 1, j + 1) in anchors
                and i - cuts[-1][0] >= BLOCK and j - cuts[-1][1] >= 1
                and n - i >= BLOCK // 2):
            cuts.append((i, j))
    cuts.append((n, m))
    return [((a[0], b[0]), (a[1], b[1])) for a, b in pairwise(cuts)]


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest chain of ``pairs`` (sorted by first item) strictly increasing in both."""
    import bisect

    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        prev[k] = tail_idx[pos - 1] if pos else -1
    out = []
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        out.append(pairs[k])
        k = prev[k]
    return out[::-1]


def _warnings(result: Alignment) -> list[str]:
    total = result.n_src + result.n_tgt
    if total == 0:
        return []
    if result.coverage < 0.5 or result.mean_score < 0.35 or result.confident_coverage < 0.5:
        return [f"the two texts do not look like translations of each other: only "
                f"{result.confident_coverage:.0%} of paragraphs aligned with confidence "
                f"({result.coverage:.0%} aligned at all), mean score "
                f"{result.mean_score:.2f}; check that the right files were given"]
    return []
