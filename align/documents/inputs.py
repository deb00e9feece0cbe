"""Which files of the given paths are editions to read."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from align.core.errors import InputError

#: File suffixes the readers understand, lower case.
SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")
#: Word-processor formats zhen does not read, by suffix: what they are. A file of one is
#: reported with what to convert it to, never passed over in silence.
CONVERT_FIRST = {
    ".doc": "a Word 97-2003 document",
    ".odt": "an OpenDocument text",
    ".wps": "a WPS Writer document",
    ".pages": "an Apple Pages document",
}
_NOT_EDITIONS = frozenset({"README", "LICENSE", "LICENCE", "CHANGELOG", "NOTICE"})


def iter_inputs(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The files to read: files as given, folders expanded (recursively) to supported files.

    Files found in folders come sorted by path, with the word-processor files zhen does
    not read (:data:`CONVERT_FIRST`: reading one is an error saying what to convert it
    to); hidden files and folders (``.name``),
    Office lock files (``~$name``), README/LICENSE files and the files zhen itself wrote
    (an output folder inside an input folder) are skipped; a file given twice is listed
    once.
    Raises :class:`InputError` for a path that does not exist or a file given by name
    whose type is not supported (a .doc or .odt: saying what to convert it to).
    """
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            own = _zhen_outputs(p)
            found = sorted(f for f in p.rglob("*") if f.is_file() and _wanted(f, p)
                           and f.resolve() not in own)
        elif p.is_file():
            if p.suffix.lower() in CONVERT_FIRST:
                raise InputError(convert_first(p))
            if p.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise InputError(f"{p}: unsupported file type {p.suffix or '(none)'!r}; "
                                 f"give a {', '.join(SUPPORTED_SUFFIXES)} file or a folder")
            found = [p]
        else:
            raise InputError(f"{p}: no such file or folder; check the path")
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def convert_first(p: Path) -> str:
    """The one-line message for a file in a format of :data:`CONVERT_FIRST`: what it is
    and what to convert it to."""
    what = CONVERT_FIRST.get(p.suffix.lower(), "a document zhen does not read")
    return (f"{p}: is {what}, which zhen does not read; save it as .docx (Save As in Word "
            f"or LibreOffice, or 'soffice --headless --convert-to docx {p.name}') and give "
            "the .docx")


def _zhen_outputs(root: Path) -> set[Path]:
    """Files under ``root`` that zhen wrote (listed in a manifest): never read as editions."""
    from align.core.manifest import MANIFEST, read_manifest

    own: set[Path] = set()
    for manifest in root.rglob(MANIFEST):
        folder = manifest.parent
        own.update((folder / name).resolve() for name in read_manifest(folder) or {})
    return own


def _wanted(f: Path, root: Path) -> bool:
    parts = f.relative_to(root).parts
    if any(part.startswith(".") for part in parts) or f.name.startswith("~$"):
        return False
    # A folder of editions often carries its own README: documentation, not an edition.
    if f.stem.upper() in _NOT_EDITIONS:
        return False
    # A .doc or .odt is listed too: reading it reports what to convert it to.
    return f.suffix.lower() in SUPPORTED_SUFFIXES or f.suffix.lower() in CONVERT_FIRST
