"""The word aligner's tokens and the units it aligns.

Every Han character is a token (the aligner learns which characters go together; jieba
words, ``AlignOptions.words``, are the other choice); Latin words and numbers are whole,
and punctuation marks tokens of their own. English tokens are the words of
:func:`glossary.candidates.en.tokens` and each punctuation mark. ``norm`` is the form the
aligner sees: lower case, English plurals folded, digit grouping dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from align.core.sentences import split_sentences
from align.core.text import HAN_CHARS, fold_width
from glossary.candidates.en import fold_word, tokens
from glossary.candidates.segmenter import ZhSegmenter

Level = Literal["paragraph", "sentence"]

_NUMBER = re.compile(r"^\d[\d,]*(?:\.\d+)?%?$")
PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_ZH_TOKEN = re.compile(f"[{HAN_CHARS}]" r"|\d[\d,]*(?:\.\d+)?%?|[A-Za-z0-9À-ɏ₀-₉²³µ]+"
                       r"(?:[-.'/·&][A-Za-z0-9À-ɏ₀-₉²³µ]+)*")



@dataclass(frozen=True)
class Token:
    """One token of a text: as written (``text``), the form the aligner sees (``norm``)
    and its character offsets ``start``/``end`` in the bead's text."""

    text: str
    norm: str
    start: int
    end: int

    @cached_property
    def is_punct(self) -> bool:
        """True for a punctuation token (computed once: the pairing asks millions of
        times)."""
        return bool(PUNCT.fullmatch(self.text))



def _form(text: str, english: bool) -> str:
    if _NUMBER.match(text):
        return text.replace(",", "")
    return fold_word(text).lower() if english else text.lower()


def zh_tokens(text: str, segmenter: ZhSegmenter | None = None) -> list[Token]:
    """The tokens of Chinese ``text`` with offsets: each Han character (or each jieba word,
    with ``segmenter``), each Latin word or number whole, each punctuation mark (full-width
    digits and letters read as ASCII)."""
    norm = fold_width(text)
    out: list[Token] = []
    covered = [False] * len(norm)
    if segmenter is not None:
        spans = [(t.text, t.start, t.end) for clause in segmenter.clauses(norm)
                 for t in clause if t.pos != "x"]
    else:
        spans = [(m.group(), m.start(), m.end()) for m in _ZH_TOKEN.finditer(norm)]
    for word, a, b in spans:
        out.append(Token(word, _form(word, False), a, b))
        for c in range(a, b):
            covered[c] = True
    for c, ch in enumerate(norm):
        if not covered[c] and not ch.isspace():
            out.append(Token(ch, ch, c, c + 1))
    out.sort(key=lambda t: t.start)
    return out



def en_tokens(text: str) -> list[Token]:
    """The tokens of English ``text`` with offsets: words as
    :func:`glossary.candidates.en.tokens` finds them (hyphenated words whole), and each
    punctuation mark."""
    out: list[Token] = []
    covered = [False] * len(text)
    for word, start, end, _ in tokens(text):
        out.append(Token(word, _form(word, True), start, end))
        for c in range(start, end):
            covered[c] = True
    for c, ch in enumerate(text):
        if not covered[c] and not ch.isspace() and PUNCT.match(ch):
            out.append(Token(ch, ch, c, c + 1))
    out.sort(key=lambda t: t.start)
    return out


def aligner_units(pairs: Sequence[tuple[str, str]], level: Level,
                  segmenter: ZhSegmenter | None = None
                  ) -> list[tuple[int, list[Token], list[Token]]]:
    """The units to align: ``(bead index, zh tokens, en tokens)``, both sides non-empty."""
    out: list[tuple[int, list[Token], list[Token]]] = []
    for k, (zh, en) in enumerate(pairs):
        zt, et = zh_tokens(zh, segmenter), en_tokens(en)
        if not zt or not et:
            continue
        if level == "sentence":
            out.extend((k, a, b) for a, b in _sentence_pairs(zh, en, zt, et))
        else:
            out.append((k, zt, et))
    return out


# Chinese characters per English word run between these in sentences that translate each
# other in the bundled editions (about 1.8 on average); a pair of sentences outside them
# means the two splits do not correspond one to one.
_RATIO_MIN, _RATIO_MAX = 0.6, 5.0


def _sentence_pairs(zh: str, en: str, zt: list[Token], et: list[Token]
                    ) -> list[tuple[list[Token], list[Token]]]:
    """The sentences of a bead paired one to one when both sides have as many sentences of
    matching lengths, else the whole bead (an in-bead split that needs no encoder). A table
    row with as many cells on both sides is paired cell by cell instead."""
    zc, ec = zh.split("\t"), en.split("\t")
    if len(zc) == len(ec) >= 2:
        return _paired(_ranges(zh, zc), _ranges(en, ec), zt, et)
    zs, es = split_sentences(zh, "zh"), split_sentences(en, "en")
    if len(zs) != len(es) or len(zs) < 2:
        return [(zt, et)]
    zr, er = _ranges(zh, zs), _ranges(en, es)
    ratios = [(b - a) / max(1, len(en[c:d].split()))
              for (a, b), (c, d) in zip(zr, er, strict=True)]
    if any(r < _RATIO_MIN or r > _RATIO_MAX for r in ratios):
        return [(zt, et)]
    return _paired(zr, er, zt, et)


def _paired(zr: Sequence[tuple[int, int]], er: Sequence[tuple[int, int]], zt: list[Token],
            et: list[Token]) -> list[tuple[list[Token], list[Token]]]:
    """The tokens of each pair of character ranges, where both sides have some (the whole
    bead when none has)."""
    out = []
    for (a, b), (c, d) in zip(zr, er, strict=True):
        z = [t for t in zt if a <= t.start < b]
        e = [t for t in et if c <= t.start < d]
        if z and e:
            out.append((z, e))
    return out or [(zt, et)]


def _ranges(text: str, sentences: Sequence[str]) -> list[tuple[int, int]]:
    out, pos = [], 0
    for s in sentences:
        a = text.find(s, pos)
        a = pos if a < 0 else a
        out.append((a, a + len(s)))
        pos = a + len(s)
    return out
