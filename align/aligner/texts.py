"""What the aligner reads in a paragraph's text besides its vector: its length, its
Latin-script tokens, and whether it is furniture when it stands alone (a line in the other
edition's script, a bilingual brand mark, a line of capitals, page furniture)."""

from __future__ import annotations

import re
from functools import lru_cache

from align.core.text import HAN_CHARS, Lang
from align.documents.furniture import looks_like_furniture

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.&/][A-Za-z0-9]+)*")
CJK_RUN = re.compile(f"[{HAN_CHARS}]{{2,}}")
_HAN = re.compile(f"[{HAN_CHARS}]")
_LETTER = re.compile(r"[A-Za-z]")
_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")
_SENTENCE = re.compile(r"[。！？；，,.!?;:：]")
_LIST_ITEM = re.compile(r"^(?:[-–—•·*▪●]|\d{1,3}[.、)]|[(（]\d{1,3}[)）])")
#: A logo or a brand line is a few words: longer lines are content.
LOGO_CHARS = 40


def text_length(text: str) -> int:
    """Characters other than whitespace: the length unit of both languages."""
    return len("".join(text.split()))


def other_script(text: str, lang: Lang) -> bool:
    """True when ``text`` is written in the other edition's script, not its own.

    For a Chinese paragraph: Latin letters and no Han character (``HANG SENG BANK``). For an
    English one: at least as many Han characters as Latin letters (``恒生銀行``, a poster line).
    """
    han = len(_HAN.findall(text))
    latin = len(_LETTER.findall(text))
    if lang == "zh":
        return han == 0 and latin > 0
    return han > 0 and han >= latin


def bilingual_logo(text: str) -> bool:
    """True for a short line without punctuation that joins a few Han characters and a word
    in capitals (``网易 NETEASE 网易严选``): a brand mark, not a sentence. A list item
    (``- 智慧 CFMS 系统``) and a Chinese phrase with an acronym in it are content."""
    s = text.strip()
    han = len(_HAN.findall(s))
    return (len(s) <= LOGO_CHARS and not _SENTENCE.search(s) and not _LIST_ITEM.match(s)
            and 2 <= han <= 2 * len(_LETTER.findall(s)) and bool(_CAPS_WORD.search(s)))


def caps_line(text: str) -> bool:
    """True for a short line of capital Latin letters only (``HANG SENG BANK``)."""
    s = text.strip()
    return (len(s) <= LOGO_CHARS and bool(_LETTER.search(s)) and s.upper() == s
            and not _SENTENCE.search(s) and not _HAN.search(s))


# The per-paragraph facts below are asked of the same paragraph by case pairing and by
# alignment: computed once per process (a few thousand distinct paragraphs per run).
_CACHED = 16384


@lru_cache(maxsize=_CACHED)
def furniture_kind(text: str, lang: Lang) -> bool:
    """True when ``text`` (language ``lang``) is furniture when it stands alone: page
    furniture (:func:`~align.documents.furniture.looks_like_furniture`), text in the other
    edition's script, or a bilingual brand mark."""
    return looks_like_furniture(text) or other_script(text, lang) or bilingual_logo(text)


@lru_cache(maxsize=_CACHED)
def latin_tokens(text: str) -> frozenset[str]:
    """Lower-cased Latin-script tokens of two or more characters (CATL, iso, 50001 excluded)."""
    return frozenset(t.lower() for t in _LATIN.findall(text) if len(t) >= 2)
