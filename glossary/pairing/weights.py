"""The learnt table that scores (Chinese term, English phrase) candidates.

Every number the glossary's term pairing (:mod:`glossary.pairing.choice`) decides with is in a
:class:`TermWeights`: two logistic regressions, each with the feature scaling learnt
with it, and two thresholds.

* ``rendering`` scores a candidate phrase of a term (features :data:`FEATURES`): how
  likely it is that the phrase, as written, renders the term;
* ``variant`` scores a rendering picked after the preferred one (features
  :data:`VARIANT_FEATURES`): how likely it is to be a real second rendering rather than
  a fragment, an extension or another word's English;
* ``entry``: the probability the preferred rendering needs for the term to get an entry;
  ``variant_min``: the probability a later rendering needs to be listed.

``bench/train_glossary.py`` learns a table from the dev gold and writes :data:`SHIPPED`;
``bench/glossary_folds.py`` learns one per fold and measures it on the other. None
of these numbers is set by hand.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

# Features of a candidate phrase of a term, in the order of the rendering model's
# coefficients (computed in glossary.pairing.features).
FEATURES = (
    "sym", "both", "fwd", "rev", "minimal", "log_support", "log_pairs", "dice", "lex",
    "lex_zh", "lex_en", "pinyin", "linked", "claimed", "np", "edge", "len_ratio",
    "log_words", "capital", "share", "rel_support", "lex_gap", "fragment", "extension",
    "soft_en", "soft_zh", "soft_out", "dictionary",
)
# Features of a later rendering (computed in glossary.pairing.choice).
VARIANT_FEATURES = (
    "p", "log_pairs_won", "won_share", "fragment_of_preferred", "holds_preferred",
    "same_words", "lex", "shares_word", "inside_longer", "np", "lex_zh", "soft_zh",
)


@dataclass(frozen=True)
class Logistic:
    """A logistic regression on standardised features."""

    features: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]

    def probability(self, x: Sequence[float]) -> float:
        """P(positive) for the feature vector ``x`` (in :attr:`features` order)."""
        z = self.intercept
        for v, c, m, s in zip(x, self.coef, self.mean, self.scale, strict=True):
            z += c * (v - m) / s
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_dict(self) -> dict[str, Any]:
        """The model as plain data."""
        return {"features": list(self.features), "coef": list(self.coef),
                "intercept": self.intercept, "mean": list(self.mean),
                "scale": list(self.scale)}

    @classmethod
    def from_dict(cls, d: dict[str, Any], expected: tuple[str, ...]) -> Logistic:
        """Read :meth:`to_dict`; raises ValueError for another feature list."""
        if tuple(d["features"]) != expected:
            raise ValueError("the weights table was learnt for other features; retrain it "
                             "with bench/train_glossary.py")
        return cls(tuple(d["features"]), tuple(map(float, d["coef"])), float(d["intercept"]),
                   tuple(map(float, d["mean"])), tuple(map(float, d["scale"])))


@dataclass(frozen=True)
class TermWeights:
    """A learnt scoring table (see the module docstring); ``source`` says what it was
    learnt from."""

    rendering: Logistic
    variant: Logistic
    entry: float
    variant_min: float
    source: str = ""

    def probability(self, x: Sequence[float]) -> float:
        """P(the phrase renders the term) for rendering features ``x``."""
        return self.rendering.probability(x)

    def to_json(self) -> str:
        """The table as JSON (what the training script writes)."""
        return json.dumps({"rendering": self.rendering.to_dict(),
                           "variant": self.variant.to_dict(), "entry": self.entry,
                           "variant_min": self.variant_min, "source": self.source}, indent=1)

    @classmethod
    def from_json(cls, text: str) -> TermWeights:
        """Read a table written by :meth:`to_json`."""
        d = json.loads(text)
        return cls(Logistic.from_dict(d["rendering"], FEATURES),
                   Logistic.from_dict(d["variant"], VARIANT_FEATURES), float(d["entry"]),
                   float(d["variant_min"]), d.get("source", ""))

    def with_thresholds(self, entry: float, variant_min: float,
                        source: str | None = None) -> TermWeights:
        """The same models with other thresholds."""
        return TermWeights(self.rendering, self.variant, entry, variant_min,
                           self.source if source is None else source)

    @property
    def signature(self) -> str:
        """A short hash of the table, for the glossary signature."""
        return hashlib.blake2b(self.to_json().encode(), digest_size=4).hexdigest()


def shipped() -> TermWeights:
    """The table learnt on the whole dev gold (``weights.json`` beside this module, written
    by ``bench/train_glossary.py --write``)."""
    text = resources.files(__package__).joinpath(SHIPPED).read_text(encoding="utf-8")
    return TermWeights.from_json(text)


# The shipped table's file, in this package.
SHIPPED = "weights.json"
