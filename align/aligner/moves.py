"""After the monotonic pass: paragraphs translated out of order, and one-sided furniture.

The dynamic programme of :mod:`align.aligner.dp` only finds beads in order. When an edition
lists five headings together that the other spreads out, or reorders a list, the crossing
paragraphs come out as 1:0 and 0:1 beads although both editions have them.
:func:`find_moves` pairs such one-sided paragraphs of the same input with each other when the
confidence model (the calibrated probability that a 1:1 bead is a translation) says they
translate each other, and marks the bead ``moved``.

:func:`furniture_kind` tells one-sided furniture from content a reviewer must check: page
numbers and running headers (:func:`~align.documents.furniture.looks_like_furniture`), and
text in the other edition's script (a logo or a poster line in Chinese inside the English
edition, a brand name in Latin letters inside the Chinese one), which has nothing to be
translated by.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from align.aligner.features import BeadFeatures, Side
from align.aligner.model import Model
from align.core.beads import Bead
from align.core.text import HAN_CHARS
from align.documents.furniture import looks_like_furniture

if TYPE_CHECKING:
    from align.aligner.alignment import Prepared

_HAN = re.compile(f"[{HAN_CHARS}]")
_LATIN = re.compile(r"[A-Za-z]")
_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")
_SENTENCE = re.compile(r"[。！？；，,.!?;:：]")
#: A logo or a brand line is a few words: longer lines are content.
LOGO_CHARS = 40
#: A one-sided paragraph pairs with another only when the confidence model rates the
#: 1:1 bead of the two more likely a translation than not.
MOVE_CONFIDENCE = 0.5


def other_script(text: str, lang: str) -> bool:
    """True when ``text`` is written in the other edition's script, not its own.

    For a Chinese paragraph: Latin letters and no Han character (``HANG SENG BANK``). For an
    English one: more Han characters than Latin letters (``恒生銀行``, a poster line).
    """
    han = len(_HAN.findall(text))
    latin = len(_LATIN.findall(text))
    if lang == "zh":
        return han == 0 and latin > 0
    return han > 0 and han >= latin


def bilingual_logo(text: str) -> bool:
    """True for a short line without punctuation that joins Han characters and a word in
    capitals (``网易 NETEASE 网易严选``): a brand mark, not a sentence."""
    s = text.strip()
    return (len(s) <= LOGO_CHARS and not _SENTENCE.search(s)
            and len(_HAN.findall(s)) >= 2 and bool(_CAPS_WORD.search(s)))


def caps_line(text: str) -> bool:
    """True for a short line of capital Latin letters only (``HANG SENG BANK``)."""
    s = text.strip()
    return (len(s) <= LOGO_CHARS and bool(_LATIN.search(s)) and s.upper() == s
            and not _SENTENCE.search(s) and not _HAN.search(s))


def furniture_kind(text: str, lang: str) -> bool:
    """True when a one-sided paragraph ``text`` (language ``lang``) is furniture, not content."""
    return looks_like_furniture(text) or other_script(text, lang) or bilingual_logo(text)


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
    sub.encoded = {}
    sub._win = {}
    return sub


def find_moves(beads: Sequence[Bead], prepared: Prepared, model: Model) -> list[Bead]:
    """``beads`` with one-sided paragraphs that translate each other paired as ``moved``.

    ``prepared`` is the whole input the beads cover (its sides, CSLS terms, length model
    and profile are reused). Candidates are the Chinese paragraphs of 1:0 beads and the
    English ones of 0:1 beads that are not furniture; a pair is kept when each is the
    other's best candidate and the 1:1 bead of the two has confidence above
    :data:`MOVE_CONFIDENCE`. The new bead takes the place of the Chinese 1:0 bead, the
    English 0:1 bead is dropped; it is ``moved`` unless it happens to sit in order (then a
    plain ``match``), so the beads that are not moved stay in order on both sides.
    Other one-sided beads of furniture get kind ``furniture``.
    """
    zh, en = prepared.zh, prepared.en
    out = []
    for b in beads:
        if b.is_null and b.kind == "missing":
            side, lang, ids = (zh, "zh", b.src) if b.src else (en, "en", b.tgt)
            if all(furniture_kind(side.texts[i], lang) for i in ids):
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
    drop: set[int] = set()
    for a in range(len(zi)):
        b_ = int(conf[a].argmax())
        if int(conf[:, b_].argmax()) != a or conf[a, b_] <= MOVE_CONFIDENCE:
            continue
        k_zh, k_en = lone_zh[a], lone_en[b_]
        before = [j for b in out[:k_zh] if b.kind != "moved" for j in b.tgt if j != ei[b_]]
        after = [j for b in out[k_zh + 1:] if b.kind != "moved" for j in b.tgt if j != ei[b_]]
        in_order = all(j < ei[b_] for j in before) and all(j > ei[b_] for j in after)
        out[k_zh] = Bead((zi[a],), (ei[b_],), float(conf[a, b_]),
                         "match" if in_order else "moved")
        drop.add(k_en)
    return [b for k, b in enumerate(out) if k not in drop]
