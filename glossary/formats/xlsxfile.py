"""XLSX: the glossary workbook (openpyxl), with the run signature on a metadata sheet.

Sheets: ``glossary`` (the table, header frozen, filters on), ``inconsistent`` (one row per
rendering of an inconsistently rendered term) and ``metadata`` (signature and counts).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from align.core.atomic import atomic_write
from align.core.text import xml_safe
from glossary.checks.consistency import InconsistentRendering
from glossary.formats.jsonfile import summary
from glossary.terms import COLUMNS, Glossary

_WIDTHS = {"zh": 18, "en": 30, "variants": 40, "example_zh": 50, "example_en": 60}


def write_xlsx(glossary: Glossary, path: str | os.PathLike[str],
               inconsistent: Sequence[InconsistentRendering] = ()) -> None:
    """Write the glossary workbook to ``path`` (atomically)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    # Write-only: rows are streamed to the file, about twice as fast for a large glossary;
    # sheet settings must then come before the rows.
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("glossary")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(glossary.entries) + 1}"
    for i, name in enumerate(COLUMNS, 1):
        ws.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(name, 12)
    ws.append(list(COLUMNS))
    for e in glossary.entries:
        ws.append([xml_safe(e.zh_written), xml_safe(e.en), xml_safe(e.variants_text), e.count,
                   e.cases_text, e.kind, round(e.confidence, 3), e.status,
                   xml_safe(e.example_zh), xml_safe(e.example_en), e.scale_text])

    inc = wb.create_sheet("inconsistent")
    inc.freeze_panes = "A2"
    inc.append(["zh", "preferred", "rendering", "count", "cases", "where"])
    for r in inconsistent:
        inc.append([xml_safe(r.zh), xml_safe(r.preferred), xml_safe(r.rendering), r.count,
                    r.cases, r.where])

    meta = wb.create_sheet("metadata")
    meta.column_dimensions["A"].width = 18
    meta.column_dimensions["B"].width = 100
    for key, value in summary(glossary).items():
        meta.append([key, xml_safe(str(value))])
    with atomic_write(path, "wb") as f:
        wb.save(f)
