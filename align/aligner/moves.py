"""After the monotonic pass: paragraphs translated out of order, and one-sided furniture.

The dynamic programme of :mod:`align.aligner.dp` only finds beads in order. When an edition
lists five headings together that the other spreads out, or reorders a list, the crossing
paragraphs come out as 1:0 and 0:1 beads although both editions have them, or a crossed
title rides at the edge of its neighbour's merged bead.
:func:`find_moves` pairs such paragraphs of the same input with each other when the
confidence model (the calibrated probability that a 1:1 bead is a translation) says they
translate each other, and marks the bead ``moved``.

:func:`~align.aligner.features.furniture_kind` tells one-sided furniture from content a
reviewer must check: page numbers and running headers, and text in the other edition's
script (a logo or a poster line in Chinese inside the English
edition, a brand name in Latin letters inside the Chinese one), which has nothing to be
translated by.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from align.aligner.features import BeadFeatures, Side
from align.aligner.model import Model
from align.aligner.texts import caps_line
from align.core.beads import Bead
from align.core.text import BULLET, ENUMERATION, Lang, is_heading

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


def _peel_furniture(beads: Sequence[Bead], zh: Side, en: Side,
                    rescore: Callable[[Bead], Bead]) -> list[Bead]:
    """``beads`` with furniture members at the ends of merged beads split off as
    one-sided ``furniture`` beads (before or after the rest, so the order holds); what is
    left of such a bead is scored again by ``rescore``."""
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
            b = rescore(Bead(tuple(src), tuple(tgt), b.score, b.kind))
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
    A title at either end of a merged side (a heading, or a short list item: an edition
    that lists the measures together and then describes them, where the other puts each
    title above its paragraph) is a candidate too, and leaves its bead when it pairs, so a
    heading never rides inside a unit whose other side lacks it.
    The new bead takes the place of the Chinese 1:0 bead (or stands beside the bead its
    Chinese title left), the English 0:1 bead is dropped; it is ``moved`` unless it happens
    to sit in order (then a plain ``match``), so the beads that are not moved stay in order
    on both sides.
    Other one-sided beads of furniture get kind ``furniture``, and furniture at either end
    of a merged bead is taken out of it first (a logo never rides inside a unit whose
    other side lacks it).
    """
    zh, en = prepared.zh, prepared.en

    def rescore(bead: Bead) -> Bead:
        """A matched bead that lost members, with the confidence of what is left."""
        a, b = len(bead.src), len(bead.tgt)
        grid = prepared.features(bead.src[0], bead.src[-1] + 1, bead.tgt[0], bead.tgt[-1] + 1)
        score = float(model.bead_confidence(grid.tensor((a, b))[a, b], a + b))
        return Bead(bead.src, bead.tgt, score, bead.kind)

    out = []
    for b in _peel_furniture(beads, zh, en, rescore):
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
    # Candidates: (bead index, paragraph id, rider) of one-sided paragraphs, and of titles
    # riding at an end of a merged bead (a rider leaves its bead only when it pairs).
    cand_zh = [(k, b.src[0], False) for k, b in enumerate(out)
               if b.kind == "missing" and len(b.src) == 1]
    cand_en = [(k, b.tgt[0], False) for k, b in enumerate(out)
               if b.kind == "missing" and len(b.tgt) == 1]
    cand_zh += _riders(out, zh, "zh")
    cand_en += _riders(out, en, "en")
    if not cand_zh or not cand_en:
        return out
    zi = [i for _, i, _ in cand_zh]
    ei = [j for _, j, _ in cand_en]
    sub = BeadFeatures(_subset(zh, zi), _subset(en, ei), prepared.r_zh[zi],
                       prepared.r_en[ei], prepared.length, prepared.profile)
    conf = model.bead_confidence(sub.tensor((1, 1))[1:, 1:], 2)
    # A translation found out of order is its counterpart's nearest paragraph in the whole
    # other side, not only among the one-sided ones (short headings resemble each other).
    nearest_en = (zh.vectors[zi] @ en.vectors.T).argmax(axis=1)
    nearest_zh = (en.vectors[ei] @ zh.vectors.T).argmax(axis=1)
    pairs: list[tuple[int, int, float]] = []
    left: dict[tuple[int, bool], int] = {}  # members a rider may still take from its bead side
    for a in range(len(zi)):
        b_ = int(conf[a].argmax())
        if int(conf[:, b_].argmax()) != a or conf[a, b_] <= MOVE_CONFIDENCE:
            continue
        # A paragraph repeated word for word (a list item echoed later) is as near as its
        # copy: the nearest may be either.
        if (en.texts[nearest_en[a]] != en.texts[ei[b_]]
                or zh.texts[nearest_zh[b_]] != zh.texts[zi[a]]):
            continue
        (k_zh, _, r_zh), (k_en, _, r_en) = cand_zh[a], cand_en[b_]
        if (r_zh or r_en) and k_zh == k_en:
            continue  # a rider never pairs inside its own bead
        # A bead keeps at least one paragraph on each side, whatever rides away from it.
        takes = [(k_zh, True)] * r_zh + [(k_en, False)] * r_en
        for key in takes:
            left.setdefault(key, len(out[key[0]].src if key[1] else out[key[0]].tgt) - 1)
        if any(left[key] == 0 for key in takes):
            continue
        for key in takes:
            left[key] -= 1
        pairs.append((a, b_, float(conf[a, b_])))
    return _place_moves(out, cand_zh, cand_en, pairs, rescore)


def _title_like(text: str, lang: Lang) -> bool:
    """A heading, or a list item or numbered line short enough to be one
    (``- 绿色按揭让家更“绿”色``, ``2. Parts reuse program.``): the lines an edition may list
    together as a table of contents. Only a marked item may end on a full stop."""
    s = text.strip()
    if not (BULLET.match(s) or ENUMERATION.match(s)):
        return is_heading(s, lang)
    body = BULLET.sub("", s, count=1).rstrip()
    body = body[:-1] if body.endswith((".", "；", ";", "。")) else body
    return bool(body) and is_heading(body, lang)


def _riders(beads: Sequence[Bead], side: Side, lang: Lang) -> list[tuple[int, int, bool]]:
    """Title-like paragraphs at either end of a merged side of a matched bead."""
    out = []
    for k, b in enumerate(beads):
        ids = b.src if lang == "zh" else b.tgt
        if b.kind != "match" or b.is_null or len(ids) < 2:
            continue
        for i in {ids[0], ids[-1]}:
            if _title_like(side.texts[i], lang):
                out.append((k, i, True))
    return out


def _place_moves(beads: Sequence[Bead], cand_zh: Sequence[tuple[int, int, bool]],
                 cand_en: Sequence[tuple[int, int, bool]],
                 pairs: Sequence[tuple[int, int, float]],
                 rescore: Callable[[Bead], Bead]) -> list[Bead]:
    """``beads`` with each pair ``(zh candidate, en candidate, confidence)`` made one bead.

    The new bead stands where the Chinese paragraph stood (in place of its 1:0 bead, or
    beside the bead it rode in, on the side it rode at); riders leave their beads, and the
    English 1:0 bead of a pair is dropped; a bead a rider left is scored again by
    ``rescore``. The new bead is ``moved`` unless it sits in order.
    """
    gone_zh: dict[int, set[int]] = {}  # bead index -> paragraph ids riding away from it
    gone_en: dict[int, set[int]] = {}
    placed: dict[tuple[int, int], Bead] = {}  # (bead index, -1 before / 0 instead / 1 after)
    drop: set[int] = set()
    for a, b_, score in pairs:
        (k_zh, i, r_zh), (k_en, j, r_en) = cand_zh[a], cand_en[b_]
        where = 0
        if r_zh:
            gone_zh.setdefault(k_zh, set()).add(i)
            where = -1 if beads[k_zh].src[0] == i else 1
        if r_en:
            gone_en.setdefault(k_en, set()).add(j)
        else:
            drop.add(k_en)
        placed[(k_zh, where)] = Bead((i,), (j,), score)
    staged: list[tuple[Bead, bool]] = []  # (bead, made here)
    for k, b in enumerate(beads):
        if (k, -1) in placed:
            staged.append((placed[(k, -1)], True))
        if (k, 0) in placed:
            staged.append((placed[(k, 0)], True))
        elif k not in drop:
            zs, es = gone_zh.get(k, set()), gone_en.get(k, set())
            if zs or es:
                b = rescore(Bead(tuple(i for i in b.src if i not in zs),
                                 tuple(j for j in b.tgt if j not in es), b.score, b.kind))
            staged.append((b, False))
        if (k, 1) in placed:
            staged.append((placed[(k, 1)], True))
    # A new bead is in order when the English of the beads kept in order around it is all
    # before it and all after it.
    kept = [(max(b.tgt), min(b.tgt)) if b.tgt and not new and b.kind != "moved" else None
            for b, new in staged]
    before_max = np.maximum.accumulate([-np.inf] + [k[0] if k else -np.inf for k in kept])
    after_min = np.minimum.accumulate([np.inf] + [k[1] if k else np.inf for k in kept[::-1]])
    after_min = after_min[::-1][1:]
    out: list[Bead] = []
    for pos, (b, new) in enumerate(staged):
        if new:
            j = b.tgt[0]
            in_order = before_max[pos] < j < after_min[pos]
            b = Bead(b.src, b.tgt, b.score, "match" if in_order else "moved")
        out.append(b)
    return out
