"""Speed of aligning the whole 2022 edition pair in one process, as ``zhen align`` does.

    python bench/align_speed.py [--gold ../shared/gold/dev]

Aligns the bundled ``004`` (Chinese) and ``002`` (English) documents as two long lists,
every non-empty line a paragraph (page furniture and front matter included), and prints
the time split: model load, encoding every paragraph and the short windows of candidate
merged beads once (no cache), alignment. Then it
checks quality on the way: each gold case's lines are found in the documents, the
document-level beads that fall inside the case are renumbered to case ids, and the case is
scored as ``score.py`` would (a bead straddling a case boundary counts as wrong).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from goldcases import add_gold_arguments, load_gold, load_scorer, score

from align.core.beads import Bead

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """Time the three steps and print them."""
    t0 = time.perf_counter()
    from align.aligner.alignment import align_prepared, encode_windows, prepare
    from align.documents.decode import read_lines
    from align.encoders import load_encoder

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_gold_arguments(ap)
    args = ap.parse_args()
    zh = read_lines(ROOT / "corpora" / "004_3717a3b3a4f37818.txt")
    en = read_lines(ROOT / "corpora" / "002_c4f0acade1fce1e3.txt")
    encoder = load_encoder(args.model, cache_dir=None)
    encoder.encode(["warm up"])
    t1 = time.perf_counter()
    vectors = encoder.encode([*zh, *en])
    t2 = time.perf_counter()
    prepared = prepare(zh, en, vectors[: len(zh)], vectors[len(zh):])
    t3 = time.perf_counter()
    encode_windows(prepared.zh, prepared.en, encoder, prepared.length)
    t4 = time.perf_counter()
    result = align_prepared(prepared)
    t5 = time.perf_counter()
    encoding = (t2 - t1) + (t4 - t3)
    aligning = (t3 - t2) + (t5 - t4)
    print(f"{len(zh)} zh and {len(en)} en paragraphs, {len(result.beads)} beads, "
          f"coverage {result.coverage:.1%}")
    print(f"model load {t1 - t0:.2f} s, encoding {encoding:.2f} s (paragraphs {t2 - t1:.2f} s, "
          f"short windows {t4 - t3:.2f} s), alignment {aligning:.2f} s, "
          f"total {t5 - t0:.2f} s wall")
    if args.gold.is_dir():
        cases = load_gold(args.gold)
        pairs = [(c.gold, within(result.beads, _find(zh, c.zh), _find(en, c.en),
                                 len(c.zh), len(c.en))) for c in cases]
        m = score(load_scorer(args.scorer), pairs)
        print(f"quality on the {len(cases)} gold cases inside the documents: strict F1 "
              f"{m['f1_strict']:.3f}, non-1:1 F1 {m['f1[non-1:1]']:.3f}, lax F1 {m['f1_lax']:.3f}")


def _find(doc: list[str], lines: list[str]) -> int:
    """Where the run ``lines`` starts in ``doc`` (the gold case is a slice of the document)."""
    for start in range(len(doc) - len(lines) + 1):
        if doc[start] == lines[0] and doc[start: start + len(lines)] == lines:
            return start
    raise SystemExit(f"gold case starting {lines[0]!r} not found in the document")


def within(beads: Sequence[Bead], z0: int, e0: int, nz: int, ne: int) -> list[Bead]:
    """The beads inside the case window, renumbered; straddling beads are clipped."""
    out = []
    for b in beads:
        src = tuple(i - z0 for i in b.src if z0 <= i < z0 + nz)
        tgt = tuple(j - e0 for j in b.tgt if e0 <= j < e0 + ne)
        if src or tgt:
            out.append(Bead(src, tgt, b.score))
    return out


if __name__ == "__main__":
    main()
