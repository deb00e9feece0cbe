"""After the monotonic pass: paragraphs translated out of order, and one-sided furniture.

The dynamic programme of :mod:`align.aligner.dp` only finds beads in order. When an edition
lists five headings together that the other spreads out, or reorders a list, the crossing
paragraphs come out as 1:0 and 0:1 beads although both editions have them.
:func:`find_moves` pairs such one-sided paragraphs of the same input with each other when the
confidence model (the calibrated probability that a 1:1 bead is a translation) says they
translate each other, and marks the bead ``moved``.

:func:`~align.aligner.features.furniture_kind` tells one-sided furniture from content a
reviewer must check: page numbers and running headers, and text in the other edition's
script (a logo or a poster line in Chinese inside the English
edition, a brand name in Latin letters inside the Chinese one), which has nothing to be
translated by.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from align.aligner.features import BeadFeatures, Side
from align.aligner.model import Model
from align.aligner.texts import caps_line
from align.core.beads import Bead

if TYPE_CHECKING:
    from align.aligner.alignment import Prepared

#: A one-sided paragraph pairs with another only when the confidence model rates the
#: 1:1 bead of the two more likely a translation than not.
MOVE_CONFIDENCE = 0.5


def _furniture_members(side: Side, ids: Sequence[int]) -> list[bool]:
    """Which of ``ids`` are furniture: alone (``side.furniture``), or a caption in capitals
    beside a furniture member (恒生銀行 / HANG SENG BANK)."""
    alone = [bool(side.furniture[i]) for i in ids]
    return [f or (caps_line(side.texts[i]) and any(alone[x] for x in (k - 1, k + 1)
                                                     if 0 <= x < len(ids)))
            for k, (i, f) in enumerate(zip(ids, alone, strict=True))]


def _peel_furniture(beads: Sequence[Bead], zh: Side, en: Side) -> list[Bead]:
    """``beads`` with furniture members at the ends of merged beads split off as
    one-sided ``furniture`` beads (before or after the rest, so the order holds)."""
    out: list[Bead] = []
    for b in beads:
        if b.is_null or b.kind != "match":
            out.append(b)
            continue
        before: list[Bead] = []
        after: list[Bead] = []
        src, tgt = list(b.src), list(b.tgt)
        for ids, side, is_src in ((src, zh, True), (tgt, en, False)):
            flags = _furniture_members(side, ids)
            while len(ids) > 1 and flags[-1]:
                i = ids.pop()
                flags.pop()
                after.insert(0, Bead((i,), (), b.score, "furniture") if is_src
                             else Bead((), (i,), b.score, "furniture"))
            while len(ids) > 1 and flags[0]:
                i = ids.pop(0)
                flags.pop(0)
                before.append(Bead((i,), (), b.score, "furniture") if is_src
                              else Bead((), (i,), b.score, "furniture"))
        if before or after:
            b = Bead(tuple(src), tuple(tgt), b.score, b.kind)
        out.extend([*before, b, *after])
    return out


def _subset(side: Side, ids: Sequence[int]) -> Side:
    sub = Side.__new__(Side)
    idx = np.asarray(ids, dtype=int)
    sub.texts = [side.texts[i] for i in ids]
    sub.n = len(ids)
    sub.vectors = side.vectors[idx]
    sub.lengths = side.lengths[idx]
    sub.latin = [side.latin[i] for i in ids]
    sub.numbers = [side.numbers[i] for i in ids]
    sub.furniture = side.furniture[idx]
    sub.heading = side.heading[idx]
    # Moved paragraphs are no longer neighbours: none carries on the next one.
    sub.continues = np.zeros(len(ids), dtype=np.float32)
    sub.encoded = {}
    sub.encoded_r = {}
    sub._win = {}
    return sub


def find_moves(beads: Sequence[Bead], prepared: Prepared, model: Model) -> list[Bead]:
    """``beads`` with one-sided paragraphs that translate each other paired as ``moved``.

    ``prepared`` is the whole input the beads cover (its sides, CSLS terms, length model
    and profile are reused). Candidates are the Chinese paragraphs of 1:0 beads and the
    English ones of 0:1 beads that are not furniture; a pair is kept when each is the
    other's best candidate, each is the other's nearest paragraph (by cosine) in the whole
    other side, and the 1:1 bead of the two has confidence above :data:`MOVE_CONFIDENCE`.
    The new bead takes the place of the Chinese 1:0 bead, the
    English 0:1 bead is dropped; it is ``moved`` unless it happens to sit in order (then a
    plain ``match``), so the beads that are not moved stay in order on both sides.
    Other one-sided beads of furniture get kind ``furniture``, and furniture at either end
    of a merged bead is taken out of it first (a logo never rides inside a unit whose
    other side lacks it).
    """
    zh, en = prepared.zh, prepared.en
    out = []
    for b in _peel_furniture(beads, zh, en):
        if b.is_null and b.kind == "missing":
            side, ids = (zh, b.src) if b.src else (en, b.tgt)
            if all(side.furniture[i] for i in ids):  # furniture_kind, computed once
                b = Bead(b.src, b.tgt, b.score, "furniture")
        out.append(b)
    # A logo's caption in capitals beside the logo (恒生銀行 / HANG SENG BANK) goes with it.
    for k, b in enumerate(out):
        if b.kind != "missing" or len(b.src) + len(b.tgt) != 1:
            continue
        side, text = (zh, zh.texts[b.src[0]]) if b.src else (en, en.texts[b.tgt[0]])
        near = [out[x] for x in (k - 1, k + 1) if 0 <= x < len(out)]
        if caps_line(text) and any(n.kind == "furniture" and bool(n.src) == bool(b.src)
                                   for n in near):
            out[k] = Bead(b.src, b.tgt, b.score, "furniture")
    lone_zh = [k for k, b in enumerate(out) if b.kind == "missing" and len(b.src) == 1]
    lone_en = [k for k, b in enumerate(out) if b.kind == "missing" and len(b.tgt) == 1]
    if not lone_zh or not lone_en:
        return out
    zi = [out[k].src[0] for k in lone_zh]
    ei = [out[k].tgt[0] for k in lone_en]
    sub = BeadFeatures(_subset(zh, zi), _subset(en, ei), prepared.r_zh[zi],
                       prepared.r_en[ei], prepared.length, prepared.profile)
    conf = model.bead_confidence(sub.tensor((1, 1))[1:, 1:], 2)
    # A translation found out of order is its counterpart's nearest paragraph in the whole
    # other side, not only among the one-sided ones (short headings resemble each other).
    nearest_en = (zh.vectors[zi] @ en.vectors.T).argmax(axis=1)
    nearest_zh = (en.vectors[ei] @ zh.vectors.T).argmax(axis=1)
    drop: set[int] = set()
    for a in range(len(zi)):
        b_ = int(conf[a].argmax())
        if int(conf[:, b_].argmax()) != a or conf[a, b_] <= MOVE_CONFIDENCE:
            continue
        if nearest_en[a] != ei[b_] or nearest_zh[b_] != zi[a]:
            continue
        k_zh, k_en = lone_zh[a], lone_en[b_]
        before = [j for b in out[:k_zh] if b.kind != "moved" for j in b.tgt if j != ei[b_]]
        after = [j for b in out[k_zh + 1:] if b.kind != "moved" for j in b.tgt if j != ei[b_]]
        in_order = all(j < ei[b_] for j in before) and all(j > ei[b_] for j in after)
        out[k_zh] = Bead((zi[a],), (ei[b_],), float(conf[a, b_]),
                         "match" if in_order else "moved")
        drop.add(k_en)
    return [b for k, b in enumerate(out) if k not in drop]
