"""English word rules shared by every step: stopwords, function words, a light stemmer
and a plural fold.

Both the aligner's paragraph repair and the glossary's term pairing compare English words;
they do it with these lists and :func:`stem`, so that *neutrality*, *neutral* and
*neutralize* meet in both. The key-term check, which must tell *carbon neutral* from
*carbon neutrality*, folds inflection only (:func:`plural_key`).
"""

from __future__ import annotations

import re
from functools import lru_cache


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set (for word lists)."""
    return frozenset(text.split())


# Function words never count as evidence that a gloss and a phrase agree.
STOPWORDS = word_set(
    "a an the of and or to in on at by for from with as is are was were be been being it its "
    "this that these those which who whom whose what their there they them our we you your "
    "his her he she not no nor but if then than so such also very more most much many some "
    "any each every all both other into onto over under about between through up down out off "
    "can could will would should may might must shall do does did has have had one ones etc "
    "e.g i.e sb sth something someone oneself used fig lit esp abbr variant see cl pr old "
    "also kind type sort"
)

#: Words a clause does not end on: a line ending with one was cut mid-sentence.
FUNCTION_WORDS = frozenset((
    "a", "an", "the", "of", "and", "or", "to", "in", "for", "with", "by", "on", "at", "from",
    "as", "that", "which", "who", "whose", "its", "their", "our", "his", "her", "is", "are",
    "was", "were", "be", "been", "has", "have", "had", "into", "than", "such", "between",
    "through", "via", "per", "both", "either", "including", "about", "over", "under", "this",
    "these", "those"))

_WORD = re.compile(r"[a-z]+")

_SUFFIXES = ("izations", "ization", "ational", "fulness", "iveness", "ations", "ation",
             "ments", "ment", "ities", "ity", "ness", "izing", "ized", "izes", "ize", "ising",
             "ised", "ises", "ise", "ings", "ing", "ions", "ion", "ers", "er", "ies", "ied",
             "ances", "ance", "ences", "ence", "ages", "age", "ed", "es", "s", "al", "ly",
             "ic", "ive", "e", "y")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude English stem: lowercase, common suffixes stripped (at most twice).

    ``neutrality``, ``neutral`` and ``neutralize`` all give ``neutr``; stems of fewer than
    four letters are never produced, so short words stay as they are.
    """
    w = word.lower()
    for _ in range(2):
        for suf in _SUFFIXES:
            if w.endswith(suf) and len(w) - len(suf) >= 4:
                w = w[: -len(suf)]
                break
        else:
            break
    return w


def stems_match(a: str, b: str) -> bool:
    """True when two stems are equal, or one extends the other and the shorter has 5+ letters.

    The prefix rule lets *reduc* (reduce) meet *reduct* (reduction) without letting *plan*
    meet *plant*.
    """
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 5 and long_.startswith(short)


def content_words(text: str) -> list[str]:
    """The lowercase non-stopword words of ``text`` (letters only)."""
    return [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]


_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")


@lru_cache(maxsize=65536)
def plural_key(word: str) -> str:
    """A key that the singular and the regular plural of an English noun share.

    Lowercase, the possessive dropped, then ``-ies``/``-es``/``-s`` and a final ``-e`` or
    ``-y`` folded: *neutral* and *neutrals* give ``neutral``, *company*, *companies* and
    *company's* ``compani``, *case* and *cases* ``cas``, *process* and *processes*
    ``process``. Words of three letters or fewer and words ending in *-ss*, *-us* or *-is*
    keep their ending; irregular plurals (*analyses*) are not folded. The key is a key, not
    always a word.
    """
    w = _POSSESSIVE.sub("", word.lower())
    if len(w) > 3 and not w.endswith(("ss", "us", "is")):
        if w.endswith("ies") and len(w) > 4:
            w = w[:-3] + "i"
        elif w.endswith("es"):
            w = w[:-2]
        elif w.endswith("s"):
            w = w[:-1]
    if len(w) > 3 and w.endswith(("e", "y")):
        w = w[:-1] + ("i" if w.endswith("y") else "")
    return w
