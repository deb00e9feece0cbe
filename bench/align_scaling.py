"""How the aligner's cost grows with input size, and what it does with bad inputs.

    python bench/align_scaling.py [--sizes 50 100 200 400 800 1600 3200]

Embeddings are made up (random unit vectors, the English ones a noisy copy of the Chinese
ones, every fifth English segment split in two), so the figures are the aligner's own cost,
encoding excluded. For each size ``n`` it prints the time to align ``n`` Chinese against
about ``1.2 n`` English segments, and the time per segment.

Then the bad inputs, with the real encoder and texts made up here: 10,000 lines against 10,
two identical files, one enormous line against many short ones (lines repeated, so the
encoder's cache makes them cheap), one paragraph per line
against one sentence per line. Each must give a result or a clear warning, never a
traceback or a hang; the script prints the time, bead count and warnings of each.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from align.aligner.alignment import align, align_vectors
from align.encoders import open_encoder

_ZH = "该项目于{k}年启动，每年减少二氧化碳排放{k}万吨，并为当地创造了就业。"
_EN = "The project started in {k} and cuts CO2 emissions by {k}0,000 tonnes a year."


def synthetic(n: int, dim: int = 512, seed: int = 0) -> tuple[list[str], list[str],
                                                              np.ndarray, np.ndarray]:
    """``n`` Chinese segments and their English (every fifth split in two), as texts and
    made-up unit vectors."""
    rng = np.random.default_rng(seed)
    zv = rng.normal(size=(n, dim)).astype(np.float32)
    zv /= np.linalg.norm(zv, axis=1, keepdims=True)
    zh, en, ev = [], [], []
    for i in range(n):
        zh.append("段" * 30)
        parts = 2 if i % 5 == 0 else 1
        for _ in range(parts):
            v = zv[i] + 0.6 * rng.normal(size=dim).astype(np.float32) / np.sqrt(dim)
            ev.append(v / np.linalg.norm(v))
            en.append("w" * (90 // parts))
    return zh, en, zv, np.array(ev, dtype=np.float32)


def main() -> None:
    """Print the scaling table, then the bad-input results."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[50, 100, 200, 400, 800, 1600, 3200])
    ap.add_argument("--no-bad", action="store_true", help="skip the bad inputs")
    args = ap.parse_args()
    print("n_zh  n_en  seconds  ms/segment")
    for n in args.sizes:
        zh, en, zv, ev = synthetic(n)
        t0 = time.perf_counter()
        align_vectors(zh, en, zv, ev)
        dt = time.perf_counter() - t0
        print(f"{n:5d} {len(en):5d} {dt:8.2f} {1000 * dt / (n + len(en)):8.2f}")
    if args.no_bad:
        return
    encoder = open_encoder()
    # 25 distinct lines repeated: the encoder's cache encodes each once.
    many = [_ZH.format(k=2000 + k % 25) for k in range(10_000)]
    few = [_EN.format(k=2000 + k) for k in range(10)]
    sentences = [_EN.format(k=2000 + k) for k in range(30)]
    paragraphs = ["".join(_ZH.format(k=2000 + k + j) for j in range(3)) for k in range(0, 30, 3)]
    cases = {
        "10,000 lines against 10": (many, few),
        "10 lines against 10,000": ([_ZH.format(k=2000 + k) for k in range(10)],
                                    [_EN.format(k=2000 + k % 25) for k in range(10_000)]),
        "two identical files": (few, few),
        "one enormous line against 30": (["".join(paragraphs) * 20], sentences),
        "paragraphs against sentences": (paragraphs, sentences),
    }
    for name, (zh, en) in cases.items():
        t0 = time.perf_counter()
        result = align(zh, en, encoder)
        dt = time.perf_counter() - t0
        print(f"{name}: {len(zh)} × {len(en)}, {dt:.1f} s (encoding included), "
              f"{len(result.beads)} beads, {len(result.matched)} matched; warnings: "
              f"{list(result.warnings) or 'none'}")


if __name__ == "__main__":
    main()
