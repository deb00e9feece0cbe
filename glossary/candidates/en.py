"""English candidate renderings: noun-phrase-like word n-grams bounded by stopwords.

A candidate is a run of one to six words inside a clause that neither starts nor ends with
a function word or a number; *of*, *and*, *for* and *&* may stand inside (*Ministry of
Transport*, *energy saving and emission reduction*). Candidates are grouped by a key that
folds plurals (lemminflect) and lowercases ordinary words while keeping the case of
acronyms and mixed-case names (*CO₂e*, *kWh*, *YanTian*), so *carbon credits* and
*Carbon credit* count together and *GHG* stays *GHG*.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from align.core.english import STOPWORDS, word_set
from align.core.text import is_heading

# A word: letters/digits with inner hyphens, slashes, apostrophes or dots
# (net-zero, wind/solar, People's, 27.2, CO₂e, m²); a number with thousands separators is
# one word (400,000), so that no rendering ends inside it.
_TOKEN = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:[\-/][A-Za-z0-9À-ɏ₀-₉²³µ]+)*(?!\w|,\d)"
    r"|[A-Za-z0-9À-ɏ₀-₉²³µ]+(?:['’\-/.·&][A-Za-z0-9À-ɏ₀-₉²³µ]+)*|&"
)
_NUMBER = re.compile(r"^[\d.,]+(?:st|nd|rd|th)?$|^\d+(?:[.,]\d+)*%?$")
# Punctuation that ends a clause, and the tab between two table cells: a candidate never
# crosses them. A comma or point between digits is part of a number (5.56g, 8,698,000).
_CLAUSE = re.compile(r"[;:!?()\[\]{}\"“”‘’«»…—–|\n\t]|(?<!\d)[.,]|[.,](?!\d)|\s-\s"
                     r"|(?<!\w)'|'(?!\w)")

# Function words that may not start or end a candidate, on top of the general STOPWORDS.
BOUNDARY = STOPWORDS | word_set(
    "&/ via per among within without across around towards toward upon while during since "
    "until after before because however therefore thus hence well further furthermore "
    "moreover meanwhile including include includes included such like just only even still "
    "yet already always often again new key total several various certain same own based "
    "using use used make made making achieve achieved help helps helped become becomes became "
    "provide provides provided promote promotes promoted approximately about around nearly "
    "almost over above below than first second third year years month months day days time "
    "times annual annually per cent percent million billion thousand hundred trillion tons "
    "tonnes"
)
# Function words allowed inside a candidate (Ministry of Transport, saving and reduction).
INNER = frozenset({"of", "and", "for", "&"})

MAX_WORDS = 6
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")


@dataclass(frozen=True)
class EnSpan:
    """One occurrence of a candidate rendering in an English text.

    ``key`` groups occurrences (plurals folded, case kept for acronyms and names),
    ``surface`` is the text as written, ``start``/``end`` character offsets, ``first`` the
    index of its first word in the text (for the positional prior) and ``initial`` whether
    it starts a sentence or stands in a heading, where capitals say nothing.
    """

    key: str
    surface: str
    start: int
    end: int
    first: int
    words: int
    initial: bool


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """The key form of one word: acronyms and mixed case kept, plurals folded, else lowercase.

    ``GHG`` → ``GHG``, ``GHGs`` → ``GHG``, ``CO₂e`` → ``CO₂e``, ``Factories`` → ``factory``,
    ``Wind/Solar`` → ``wind/solar``; each part of a hyphenated word is folded on its own.
    """
    parts = re.split(r"([-/])", word)
    out = [_fold_part(p) for p in parts]
    if out and out[-1] == parts[-1].lower():
        out[-1] = _singular(out[-1])
    return "".join(out)


def _fold_part(part: str) -> str:
    letters = [ch for ch in part if ch.isalpha()]
    upper = sum(ch.isupper() for ch in letters)
    if upper >= 2 and part.endswith("s") and part[:-1].isupper():
        return part[:-1]  # GHGs, PHCERs: the plural of an acronym
    if upper >= 2 or (upper == 1 and not part[:1].isupper() and any(c.islower() for c in letters)):
        return part  # acronym or mixed case: CO₂e, kWh, YanTian
    return part.lower()


@lru_cache(maxsize=65536)
def _singular(low: str) -> str:
    if len(low) <= 3 or not low.endswith("s") or low.endswith(("ss", "us", "is", "'s", "’s")):
        return low
    from lemminflect import getLemma

    lemmas = getLemma(low, upos="NOUN")
    return lemmas[0].lower() if lemmas else low


def phrase_key(words: Sequence[str]) -> str:
    """The grouping key of a phrase given as words (see :func:`fold_word`)."""
    return " ".join(fold_word(w) for w in words)


def is_number(word: str) -> bool:
    """True for a number token (``2022``, ``27.2``, ``18,973``, ``14%``)."""
    return bool(_NUMBER.match(word))


@lru_cache(maxsize=65536)
def is_adverb(word: str) -> bool:
    """True for an *-ly* adverb (*significantly*, *jointly*), which bounds a candidate.

    Words that may also be nouns, verbs or adjectives (*supply*, *assembly*, *eco-friendly*,
    *early*) are not; a word the lemmatiser does not know is taken for an adverb.
    """
    low = word.lower()
    last = re.split(r"[-/]", low)[-1]
    if not last.endswith("ly") or len(last) <= 4:
        return False
    from lemminflect import getAllLemmas

    tags = getAllLemmas(last)
    return not any(t in tags for t in ("NOUN", "VERB", "ADJ", "PROPN"))


def tokens(text: str) -> list[tuple[str, int, int, bool]]:
    """The words of ``text`` as ``(word, start, end, clause_start)``.

    ``clause_start`` is True for the first word after clause punctuation.
    """
    out: list[tuple[str, int, int, bool]] = []
    breaks = [m.start() for m in _CLAUSE.finditer(text)]
    bi = 0
    last_end = -1
    for m in _TOKEN.finditer(text):
        new_clause = last_end < 0
        while bi < len(breaks) and breaks[bi] < m.start():
            if breaks[bi] >= last_end:
                new_clause = True
            bi += 1
        out.append((m.group(), m.start(), m.end(), new_clause))
        last_end = m.end()
    return out


def _sentence_starts(text: str) -> set[int]:
    starts = {0}
    for m in re.finditer(r"[.!?:;\n]\s+|^\s*[-•·*]\s*", text):
        starts.add(m.end())
    return starts


# What may stand before a word that starts a sentence, a heading or a list item: nothing,
# an end of sentence or clause mark, a bullet or dash, a list number ("1.", "(a)"), and any
# opening quotes or brackets after them.
_STARTS_HERE = re.compile(r"(?:^|[.!?:;•·*–—-]|(?:^|\s)\(?(?:\d+|[A-Za-z]|[ivxIVX]+)[.)])"
                          r"[\s\"“‘'(\[]*$")
_LOWER_WORD = re.compile(r"\b[a-z]+\b")


def lowercase_words(texts: Sequence[str]) -> frozenset[str]:
    """The words ``texts`` write in lower case somewhere: common words, not names."""
    return frozenset(w for t in texts for w in _LOWER_WORD.findall(t))


def as_written(surface: str, text: str, offset: int, common: frozenset[str],
               heading: bool = False) -> str:
    """``surface``, found at ``offset`` of ``text``, as it would be written inside a
    sentence. Capitals that only mark a position are dropped when every capitalised word is
    a common one (``common``: :func:`lowercase_words`): the first word's at the start of a
    sentence or a list item when no other word is capitalised (*Social benefits* → *social
    benefits*), and every word's in a title-case ``heading`` (*Project Overview*). Names
    keep theirs (*Huzhou*, *Universal Studios project*, *PV-sand control*)."""
    if surface.lower() == surface:
        return surface
    words = [w for w in re.split(r"[\s/-]+", surface) if w]
    capitals = [w for w in words if w[:1].isupper()]
    if not capitals or any(w[1:] != w[1:].lower() or w.lower() not in common
                           for w in capitals):
        return surface
    if heading:
        return re.sub(r"[^\s/-]+", lambda m: m.group().lower() if m.group() in capitals
                      else m.group(), surface)
    if capitals != words[:1] or not _STARTS_HERE.search(text, 0, offset):
        return surface
    return surface[0].lower() + surface[1:]


def en_candidates(text: str, max_words: int = MAX_WORDS, heading: bool | None = None
                  ) -> list[EnSpan]:
    """Every candidate rendering in ``text`` (overlapping spans included).

    An acronym defined in parentheses does not cut the phrase it stands in: *liquefied
    natural gas (LNG) tractors* also gives *liquefied natural gas tractors* and *LNG
    tractors* (spans read across the definition, with offsets into ``text`` unknown: -1).
    ``heading`` says whether ``text`` is a title or heading, where capitals say nothing of a
    phrase (default: by :func:`align.core.text.is_heading`).
    """
    if heading is None:
        heading = is_heading(text, "en")
    out = _candidates(text, max_words, heading)
    have = {s.key for s in out}
    for exp_start, open_, close, acr in acronym_definitions(text):
        for reading in (text[:open_].rstrip() + text[close:],
                        text[:exp_start] + acr + text[close:]):
            for s in _candidates(reading, max_words, heading):
                if s.key not in have:
                    have.add(s.key)
                    out.append(EnSpan(s.key, s.surface, -1, -1, s.first, s.words, s.initial))
    return out


def _candidates(text: str, max_words: int, heading: bool) -> list[EnSpan]:
    toks = tokens(text)
    starts = _sentence_starts(text)
    out: list[EnSpan] = []
    n = len(toks)
    lows = [t[0].lower() for t in toks]
    bad_edge = [
        low in BOUNDARY or is_number(t[0]) or (t[0][0].islower() and is_adverb(low))
        for t, low in zip(toks, lows, strict=True)
    ]
    # A past participle ends a clause fragment, not a term (Carbonstop raised …); it may
    # start one (certified emission reduction, recycled plastic).
    bad_end = [bad_edge[k] or (lows[k].endswith("ed") and len(lows[k]) > 4
                               and toks[k][0][0].islower()) for k in range(n)]
    for k in range(n - 1):
        # An ordinal opens a name: 14th Five-Year Plan.
        if _ORDINAL.match(toks[k][0]) and toks[k + 1][0][:1].isupper():
            bad_edge[k] = False
    for i in range(n):
        if bad_edge[i]:
            continue
        inner = 0
        for j in range(i, min(n, i + max_words)):
            if j > i and toks[j][3]:
                break  # clause punctuation between words
            low = lows[j]
            if j > i and (low in INNER):
                inner += 1
                if inner > 2 or lows[j - 1] in INNER:
                    break
                continue
            if bad_end[j]:
                if low in STOPWORDS or (is_number(toks[j][0]) and j > i):
                    break
                continue
            words = [t[0] for t in toks[i:j + 1]]
            out.append(EnSpan(
                key=phrase_key(words),
                surface=text[toks[i][1]:toks[j][2]],
                start=toks[i][1],
                end=toks[j][2],
                first=i,
                words=j - i + 1 - inner,
                initial=heading or toks[i][1] in starts,
            ))
    return out


_ACRONYM_AFTER = re.compile(r"\(([A-Z][A-Za-z0-9₂-]{1,9}?)s?\)")


def acronyms(text: str) -> dict[str, str]:
    """Acronyms defined in ``text`` as ``expansion (ACR)``, mapped to their expansion.

    The expansion is the shortest run of words before the parenthesis whose initials spell
    the acronym (``greenhouse gas (GHG)``, ``China Certified Emission Reduction (CCER)``).
    """
    found: dict[str, str] = {}
    for start, open_, _, acr in acronym_definitions(text):
        found.setdefault(acr, " ".join(t[0] for t in tokens(text[start:open_])))
    return found


def acronym_definitions(text: str) -> list[tuple[int, int, int, str]]:
    """Where ``text`` defines acronyms: ``(expansion start, "(" offset, end of ")",
    acronym)`` for each ``expansion (ACR)`` (see :func:`acronyms`)."""
    found: list[tuple[int, int, int, str]] = []
    for m in _ACRONYM_AFTER.finditer(text):
        acr = m.group(1)
        letters = [ch.lower() for ch in acr if ch.isalpha()]
        if len(letters) < 2:
            continue
        words = tokens(text[:m.start()])[-12:]
        for k in range(1, min(len(words), len(letters) + 3) + 1):
            cand = [t[0] for t in words[-k:]]
            if cand[0].lower() in INNER:
                continue
            if any(_spells(letters, ws) for ws in _spellings(cand)):
                found.append((words[-k][1], m.start(), m.end(), acr))
                break
    return found


# Company forms an acronym may leave out: Contemporary Amperex Technology Co., Limited is
# CATL, its "Co." unspelt.
_COMPANY_FORMS = frozenset({"co", "ltd", "limited", "inc", "corp", "corporation", "company",
                            "plc", "llc", "gmbh", "ag"})


def _spellings(words: list[str]) -> list[list[str]]:
    """The words of a possible expansion whose initials an acronym may spell: all but
    function words, then also without company forms (all but the last, then all)."""
    content = [w for w in words if w.lower() not in INNER]
    forms = [i for i, w in enumerate(content) if w.lower().rstrip(".") in _COMPANY_FORMS]
    if not forms:
        return [content]
    last = forms[-1]
    return [content, [w for i, w in enumerate(content) if i not in forms or i == last],
            [w for i, w in enumerate(content) if i not in forms]]


def _spells(letters: list[str], words: list[str]) -> bool:
    """True when every word starts with the next letter of the acronym and the letters left
    over are found, in order, inside the words (Greenhouse gas → GHG)."""
    pos = 0
    for i, w in enumerate(words):
        low = w.lower()
        if pos >= len(letters) or low[0] != letters[pos]:
            return False
        pos += 1
        rest = low[1:]
        following = words[i + 1].lower()[0] if i + 1 < len(words) else ""
        # Letters the next word does not start with may come from inside this word.
        while pos < len(letters) and letters[pos] in rest and letters[pos] != following:
            rest = rest[rest.index(letters[pos]) + 1:]
            pos += 1
    return pos == len(letters)


def nested(a: str, b: str) -> bool:
    """True when one key's words are a contiguous run of the other's."""
    wa, wb = a.split(), b.split()
    if len(wa) > len(wb):
        wa, wb = wb, wa
    n = len(wa)
    return any(wb[i:i + n] == wa for i in range(len(wb) - n + 1))
