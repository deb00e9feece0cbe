"""Learn the glossary's scoring table (:mod:`glossary.pairing.weights`) from the dev gold.

    python bench/train_glossary.py OUTDIR [--gold ../shared/gold/glossary] [--write]
        [--out table.json]

Aligns the pairs of ``OUTDIR`` (a ``zhen run`` folder) with the default
:class:`~glossary.pairing.wordalign.AlignOptions`, gathers the candidates
(:func:`glossary.pairing.features.collect`), fits both logistic regressions on every gold
row and chooses the two thresholds by the inner split of ``bench/glossary_folds.py``, whose
learning this is. ``--write`` replaces the shipped table,
``glossary/pairing/weights.json``; ``--out`` writes it elsewhere. The honest figures of
this procedure are the two-fold ones of ``bench/glossary_folds.py``, not the figures of
the table on the rows it was learnt from.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from glossary_folds import DEFAULT_GOLD, learn, load_gold, measure

from glossary.pairing.choice import from_evidence
from glossary.pairing.features import collect
from glossary.pairing.weights import SHIPPED
from glossary.pairs import read_run

_SHIPPED = Path(__file__).resolve().parent.parent / "glossary" / "pairing" / SHIPPED


def main(argv: list[str] | None = None) -> int:
    """Learn the table; returns the exit code."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--gold", default=str(DEFAULT_GOLD))
    ap.add_argument("--write", action="store_true",
                    help="replace the shipped table, glossary/pairing/weights.json")
    ap.add_argument("--out", help="write the table as JSON here")
    args = ap.parse_args(argv)
    gold = load_gold(Path(args.gold))
    run = read_run(args.outdir)
    ev = collect(run.pairs, signature=run.signature)
    # The source names the rows and the alignment options (the run signature is in the
    # glossary's own signature; in the JSON it would make a line too long to read).
    source = f"dev gold, all {len(gold.terms)} rows; {ev.signature.rsplit('|wa:', 1)[-1]}"
    table = learn(ev, gold, source)
    print(f"entry {table.entry:.2f}, variant {table.variant_min:.2f}; on the rows learnt "
          f"from (not a held-out figure): {measure(from_evidence(ev, table).entries, gold).line()}")
    if args.out:
        Path(args.out).write_text(table.to_json(), encoding="utf-8")
    if args.write:
        _SHIPPED.write_text(table.to_json() + "\n", encoding="utf-8")
        print(f"written to {_SHIPPED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
