"""Writing a glossary to the formats its file names ask for (CSV, XLSX, TBX, JSON)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from align.errors import OutputError
from glossary.consistency import inconsistencies
from glossary.terms import Glossary

FORMATS = (".csv", ".xlsx", ".tbx", ".json")


def write_glossary(glossary: Glossary, path: str | os.PathLike[str]) -> Path:
    """Write ``glossary`` to ``path`` in the format its extension names; returns the path.

    Raises :class:`OutputError` for an extension that is not one of :data:`FORMATS`.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".csv":
        from glossary.csvio import write_glossary_csv

        write_glossary_csv(glossary, p)
    elif suffix == ".xlsx":
        from glossary.xlsx import write_xlsx

        write_xlsx(glossary, p, inconsistencies(glossary))
    elif suffix == ".tbx":
        from glossary.tbx import write_tbx

        write_tbx(glossary, p)
    elif suffix == ".json":
        from glossary.metadata import write_json

        write_json(glossary, p, with_entries=True)
    else:
        raise OutputError(f"{p}: unknown output format {suffix!r}; "
                          f"use one of {', '.join(FORMATS)}")
    return p


def check_outputs(paths: Sequence[str | os.PathLike[str]]) -> None:
    """Raise :class:`OutputError` before any work when an output has an unknown extension."""
    for path in paths:
        if Path(path).suffix.lower() not in FORMATS:
            raise OutputError(f"{path}: unknown output format {Path(path).suffix!r}; "
                              f"use one of {', '.join(FORMATS)}")
