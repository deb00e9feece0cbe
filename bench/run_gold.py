"""``zhen run``'s alignments and its missing-paragraph report, scored against the gold.

    python bench/run_gold.py [OUTDIR] [--gold ../shared/gold/dev]

Without OUTDIR, runs the job on the bundled edition pair (``004`` Chinese, ``002``
English) with the default encoder and cache; with OUTDIR, reads that run folder. Each gold
case is found in the documents (its lines are the source's non-empty lines, stripped), its
zhen case pair is the one whose paragraphs hold those lines, and zhen's paragraph beads are
turned into gold line ids through each paragraph's source lines: a line zhen left out of
every paragraph (page furniture) counts as a one-sided bead. Alignment is scored as
``score.py`` scores it.

The missing-paragraph report is scored by line: zhen reports a line missing when it lies in
a bead of kind ``missing``; the gold when it lies in a bead tagged ``# missing``. Lines
tagged ``# furniture`` are not missing. The crossing headings of case 24, which the gold
tags ``# missing`` although both editions have them (see its notes), count neither way.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from goldcases import DEFAULT_GOLD, DEFAULT_SCORER, load_scorer, score

from align.core.beads import Bead, parse_beads
from align.core.records import CasePair, Run
from align.documents.decode import read_lines, read_text

ROOT = Path(__file__).resolve().parent.parent
ZH = ROOT / "corpora" / "004_3717a3b3a4f37818.txt"
EN = ROOT / "corpora" / "002_c4f0acade1fce1e3.txt"
# Gold case24's crossing list headings (gold/dev/case24.notes.md): tagged missing, not missing.
CROSSING = {"case24": ({17, 18, 19, 20}, {21, 23, 25, 27})}


def _window(doc: Path, lines: list[str]) -> list[int]:
    """The 1-based source line numbers of a gold case's lines in ``doc``."""
    raw = read_text(doc).split("\n")
    numbered = [(n, s.strip()) for n, s in enumerate(raw, 1) if s.strip()]
    texts = [s for _, s in numbered]
    for start in range(len(texts) - len(lines) + 1):
        if texts[start] == lines[0] and texts[start: start + len(lines)] == lines:
            return [n for n, _ in numbered[start: start + len(lines)]]
    raise SystemExit(f"gold case starting {lines[0]!r} not found in {doc}")


def _pair_for(run: Run, zh_lines: Sequence[int]) -> CasePair:
    want = set(zh_lines)
    best = max(run.pairs, key=lambda p: len(want & {n for q in p.zh.paragraphs for n in q.lines}))
    return best


def gold_beads(pair: CasePair, zh_lines: Sequence[int], en_lines: Sequence[int]) -> list[Bead]:
    """``pair``'s beads in gold line ids; lines in no paragraph become one-sided beads."""
    zid = {n: k for k, n in enumerate(zh_lines)}
    eid = {n: k for k, n in enumerate(en_lines)}
    out: list[Bead] = []
    seen_z: set[int] = set()
    seen_e: set[int] = set()
    for b in pair.beads:
        src = tuple(sorted({zid[n] for i in b.src for n in pair.zh.paragraphs[i].lines
                            if n in zid}))
        tgt = tuple(sorted({eid[n] for j in b.tgt for n in pair.en.paragraphs[j].lines
                            if n in eid}))
        seen_z.update(src)
        seen_e.update(tgt)
        if src or tgt:
            out.append(Bead(src, tgt, b.score, b.kind))
    # Lines zhen kept out of every paragraph were dropped as page furniture, not reported.
    out += [Bead((k,), (), 1.0, "furniture") for k in range(len(zh_lines)) if k not in seen_z]
    out += [Bead((), (k,), 1.0, "furniture") for k in range(len(en_lines)) if k not in seen_e]
    return out


def _tags(path: Path) -> dict[tuple[str, int], str]:
    """``(side, line id) → tag`` of the gold's one-sided beads (``missing``/``furniture``)."""
    out = {}
    for line in read_text(path).splitlines():
        if "#" not in line:
            continue
        tag = line.split("#", 1)[1].strip()
        (bead,) = parse_beads(line.split("#", 1)[0], str(path))
        for i in bead.src:
            out[("zh", i)] = tag
        for j in bead.tgt:
            out[("en", j)] = tag
    return out


def main(argv: list[str] | None = None) -> int:
    """Score and print."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", nargs="?", type=Path)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    ap.add_argument("--per-case", action="store_true")
    args = ap.parse_args(argv)
    if args.outdir:
        from align.core.runfolder import read_run

        run = read_run(args.outdir)
    else:
        from align.encoders import open_encoder
        from align.job.run import run_corpus

        run = run_corpus([ZH, EN], open_encoder())
    scorer = load_scorer(args.scorer)
    pairs, reported, tagged, hit = [], 0, 0, 0
    for gold_path in sorted(args.gold.glob("*.gold")):
        name = gold_path.stem
        zh = read_lines(args.gold / f"{name}.zh")
        en = read_lines(args.gold / f"{name}.en")
        zl, el = _window(ZH, zh), _window(EN, en)
        pred = gold_beads(_pair_for(run, zl), zl, el)
        gold = parse_beads(read_text(gold_path), str(gold_path))
        pairs.append((gold, pred))
        tags = _tags(gold_path)
        skip_z, skip_e = CROSSING.get(name, (set(), set()))
        ours = {("zh", i) for b in pred if b.kind == "missing" for i in b.src if i not in skip_z}
        ours |= {("en", j) for b in pred if b.kind == "missing" for j in b.tgt if j not in skip_e}
        theirs = {k for k, t in tags.items() if t == "missing"
                  and k[1] not in (skip_z if k[0] == "zh" else skip_e)}
        reported, tagged, hit = reported + len(ours), tagged + len(theirs), \
            hit + len(ours & theirs)
        if args.per_case:
            m = score(scorer, [(gold, pred)])
            print(f"{name}  F1 {m['f1_strict']:.3f}  non-1:1 {m['f1[non-1:1]']:.3f}  "
                  f"missing reported {len(ours)} (right {len(ours & theirs)}), gold "
                  f"{len(theirs)}")
    m = score(scorer, pairs)
    print(f"{len(pairs)} gold cases inside zhen run's pairs ({run.signature})")
    print(f"alignment: strict F1 {m['f1_strict']:.3f} (P {m['precision_strict']:.3f}, "
          f"R {m['recall_strict']:.3f}), lax F1 {m['f1_lax']:.3f}, 1:1 F1 {m['f1[1:1]']:.3f}, "
          f"non-1:1 F1 {m['f1[non-1:1]']:.3f}")
    p = hit / reported if reported else 0.0
    r = hit / tagged if tagged else 0.0
    print(f"missing report, by line: {reported} reported, {tagged} in the gold, {hit} right: "
          f"precision {p:.2f}, recall {r:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
