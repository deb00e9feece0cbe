"""Consistency: one term rendered several ways, and pairs that miss an approved rendering.

:func:`inconsistencies` lists, for every term of a glossary rendered in several ways
(碳中和 → *carbon neutrality* | *net zero*), each rendering with its count and the pairs
where it is used. :func:`check_pairs` is Xbench's *key term mismatch* check: every aligned
pair whose Chinese holds an approved term and whose English holds none of the term's
approved renderings (plurals and case folded).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from align.core.runfolder import AlignedPair
from align.core.text import fold_width
from glossary.candidates.en import fold_word, tokens
from glossary.terms import Glossary, format_cases


@dataclass(frozen=True)
class InconsistentRendering:
    """One rendering of an inconsistently rendered term: the phrase, its count and where
    (``case:zh ¶/en ¶`` items, 1-based like the gold evidence)."""

    zh: str
    preferred: str
    rendering: str
    count: int
    cases: str
    where: str


def inconsistencies(glossary: Glossary) -> list[InconsistentRendering]:
    """Every rendering of every ``inconsistent`` entry, most frequent terms first."""
    rows = []
    for entry in glossary.inconsistent():
        for r in entry.renderings:
            places = [o for o in entry.occurrences if o.rendering == r.text]
            where = "; ".join(
                f"{o.case:02d}:{_ids(o.zh_ids)}/{_ids(o.en_ids)}" for o in places[:20])
            rows.append(InconsistentRendering(entry.zh, entry.en, r.text, r.count,
                                              format_cases(r.cases), where))
    return rows


def _ids(ids: Sequence[int]) -> str:
    return ",".join(str(i + 1) for i in ids) or "-"


@dataclass(frozen=True)
class ApprovedTerm:
    """An entry of an approved glossary: a Chinese term and its allowed renderings.

    ``source`` is where it was read (``file:line``), for messages.
    """

    zh: str
    renderings: tuple[str, ...]
    source: str = ""


@dataclass(frozen=True)
class ApprovedGlossary:
    """An approved glossary as read: its terms in file order, and one-line ``warnings``
    about what was left out (entries of a multilingual termbase without Chinese or
    English, counted)."""

    terms: tuple[ApprovedTerm, ...]
    warnings: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.terms)


@dataclass(frozen=True)
class Mismatch:
    """A pair whose Chinese holds ``zh`` while its English holds none of ``approved``."""

    zh: str
    approved: tuple[str, ...]
    pair: str
    case: int
    zh_ids: tuple[int, ...]
    en_ids: tuple[int, ...]
    zh_text: str
    en_text: str
    zh_where: str = ""
    en_where: str = ""


def where(path: str, lines: Sequence[int]) -> str:
    """``file:line`` of a bead's first source line (``file`` alone when lines are unknown)."""
    name = path or "?"
    return f"{name}:{lines[0]}" if lines else name


def _keys(text: str) -> list[str]:
    return [fold_word(w).lower() for w, *_ in tokens(text)]


def _contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    if n == 0:
        return False
    first = needle[0]
    return any(haystack[i] == first and list(haystack[i:i + n]) == list(needle)
               for i in range(len(haystack) - n + 1))


def _zh_key(text: str) -> str:
    return re.sub(r"\s+", "", fold_width(text))


@dataclass(frozen=True)
class CheckResult:
    """The outcome of :func:`check_pairs`: mismatches, and how much was checked."""

    mismatches: tuple[Mismatch, ...]
    pairs_checked: int
    occurrences: int
    untranslated: int

    def to_json(self) -> dict[str, object]:
        """The result as plain JSON data."""
        return {"pairs_checked": self.pairs_checked, "occurrences": self.occurrences,
                "untranslated": self.untranslated,
                "mismatches": [{"zh": m.zh, "approved": list(m.approved), "case": m.case,
                                "zh_ids": list(m.zh_ids), "en_ids": list(m.en_ids),
                                "zh_text": m.zh_text, "en_text": m.en_text,
                                "zh_where": m.zh_where, "en_where": m.en_where}
                               for m in self.mismatches]}


def check_pairs(pairs: Iterable[AlignedPair], approved: Sequence[ApprovedTerm]) -> CheckResult:
    """Check every translated pair against an approved glossary (key term mismatch).

    A term counts as rendered when one of its renderings occurs in the English as a run
    of words, case and plurals folded (*Carbon Credits* matches *carbon credit*). Pairs
    whose English side is missing are counted as ``untranslated``, not as mismatches.
    """
    terms = [(t, _zh_key(t.zh), [_keys(r) for r in t.renderings]) for t in approved]
    found: list[Mismatch] = []
    checked = occurrences = untranslated = 0
    for p in pairs:
        zh = _zh_key(p.zh)
        if not zh:
            continue
        present = [(t, keys) for t, z, keys in terms if z and z in zh]
        if not present:
            continue
        if not p.en.strip():
            untranslated += len(present)
            continue
        checked += 1
        en = _keys(p.en)
        for t, keys in present:
            occurrences += 1
            if not any(_contains(en, k) for k in keys):
                found.append(Mismatch(t.zh, t.renderings, p.pair, p.zh_case, p.zh_ids, p.en_ids,
                                      p.zh, p.en, where(p.zh_path, p.zh_lines),
                                      where(p.en_path, p.en_lines)))
    return CheckResult(tuple(found), checked, occurrences, untranslated)
