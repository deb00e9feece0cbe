"""The aligner's scoring model: path weights and bead confidence, and how they are learnt.

A bead's gain is ``weights · features`` (:mod:`align.aligner.features`). The weights are learnt
with an averaged structured perceptron (Collins 2002) on gold alignments of two genres
(report paragraphs and literary sentences): decode each training input with the current
weights, and move the weights towards the features of
the gold path and away from those of the predicted one. A separate confidence model (logistic
regression on the same features, per paragraph) gives each bead its score: the
probability that it is a translation at all. ``bench/train_aligner.py`` retrains them and
checks, by training on half of each genre and testing on the other half, that they
generalise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from align.aligner.features import FEATURES, MATCH_FEATURES, BeadFeatures, weigh
from align.core.beads import Bead

#: Learnt by ``python bench/train_aligner.py --epochs 20`` on the 18 development cases and
#: the 22 monotonic MAC-Test chapters together (held-out figures of the same recipe, two
#: folds per genre: report cases strict F1 0.974 / 0.997, literary chapters 0.908 / 0.878;
#: see its output and the README's benchmarks).
WEIGHTS: dict[str, float] = {
    "sim": 8.6904,
    "csls": 9.9844,
    "length": 2.4476,
    "numbers": 0.9540,
    "numbers_one_side": -0.3591,
    "latin": -1.0865,
    "coverage": 3.6889,
    "coverage_relative": 1.8407,
    "split": 1.6486,
    "furniture_member": -0.6733,
    "diagonal": 0.6838,
    "continued": 1.9340,
    "shape_1:1": 3.9434,
    "shape_1:2": 2.8220,
    "shape_2:1": 2.1699,
    "shape_2:2": -0.3523,
    "shape_1:3": 0.9870,
    "shape_3:1": -0.2138,
    "shape_1:4": -0.7768,
    "shape_4:1": -1.8292,
    "shape_2:3": -2.0558,
    "shape_3:2": -2.9563,
    "shape_1:0": 3.5775,
    "shape_0:1": -3.5339,
    "null_best_csls": -0.3139,
    "null_furniture": 1.1733,
    "null_log_length": -2.3978,
    "null_heading": 1.6164,
    "profile_expand_ratio": -1.3559,
    "profile_contract_ratio": 0.0113,
    "profile_merge_length": -0.5475,
    "profile_merge_headings": -2.6056,
    "profile_null_length": 2.4066,
    "profile_null_headings": 1.1579,
}
#: Bead confidence: logistic regression on the per-paragraph match features, fitted by
#: ``bench/train_aligner.py`` on gold beads against wrong beads, including the beads the
#: path model produces between unrelated texts (which it always matches somehow).
CONFIDENCE: dict[str, float] = {
    "bias": -1.3929,
    "sim": 6.1697,
    "csls": 8.4970,
    "length": 0.3878,
    "numbers": 3.4183,
    "numbers_one_side": -0.6613,
    "latin": 3.8916,
    "coverage": -2.2731,
    "coverage_relative": 5.8540,
    "split": 4.4310,
}

_MATCH = np.array([name in MATCH_FEATURES for name in FEATURES])
# Position and page breaks are left out of the confidence: a bead far from the diagonal
# (after a long untranslated block), or one that joins the halves of a broken paragraph,
# is no less a translation for it.
_CONFIDENCE_FEATURES = np.array([name in MATCH_FEATURES and name not in ("diagonal", "continued")
                                 for name in FEATURES])


@dataclass(frozen=True)
class Model:
    """Path weights (in :data:`~align.aligner.features.FEATURES` order) and the confidence model.

    ``weights`` rank alignments against each other; ``confidence`` (one weight per feature,
    then a bias) says how likely one matched bead is a translation at all.
    """

    weights: np.ndarray
    confidence: np.ndarray

    def bead_confidence(self, features: np.ndarray, size: int | np.ndarray) -> np.ndarray:
        """Probability that matched beads with ``features`` (``(..., F)``) are translations."""
        if np.ndim(size) == 0:
            # One size for all: the scaling folds into the weights (a linear map).
            w = np.where(_MATCH, self.confidence[:-1] / float(size), self.confidence[:-1])
            z = weigh(features, w) + self.confidence[-1]
        else:
            x = np.where(_MATCH, features / np.asarray(size, dtype=np.float32)[..., None],
                         features)
            z = x @ self.confidence[:-1] + self.confidence[-1]
        return 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))

    def as_dict(self) -> dict[str, float]:
        """The path weights by feature name."""
        return {name: float(w) for name, w in zip(FEATURES, self.weights, strict=True)}

    def confidence_dict(self) -> dict[str, float]:
        """The confidence weights by feature name, plus ``bias``; zero weights left out."""
        out = {"bias": float(self.confidence[-1])}
        out.update({n: float(w) for n, w in zip(FEATURES, self.confidence[:-1], strict=True)
                    if w != 0})
        return out

    @classmethod
    def from_dict(cls, weights: dict[str, float],
                  confidence: dict[str, float] | None = None) -> Model:
        """A model from named weights; features not named get weight 0."""
        conf = dict(confidence or CONFIDENCE)
        unknown = (set(weights) | set(conf)) - set(FEATURES) - {"bias"}
        if unknown:
            raise ValueError(f"unknown features: {sorted(unknown)}")
        vec = np.array([weights.get(name, 0.0) for name in FEATURES], dtype=np.float32)
        cvec = np.array([conf.get(name, 0.0) for name in FEATURES] + [conf.get("bias", 0.0)],
                        dtype=np.float32)
        return cls(vec, cvec)


@lru_cache(maxsize=1)
def default_model() -> Model:
    """The shipped model (:data:`WEIGHTS`, :data:`CONFIDENCE`)."""
    return Model.from_dict(WEIGHTS, CONFIDENCE)


def path_features(features: BeadFeatures, beads: Sequence[Bead]) -> np.ndarray:
    """Sum of the feature vectors of ``beads`` (a full path through the grid)."""
    total = np.zeros(len(FEATURES), dtype=np.float64)
    cache: dict[tuple[int, int], np.ndarray] = {}
    for bead in beads:
        shape = (len(bead.src), len(bead.tgt))
        if shape not in cache:
            cache[shape] = features.tensor(shape)
        i = bead.src[-1] + 1 if bead.src else _end(beads, bead, "src")
        j = bead.tgt[-1] + 1 if bead.tgt else _end(beads, bead, "tgt")
        total += cache[shape][i, j]
    return total


def _end(beads: Sequence[Bead], bead: Bead, side: str) -> int:
    """End state on ``side`` of a bead that is empty on that side: after the last id before it."""
    last = 0
    for b in beads:
        if b is bead:
            return last
        ids = b.src if side == "src" else b.tgt
        if ids:
            last = ids[-1] + 1
    raise ValueError("bead not in path")


def train(cases: Sequence[tuple[BeadFeatures, Sequence[Bead]]], start: Model,
          decode: Callable[..., list[Bead]], epochs: int = 15,
          rate: float = 0.05, margin: bool = True, seed: int = 0) -> Model:
    """Averaged structured perceptron from ``start`` over ``(features, gold beads)`` cases.

    With ``margin``, decoding is loss-augmented (each wrong bead earns a bonus), which
    pushes the gold path ahead by a margin and generalises better than plain updates. The
    confidence model is carried over from ``start``; see :func:`fit_confidence`. ``seed``
    sets the order in which the cases are visited in each epoch.
    """
    w = start.weights.astype(np.float64).copy()
    total = np.zeros_like(w)
    steps = 0
    gold_phi = [path_features(f, gold) for f, gold in cases]
    for epoch in range(epochs):
        order = np.random.default_rng(seed * 1000 + epoch).permutation(len(cases))
        for k in order:
            feats, gold = cases[k]
            model = Model(w.astype(np.float32), start.confidence)
            pred = decode(feats, model, margin_against=gold) if margin else decode(feats, model)
            if [(b.src, b.tgt) for b in pred] != [(b.src, b.tgt) for b in gold]:
                w += rate * (gold_phi[k] - path_features(feats, pred))
            total += w
            steps += 1
    return Model((total / max(steps, 1)).astype(np.float32), start.confidence)


def fit_confidence(samples: Sequence[tuple[np.ndarray, int, bool]], model: Model,
                   ridge: float = 1.0) -> Model:
    """``model`` with its confidence refitted on ``(features, size, is_right)`` bead samples.

    Ridge-regularised logistic regression by Newton steps on the per-paragraph match
    features (the same transformation :meth:`Model.bead_confidence` applies).
    """
    feats = np.stack([f for f, _, _ in samples]).astype(np.float64)
    sizes = np.array([s for _, s, _ in samples], dtype=np.float64)
    y = np.array([1.0 if ok else 0.0 for _, _, ok in samples])
    cols = np.flatnonzero(_CONFIDENCE_FEATURES)
    x = feats[:, cols] / sizes[:, None]
    mu, sd = x.mean(axis=0), x.std(axis=0)
    sd[sd == 0] = 1.0
    xs = np.hstack([(x - mu) / sd, np.ones((len(x), 1))])
    theta = np.zeros(xs.shape[1])
    reg = ridge * np.eye(xs.shape[1])
    reg[-1, -1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(xs @ theta, -40, 40)))
        grad = xs.T @ (p - y) + reg @ theta
        hess = (xs * (p * (1 - p))[:, None]).T @ xs + reg + 1e-6 * np.eye(xs.shape[1])
        theta -= np.linalg.solve(hess, grad)
    conf = np.zeros(len(FEATURES) + 1)
    conf[cols] = theta[:-1] / sd
    conf[-1] = theta[-1] - float((theta[:-1] * mu / sd).sum())
    return Model(model.weights, conf.astype(np.float32))
