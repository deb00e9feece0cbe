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

    wb = Workbook()
    ws = wb.active
    ws.title = "glossary"
    ws.append(list(COLUMNS))
    for e in glossary.entries:
        ws.append([xml_safe(e.zh_written), xml_safe(e.en), xml_safe(e.variants_text), e.count,
                   e.cases_text, e.kind, round(e.confidence, 3), e.status,
                   xml_safe(e.example_zh), xml_safe(e.example_en), e.scale_text])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for i, name in enumerate(COLUMNS, 1):
        ws.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(name, 12)

    inc = wb.create_sheet("inconsistent")
    inc.append(["zh", "preferred", "rendering", "count", "cases", "where"])
    for r in inconsistent:
        inc.append([xml_safe(r.zh), xml_safe(r.preferred), xml_safe(r.rendering), r.count,
                    r.cases, r.where])
    inc.freeze_panes = "A2"

    meta = wb.create_sheet("metadata")
    for key, value in summary(glossary).items():
        meta.append([key, xml_safe(str(value))])
    meta.column_dimensions["A"].width = 18
    meta.column_dimensions["B"].width = 100
    with atomic_write(path, "wb") as f:
        wb.save(f)
