"""Lexical evidence that an English phrase renders a Chinese term.

Four kinds of evidence, all independent of corpus statistics:

* CC-CEDICT: the term, or its words (longest headwords first, then single characters),
  have glosses whose stems occur in the phrase (碳中和 → *carbon neutrality*);
* pinyin: a run of two or more characters reads as a word of the phrase, for names
  (魏桥 → *Weiqiao*, 宜宾 → *Yibin*), allowing one wrong letter in long words;
* Latin words written inside the Chinese term (``LNG 拖车`` → *LNG trailer*);
* acronyms defined in the English text (*greenhouse gas (GHG)*): the acronym counts as the
  words of its expansion.

The result is a coverage F-score: the share of the term's characters explained, and of the
phrase's content words explained, combined harmonically.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from align.core.english import STOPWORDS, content_words, stem, stems_match
from align.core.text import HAN, LATIN_WORD
from glossary.candidates.en import INNER
from glossary.evidence.cedict import Cedict
from glossary.evidence.pinyin import reading_span, reading_starts, syllables_of

_PART = re.compile(r"[-/]")
# CC-CEDICT headwords are rarely longer; longer runs are split by longest match.
_MAX_HEAD = 8
# The share of material left unexplained on both sides that counts as explained.
_LEFTOVER = 0.4


@dataclass(frozen=True)
class LexMatch:
    """How well a phrase is explained by a term's dictionary words, pinyin and Latin words.

    ``zh_cover`` and ``en_cover`` are the explained shares of each side, ``score`` their
    harmonic mean (1.0 when the phrase is itself a CC-CEDICT definition of the term),
    ``pinyin`` tells that a name was matched by its reading.
    """

    score: float
    zh_cover: float
    en_cover: float
    pinyin: bool = False
    zh_raw: float = 0.0
    en_raw: float = 0.0


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    text: str
    stems: frozenset[str]
    latin: str
    # Content stems of each short definition: a unit is only half explained by *carbon*
    # when its definition is *carbon neutrality*.
    senses: tuple[frozenset[str], ...] = ()


@dataclass(frozen=True)
class Part:
    """One content word of an English phrase (lowercased) and the stems it stands for
    (several for an acronym: the words of its expansion)."""

    word: str
    stems: frozenset[str]


class LexicalScorer:
    """Scores (term, phrase) pairs with CC-CEDICT, pinyin, Latin words and acronyms.

    ``acronyms`` maps an acronym to its expansion as found in the English texts.
    """

    def __init__(self, cedict: Cedict, acronyms: Mapping[str, str] | None = None) -> None:
        self.cedict = cedict
        self.acronyms = dict(acronyms or {})
        self._units: dict[str, tuple[list[_Unit], list[str], int]] = {}
        self._starts: dict[str, dict[str, list[int]]] = {}  # term → reading_starts
        # A headword → its gloss stems and senses (_Unit), for every term it is a unit of.
        self._glossed: dict[str, tuple[frozenset[str], tuple[frozenset[str], ...]]] = {}
        self._parts: dict[str, list[Part]] = {}
        self._cache: dict[tuple[str, str], LexMatch] = {}
        # Word hits per term, then per word: one dictionary look-up each in the inner loop.
        # Keyed by the whole part, as _part_sigs below.
        self._words: dict[str, dict[Part, _WordHit]] = {}
        self._defined: dict[str, frozenset[str]] = {}  # term → its normalised definitions
        self._norms: dict[str, str] = {}  # key → _norm(key)
        self._met: dict[tuple[str, frozenset[str]], bool] = {}
        self._sigs: dict[str, frozenset[str]] = {}  # term → signatures of its gloss stems
        # A part → its stems' signatures. Keyed by the whole part, not its word: "catl" is
        # one stem as a plain word and the stems of its expansion as the acronym CATL.
        self._part_sigs: dict[Part, frozenset[str]] = {}
        # The English words indexed so far, by signature and by first letter (_index).
        self._indexed: set[str] = set()
        self._by_sig: dict[str, set[str]] = {}
        self._by_initial: dict[str, set[str]] = {}

    def _term(self, term: str) -> tuple[list[_Unit], list[str], int]:
        """Units of a term (headword spans), the pinyin of each character, and its weight."""
        got = self._units.get(term)
        if got is not None:
            return got
        units: list[_Unit] = []
        i = 0
        n = len(term)
        while i < n:
            ch = term[i]
            if HAN.match(ch):
                j = i + 1
                for k in range(min(n, i + _MAX_HEAD), i + 1, -1):
                    if all(HAN.match(c) for c in term[i:k]) and term[i:k] in self.cedict:
                        j = k
                        break
                units.append(self._unit(term, i, j))
                i = j
                continue
            m = LATIN_WORD.match(term, i)
            if m:
                units.append(_Unit(i, m.end(), m.group(), frozenset(), m.group().lower()))
                i = m.end()
                continue
            i += 1
        readings = syllables_of(term)
        weight = sum(1 for c in term if HAN.match(c)) + sum(1 for u in units if u.latin)
        got = (units, readings, weight)
        self._units[term] = got
        return got

    def _unit(self, term: str, i: int, j: int) -> _Unit:
        text = term[i:j]
        got = self._glossed.get(text)
        if got is None:
            g = self.cedict.gloss(text)
            senses = []
            for phrase in g.phrases if g else ():
                words = [stem(w) for w in content_words(phrase) if len(w) > 2]
                if 0 < len(words) <= 4:
                    senses.append(frozenset(words))
            got = self._glossed[text] = (g.stems if g else frozenset(), tuple(senses))
        return _Unit(i, j, text, got[0], "", got[1])

    def phrase_parts(self, key: str) -> list[Part]:
        """The content words of phrase ``key`` (hyphenated words split, acronyms expanded)."""
        got = self._parts.get(key)
        if got is not None:
            return got
        parts: list[Part] = []
        for word in key.split():
            if word.lower() in INNER or word.lower() in STOPWORDS:
                continue
            expansion = self.acronyms.get(word)
            if expansion:
                stems = frozenset(stem(w) for w in expansion.lower().split()
                                  if w not in STOPWORDS)
                parts.append(Part(word.lower(), stems))
                continue
            for piece in _PART.split(word):
                if piece and piece.lower() not in STOPWORDS:
                    parts.append(Part(piece.lower(), frozenset({stem(piece)})))
        self._parts[key] = parts
        return parts

    def score(self, term: str, key: str) -> LexMatch:
        """Explain phrase ``key`` (an English candidate key) by ``term``."""
        cached = self._cache.get((term, key))
        if cached is not None:
            return cached
        result = self._score(term, key)
        self._cache[(term, key)] = result
        return result

    def _definitions(self, term: str) -> frozenset[str]:
        """The CC-CEDICT definitions of ``term``, normalised (empty when not a headword)."""
        got = self._defined.get(term)
        if got is None:
            gloss = self.cedict.gloss(term)
            got = frozenset(_norm(p) for p in gloss.phrases) if gloss else frozenset()
            self._defined[term] = got
        return got

    def _score(self, term: str, key: str) -> LexMatch:
        defined = self._definitions(term)
        if defined:
            norm = self._norms.get(key)
            if norm is None:
                norm = self._norms[key] = _norm(key)
            if norm in defined:
                return LexMatch(1.0, 1.0, 1.0, False, 1.0, 1.0)
        units, _, weight = self._term(term)
        parts = self.phrase_parts(key)
        if not parts or weight == 0:
            return LexMatch(0.0, 0.0, 0.0)
        words = self._words.get(term)
        if words is None:
            words = self._words[term] = {}
        hits = []
        for part in parts:
            hit = words.get(part)
            if hit is None:
                hit = self._word_hit(term, part)
            hits.append(hit)
        if all(hit is _NO_HIT for hit in hits):
            # No word explains anything (most pairs): the general case below gives zero.
            return _NOTHING
        en_done = [False] * len(parts)
        zh_part = [0.0] * len(term)  # explained share of each character
        used_pinyin = False
        # Pinyin first: a name read aloud explains its characters better than glosses do.
        for pi, hit in enumerate(hits):
            if hit.reading:
                en_done[pi] = True
                used_pinyin = True
                for c in range(*hit.reading):
                    zh_part[c] = 1.0
        _explain_units(units, parts, hits, en_done, zh_part)
        zh_matched = sum(zh_part[c] for c, ch in enumerate(term) if HAN.match(ch))
        zh_matched += sum(zh_part[u.start] for u in units if u.latin)
        zc = zh_raw = zh_matched / weight
        ec = en_raw = sum(en_done) / len(parts)
        if zc > 0 and ec > 0:
            # What is left on both sides probably renders each other (岸电 → shore power:
            # 电 and power are both unexplained), so a share of it counts as explained.
            left = min(1 - zc, 1 - ec) * _LEFTOVER
            zc, ec = zc + left, ec + left
        f = 2 * zc * ec / (zc + ec) if zc + ec else 0.0
        return LexMatch(f, zc, ec, used_pinyin, zh_raw, en_raw)

    def explains(self, term: str, part: Part) -> bool:
        """True when English word ``part`` renders some of ``term``: a reading, a dictionary
        word, a character of an unknown compound or a Latin word of it."""
        return self._word_hit(term, part) is not _NO_HIT


    def word_test(self, term: str) -> Callable[[str], bool]:
        """A test of whether one English word (folded, as phrase keys hold it) renders some
        of ``term`` (:meth:`explains` of any of its parts), for many words against one term:
        words that cannot meet its glosses, readings or Latin words skip the look-up."""
        units, readings, _ = self._term(term)
        sigs, initials = self._signatures(term), {r[0] for r in readings if r}
        latin = any(u.latin for u in units)
        seen: dict[str, bool] = {}

        def test(word: str) -> bool:
            got = seen.get(word)
            if got is None:
                got = seen[word] = any(
                    (latin or (len(part.word) >= 4 and part.word[0] in initials)
                     or not sigs.isdisjoint(self._part_signatures(part)))
                    and self.explains(term, part) for part in self.phrase_parts(word))
            return got
        return test

    def explained_words(self, term: str, words: AbstractSet[str]) -> frozenset[str]:
        """The words of ``words`` (folded, as phrase keys hold them) that :meth:`word_test`
        accepts for ``term``, for one term against many words at once: a word none of whose
        parts shares a gloss signature or, four letters or more, a reading's first letter
        with the term cannot pass the test, and the word index rules it out without a
        look-up (most words, most terms)."""
        units, readings, _ = self._term(term)
        reach: AbstractSet[str] = words
        if not any(u.latin for u in units):
            self._index(words)
            near: set[str] = set()
            for sig in self._signatures(term):
                near |= words & self._by_sig.get(sig, _NONE)
            for initial in {r[0] for r in readings if r}:
                near |= words & self._by_initial.get(initial, _NONE)
            reach = near
        test = self.word_test(term)
        return frozenset(w for w in reach if test(w))

    def _index(self, words: AbstractSet[str]) -> None:
        """Add ``words`` to the index :meth:`explained_words` narrows its words by: each
        word under the gloss signatures of its parts' stems and, for each part of four
        letters or more, under its first letter (see :meth:`word_test`)."""
        for w in words - self._indexed:
            for part in self.phrase_parts(w):
                for sig in self._part_signatures(part):
                    self._by_sig.setdefault(sig, set()).add(w)
                if len(part.word) >= 4:
                    self._by_initial.setdefault(part.word[0], set()).add(w)
            self._indexed.add(w)

    def _part_signatures(self, part: Part) -> frozenset[str]:
        got = self._part_sigs.get(part)
        if got is None:
            got = self._part_sigs[part] = frozenset(_signature(s) for s in part.stems)
        return got

    def _meets(self, text: str, stems: frozenset[str]) -> bool:
        """True when a gloss stem of ``text`` meets one of ``stems`` (:func:`_stems_meet`).

        Cached by text: the same words and characters recur across many terms.
        """
        key = (text, stems)
        got = self._met.get(key)
        if got is None:
            g = self.cedict.gloss(text)
            got = self._met[key] = g is not None and _stems_meet(g.stems, stems)
        return got

    def _signatures(self, term: str) -> frozenset[str]:
        """The signatures of every gloss stem :meth:`_word_hit` may compare a word with: of
        the term's dictionary words, and of the characters of its unknown compounds."""
        got = self._sigs.get(term)
        if got is None:
            units, _, _ = self._term(term)
            texts = [u.text for u in units if not u.latin]
            texts += [term[c] for u in units if not u.latin and u.end - u.start > 1
                      for c in range(u.start, u.end)]
            sigs: set[str] = set()
            for text in texts:
                g = self.cedict.gloss(text)
                if g is not None:
                    sigs.update(_signature(s) for s in g.stems)
            got = self._sigs[term] = frozenset(sigs)
        return got

    def _word_hit(self, term: str, part: Part) -> _WordHit:
        """What one English word explains in ``term``: a reading, units, characters."""
        words = self._words.setdefault(term, {})
        got = words.get(part)
        if got is not None:
            return got
        units, readings, _ = self._term(term)
        w = part.word
        reading = None
        if len(w) >= 4 and w.isalpha():
            starts = self._starts.get(term)
            if starts is None:
                starts = self._starts[term] = reading_starts(readings)
            reading = reading_span(readings, w, starts)
        unit_hits = []
        chars = []
        # No gloss of the term can meet the word when their stems' signatures differ
        # (most words): the look-ups below are then skipped.
        glossed = not self._signatures(term).isdisjoint(self._part_signatures(part))
        for ui, u in enumerate(units):
            if not glossed and not u.latin:
                continue
            if u.latin:
                if u.latin == w or u.latin.replace("-", "") == w:
                    unit_hits.append(ui)
            elif self._meets(u.text, part.stems):
                unit_hits.append(ui)
            elif u.end - u.start > 1:
                for c in range(u.start, u.end):
                    if self._meets(term[c], part.stems):
                        chars.append(c)
        if reading is None and not unit_hits and not chars:
            got = _NO_HIT  # most words: one shared value instead of a new one each time
        else:
            got = _WordHit(reading, frozenset(unit_hits), tuple(chars))
        words[part] = got
        return got


def _explain_units(units: Sequence[_Unit], parts: Sequence[Part], hits: Sequence[_WordHit],
                   en_done: list[bool], zh_part: list[float]) -> None:
    """Mark, in place, the English words (``en_done``) and the share of each character
    (``zh_part``) that the term's dictionary units explain through ``hits``."""
    for ui, u in enumerate(units):
        if all(zh_part[c] == 1.0 for c in range(u.start, u.end)):
            continue
        matched = [pi for pi, hit in enumerate(hits) if ui in hit.units]
        if matched:
            if u.senses:
                found = set().union(*(parts[pi].stems for pi in matched))
                share = max(sum(1 for x in sense if any(_stems_pair(x, y) for y in found))
                            / len(sense) for sense in u.senses)
                share = max(share, 0.5)
            elif u.latin:
                share = 1.0
            else:
                # Only long definitions (文山州: Wenshan Zhuang and Miao autonomous
                # prefecture in Yunnan): one word of them is half the headword.
                share = min(1.0, 0.5 * len(matched))
            for pi in matched:
                en_done[pi] = True
            for c in range(u.start, u.end):
                zh_part[c] = max(zh_part[c], share)
        elif not u.latin and u.end - u.start > 1:
            # An unknown compound: its characters may still be glossed one by one.
            for pi, hit in enumerate(hits):
                for c in hit.chars:
                    if u.start <= c < u.end:
                        en_done[pi] = True
                        zh_part[c] = 1.0


def _signature(stem_: str) -> str:
    """What two stems that meet (:func:`stems_match`) have in common: the stem itself when
    shorter than five letters, else its first five letters."""
    return stem_ if len(stem_) < 5 else stem_[:5]


_NONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _WordHit:
    reading: tuple[int, int] | None
    units: frozenset[int]
    chars: tuple[int, ...]


# What a phrase none of whose words explains anything scores (see LexicalScorer._score).
_NOTHING = LexMatch(0.0, 0.0, 0.0, False, 0.0, 0.0)
_NO_HIT = _WordHit(None, frozenset(), ())


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[-/]", " ", text.lower()).split())


@lru_cache(maxsize=262144)
def _stems_pair(a: str, b: str) -> bool:
    return stems_match(a, b)


@lru_cache(maxsize=131072)
def _by_prefix(stems: frozenset[str]) -> dict[str, list[str]]:
    """Stems of five letters or more grouped by their first five letters."""
    out: dict[str, list[str]] = {}
    for x in stems:
        if len(x) >= 5:
            out.setdefault(x[:5], []).append(x)
    return out


def _stems_meet(xs: frozenset[str], ys: frozenset[str]) -> bool:
    """True when some stem of ``xs`` meets some stem of ``ys`` (see :func:`stems_match`)."""
    if not xs.isdisjoint(ys):
        return True
    px, py = _by_prefix(xs), _by_prefix(ys)
    if len(px) > len(py):
        px, py = py, px
    for pre, group in px.items():
        other = py.get(pre)
        if other and any(stems_match(x, y) for x in group for y in other):
            return True
    return False


