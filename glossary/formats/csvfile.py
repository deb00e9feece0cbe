"""CSV files: the glossary table, the consistency reports, and approved glossaries.

Written as UTF-8 with a byte-order mark (:data:`~align.core.text.CSV_ENCODING`, so that
Excel shows the Chinese) and a header row, nothing else, so that any spreadsheet or script
reads them as they are; the run signature goes into ``glossary.json`` beside them (see
:mod:`glossary.formats.jsonfile`). Paragraph ids count from 0, as everywhere in zhen.

An approved glossary is read from CSV or TSV (with or without a byte-order mark) with a
header that names a ``zh`` column and an ``en`` column (``source``/``target``,
``chinese``/``english`` are accepted too) and optionally ``variants`` (``|``-separated other
approved renderings). A row that repeats an earlier one exactly is accepted; the same
Chinese term with other renderings is an error naming both lines.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from align.core.atomic import atomic_write
from align.core.errors import FormatError, InputError
from align.core.text import CSV_ENCODING, HAN
from align.documents.decode import read_text
from glossary.checks.consistency import (
    ApprovedGlossary,
    ApprovedTerm,
    CheckResult,
    InconsistentRendering,
)
from glossary.terms import COLUMNS, Glossary, parse_variants

_ZH_NAMES = ("zh", "chinese", "source", "term", "zh-cn", "zh_cn", "中文", "术语")
_EN_NAMES = ("en", "english", "target", "translation", "en-us", "en_us", "英文", "译文")
_VARIANT_NAMES = ("variants", "alternatives", "synonyms", "other")

#: Columns of ``inconsistent.csv``: one row per rendering of an inconsistent term.
INCONSISTENT_COLUMNS = ("zh", "preferred", "rendering", "count", "cases", "where")
#: Columns of ``check.csv``: one row per approved term in an aligned pair.
CHECK_COLUMNS = ("result", "zh", "approved", "found", "case", "zh_paragraphs",
                 "en_paragraphs", "zh_where", "en_where", "zh_text", "en_text")
#: Where ``zhen check`` writes its report in a run folder.
CHECK_FILE = "check.csv"


def write_glossary_csv(glossary: Glossary, path: str | os.PathLike[str]) -> None:
    """Write the glossary table (columns of :data:`~glossary.terms.COLUMNS`)."""
    rows = [[e.zh_written, e.en, e.variants_text, e.count, e.cases_text, e.kind,
             f"{e.confidence:.3f}", e.status, e.example_zh, e.example_en, e.scale_text]
            for e in glossary.entries]
    _write(path, COLUMNS, rows)


def write_inconsistent_csv(rows: Sequence[InconsistentRendering],
                           path: str | os.PathLike[str]) -> None:
    """Write the inconsistency report (:data:`INCONSISTENT_COLUMNS`)."""
    _write(path, INCONSISTENT_COLUMNS,
           [[r.zh, r.preferred, r.rendering, r.count, r.cases, r.where] for r in rows])


def require_csv(path: Path) -> Path:
    """``path``, or :class:`InputError` unless it names a ``.csv`` file."""
    if path.suffix.lower() != ".csv":
        raise InputError(f"{path}: the check report is written as CSV; give a .csv path")
    return path


def write_check_csv(result: CheckResult, path: str | os.PathLike[str]) -> None:
    """Write the key-term report (:data:`CHECK_COLUMNS`): every approved term found in the
    Chinese of an aligned pair, mismatches first, then those in paragraphs the English
    leaves out, then those rendered as approved."""
    _write(path, CHECK_COLUMNS,
           [[r.result, r.zh, " | ".join(r.approved), r.found, f"{r.case:02d}",
             ",".join(map(str, r.zh_ids)), ",".join(map(str, r.en_ids)), r.zh_where,
             r.en_where, r.zh_text, r.en_text] for r in result.rows])


def _write(path: str | os.PathLike[str], header: Sequence[str],
           rows: list[list[object]]) -> None:
    with atomic_write(path, encoding=CSV_ENCODING, newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def read_approved_csv(path: str | os.PathLike[str]) -> ApprovedGlossary:
    """Read an approved glossary from CSV/TSV (see the module docstring for the header).

    Raises :class:`FormatError` naming ``file:line`` for a bad header, an empty term or
    rendering, or a term listed twice with different renderings; :class:`InputError` for
    an empty file.
    """
    p = Path(path)
    terms: list[ApprovedTerm] = []
    seen: dict[str, ApprovedTerm] = {}
    rows = skipped = 0
    for term in _rows(p):
        rows += 1
        if term is None:
            skipped += 1
            continue
        first = seen.get(term.zh)
        if first is None:
            seen[term.zh] = term
            terms.append(term)
        elif set(first.renderings) != set(term.renderings):
            line = first.source.rpartition(":")[2]
            raise FormatError(f"{term.source}: {term.zh} is listed twice with different "
                              f"renderings (first at line {line}); merge the two rows, "
                              "putting other renderings in 'variants'")
    if not terms:
        raise InputError(f"{p}: has a header but no terms; add one row per term")
    if not any(HAN.search(t.zh) for t in terms):
        raise FormatError(f"{p}: no term of the 'zh' column is Chinese (the first is "
                          f"{terms[0].zh!r}); are the 'zh' and 'en' columns swapped?")
    warnings = (f"{p}: {skipped} of {rows} rows skipped, status 'untranslated' and no "
                "English rendering",) if skipped else ()
    return ApprovedGlossary(tuple(terms), warnings)


def _rows(p: Path) -> Iterator[ApprovedTerm | None]:
    """The terms of the rows of ``p`` in order, repeats included; None for a row a
    glossary of zhen's marks ``untranslated`` (a key term without English, no rendering
    to check)."""
    text = read_text(p)  # with or without a byte-order mark
    sample = next((line for line in text.split("\n") if line.strip()), None)
    if sample is None:
        raise InputError(f"{p}: is empty; give a CSV with a header row 'zh,en'")
    delimiter = "\t" if sample.count("\t") > sample.count(",") else (
        ";" if sample.count(";") > sample.count(",") else ",")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    columns: tuple[int, int, int | None, int | None] | None = None
    try:
        start = 1  # the line a row starts on (a quoted cell may run over several)
        for row in reader:
            first, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if columns is None:
                columns = _header(p, reader.line_num, row)
                continue
            zi, ei = columns[0], columns[1]
            if any("\n" in row[k] for k in (zi, ei) if k < len(row)):
                raise FormatError(f"{p}:{first}: a quotation mark opened on this line is not "
                                  "closed (the term runs over several lines); close it or "
                                  "remove it")
            yield _term(p, reader.line_num, row, *columns)
    except csv.Error as ex:
        raise FormatError(f"{p}:{reader.line_num}: not valid CSV ({ex}); "
                          "check the quotes on that line") from None


def _header(p: Path, n: int, header: list[str]
            ) -> tuple[int, int, int | None, int | None]:
    """The ``zh``, ``en``, ``variants`` and ``status`` column numbers of the header row."""
    zi, ei = _column(header, _ZH_NAMES), _column(header, _EN_NAMES)
    if zi is None or ei is None:
        raise FormatError(f"{p}:{n}: the header {', '.join(h.strip() for h in header)!r} "
                          "names no 'zh' and 'en' columns; the first row must be e.g. "
                          "'zh,en,variants'")
    return zi, ei, _column(header, _VARIANT_NAMES), _column(header, ("status",))


def _column(header: list[str], names: Sequence[str]) -> int | None:
    low = [h.strip().lower() for h in header]
    for name in names:
        if name in low:
            return low.index(name)
    return None


def _term(p: Path, n: int, row: list[str], zi: int, ei: int, vi: int | None,
          si: int | None) -> ApprovedTerm | None:
    zh = row[zi].strip() if zi < len(row) else ""
    en = row[ei].strip() if ei < len(row) else ""
    if zh and not en and si is not None and si < len(row) \
            and row[si].strip().lower() == "untranslated":
        return None
    if not zh or not en:
        side = "Chinese term" if not zh else "English rendering"
        raise FormatError(f"{p}:{n}: the {side} is empty; fill it in or delete the row")
    variants = [v for v, _ in parse_variants(row[vi])] if vi is not None and vi < len(row) \
        else []
    return ApprovedTerm(zh, tuple(dict.fromkeys([en, *variants])), f"{p}:{n}")
