"""The aligner's scoring model: feature weights and score calibration, and how they are learnt.

A bead's gain is ``weights · features`` (:mod:`align.features`). The weights are learnt
with an averaged structured perceptron (Collins 2002) on gold paragraph alignments: decode
each training case with the current weights, and move the weights towards the features of
the gold path and away from those of the predicted one. The calibration maps a bead's gain
per paragraph to the probability that the bead is exactly right (logistic regression on
the training predictions). ``bench/train_aligner.py`` retrains them and checks, by
training on half of the cases and testing on the other half, that they generalise.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from align.beads import Bead
from align.features import FEATURES, BeadFeatures

#: Learnt by ``python bench/train_aligner.py`` on the development gold; see its output.
WEIGHTS: dict[str, float] = {
    "sim": 0.0,
    "csls": 1.0,
    "length": 0.05,
    "numbers": 0.2,
    "numbers_one_side": -0.05,
    "latin": 0.1,
    "coverage": 0.5,
    "split": 0.0,
    "diagonal": 0.5,
    "shape_1:1": 0.0,
    "shape_1:2": -0.15,
    "shape_2:1": -0.15,
    "shape_2:2": -0.3,
    "shape_1:3": -0.3,
    "shape_3:1": -0.3,
    "shape_1:4": -0.45,
    "shape_4:1": -0.45,
    "shape_1:0": 0.0,
    "shape_0:1": 0.0,
    "null_best_csls": -1.0,
    "null_furniture": 0.5,
    "null_log_length": -0.02,
    "null_heading": 0.05,
}
#: Logistic calibration of gain per paragraph: ``score = sigmoid(a * gain + b)``.
CALIBRATION: tuple[float, float] = (8.0, -1.0)


@dataclass(frozen=True)
class Model:
    """Feature weights (in :data:`~align.features.FEATURES` order) and the score calibration."""

    weights: np.ndarray
    calibration: tuple[float, float] = CALIBRATION

    def calibrate(self, gain: float, size: int) -> float:
        """Probability in [0, 1] that a bead of ``size`` paragraphs with ``gain`` is right."""
        a, b = self.calibration
        z = a * gain / max(size, 1) + b
        return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))

    def as_dict(self) -> dict[str, float]:
        """The weights by feature name."""
        return {name: float(w) for name, w in zip(FEATURES, self.weights, strict=True)}

    @classmethod
    def from_dict(cls, weights: dict[str, float],
                  calibration: tuple[float, float] = CALIBRATION) -> Model:
        """A model from named weights; features not named get weight 0."""
        unknown = set(weights) - set(FEATURES)
        if unknown:
            raise ValueError(f"unknown features: {sorted(unknown)}")
        vec = np.array([weights.get(name, 0.0) for name in FEATURES], dtype=np.float32)
        return cls(vec, calibration)


@lru_cache(maxsize=1)
def default_model() -> Model:
    """The shipped model (:data:`WEIGHTS`, :data:`CALIBRATION`)."""
    return Model.from_dict(WEIGHTS, CALIBRATION)


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
          decode: Callable[[BeadFeatures, Model], list[Bead]], epochs: int = 15,
          rate: float = 0.05) -> Model:
    """Averaged structured perceptron from ``start`` over ``(features, gold beads)`` cases.

    Gold beads of shapes the decoder does not produce are skipped by the caller. The
    returned model carries a calibration fitted on the final predictions.
    """
    w = start.weights.astype(np.float64).copy()
    total = np.zeros_like(w)
    steps = 0
    gold_phi = [path_features(f, gold) for f, gold in cases]
    for epoch in range(epochs):
        order = np.random.default_rng(epoch).permutation(len(cases))
        for k in order:
            feats, gold = cases[k]
            model = Model(w.astype(np.float32), start.calibration)
            pred = decode(feats, model)
            if [(b.src, b.tgt) for b in pred] != [(b.src, b.tgt) for b in gold]:
                w += rate * (gold_phi[k] - path_features(feats, pred))
            total += w
            steps += 1
    averaged = Model((total / max(steps, 1)).astype(np.float32), start.calibration)
    return Model(averaged.weights, fit_calibration(cases, averaged, decode))


def fit_calibration(cases: Sequence[tuple[BeadFeatures, Sequence[Bead]]], model: Model,
                    decode: Callable[[BeadFeatures, Model], list[Bead]]) -> tuple[float, float]:
    """Logistic fit of "predicted bead is in gold" on gain per paragraph (Newton steps)."""
    # Decoding with the identity calibration makes score = sigmoid(gain per paragraph).
    probe = Model(model.weights, (1.0, 0.0))
    xs, ys = [], []
    for feats, gold in cases:
        gold_set = {(b.src, b.tgt) for b in _split_null(gold)}
        for bead in decode(feats, probe):
            p = min(max(bead.score, 1e-12), 1 - 1e-12)
            xs.append(math.log(p / (1 - p)))
            ys.append(1.0 if (bead.src, bead.tgt) in gold_set else 0.0)
    x, y = np.array(xs), np.array(ys)
    # Standardise, then ridge-regularised Newton steps (a separable sample must not
    # send the slope to infinity).
    mu, sd = float(x.mean()), float(x.std() or 1.0)
    xs_ = (x - mu) / sd
    theta = np.zeros(2)
    ridge = np.diag([1.0, 0.0])
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(theta[0] * xs_ + theta[1], -40, 40)))
        grad = np.array([((p - y) * xs_).sum(), (p - y).sum()]) + ridge @ theta
        h = p * (1 - p)
        hess = np.array([[(h * xs_ * xs_).sum(), (h * xs_).sum()], [(h * xs_).sum(), h.sum()]])
        theta -= np.linalg.solve(hess + ridge + 1e-6 * np.eye(2), grad)
    slope = theta[0] / sd
    return float(slope), float(theta[1] - slope * mu)


def _split_null(beads: Sequence[Bead]) -> list[Bead]:
    out = []
    for b in beads:
        if not b.src:
            out.extend(Bead((), (j,), b.score) for j in b.tgt)
        elif not b.tgt:
            out.extend(Bead((i,), (), b.score) for i in b.src)
        else:
            out.append(b)
    return out
