"""Two-fold figures of the glossary on the dev gold: learn on one fold, measure the other.

    python bench/glossary_folds.py OUTDIR [--gold ../shared/gold/glossary]
        [--level paragraph|sentence] [--prior 2] [--iterations 5] [--tension 4]
        [--sym gdfa|gdf|gd|intersect|union] [--misses A] [--cache FILE]

The 27 cases are split by parity: fold A holds the odd case numbers, fold B the even
ones. A gold row (``terms.tsv`` and ``inconsistent.tsv`` alike) belongs to the fold of
the first case of its ``cases`` column. For the aligned glossary the scoring table
(:mod:`glossary.pairing.weights`) is learnt on one fold's rows and the glossary it makes is
measured on the other fold's rows, both ways; the figure reported is the mean of the two
held-out figures.

Metrics are those of ``bench/glossary.py``: recall (gold rows whose ``en`` or a variant is
our entry's ``en``, case-insensitive), accuracy (of our entries whose zh is a gold term,
the share whose ``en`` is attested), inconsistent flagged (gold inconsistent terms whose
entry has status ``inconsistent``); plus variant precision (of the variants our entries of
gold terms list, the share attested in the gold row), reported for information.
``--misses A`` prints the misses on fold A's rows of the table learnt on fold A: the only
misses a developer developing on fold A may look at.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import math
import pickle
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from glossary.pairing.choice import choose, entry_of, from_evidence, listable
from glossary.pairing.features import Evidence, collect
from glossary.pairing.weights import FEATURES, VARIANT_FEATURES, Logistic, TermWeights
from glossary.pairing.wordalign import AlignedUnit, AlignOptions, symmetrise
from glossary.pairs import read_run
from glossary.terms import TermEntry

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "glossary"
# Threshold grids searched on the training fold (probabilities of the table).
# Inner folds choosing the thresholds inside a training fold: with two, each scored part
# held a dozen gold terms and the chosen thresholds swung with single terms; with four, each
# model is fitted on three quarters of the fold and every term is scored once.
INNER_PARTS = 4
ENTRY_GRID = tuple(round(0.05 * k, 2) for k in range(1, 19))
VARIANT_GRID = tuple(round(0.05 * k, 2) for k in range(2, 20))
# Inverse regularisation strength of the logistic regression (scikit-learn's default);
# the table has twenty features and a few thousand labelled candidates per fold.
C = 1.0


def norm_zh(text: str) -> str:
    """Chinese compared without spaces."""
    return "".join(text.split())


def norm_en(text: str) -> str:
    """English compared case-insensitively, curly apostrophes straightened."""
    return " ".join(text.lower().replace("’", "'").split())


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a gold TSV file."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def split_cell(cell: str) -> list[str]:
    """The ``|``-separated values of a gold cell."""
    return [v.strip().strip('"') for v in cell.split("|") if v.strip()]


@dataclass(frozen=True)
class GoldTerm:
    """One gold row: Chinese term, attested renderings (normalised), its fold."""

    zh: str
    en: str
    attested: frozenset[str]
    fold: str
    kind: str
    first: int = 0


@dataclass(frozen=True)
class Gold:
    """The gold terms and the gold inconsistent terms (zh, fold)."""

    terms: tuple[GoldTerm, ...]
    inconsistent: tuple[tuple[str, str, int], ...]

    def fold(self, name: str) -> Gold:
        """Only the rows of fold ``name`` (``A``, ``B`` or ``all``)."""
        if name == "all":
            return self
        return Gold(tuple(t for t in self.terms if t.fold == name),
                    tuple(r for r in self.inconsistent if r[1] == name))

    def inner(self, part: int, inside: bool = True) -> Gold:
        """Part ``part`` of :data:`INNER_PARTS` of these rows by their first case (in fold A,
        cases 1, 9, 17, 25 are part 0, cases 3, 11, 19, 27 part 1, …), or, with
        ``inside`` false, the other parts: for tuning inside a training fold."""
        def keep(first: int) -> bool:
            return ((first - 1) // 2 % INNER_PARTS == part) == inside
        return Gold(tuple(t for t in self.terms if keep(t.first)),
                    tuple(r for r in self.inconsistent if keep(r[2])))


def fold_of(cases: str) -> str:
    """``A`` when the first case of a ``cases`` cell is odd, else ``B``."""
    first = int(cases.split(",")[0])
    return "A" if first % 2 else "B"


def load_gold(folder: Path) -> Gold:
    """Read ``terms.tsv`` and ``inconsistent.tsv`` of the gold glossary folder."""
    terms = tuple(
        GoldTerm(norm_zh(r["zh"]), r["en"],
                 frozenset({norm_en(r["en"])} | {norm_en(v) for v in split_cell(r["variants"])}),
                 fold_of(r["cases"]), r["kind"], int(r["cases"].split(",")[0]))
        for r in read_rows(folder / "terms.tsv"))
    incons = tuple((norm_zh(r["zh"]), fold_of(r["cases"]), int(r["cases"].split(",")[0]))
                   for r in read_rows(folder / "inconsistent.tsv"))
    return Gold(terms, incons)


@dataclass(frozen=True)
class Figures:
    """The figures of one glossary on one set of gold rows."""

    hit: int
    total: int
    accurate: int
    judged: int
    flagged: int
    incons: int
    var_ok: int
    var_listed: int
    misses: tuple[str, ...]

    @property
    def recall(self) -> float:
        """Gold rows found with an attested rendering."""
        return self.hit / max(1, self.total)

    @property
    def accuracy(self) -> float:
        """Entries of gold terms whose rendering is attested."""
        return self.accurate / max(1, self.judged)

    @property
    def flagged_share(self) -> float:
        """Gold inconsistent terms flagged."""
        return self.flagged / max(1, self.incons)

    @property
    def variant_precision(self) -> float:
        """Listed variants of gold terms' entries that the gold row attests."""
        return self.var_ok / max(1, self.var_listed)

    def line(self) -> str:
        """The figures on one line."""
        return (f"recall {self.hit}/{self.total} = {self.recall:.1%}  "
                f"accuracy {self.accurate}/{self.judged} = {self.accuracy:.1%}  "
                f"flagged {self.flagged}/{self.incons} = {self.flagged_share:.1%}  "
                f"variants attested {self.var_ok}/{self.var_listed} = "
                f"{self.variant_precision:.1%}")


def measure(entries: Sequence[TermEntry], gold: Gold) -> Figures:
    """The figures of ``entries`` on the rows of ``gold``."""
    ours = {norm_zh(e.zh): e for e in entries}
    hit = accurate = judged = var_ok = var_listed = 0
    misses = []
    for g in gold.terms:
        e = ours.get(g.zh)
        if e is None:
            misses.append(f"ABSENT {g.zh} gold {g.en!r}")
            continue
        judged += 1
        ok = norm_en(e.en) in g.attested
        accurate += ok
        hit += ok
        for v in e.variants:
            var_listed += 1
            var_ok += norm_en(v.text) in g.attested
        if not ok:
            misses.append(f"WRONG  {g.zh}: ours {e.en!r} ({e.count}) gold {g.en!r}"
                          f"  variants: {e.variants_text}")
    flagged = 0
    for zh, _, _ in gold.inconsistent:
        e = ours.get(zh)
        if e is not None and e.status == "inconsistent":
            flagged += 1
        else:
            misses.append(f"UNFLAGGED {zh}: ours "
                          f"{'absent' if e is None else e.en + ' | ' + e.variants_text}")
    return Figures(hit, len(gold.terms), accurate, judged, flagged, len(gold.inconsistent),
                   var_ok, var_listed, tuple(misses))


# -- learning -------------------------------------------------------------------------

def labelled(ev: Evidence, gold: Gold) -> tuple[list[tuple[float, ...]], list[int],
                                                list[str]]:
    """Feature vectors, labels (1: the phrase as written is attested for the term) and
    term of every candidate of the gold terms in ``gold``."""
    attested = {g.zh: g.attested for g in gold.terms}
    xs, ys, groups = [], [], []
    for t in ev.terms:
        a = attested.get(norm_zh(t.stats.term))
        if a is None:
            continue
        for c in t.candidates:
            xs.append(c.x)
            ys.append(int(norm_en(c.surface) in a))
            groups.append(t.stats.term)
    return xs, ys, groups


def fit(xs: Sequence[Sequence[float]], ys: Sequence[int],
        features: tuple[str, ...]) -> Logistic:
    """A logistic regression over standardised features (a constant model when ``ys`` has
    one class only)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.asarray(xs, dtype=float).reshape(len(xs), len(features))
    y = np.asarray(ys)
    mean = x.mean(axis=0) if len(x) else np.zeros(len(features))
    scale = x.std(axis=0) if len(x) else np.ones(len(features))
    scale[scale == 0] = 1.0
    if len(set(y.tolist())) < 2:
        rate = float(y.mean()) if len(y) else 0.5
        rate = min(max(rate, 1e-3), 1 - 1e-3)
        return Logistic(features, (0.0,) * len(features), math.log(rate / (1 - rate)),
                        tuple(map(float, mean)), tuple(map(float, scale)))
    model = LogisticRegression(C=C, max_iter=2000)
    model.fit((x - mean) / scale, y)
    return Logistic(features, tuple(float(v) for v in model.coef_[0]),
                    float(model.intercept_[0]), tuple(float(v) for v in mean),
                    tuple(float(v) for v in scale))


def variant_examples(ev: Evidence, table: TermWeights, gold: Gold
                     ) -> tuple[list[tuple[float, ...]], list[int]]:
    """Variant features and labels of the later picks of ``gold``'s terms under ``table``."""
    attested = {g.zh: g.attested for g in gold.terms}
    xs, ys = [], []
    for t in ev.terms:
        a = attested.get(norm_zh(t.stats.term))
        if a is None:
            continue
        picks = choose(t, table)
        for pick in picks[1:]:
            if not listable(pick, picks[0]):
                continue  # never listed, whatever the model says: nothing to learn from it
            xs.append(pick.vx)
            ys.append(int(norm_en(pick.candidate.surface) in a))
    return xs, ys


def objective(f: Figures) -> float:
    """What threshold tuning maximises on the training fold: the three target figures and
    variant precision, equally weighted (variants would otherwise be free to be noise)."""
    return f.recall + f.accuracy + f.flagged_share + f.variant_precision


def grid_scores(ev: Evidence, table: TermWeights, gold: Gold) -> dict[tuple[float, float],
                                                                      float]:
    """:func:`objective` on ``gold`` for every (entry, variant) threshold of the grids.

    Only gold terms matter to the figures, so the search rebuilds just their entries
    (fragment dropping among entries is left out of the search: it rarely changes them).
    """
    wanted = {g.zh for g in gold.terms} | {z for z, _, _ in gold.inconsistent}
    terms = [t for t in ev.terms if norm_zh(t.stats.term) in wanted]
    units = {ur.zh for ur in ev.units}
    scores = {}
    for entry in ENTRY_GRID:
        for variant in VARIANT_GRID:
            w = table.with_thresholds(entry, variant)
            entries = [e for t in terms if t.stats.term not in units
                       for e in [entry_of(t, ev, w)] if e is not None]
            scores[(entry, variant)] = objective(
                measure([e for e, _ in entries], _without_units(gold, units)))
    return scores


def tune(ev: Evidence, table: TermWeights, gold: Gold) -> TermWeights:
    """The entry and variant thresholds that maximise :func:`objective` on ``gold``."""
    scores = grid_scores(ev, table, gold)
    best = max(scores.items(), key=lambda kv: (kv[1], -kv[0][0], -kv[0][1]))[0]
    return table.with_thresholds(*best)


def _without_units(gold: Gold, units: set[str]) -> Gold:
    return Gold(tuple(g for g in gold.terms if g.zh not in units),
                tuple(r for r in gold.inconsistent if r[0] not in units))


def fit_models(ev: Evidence, gold: Gold, source: str) -> TermWeights:
    """Fit the rendering model on the candidates of ``gold``'s terms and the variant model
    on the later picks it makes for them; both thresholds at 0.5 (the decision of a
    calibrated probability)."""
    xs, ys, _ = labelled(ev, gold)
    rendering = fit(xs, ys, FEATURES)
    flat = Logistic(VARIANT_FEATURES, (0.0,) * len(VARIANT_FEATURES), 0.0,
                    (0.0,) * len(VARIANT_FEATURES), (1.0,) * len(VARIANT_FEATURES))
    first = TermWeights(rendering, flat, 0.5, 0.5, source)
    vx, vy = variant_examples(ev, first, gold)
    return TermWeights(rendering, fit(vx, vy, VARIANT_FEATURES), 0.5, 0.5, source)


def learn(ev: Evidence, gold: Gold, source: str, thresholds: str = "inner") -> TermWeights:
    """Learn a table on ``gold``'s rows.

    ``thresholds``: ``half`` keeps both at 0.5; ``tuned`` picks them on the same rows the
    models were fitted on; ``inner`` (the default) picks them by an inner split
    of ``gold`` in :data:`INNER_PARTS` (:meth:`Gold.inner`): models fitted on the other parts,
    thresholds scored on each part in turn, the grid point with the best total kept; the
    models are then refitted on all of ``gold``.
    """
    table = fit_models(ev, gold, source)
    if thresholds == "half":
        return table
    if thresholds == "tuned":
        return tune(ev, table, gold)
    total: dict[tuple[float, float], float] = {}
    for part in range(INNER_PARTS):
        inner = fit_models(ev, gold.inner(part, inside=False), source)
        for k, v in grid_scores(ev, inner, gold.inner(part)).items():
            total[k] = total.get(k, 0.0) + v
    best = max(total.items(), key=lambda kv: (kv[1], -kv[0][0], -kv[0][1]))[0]
    return table.with_thresholds(*best)


# -- main ------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    """Print the two-fold figures; returns the exit code."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--gold", default=str(DEFAULT_GOLD))
    ap.add_argument("--level", choices=["paragraph", "sentence"], default=AlignOptions.level)
    ap.add_argument("--prior", type=float, default=AlignOptions.prior)
    ap.add_argument("--iterations", type=int, default=AlignOptions.iterations)
    ap.add_argument("--tension", type=float, default=AlignOptions.tension)
    ap.add_argument("--tokens", choices=["words", "chars"],
                    default="words" if AlignOptions.words else "chars",
                    help="align jieba words or characters")
    ap.add_argument("--threshold", type=float, default=AlignOptions.threshold)
    ap.add_argument("--sym", default=AlignOptions.symmetrisation,
                    choices=["gdfa", "gdf", "gd", "intersect", "union"])
    ap.add_argument("--misses", choices=["A", "B"],
                    help="list the misses of this fold, with the table learnt on it")
    ap.add_argument("--cache", help="pickle of the collected evidence (read if present)")
    ap.add_argument("--thresholds", choices=["inner", "tuned", "half"], default="inner",
                    help="choose the entry and variant thresholds by an inner split of the "
                         "training fold (default), on the training fold itself, or keep "
                         "both at 0.5")
    ap.add_argument("--write-table", help="write the table learnt on all rows here (JSON)")
    args = ap.parse_args(argv)

    gold = load_gold(Path(args.gold))
    t0 = time.perf_counter()
    aopts = AlignOptions(level=args.level, prior=args.prior, iterations=args.iterations,
                         tension=args.tension, symmetrisation=args.sym,
                         words=args.tokens == "words", threshold=args.threshold)
    run = read_run(args.outdir)
    aligned = None
    if args.cache and Path(args.cache).exists():
        # Cached word links (the slow part); features are always recomputed.
        # Symmetrisation is redone from the cached directions.
        with open(args.cache, "rb") as f:
            aligned = [_resym(u, aopts) for u in pickle.load(f)]
    ev = collect(run.pairs, align_options=aopts, signature=run.signature, aligned=aligned)
    if args.cache and aligned is None:
        with open(args.cache, "wb") as f:
            pickle.dump(ev.aligned, f)
    print(f"collected in {time.perf_counter() - t0:.1f} s "
          f"({', '.join(f'{k} {v:.1f} s' for k, v in ev.timings.items())}); "
          f"{len(ev.terms)} terms, {sum(len(t.candidates) for t in ev.terms)} candidates")
    print(f"signature: {ev.signature}")
    held: dict[str, Figures] = {}
    for train, test in (("A", "B"), ("B", "A")):
        table = learn(ev, gold.fold(train), f"dev gold fold {train}", args.thresholds)
        g = from_evidence(ev, table)
        own = measure(g.entries, gold.fold(train))
        held[test] = measure(g.entries, gold.fold(test))
        print(f"learnt on {train} (entry {table.entry:.2f}, variant {table.variant_min:.2f}): "
              f"on {train} (seen) {own.line()}")
        print(f"{'':>{len('learnt on A (entry 0.00, variant 0.00): ')}}on {test} (held out) "
              f"{held[test].line()}")
        if args.misses == train:
            print("\n".join(own.misses))
            _coef(table)
    _mean_line("aligned, mean of held-out folds", held["A"], held["B"])
    if args.write_table:
        table = learn(ev, gold, "dev gold, both folds", args.thresholds)
        Path(args.write_table).write_text(table.to_json(), encoding="utf-8")
        print(f"table learnt on all rows written to {args.write_table}")
    return 0


def _resym(u: AlignedUnit, opts: AlignOptions) -> AlignedUnit:
    return dataclasses.replace(
        u, links=frozenset(symmetrise(set(u.fwd), set(u.rev), opts.symmetrisation)))


def _coef(table: TermWeights) -> None:
    for model in (table.rendering, table.variant):
        print("coefficients: " + ", ".join(f"{n} {c:+.2f}" for n, c in
                                             zip(model.features, model.coef, strict=True)))


def _mean_line(label: str, a: Figures, b: Figures) -> None:
    print(f"{label}: recall {(a.recall + b.recall) / 2:.1%}  accuracy "
          f"{(a.accuracy + b.accuracy) / 2:.1%}  flagged "
          f"{(a.flagged_share + b.flagged_share) / 2:.1%}  variants attested "
          f"{(a.variant_precision + b.variant_precision) / 2:.1%}")


__all__ = ["Figures", "Gold", "choose", "fold_of", "learn", "load_gold", "measure"]

if __name__ == "__main__":
    sys.exit(main())
