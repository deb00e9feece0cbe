"""Priors of the word aligner: the pairs of forms a dictionary, pinyin, an acronym or
identity links, given to the translation table as pseudo-counts."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from align.core.english import STOPWORDS, stem, stems_match
from align.core.text import HAN
from glossary.evidence.cedict import Cedict
from glossary.pairing.tokens import PUNCT, Token


def lexical_priors(zh_vocab: Iterable[str], en_vocab: Iterable[str], cedict: Cedict,
                   found_acronyms: dict[str, str] | None = None) -> set[tuple[str, str]]:
    """The pairs of aligner forms (Chinese, English) that the dictionary, pinyin, acronyms
    or identity link. ``found_acronyms`` maps an acronym (as written) to its expansion.

    A Chinese form is a character or a Latin word: a character meets an English word whose
    stem one of its CC-CEDICT glosses holds, or that an acronym stands for.
    """
    en_list = [w for w in en_vocab if w not in STOPWORDS and not PUNCT.fullmatch(w)]
    by_prefix: dict[str, list[tuple[str, str]]] = defaultdict(list)  # stem prefix → (stem, w)
    for w in en_list:
        for piece in re.split(r"[-/]", w):
            if piece and piece not in STOPWORDS:
                s = stem(piece)
                by_prefix[s[:4]].append((s, w))
    acr_stems = {acr.lower(): {stem(x) for x in expansion.lower().split() if x not in STOPWORDS}
                 for acr, expansion in (found_acronyms or {}).items()}
    en_set = set(en_list)
    out: set[tuple[str, str]] = set()
    for z in zh_vocab:
        if not HAN.search(z):
            if z in en_set:
                out.add((z, z))  # the same Latin word or number on both sides
            continue
        g = cedict.gloss(z)
        for s in g.stems if g is not None else ():
            out.update((z, w) for s2, w in by_prefix.get(s[:4], ()) if stems_match(s, s2))
            out.update((z, acr) for acr, exp in acr_stems.items()
                       if acr in en_set and any(stems_match(s, e) for e in exp))
    return out


def pinyin_priors(units: Sequence[tuple[int, list[Token], list[Token]]]
                  ) -> set[tuple[str, str]]:
    """Characters of a run whose pinyin spells an English word of the same unit
    (魏桥 and *Weiqiao*: 魏 and 桥 each meet *weiqiao*)."""
    from glossary.evidence.pinyin import reading_span, reading_starts, syllables_of

    out: set[tuple[str, str]] = set()
    for _, zt, et in units:
        words = {t.norm for t in et if len(t.norm) >= 4 and t.norm.isalpha()}
        if not words:
            continue
        chars = [t for t in zt if HAN.fullmatch(t.text)]
        readings = syllables_of("".join(t.text for t in chars))
        starts = reading_starts(readings)
        for w in words:
            span = reading_span(readings, w, starts)
            if span is not None:
                out.update((chars[c].norm, w) for c in range(*span))
    return out
