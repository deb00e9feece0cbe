"""Chinese word segmentation with part-of-speech tags (jieba), clause by clause.

Text is cut into clauses at punctuation (an ASCII comma or point between digits is part of
a number), each clause into jieba words with their tags; Latin words and grouped numbers
written inside Chinese text are single tokens (``LNG 拖车``, ``8,698,000``).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from align.core.text import HAN_RUN, LATIN_WORD, fold_width

DIGITS = re.compile(r"^[\d.,]+%?$")
# A number with thousands separators is one token (8,698,000), not three.
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])")
# Punctuation that ends a clause, and the tab between two table cells; an ASCII comma or
# point between digits is part of a number (8,698,000 千瓦时, 5.56 克).
_CLAUSE = re.compile(r"(?:[，。；：、！？“”‘’「」『』（）()《》〈〉【】\[\];:!?\"…—|\n\t·•]"
                     r"|(?<!\d)[,.]|[,.](?!\d))+")


@dataclass(frozen=True)
class ZhToken:
    """A word of Chinese text: its ``text``, jieba ``pos`` tag and character offsets."""

    text: str
    pos: str
    start: int
    end: int


class ZhSegmenter:
    """jieba word segmentation with part-of-speech tags, on a private jieba instance.

    ``user_words`` are added to jieba's dictionary (a domain user dictionary); the global
    ``jieba`` state is never touched. Loading takes about a second, on first use.
    """

    def __init__(self, user_words: Iterable[str] = ()) -> None:
        self.user_words = tuple(sorted(set(user_words)))
        self._pos: object | None = None
        # Han run → jieba's (word, tag) list: runs recur (repeated texts, headings, set
        # phrases), and jieba cuts each run on its own, so the cut can be reused.
        self._cuts: dict[str, list[tuple[str, str]]] = {}

    @cached_property
    def signature(self) -> str:
        """``jieba-VERSION:HASH``: the hash covers jieba's dictionary and the user words."""
        import jieba

        h = hashlib.blake2b(digest_size=4)
        with open(jieba.get_dict_file().name, "rb") as f:
            h.update(f.read())
        h.update("\n".join(self.user_words).encode("utf-8"))
        return f"jieba-{jieba.__version__}:{h.hexdigest()}"

    def _tokenizer(self) -> object:
        if self._pos is None:
            import jieba
            import jieba.posseg

            jieba.setLogLevel(logging.WARNING)  # jieba logs its cache handling on stderr
            tk = jieba.Tokenizer()
            tk.initialize()
            for w in self.user_words:
                tk.add_word(w, freq=None, tag="nz")
            self._pos = _pos_tokenizer(tk)
        return self._pos

    def general_frequency(self, word: str) -> float | None:
        """How common ``word`` is in general Chinese: its relative frequency in jieba's
        dictionary, or None when it is not a dictionary word."""
        tk = self._tokenizer().tokenizer  # type: ignore[attr-defined]
        f = tk.FREQ.get(word)
        return f / tk.total if f else None

    def clauses(self, text: str) -> list[list[ZhToken]]:
        """The clauses of ``text`` (split at punctuation), each a list of tokens."""
        text = fold_width(text)
        pos_tk = self._tokenizer()
        out: list[list[ZhToken]] = []
        start = 0
        for m in [*_CLAUSE.finditer(text), None]:
            end = m.start() if m else len(text)
            if end > start:
                clause = self._clause(text, start, end, pos_tk, self._cuts)
                if clause:
                    out.append(clause)
            if m:
                start = m.end()
        return out

    @staticmethod
    def _clause(text: str, start: int, end: int, pos_tk: object,
                cuts: dict[str, list[tuple[str, str]]]) -> list[ZhToken]:
        toks: list[ZhToken] = []
        i = start
        while i < end:
            m = HAN_RUN.match(text, i, end)
            if m:
                j = m.start()
                run = m.group()
                cut = cuts.get(run)
                if cut is None:
                    cut = cuts[run] = [(p.word, p.flag)
                                       for p in pos_tk.cut(run, HMM=True)]  # type: ignore[attr-defined]
                for word, flag in cut:
                    toks.append(ZhToken(word, flag, j, j + len(word)))
                    j += len(word)
                i = m.end()
                continue
            m = _GROUPED.match(text, i, end) or LATIN_WORD.match(text, i, end)
            if m:
                word = m.group()
                toks.append(ZhToken(word, "m" if DIGITS.match(word) else "eng",
                                    m.start(), m.end()))
                i = m.end()
                continue
            if not text[i].isspace():
                toks.append(ZhToken(text[i], "x", i, i + 1))
            i += 1
        return toks


def _pos_tokenizer(tk: object) -> object:
    """A jieba part-of-speech tokenizer over ``tk``, a tokenizer of jieba's own dictionary.

    ``jieba.posseg`` reads that dictionary's tags when imported (about a second) and
    ``POSTokenizer`` would read them again; the tagger here starts from a copy of the table
    already read (a copy: the user words' tags are added to it).
    """
    import jieba.posseg

    shared = jieba.posseg.dt
    if tk.dictionary != shared.tokenizer.dictionary:  # type: ignore[attr-defined]
        return jieba.posseg.POSTokenizer(tk)
    pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    pos.tokenizer = tk
    pos.word_tag_tab = dict(shared.word_tag_tab)
    return pos
