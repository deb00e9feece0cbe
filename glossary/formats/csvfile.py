"""CSV files: the glossary table, the consistency reports, and approved glossaries.

Written as UTF-8 with a header row and nothing else, so that any spreadsheet or script
reads them as they are; the run signature goes into ``glossary.json`` beside them (see
:mod:`glossary.formats.jsonfile`). An approved glossary is read from CSV or TSV with a header that
names a ``zh`` column and an ``en`` column (``source``/``target``, ``chinese``/``english``
are accepted too) and optionally ``variants`` (``|``-separated other approved renderings).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from pathlib import Path

from align.core.atomic import atomic_write
from align.core.errors import FormatError, InputError
from align.documents.decode import read_text
from glossary.checks.consistency import ApprovedTerm, CheckResult, InconsistentRendering
from glossary.terms import COLUMNS, Glossary, parse_variants

_ZH_NAMES = ("zh", "chinese", "source", "term", "zh-cn", "zh_cn", "中文", "术语")
_EN_NAMES = ("en", "english", "target", "translation", "en-us", "en_us", "英文", "译文")
_VARIANT_NAMES = ("variants", "alternatives", "synonyms", "other")


def write_glossary_csv(glossary: Glossary, path: str | os.PathLike[str]) -> None:
    """Write the glossary table (columns of :data:`~glossary.terms.COLUMNS`)."""
    rows = [[e.zh, e.en, e.variants_text, e.count, e.cases_text, e.kind, f"{e.confidence:.3f}",
             e.status, e.example_zh, e.example_en] for e in glossary.entries]
    _write(path, list(COLUMNS), rows)


def write_inconsistent_csv(rows: Sequence[InconsistentRendering],
                           path: str | os.PathLike[str]) -> None:
    """Write the inconsistency report: one row per rendering of an inconsistent term."""
    _write(path, ["zh", "preferred", "rendering", "count", "cases", "where"],
           [[r.zh, r.preferred, r.rendering, r.count, r.cases, r.where] for r in rows])


#: Where ``zhen check`` writes its report in a run folder.
CHECK_FILE = "check.csv"


def require_csv(path: Path) -> Path:
    """``path``, or :class:`InputError` unless it names a ``.csv`` file."""
    if path.suffix.lower() != ".csv":
        raise InputError(f"{path}: the check report is written as CSV; give a .csv path")
    return path


def write_check_csv(result: CheckResult, path: str | os.PathLike[str]) -> None:
    """Write the key-term-mismatch report: one row per pair that misses a term."""
    _write(path, ["zh", "approved", "case", "zh_paragraphs", "en_paragraphs", "zh_where",
                  "en_where", "zh_text", "en_text"],
           [[m.zh, " | ".join(m.approved), f"{m.case:02d}", ",".join(map(str, m.zh_ids)),
             ",".join(map(str, m.en_ids)), m.zh_where, m.en_where, m.zh_text, m.en_text]
            for m in result.mismatches])


def _write(path: str | os.PathLike[str], header: list[str], rows: list[list[object]]) -> None:
    with atomic_write(path, newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def _column(header: list[str], names: Sequence[str]) -> int | None:
    low = [h.strip().lower() for h in header]
    for name in names:
        if name in low:
            return low.index(name)
    return None


def read_approved_csv(path: str | os.PathLike[str]) -> list[ApprovedTerm]:
    """Read an approved glossary from CSV/TSV (see the module docstring for the header).

    Raises :class:`FormatError` naming ``file:line`` for a bad header, an empty term or
    rendering, or a term listed twice; :class:`InputError` for an empty file.
    """
    p = Path(path)
    text = read_text(p)
    lines = text.split("\n")
    first = next((n for n, line in enumerate(lines, 1) if line.strip()), None)
    if first is None:
        raise InputError(f"{p}: is empty; give a CSV with a header row 'zh,en'")
    sample = lines[first - 1]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else (
        ";" if sample.count(";") > sample.count(",") else ",")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] | None = None
    terms: list[ApprovedTerm] = []
    seen: dict[str, int] = {}
    zi = ei = vi = None
    try:
        for row in reader:
            n = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = row
                zi, ei = _column(header, _ZH_NAMES), _column(header, _EN_NAMES)
                vi = _column(header, _VARIANT_NAMES)
                if zi is None or ei is None:
                    raise FormatError(
                        f"{p}:{n}: the header {', '.join(h.strip() for h in header)!r} names "
                        "no 'zh' and 'en' columns; the first row must be e.g. 'zh,en,variants'")
                continue
            assert zi is not None and ei is not None
            zh = row[zi].strip() if zi < len(row) else ""
            en = row[ei].strip() if ei < len(row) else ""
            if not zh or not en:
                side = "Chinese term" if not zh else "English rendering"
                raise FormatError(f"{p}:{n}: the {side} is empty; fill it in or delete the row")
            if zh in seen:
                raise FormatError(f"{p}:{n}: {zh} is listed twice (first at line {seen[zh]}); "
                                  "merge the two rows, putting other renderings in 'variants'")
            seen[zh] = n
            variants = []
            if vi is not None and vi < len(row):
                variants = [v for v, _ in parse_variants(row[vi])]
            terms.append(ApprovedTerm(zh, tuple(dict.fromkeys([en, *variants])), f"{p}:{n}"))
    except csv.Error as ex:
        raise FormatError(f"{p}:{reader.line_num}: not valid CSV ({ex}); "
                          "check the quotes on that line") from None
    if header is None:
        raise InputError(f"{p}: is empty; give a CSV with a header row 'zh,en'")
    if not terms:
        raise InputError(f"{p}: has a header but no terms; add one row per term")
    return terms
