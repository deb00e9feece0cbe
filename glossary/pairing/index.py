"""The English candidates of the aligned pairs, indexed for term pairing, and the
association statistics over them."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from align.core.english import stem
from glossary.candidates.en import INNER, EnSpan


class EnIndex:
    """The English candidates of a list of aligned pairs, indexed for term matching."""

    def __init__(self, spans: Sequence[Sequence[EnSpan]]) -> None:
        self.spans = [list(s) for s in spans]
        self.keys: list[frozenset[str]] = [frozenset(s.key for s in sp) for sp in self.spans]
        self.n = len(self.spans)
        self.freq: Counter[str] = Counter()
        for ks in self.keys:
            self.freq.update(ks)
        self._by_word: list[dict[str, set[str]]] | None = None
        self.surfaces: dict[str, Counter[str]] = defaultdict(Counter)
        for sp in self.spans:
            for s in sp:
                # Capitals at a sentence start or in a heading say nothing about the phrase.
                self.surfaces[s.key][s.surface] += 1 if not s.initial else 0.05  # type: ignore[assignment]

    def by_word(self, i: int) -> dict[str, set[str]]:
        """For pair ``i``: each word (lowercased), and its stem, mapped to the keys holding it."""
        if self._by_word is None:
            self._by_word = []
            for ks in self.keys:
                d: dict[str, set[str]] = defaultdict(set)
                for key in ks:
                    for word in key.split():
                        low = word.lower()
                        if low in INNER:
                            continue
                        d[low].add(key)
                        for piece in low.replace("/", "-").split("-"):
                            if piece:
                                d[piece].add(key)
                                d["~" + stem(piece)].add(key)
                self._by_word.append(d)
        return self._by_word[i]

    def surface(self, key: str) -> str:
        """The most usual written form of a candidate (case as written inside sentences)."""
        votes = self.surfaces.get(key)
        if not votes:
            return key
        return max(votes.items(), key=lambda kv: (kv[1], kv[0].islower(), kv[0]))[0]


def g2(k: int, n_z: int, n_e: int, n: int) -> float:
    """Dunning's log-likelihood ratio G² of a 2×2 co-occurrence table."""
    cells = [(k, n_z * n_e / n), (n_z - k, n_z * (n - n_e) / n),
             (n_e - k, (n - n_z) * n_e / n), (n - n_z - n_e + k, (n - n_z) * (n - n_e) / n)]
    return 2 * sum(o * math.log(o / e) for o, e in cells if o > 0 and e > 0)
