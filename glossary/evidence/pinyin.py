"""Pinyin evidence: a run of Chinese characters read aloud as an English word, for names
(魏桥 → *Weiqiao*, 宜宾 → *Yibin*, 重庆 → *Chongqing*), allowing one wrong letter in long
words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from align.core.text import HAN_RUN


def syllables_of(term: str) -> list[str]:
    """The pinyin of each character of ``term`` ("" for characters that are not Han).

    Each Han run is read as a whole, so that pypinyin's word readings settle polyphones
    (重庆 is *chongqing*, not *zhongqing*).
    """
    from pypinyin import Style, lazy_pinyin

    out = [""] * len(term)
    for m in HAN_RUN.finditer(term):
        syllables = lazy_pinyin(m.group(), style=Style.NORMAL)
        if len(syllables) == len(m.group()):
            out[m.start():m.end()] = [str(s).lower() for s in syllables]
    return out


def reading_starts(readings: Sequence[str]) -> dict[str, list[int]]:
    """The positions of ``readings`` by the first letter of their syllable: where
    :func:`reading_span` may start to spell a word, found once for many words."""
    out: dict[str, list[int]] = {}
    for a, syllable in enumerate(readings):
        if syllable:
            out.setdefault(syllable[0], []).append(a)
    return out


def reading_span(readings: Sequence[str], word: str,
                 starts: Mapping[str, Sequence[int]] | None = None) -> tuple[int, int] | None:
    """The character range whose pinyin spells ``word`` (two characters or more), the
    first from the left; ``starts`` is :func:`reading_starts` of ``readings`` when the
    caller has it."""
    n = len(readings)
    at = (reading_starts(readings) if starts is None else starts).get(word[:1], ())
    for a in at:
        text = readings[a]
        for b in range(a + 1, n):
            if not readings[b]:
                break
            text += readings[b]
            if len(text) > len(word) + 1:
                break
            if text == word or (len(word) >= 6 and _one_edit(text, word)):
                return a, b + 1
    return None


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one substitution, insertion, deletion or swap."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))
