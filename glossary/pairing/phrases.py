"""Consistent phrase extraction: the English spans word links give a Chinese term.

For one occurrence of a Chinese term (a run of tokens ``[a, b)`` of an
:class:`~glossary.pairing.wordalign.AlignedUnit`) the English span ``[c, d)`` is *consistent*
with a set of links (Koehn, Och & Marcu 2003) when some link joins the two boxes and no
link leaves the box ``[a, b) × [c, d)``: every English word of the span that is linked
is linked only inside the term, and every link of the term lands inside the span. The
*minimal* span runs from the first to the last English word the term is linked to; it is
then extended over unlinked neighbouring words (at most :data:`MAX_EXTEND` each side),
which is where a modifier the aligner left unlinked comes back (*new energy vehicle*).
A span never starts or ends with punctuation or a function word.

Spans are read off four link sets: the symmetrised links, the intersection of both
directions, and each direction alone. How many occurrences of a term give a phrase under
each set, and whether the phrase was minimal or extended, are its alignment evidence;
:mod:`glossary.pairing.features` adds dictionary, association and posterior evidence, and
:mod:`glossary.pairing.weights` holds the learnt table that scores them.

Competitive linking is built into consistency: an English word linked to another Chinese
word of the unit cannot be inside this term's span. An unlinked word taken in by an
extension may still be another term's: such a span counts as ``claimed`` when another
candidate of the unit has a consistent minimal span covering that word.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from align.core.english import STOPWORDS
from glossary.candidates.en import BOUNDARY, INNER, fold_word
from glossary.pairing.tokens import Token
from glossary.pairing.wordalign import AlignedUnit, Link

# Unlinked words an extension may take in on each side: enough for a modifier and its
# preposition (*Ministry of* Transport), not for a clause.
MAX_EXTEND = 3
# Longest English span kept, in tokens: the longest gold rendering of the dev half has
# eleven words ("Contemporary Amperex Technology Co., Limited" with punctuation); longer
# boxes are alignment noise.
MAX_SPAN = 12
# Link sets spans are read from.
LINK_SETS = ("sym", "both", "fwd", "rev")


@dataclass(frozen=True)
class Span:
    """One consistent English span of one term occurrence: tokens ``[start, end)`` of the
    unit, its grouping ``key``, the text as written, and how it was found."""

    start: int
    end: int
    key: str
    surface: str
    link_set: str
    minimal: bool
    linked: int  # English tokens of the span linked to the term
    words: int  # English word tokens of the span


# Keys are phrase_key(words) (glossary.en_terms): the folded forms joined by spaces.


def _edge_ok(tok: Token) -> bool:
    low = tok.text.lower()
    return not tok.is_punct and low not in STOPWORDS and low not in INNER


@dataclass(frozen=True)
class LinkIndex:
    """One link set of a unit, indexed: the English words each Chinese token links to,
    the Chinese tokens each English word links to."""

    zh_to_en: dict[int, tuple[int, ...]]
    en_to_zh: dict[int, tuple[int, ...]]

    @classmethod
    def of(cls, links: Iterable[Link]) -> LinkIndex:
        """Index ``links``."""
        ze: dict[int, list[int]] = {}
        ez: dict[int, list[int]] = {}
        for i, j in links:
            ze.setdefault(i, []).append(j)
            ez.setdefault(j, []).append(i)
        return cls({k: tuple(v) for k, v in ze.items()}, {k: tuple(v) for k, v in ez.items()})


@dataclass
class UnitIndex:
    """A unit with its link sets indexed, the grouping form of each English token
    (:func:`~glossary.candidates.en.fold_word`) and the set of those of its words, built
    once for all the terms of the unit."""

    unit: AlignedUnit
    sets: dict[str, LinkIndex]
    folded: list[str]
    vocabulary: frozenset[str]  # the folded forms of its word tokens
    positions: dict[str, list[int]]  # each of them → where the unit has it

    @classmethod
    def of(cls, unit: AlignedUnit) -> UnitIndex:
        """Index ``unit``."""
        sets = {"sym": LinkIndex.of(unit.links), "both": LinkIndex.of(unit.both),
                "fwd": LinkIndex.of(unit.fwd), "rev": LinkIndex.of(unit.rev)}
        folded = [fold_word(t.text) for t in unit.en]
        positions: dict[str, list[int]] = {}
        for k, (f, t) in enumerate(zip(folded, unit.en, strict=True)):
            if not t.is_punct:
                positions.setdefault(f, []).append(k)
        return cls(unit, sets, folded, frozenset(positions), positions)


def consistent_spans(ux: UnitIndex, a: int, b: int, en_text: str,
                     link_set: str = "sym") -> list[Span]:
    """The consistent English spans of Chinese tokens ``[a, b)`` under one link set.

    ``en_text`` is the pair's English text (spans are written as it has them). Returns
    the minimal span (edge function words and punctuation trimmed) and its extensions
    over unlinked words, each at most :data:`MAX_SPAN` tokens; empty when the term has no
    link or its box is inconsistent.
    """
    li = ux.sets[link_set]
    inside = [j for i in range(a, b) for j in li.zh_to_en.get(i, ())]
    if not inside:
        return []
    c, d = min(inside), max(inside) + 1
    if d - c > MAX_SPAN:
        return []
    for j in range(c, d):
        for i in li.en_to_zh.get(j, ()):
            if not a <= i < b:
                return []  # a link leaves the box
    linked_en = li.en_to_zh
    own = set(inside)
    en = ux.unit.en
    out: list[Span] = []
    seen: set[tuple[int, int]] = set()

    def add(s: int, e: int, minimal: bool) -> None:
        while s < e and not _edge_ok(en[s]):
            s += 1
        while e > s and not _edge_ok(en[e - 1]):
            e -= 1
        if s >= e or (s, e) in seen or e - s > MAX_SPAN:
            return
        if not any(s <= j < e for j in own):
            return
        if crosses_cell(en_text, en, s, e) or not balanced(en_text[en[s].start:en[e - 1].end]):
            return
        seen.add((s, e))
        words = [ux.folded[k] for k in range(s, e) if not en[k].is_punct]
        if not words:
            return
        key, surface = unpossessed(words, en_text[en[s].start:en[e - 1].end])
        out.append(Span(s, e, key, surface, link_set, minimal,
                        sum(1 for j in range(s, e) if j in own), len(words)))

    add(c, d, True)
    lefts = [c]
    s = c
    while s > 0 and c - s < MAX_EXTEND and (s - 1) not in linked_en and not en[s - 1].is_punct:
        s -= 1
        lefts.append(s)
    rights = [d]
    e = d
    while e < len(en) and e - d < MAX_EXTEND and e not in linked_en and not en[e].is_punct:
        e += 1
        rights.append(e)
    for s in lefts:
        for e in rights:
            if (s, e) != (c, d):
                add(s, e, False)
    return out


def crosses_cell(en_text: str, en: Sequence[Token], s: int, e: int) -> bool:
    """Whether English tokens ``[s, e)`` run over a tab, from one table cell into the next:
    a rendering stays inside its cell (*maglev unit* in *Clement maglev unit⇥1⇥Unit*)."""
    return "\t" in en_text[en[s].start:en[e - 1].end]


_POSSESSIVE = ("'s", "’s")
_PAIRS = (("(", ")"), ("[", "]"), ("“", "”"))


def balanced(surface: str) -> bool:
    """Whether every bracket and quotation mark that ``surface`` opens it also closes, and
    the other way round: a span that stops inside a parenthesis or a quotation is cut
    through a phrase (*Limited (CATL*, *dual-carbon" targets*), not a rendering."""
    for left, right in _PAIRS:
        if left not in surface and right not in surface:
            continue  # most spans hold no bracket: nothing to walk through
        depth = 0
        for ch in surface:
            if ch == left:
                depth += 1
            elif ch == right:
                depth -= 1
                if depth < 0:
                    return False
        if depth:
            return False
    return surface.count('"') % 2 == 0


def unpossessed(words: Sequence[str], surface: str) -> tuple[str, str]:
    """The key of ``words`` and the ``surface`` without a closing possessive: *Weiqiao's*
    is the rendering *Weiqiao*, not a second one."""
    last = words[-1]
    if last.endswith(_POSSESSIVE) and len(last) > 2 and surface.endswith(_POSSESSIVE):
        return " ".join([*words[:-1], last[:-2]]), surface[:-2]
    return " ".join(words), surface


def dictionary_spans(ux: UnitIndex, a: int, b: int, en_text: str,
                     explained: AbstractSet[str]) -> list[Span]:
    """English spans of tokens ``[a, b)`` found by the dictionary beside the link sets':
    each maximal run of words in ``explained`` (folded words the dictionary, a reading or a
    Latin form relates to the term: :meth:`~glossary.evidence.lexical.LexicalScorer.
    explained_words`), with single other words allowed between two of them (a modifier the
    dictionary does not know, or *of*).

    They catch what the aligner missed or cut, most often a rendering seen once (小屋 →
    *huts* beside *cabin* fourteen times), so the links here are suspect: words linked to
    another Chinese word are allowed, ``linked`` counts the words no other Chinese word is
    linked to, and the span is ``claimed`` when another term's span covers them. The
    rendering model weighs these spans by their own feature (``link_set`` ``"lex"``).
    """
    en = ux.unit.en
    links = ux.sets["sym"].en_to_zh
    # Most units hold no word the term explains.
    known = ux.vocabulary & explained
    if not known:
        return []
    ok = [False] * len(en)
    for w in known:
        for k in ux.positions[w]:
            ok[k] = True
    out: list[Span] = []
    k = 0
    while k < len(en):
        if not ok[k]:
            k += 1
            continue
        e = k + 1
        while e < len(en):
            if ok[e]:
                e += 1
            elif e + 1 < len(en) and ok[e + 1] and not en[e].is_punct:
                e += 2  # one word between two the term explains: *carbon-zero battery plant*
            else:
                break
        if (e - k <= MAX_SPAN and not crosses_cell(en_text, en, k, e)
                and balanced(en_text[en[k].start:en[e - 1].end])):
            words = [ux.folded[j] for j in range(k, e)]
            linked = sum(1 for j in range(k, e) if all(a <= i < b for i in links.get(j, ())))
            key, surface = unpossessed(words, en_text[en[k].start:en[e - 1].end])
            out.append(Span(k, e, key, surface, "lex", False, linked, e - k))
        k = e
    return out


def spans_of(ux: UnitIndex, a: int, b: int, en_text: str) -> list[Span]:
    """Every consistent span of tokens ``[a, b)`` under each link set of :data:`LINK_SETS`."""
    out: list[Span] = []
    for name in LINK_SETS:
        out.extend(consistent_spans(ux, a, b, en_text, name))
    return out


def token_range(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int] | None:
    """The token range ``[a, b)`` of the tokens inside characters ``[start, end)``, or
    None when no token lies inside."""
    idx = [k for k, t in enumerate(tokens) if t.start >= start and t.end <= end]
    if not idx:
        return None
    return idx[0], idx[-1] + 1


def edge_verb(span: Span, unit: AlignedUnit) -> bool:
    """True when the span starts or ends with a word that bounds English candidates
    (*providing*, *using*, *help*, *million*): a sign it swallowed a neighbour."""
    first, last = unit.en[span.start].text.lower(), unit.en[span.end - 1].text.lower()
    return (first in BOUNDARY or last in BOUNDARY
            or (first.endswith("ing") and span.words > 1 and first[:1].islower()))
