"""Writing a glossary to the formats its file names ask for (CSV, XLSX, TBX, JSON)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from align.core.errors import OutputError
from align.core.outdir import FileOutputs
from glossary.checks.consistency import inconsistencies
from glossary.terms import Glossary

FORMATS = (".csv", ".xlsx", ".tbx", ".json")
#: What ``zhen glossary`` writes into a run folder: the glossary in three formats…
GLOSSARY_FILES = ("glossary.csv", "glossary.xlsx", "glossary.tbx")
#: …and the consistency report, the metadata and the jieba user dictionary.
REPORT_FILES = ("inconsistent.csv", "glossary.json", "userdict.txt")


def write_glossary(glossary: Glossary, path: str | os.PathLike[str]) -> Path:
    """Write ``glossary`` to ``path`` in the format its extension names; returns the path.

    Raises :class:`OutputError` for an extension that is not one of :data:`FORMATS`.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".csv":
        from glossary.formats.csvfile import write_glossary_csv

        write_glossary_csv(glossary, p)
    elif suffix == ".xlsx":
        from glossary.formats.xlsxfile import write_xlsx

        write_xlsx(glossary, p, inconsistencies(glossary))
    elif suffix == ".tbx":
        from glossary.formats.tbxfile import write_tbx

        write_tbx(glossary, p)
    elif suffix == ".json":
        from glossary.formats.jsonfile import write_json

        write_json(glossary, p)
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


def write_reports(glossary: Glossary, paths: Mapping[str, Path],
                  user_words: Sequence[str] = ()) -> None:
    """Write the files of :data:`REPORT_FILES` to ``paths[name]``: the inconsistency report,
    the glossary's metadata and the user dictionary (``user_words`` kept in it)."""
    from glossary.formats.csvfile import write_inconsistent_csv
    from glossary.formats.jsonfile import write_json
    from glossary.formats.userdict import write_user_dict

    write_inconsistent_csv(inconsistencies(glossary), paths["inconsistent.csv"])
    write_json(glossary, paths["glossary.json"])
    write_user_dict(glossary, paths["userdict.txt"], user_words)


def default_targets(folder: str | os.PathLike[str]) -> tuple[list[Path], dict[str, Path]]:
    """What ``zhen glossary`` writes into a run folder: the glossary files
    (:data:`GLOSSARY_FILES`) and the reports by name (:data:`REPORT_FILES`)."""
    f = Path(folder)
    return [f / n for n in GLOSSARY_FILES], {n: f / n for n in REPORT_FILES}


def claim_outputs(folder: str | os.PathLike[str] | None, targets: Sequence[Path] = (),
                  force: bool = False, inputs: Sequence[Path] = ()) -> FileOutputs:
    """Claim the files :func:`write_glossary_files` will write (see
    :class:`align.core.outdir.FileOutputs`): ``targets``, or else the default set in the
    run folder ``folder``. Raises :class:`OutputError` at once for a target zhen may not
    write."""
    check_outputs(targets)
    if targets:
        return FileOutputs(targets, force=force, inputs=inputs)
    assert folder is not None
    files, reports = default_targets(folder)
    return FileOutputs([*files, *reports.values()], force=force, inputs=inputs)


def write_glossary_files(glossary: Glossary, folder: str | os.PathLike[str] | None = None,
                         targets: Sequence[Path] = (), user_words: Sequence[str] = (),
                         force: bool = False, outputs: FileOutputs | None = None) -> list[Path]:
    """Write ``glossary`` as ``zhen glossary`` does: to ``targets`` (the format from each
    extension), or else the default set into the run folder ``folder`` (the glossary as
    CSV, XLSX and TBX, the inconsistency report, ``glossary.json`` and the jieba user
    dictionary keeping ``user_words``). Files zhen did not write are never replaced (see
    :class:`align.core.outdir.FileOutputs`); ``outputs`` is a claim made beforehand with
    :func:`claim_outputs`. Returns the files written.
    """
    claim = outputs or claim_outputs(folder, targets, force)
    with claim:
        if targets:
            for t in targets:
                write_glossary(glossary, claim.path(t))
            return list(targets)
        assert folder is not None
        files, reports = default_targets(folder)
        write_reports(glossary, {k: claim.path(v) for k, v in reports.items()}, user_words)
        for t in files:
            write_glossary(glossary, claim.path(t))
    return [*files, *reports.values()]
