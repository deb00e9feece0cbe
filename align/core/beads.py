"""Beads: the unit of an alignment, and the gold/Vecalign text grammar for them.

A bead pairs a run of consecutive source (Chinese) paragraphs with a run of consecutive
target (English) paragraphs: ``[3]:[3,4]`` is a 1:2 bead, ``[7]:[]`` a 1:0 bead (the
paragraph has no counterpart). The text form is the one of Vecalign and of the gold files,
with an optional ``:score`` suffix (``[3]:[3,4]:0.912``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from align.core.errors import FormatError

_BEAD_RE = re.compile(
    r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\](?:\s*:\s*([-+0-9.eE]+))?\s*(?:#.*)?$")


#: What a bead says about its paragraphs: translations of each other (``match``), a
#: paragraph with no counterpart that a reviewer must check (``missing``), translations
#: found out of order (``moved``), or one-sided page furniture (``furniture``).
BeadKind = Literal["match", "missing", "moved", "furniture"]
BEAD_KINDS: tuple[BeadKind, ...] = ("match", "missing", "moved", "furniture")


@dataclass(frozen=True)
class Bead:
    """Consecutive source ids ``src`` aligned to consecutive target ids ``tgt``.

    ``score`` is in [0, 1]: how sure the aligner is that the two sides are translations
    (for 1:0 / 0:1 beads, how sure it is that the paragraph has no counterpart). ``kind``
    defaults to ``match`` for a bead with both sides and ``missing`` for a 1:0 / 0:1 bead.
    ``reviewed`` is true for a bead a reviewer made or confirmed (see
    :mod:`align.core.edits`); the aligner's beads are never reviewed.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 1.0
    kind: BeadKind = None  # type: ignore[assignment]  # set in __post_init__
    reviewed: bool = False

    def __post_init__(self) -> None:
        if self.kind is None:
            object.__setattr__(self, "kind", "missing" if self.is_null else "match")
        elif self.kind not in BEAD_KINDS:
            raise ValueError(f"bead kind must be one of {BEAD_KINDS}, not {self.kind!r}")

    @property
    def shape(self) -> str:
        """The bead's shape as ``m:n`` (``1:1``, ``2:1``, ``0:1`` …)."""
        return f"{len(self.src)}:{len(self.tgt)}"

    @property
    def is_null(self) -> bool:
        """True for 1:0 / 0:1 beads: one side has no counterpart."""
        return not self.src or not self.tgt

    def format(self, with_score: bool = True) -> str:
        """The bead in gold grammar: ``[3]:[3,4]:0.912``."""
        text = f"[{','.join(map(str, self.src))}]:[{','.join(map(str, self.tgt))}]"
        return f"{text}:{self.score:.3f}" if with_score else text


def parse_beads(text: str, source: str = "<beads>") -> list[Bead]:
    """Parse beads in gold grammar, one per line; ``#`` comments and blank lines are skipped.

    Raises :class:`FormatError` naming ``source:line`` for a line that is not a bead.
    """
    beads = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _BEAD_RE.match(line)
        if not m:
            raise FormatError(
                f"{source}:{n}: not a bead: {line.strip()[:60]!r}; expected e.g. [3]:[3,4]"
            )
        src = tuple(int(x) for x in m.group(1).replace(" ", "").split(",") if x)
        tgt = tuple(int(x) for x in m.group(2).replace(" ", "").split(",") if x)
        beads.append(Bead(src, tgt, float(m.group(3)) if m.group(3) else 1.0))
    return beads


def format_beads(beads: Iterable[Bead], with_score: bool = True) -> str:
    """Beads in gold grammar, one per line, ending with a newline."""
    return "".join(b.format(with_score) + "\n" for b in beads)


def check_cover(beads: Sequence[Bead], n_src: int, n_tgt: int) -> None:
    """Raise ``ValueError`` unless ``beads`` are monotonic and cover every id exactly once."""
    src = [i for b in beads for i in b.src]
    tgt = [j for b in beads for j in b.tgt]
    if src != list(range(n_src)) or tgt != list(range(n_tgt)):
        raise ValueError("beads do not cover every paragraph exactly once, in order")
