"""Consistency: one term rendered several ways, and pairs that miss an approved rendering.

:func:`inconsistencies` lists, for every term of a glossary rendered in several ways
(碳中和 → *carbon neutrality* | *net zero*), each rendering with its count and the pairs
where it is used. :func:`check_pairs` is Xbench's *key term mismatch* check: every aligned
pair whose Chinese holds an approved term and whose English holds none of the term's
approved renderings (compared as :mod:`glossary.checks.matching` says), listed with the
pairs that render it as approved and those the English leaves out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from align.core.runfolder import AlignedPair
from align.core.text import fold_width, to_simplified
from glossary.checks.matching import english_words, find_rendering
from glossary.terms import Glossary, format_cases


@dataclass(frozen=True)
class InconsistentRendering:
    """One rendering of an inconsistently rendered term: the phrase, its count and where
    (``case:zh ¶/en ¶`` items, paragraph ids counted from 0 as everywhere in zhen)."""

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
            rows.append(InconsistentRendering(entry.zh_written, entry.en, r.text, r.count,
                                              format_cases(r.cases), where))
    return rows


def _ids(ids: Sequence[int]) -> str:
    return ",".join(str(i) for i in ids) or "-"


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


Result = Literal["mismatch", "untranslated", "ok"]


@dataclass(frozen=True)
class CheckRow:
    """One approved term found in the Chinese of one aligned pair, and what the English did.

    ``result`` is ``mismatch`` (the English holds none of ``approved``), ``untranslated``
    (the English leaves the paragraph out) or ``ok`` (``found`` is the approved rendering
    it uses). Paragraph ids count from 0; ``zh_where``/``en_where`` are ``file:line``.
    """

    result: Result
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
    found: str = ""


def where(path: str, lines: Sequence[int]) -> str:
    """``file:line`` of a bead's first source line (``file`` alone when lines are unknown)."""
    name = path or "?"
    return f"{name}:{lines[0]}" if lines else name


def _zh_key(text: str) -> str:
    return re.sub(r"\s+", "", fold_width(text))


_ORDER = {"mismatch": 0, "untranslated": 1, "ok": 2}


@dataclass(frozen=True)
class CheckResult:
    """The outcome of :func:`check_pairs`: one row per approved term per pair whose Chinese
    holds it (mismatches first, then untranslated, then ok; pair order within each), and
    the number of approved terms checked. Every count below is a count of these rows, which
    is what ``check.csv`` lists."""

    rows: tuple[CheckRow, ...]
    approved_terms: int = 0

    def _having(self, result: Result) -> tuple[CheckRow, ...]:
        return tuple(r for r in self.rows if r.result == result)

    @property
    def mismatches(self) -> tuple[CheckRow, ...]:
        """Rows whose English holds none of the approved renderings."""
        return self._having("mismatch")

    @property
    def untranslated(self) -> tuple[CheckRow, ...]:
        """Rows whose English side is missing (the term is not checked there)."""
        return self._having("untranslated")

    @property
    def ok(self) -> tuple[CheckRow, ...]:
        """Rows whose English uses an approved rendering."""
        return self._having("ok")

    @property
    def pairs(self) -> int:
        """The aligned pairs the rows are in (distinct pair and Chinese paragraphs)."""
        return len({(r.pair, r.zh_ids) for r in self.rows})

    @property
    def terms_found(self) -> int:
        """The approved terms that occur in at least one row."""
        return len({r.zh for r in self.rows})

    def to_json(self) -> dict[str, object]:
        """The result as plain JSON data: the counts and every row."""
        return {"approved_terms": self.approved_terms, "terms_found": self.terms_found,
                "pairs": self.pairs, "rows": len(self.rows),
                "mismatches": len(self.mismatches), "untranslated": len(self.untranslated),
                "ok": len(self.ok),
                "results": [{"result": r.result, "zh": r.zh, "approved": list(r.approved),
                             "found": r.found, "case": r.case, "zh_ids": list(r.zh_ids),
                             "en_ids": list(r.en_ids), "zh_text": r.zh_text,
                             "en_text": r.en_text, "zh_where": r.zh_where,
                             "en_where": r.en_where}
                            for r in self.rows]}


def check_pairs(pairs: Iterable[AlignedPair],
                approved: Sequence[ApprovedTerm] | ApprovedGlossary) -> CheckResult:
    """Check every aligned pair against an approved glossary (Xbench's key term mismatch).

    A term counts as rendered when one of its renderings occurs in the English as a run of
    words compared as :mod:`glossary.checks.matching` says (case, hyphens and slashes,
    plurals folded: *Net-Zero Targets* uses *net zero target*). A pair whose English side
    is missing gives ``untranslated`` rows, not mismatches.
    """
    terms = approved.terms if isinstance(approved, ApprovedGlossary) else tuple(approved)
    # Terms are matched in Simplified form, as the run recorded the Chinese text: an
    # approved glossary in Traditional characters checks a Traditional edition too.
    keyed = [(t, _zh_key(to_simplified(t.zh)), [english_words(r) for r in t.renderings])
             for t in terms]
    rows: list[CheckRow] = []
    for p in pairs:
        zh = _zh_key(p.zh_simplified)
        present = [(t, keys) for t, z, keys in keyed if z and z in zh] if zh else []
        if not present:
            continue
        en = english_words(p.en) if p.en.strip() else None
        for t, keys in present:
            hit = find_rendering(en, keys) if en is not None else None
            result: Result = "untranslated" if en is None else "mismatch" if hit is None \
                else "ok"
            rows.append(CheckRow(result, t.zh, t.renderings, p.pair, p.zh_case, p.zh_ids,
                                 p.en_ids, p.zh, p.en, where(p.zh_path, p.zh_lines),
                                 where(p.en_path, p.en_lines),
                                 t.renderings[hit] if hit is not None else ""))
    rows.sort(key=lambda r: _ORDER[r.result])  # stable: pair order kept within each
    return CheckResult(tuple(rows), len(terms))
