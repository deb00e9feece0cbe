"""Learn the aligner's feature weights on gold cases, and check that they generalise.

    python bench/train_aligner.py [--gold ../shared/gold/dev] [--epochs 25]

The path weights are learnt on the gold cases. The confidence model is then fitted on
the beads the path model predicts: right or wrong against gold, plus the beads it predicts
between each case's Chinese and the next case's English (unrelated texts, which any
monotonic aligner still matches somehow): without these the scores could not tell a
translation from a forced match.

1. Two-fold check: train on the odd-numbered cases, test on the even ones, and the other
   way round; prints strict F1 on the held-out half next to the shipped weights' figure.
2. Trains on every case and prints ``WEIGHTS`` and ``CONFIDENCE`` to paste into
   ``align/model.py``.
Nothing is tuned per case: the same features and one weight vector serve every input.
"""

from __future__ import annotations

import argparse

import numpy as np
from goldcases import (
    GoldCase,
    add_gold_arguments,
    load_gold,
    load_scorer,
    score,
)

from align.aligner.alignment import decode, estimate_length_model
from align.aligner.features import CSLS_K, BeadFeatures, Side
from align.aligner.index import neighbourhood_mean
from align.aligner.model import Model, default_model, fit_confidence, train
from align.core.beads import Bead
from align.encoders import load_encoder

#: Where learning starts: a hand-set prior (similarity counts, merges cost, furniture
#: may stay unaligned). Starting from the shipped weights would leak the held-out fold.
START = {
    "csls": 1.0, "length": 0.05, "numbers": 0.2, "numbers_one_side": -0.05, "latin": 0.1,
    "coverage": 0.5, "diagonal": 0.5, "shape_1:2": -0.15, "shape_2:1": -0.15,
    "shape_2:2": -0.3, "shape_1:3": -0.3, "shape_3:1": -0.3, "shape_1:4": -0.45,
    "shape_4:1": -0.45, "null_best_csls": -1.0, "null_furniture": 0.5,
    "null_log_length": -0.02, "null_heading": 0.05,
}


def _features(zh: list[str], en: list[str], zv: np.ndarray, ev: np.ndarray) -> BeadFeatures:
    zs, es = Side(zh, zv, "zh"), Side(en, ev, "en")
    return BeadFeatures(zs, es, neighbourhood_mean(zv, ev, CSLS_K),
                        neighbourhood_mean(ev, zv, CSLS_K), estimate_length_model(zs, es))


def case_features(cases: list[GoldCase], model_name: str
                  ) -> tuple[list[BeadFeatures], list[BeadFeatures]]:
    """Feature grids of every case, and of every case's Chinese against the next case's
    English (a non-translation, whose right alignment is all 1:0 and 0:1 beads)."""
    encoder = load_encoder(model_name)
    vectors = encoder.encode([t for c in cases for t in (*c.zh, *c.en)])
    zvs, evs, row = [], [], 0
    for c in cases:
        zvs.append(vectors[row: row + len(c.zh)])
        evs.append(vectors[row + len(c.zh): row + len(c.zh) + len(c.en)])
        row += len(c.zh) + len(c.en)
    feats = [_features(c.zh, c.en, zvs[k], evs[k]) for k, c in enumerate(cases)]
    negatives = []
    for k, c in enumerate(cases):
        o = (k + 1) % len(cases)
        negatives.append(_features(c.zh, cases[o].en, zvs[k], evs[o]))
    return feats, negatives


def bead_samples(features: BeadFeatures, beads: list[Bead], gold: set
                 ) -> list[tuple[np.ndarray, int, bool]]:
    """``(features, size, is_gold)`` of every matched bead of ``beads``."""
    out = []
    tensors: dict[tuple[int, int], np.ndarray] = {}
    for b in beads:
        if b.is_null:
            continue
        shape = (len(b.src), len(b.tgt))
        if shape not in tensors:
            tensors[shape] = features.tensor(shape)
        out.append((tensors[shape][b.src[-1] + 1, b.tgt[-1] + 1], sum(shape),
                    (b.src, b.tgt) in gold))
    return out


def evaluate(scorer, feats: list[BeadFeatures], cases: list[GoldCase], model: Model) -> dict:
    """Pooled metrics of ``model`` on ``cases``."""
    return score(scorer, [(c.gold, decode(f, model)) for f, c in zip(feats, cases, strict=True)])


def main() -> None:
    """Two-fold check, then training on everything."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_gold_arguments(ap)
    ap.add_argument("--epochs", type=int, default=25)
    args = ap.parse_args()
    cases = load_gold(args.gold)
    scorer = load_scorer(args.scorer)
    feats, negatives = case_features(cases, args.model)
    start = Model.from_dict(START)

    def training(idx: list[int]) -> list[tuple[BeadFeatures, list[Bead]]]:
        return [(feats[i], list(cases[i].gold)) for i in idx]

    def fit(idx: list[int]) -> Model:
        path = train(training(idx), start, decode, args.epochs)
        samples = []
        for i in idx:
            gold = {(b.src, b.tgt) for b in cases[i].gold}
            samples += bead_samples(feats[i], decode(feats[i], path), gold)
            samples += bead_samples(feats[i], cases[i].gold, gold)
            samples += bead_samples(negatives[i], decode(negatives[i], path), set())
        return fit_confidence(samples, path)

    def unrelated(model: Model, idx: list[int]) -> str:
        scores = [b.score for i in idx for b in decode(negatives[i], model) if not b.is_null]
        right = [b.score for i in idx for b in decode(feats[i], model) if not b.is_null]
        return (f"mean matched-bead score: translations {np.mean(right):.2f}, "
                f"unrelated texts {np.mean(scores):.2f}")

    def fmt(m: dict) -> str:
        return f"F1 {m['f1_strict']:.3f} (non-1:1 {m['f1[non-1:1]']:.3f})"

    print(f"shipped model on all {len(cases)} cases: "
          f"{fmt(evaluate(scorer, feats, cases, default_model()))}")
    folds = [list(range(0, len(cases), 2)), list(range(1, len(cases), 2))]
    for k, test in enumerate(folds):
        trn = folds[1 - k]
        learnt = fit(trn)
        sub_f = [feats[i] for i in test]
        sub_c = [cases[i] for i in test]
        print(f"fold {k}: trained on {len(trn)} cases; held-out {len(test)} cases: "
              f"learnt {fmt(evaluate(scorer, sub_f, sub_c, learnt))}, "
              f"prior {fmt(evaluate(scorer, sub_f, sub_c, start))}; {unrelated(learnt, test)}")
    everything = list(range(len(cases)))
    final = fit(everything)
    print(f"trained on all: {fmt(evaluate(scorer, feats, cases, final))}; "
          f"{unrelated(final, everything)}")
    print("WEIGHTS: dict[str, float] = {")
    for name, w in final.as_dict().items():
        print(f'    "{name}": {w:.4f},')
    print("}")
    print("CONFIDENCE: dict[str, float] = {")
    for name, w in final.confidence_dict().items():
        print(f'    "{name}": {w:.4f},')
    print("}")


if __name__ == "__main__":
    main()
