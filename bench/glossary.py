"""Measure the glossary on a ``zhen run`` output folder against the gold glossary.

    python bench/glossary.py OUTDIR [--gold ../shared/gold/glossary] [--misses]

Prints recall (gold rows whose ``en`` or a variant is our ``en``), accuracy (of our entries
whose zh is a gold term, the share whose ``en`` is attested), inconsistency recall (gold
inconsistent terms flagged ``inconsistent``) and the time; writes the top 200 entries to
``OUTDIR/glossary-top200.tsv`` for reading. Chinese terms are compared without spaces,
English renderings case-insensitively.

Top-200 precision is judged by reading that file, not computed: an entry is wrong when its
``en`` is not an acceptable rendering of its ``zh`` as used in these editions (a fragment
such as *ecological water* for 生态补水, another term's rendering, or a phrase that is not a
term at all); a right rendering with a doubtful variant counts as right. Precision is the
share of the 200 not judged wrong.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from glossary_folds import norm_en, norm_zh, read_rows, split_cell

from glossary.build import build_glossary
from glossary.options import GlossaryOptions
from glossary.pairs import read_run


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns the exit code."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--gold", default=str(Path(__file__).resolve().parents[2] / "shared" / "gold"
                                          / "glossary"))
    ap.add_argument("--top", type=int, default=200)
    ap.add_argument("--top-out", help="where to write the top list (default: OUTDIR)")
    ap.add_argument("--misses", action="store_true", help="list the gold rows missed")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    run = read_run(args.outdir)
    glossary = build_glossary(run.pairs, options=GlossaryOptions(), signature=run.signature)
    elapsed = time.perf_counter() - t0

    gold = Path(args.gold)
    terms = read_rows(gold / "terms.tsv")
    ours = {norm_zh(e.zh): e for e in glossary.entries}
    present = "".join(norm_zh(p.zh) for p in run.pairs)
    hit = reachable = 0
    accurate = judged = 0
    misses = []
    for row in terms:
        z = norm_zh(row["zh"])
        attested = {norm_en(row["en"])} | {norm_en(v) for v in split_cell(row["variants"])}
        entry = ours.get(z)
        if z in present:
            reachable += 1
        if entry is not None:
            judged += 1
            ok = norm_en(entry.en) in attested
            accurate += ok
            hit += ok
            if not ok:
                misses.append(f"WRONG  {row['zh']}: ours {entry.en!r} ({entry.count}) gold "
                              f"{row['en']!r}")
        else:
            misses.append(f"ABSENT {row['zh']} ({'in pairs' if z in present else 'not in pairs'})"
                          f" gold {row['en']!r}")
    incons = read_rows(gold / "inconsistent.tsv")
    flagged = 0
    for r in incons:
        e = ours.get(norm_zh(r["zh"]))
        if e is not None and e.status == "inconsistent":
            flagged += 1
        else:
            misses.append(f"UNFLAGGED {r['zh']}: ours "
                          f"{'absent' if e is None else e.en + ' | ' + e.variants_text}")

    print(f"pairs: {len(run.pairs)}  entries: {len(glossary)}  time: {elapsed:.1f} s")
    print(f"signature: {glossary.signature}")
    print(f"recall:   {hit}/{len(terms)} = {hit / len(terms):.1%} "
          f"({reachable} gold terms occur in these pairs: {hit / max(1, reachable):.1%})")
    print(f"accuracy: {accurate}/{judged} = {accurate / max(1, judged):.1%}")
    print(f"inconsistent flagged: {flagged}/{len(incons)} = {flagged / len(incons):.1%}")
    if args.misses:
        print("\n".join(misses))
    top = Path(args.top_out or Path(args.outdir) / f"glossary-top{args.top}.tsv")
    with top.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["rank", "zh", "en", "variants", "count", "kind", "confidence", "status"])
        for n, e in enumerate(glossary.entries[: args.top], 1):
            w.writerow([n, e.zh, e.en, e.variants_text, e.count, e.kind, e.confidence, e.status])
    print(f"top {args.top} written to {top} (judge precision by reading it: see the "
          "module docstring)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
