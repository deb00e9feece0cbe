"""Reading an approved glossary, whatever its format (CSV/TSV, TBX, XLSX).

>>> from glossary.formats.approved import read_approved
>>> terms = read_approved("approved.tbx")          # doctest: +SKIP
"""

from __future__ import annotations

import os
from pathlib import Path

from align.core.errors import FormatError, InputError
from glossary.checks.consistency import ApprovedGlossary, ApprovedTerm


def read_approved(path: str | os.PathLike[str]) -> ApprovedGlossary:
    """Read the approved glossary at ``path``; the format follows the extension.

    ``.csv``/``.tsv``/``.txt``: a header naming ``zh`` and ``en`` columns (optionally
    ``variants``, and ``status``: rows of zhen's own glossary marked ``untranslated`` are
    skipped, counted in ``warnings``), with or without a byte-order mark;
    ``.tbx``/``.xml``: TBX v2 or v3 (entries without Chinese or English skipped, counted
    in the result's ``warnings``);
    ``.xlsx``: the first sheet, laid out like the CSV. Raises :class:`InputError` /
    :class:`FormatError` naming the file and line.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file; give the approved glossary (.csv, .tbx, .xlsx)")
    if p.is_dir():
        raise InputError(f"{p}: is a folder; give the approved glossary file")
    suffix = p.suffix.lower()
    if suffix in (".tbx", ".xml"):
        from glossary.formats.tbxread import read_tbx

        return read_tbx(p)
    if suffix == ".xlsx":
        return _read_xlsx(p)
    if suffix in (".csv", ".tsv", ".txt", ""):
        from glossary.formats.csvfile import read_approved_csv

        return read_approved_csv(p)
    raise InputError(f"{p}: unknown glossary format {suffix!r}; give a .csv, .tsv, .tbx or "
                     ".xlsx file")


def _read_xlsx(p: Path) -> ApprovedGlossary:
    import csv
    import io
    import tempfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except Exception as ex:  # openpyxl raises many kinds for a damaged file
        raise FormatError(f"{p}: not a readable XLSX workbook ({type(ex).__name__}); "
                          "save it again from your spreadsheet program") from None
    ws = wb.worksheets[0]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for row in ws.iter_rows(values_only=True):
        w.writerow(["" if v is None else str(v) for v in row])
    wb.close()
    from glossary.formats.csvfile import read_approved_csv

    # Rows are numbered as in the sheet, so messages point at the right spreadsheet row.
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / (p.stem + ".csv")
        f.write_text(buf.getvalue(), encoding="utf-8")
        try:
            terms = read_approved_csv(f)
        except (FormatError, InputError) as ex:
            raise type(ex)(str(ex).replace(str(f), f"{p} (sheet {ws.title})")) from None
    return ApprovedGlossary(tuple(ApprovedTerm(t.zh, t.renderings,
                                               t.source.replace(str(f), str(p)))
                                  for t in terms.terms),
                            tuple(w.replace(str(f), f"{p} (sheet {ws.title})")
                                  for w in terms.warnings))
