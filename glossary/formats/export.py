"""Writing a glossary to the formats its file names ask for (CSV, XLSX, TBX, JSON), and
exporting the glossary of a run folder again (``zhen export tbx``)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from align.core.errors import InputError, OutputError
from align.core.outdir import FileOutputs
from glossary.checks.consistency import inconsistencies
from glossary.pairing.forked import in_two
from glossary.terms import Glossary

if TYPE_CHECKING:
    from glossary.formats.tbxfile import TbxVersion

FORMATS = (".csv", ".xlsx", ".tbx", ".json")
#: What ``zhen glossary`` writes into a run folder: the glossary in three formats…
GLOSSARY_FILES = ("glossary.csv", "glossary.xlsx", "glossary.tbx")
#: …and the consistency report, the metadata and the jieba user dictionary.
REPORT_FILES = ("inconsistent.csv", "glossary.json", "userdict.txt")


def write_glossary(glossary: Glossary, path: str | os.PathLike[str],
                   tbx_version: TbxVersion = 2) -> Path:
    """Write ``glossary`` to ``path`` in the format its extension names; returns the path.

    A ``.tbx`` is TBX-Basic in the TBX ``tbx_version`` form: 2 (``martif``, what CAT tools
    import) or 3 (see :mod:`glossary.formats.tbxfile`). Raises :class:`OutputError` for an
    extension that is not one of :data:`FORMATS`.
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

        write_tbx(glossary, p, version=tbx_version)
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
                         force: bool = False, outputs: FileOutputs | None = None,
                         tbx_version: TbxVersion = 2) -> list[Path]:
    """Write ``glossary`` as ``zhen glossary`` does: to ``targets`` (the format from each
    extension), or else the default set into the run folder ``folder`` (the glossary as
    CSV, XLSX and TBX, the inconsistency report, ``glossary.json`` and the jieba user
    dictionary keeping ``user_words``). TBX files are written in the TBX ``tbx_version``
    form (2, ``martif``, by default). Files zhen did not write are never replaced (see
    :class:`align.core.outdir.FileOutputs`); ``outputs`` is a claim made beforehand with
    :func:`claim_outputs`. Returns the files written.
    """
    claim = outputs or claim_outputs(folder, targets, force)
    with claim:
        if targets:
            for t in targets:
                write_glossary(glossary, claim.path(t), tbx_version)
            return list(targets)
        assert folder is not None
        files, reports = default_targets(folder)

        def rest() -> None:
            write_reports(glossary, {k: claim.path(v) for k, v in reports.items()},
                          user_words)
            for t in files:
                if t.suffix != ".xlsx":
                    write_glossary(glossary, claim.path(t), tbx_version)

        def workbook() -> None:
            for t in files:
                if t.suffix == ".xlsx":
                    write_glossary(glossary, claim.path(t), tbx_version)
        # The workbook takes about as long as all the other files together: on two cores a
        # forked child writes it (the edition pair's 4,611 entries: 2.6-3.1 s for all the
        # files against 3.8-4.2 s in one process, with other programs busy).
        in_two(rest, workbook, "workbook writer")
    return [*files, *reports.values()]


#: The glossary of a run folder as ``zhen glossary`` left it, read back by the exports.
GLOSSARY_JSON = "glossary.json"


def read_run_glossary(folder: str | os.PathLike[str]) -> Glossary:
    """The glossary ``zhen glossary`` wrote into the run folder ``folder`` (from its
    ``glossary.json``). Raises :class:`InputError` when there is none."""
    from align.core.runfolder import check_outdir
    from glossary.formats.jsonfile import read_json

    path = check_outdir(folder) / GLOSSARY_JSON
    if not path.is_file():
        raise InputError(f"{folder}: has no glossary ({GLOSSARY_JSON}); run 'zhen glossary "
                         f"{folder}' first")
    return read_json(path)


def default_tbx(folder: str | os.PathLike[str], version: TbxVersion = 2) -> Path:
    """Where ``zhen export tbx`` writes: ``glossary.tbx`` in the run folder, or
    ``glossary.v3.tbx`` for TBX v3 (so that the two forms can sit side by side)."""
    return Path(folder) / ("glossary.tbx" if version == 2 else f"glossary.v{version}.tbx")
