"""Reading editions: plain text, Markdown, Word and PDF files, as numbered lines.

:func:`read_document` turns one file into a :class:`SourceDocument`: its raw lines (line
numbers reported to users are 1-based indexes into them), its language found by script,
and whether a Chinese edition is written in Traditional characters. :func:`iter_inputs`
expands folders to the files zhen can read. :func:`normalise_for_matching` is the one place
where full-width forms and Traditional characters are folded for comparison.

>>> from align.documents import read_document
>>> doc = read_document("corpora/004_3717a3b3a4f37818.txt")   # doctest: +SKIP
>>> doc.lang, doc.traditional                                   # doctest: +SKIP
('zh', False)
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from align.errors import InputError
from align.textio import Lang, clean, detect_lang, read_lines, read_text, script_profile

#: File suffixes :func:`read_document` understands, lower case.
SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")
_NOT_EDITIONS = frozenset({"README", "LICENSE", "LICENCE", "CHANGELOG", "NOTICE"})

# A Simplified text converted by OpenCC's t2s changes almost nothing (a few characters
# such as 乾/干 are ambiguous); a Traditional one changes roughly one Han character in five.
_TRADITIONAL_SHARE = 0.05
_TRADITIONAL_MIN = 10
# Detection looks at a sample (beginning, middle, end): a few thousand characters are
# plenty to tell the script, and reading stays fast on long documents.
_SAMPLE_CHARS = 4000
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class SourceDocument:
    """One edition as read from disk.

    ``lines`` are the raw lines of the file (for .docx one line per paragraph or table
    row, for .pdf the text layer page after page); a line number reported to a user is
    the 1-based index into ``lines``. ``traditional`` is true for a Chinese edition in
    Traditional characters, whose paragraphs are matched in Simplified form.
    """

    path: Path
    name: str
    lang: Lang
    lines: tuple[str, ...]
    traditional: bool = False


def read_document(path: str | os.PathLike[str]) -> SourceDocument:
    """Read a .txt, .md, .docx or .pdf edition and detect its language.

    Raises :class:`InputError` for a missing, unreadable or unsupported file, a PDF
    without a text layer, or a document that is neither Chinese nor English.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(f"{p}: unsupported file type {p.suffix or '(none)'!r}; "
                         f"give a {', '.join(SUPPORTED_SUFFIXES)} file")
    if not p.exists():
        raise InputError(f"{p}: no such file; check the path")
    if p.is_dir():
        raise InputError(f"{p}: is a folder; give a file")
    if suffix == ".docx":
        lines = _read_docx(p)
    elif suffix == ".pdf":
        lines = _read_pdf(p)
    else:
        lines = read_text(p).split("\n")
    text = "\n".join(lines)
    if not text.strip():
        raise InputError(f"{p}: is empty; give a file with the text of one edition")
    sample = _sample(text)
    lang = detect_lang(sample)
    if lang is None:
        han, latin = script_profile(text)
        raise InputError(f"{p}: is neither Chinese nor English ({han} Chinese characters, "
                         f"{latin} Latin letters); zhen aligns Chinese and English editions")
    traditional = lang == "zh" and is_traditional(sample)
    return SourceDocument(p, p.stem, lang, tuple(lines), traditional)


def read_paragraph_lines(path: str | os.PathLike[str]) -> list[str]:
    """The paragraphs of a pre-segmented file, one per non-empty line, stripped.

    Plain text is read as it is; a .docx or .pdf gives one line per paragraph (table row,
    or line of the text layer). Raises :class:`InputError` for an unreadable or empty file.
    """
    p = Path(path)
    if p.suffix.lower() in (".docx", ".pdf"):
        lines = [line.strip() for line in read_document(p).lines]
        return [line for line in lines if line]
    return read_lines(p)


def _sample(text: str) -> str:
    """Beginning, middle and end of a long text: enough to tell its script, and quick."""
    if len(text) <= 3 * _SAMPLE_CHARS:
        return text
    mid = len(text) // 2
    return "\n".join((text[:_SAMPLE_CHARS], text[mid: mid + _SAMPLE_CHARS],
                      text[-_SAMPLE_CHARS:]))


def iter_inputs(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The files to read: files as given, folders expanded (recursively) to supported files.

    Files found in folders come sorted by path; hidden files and folders (``.name``),
    Office lock files (``~$name``), README/LICENSE files and the files zhen itself wrote
    (an output folder inside an input folder) are skipped; a file given twice is listed
    once.
    Raises :class:`InputError` for a path that does not exist or a file given by name
    whose type is not supported.
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


def _zhen_outputs(root: Path) -> set[Path]:
    """Files under ``root`` that zhen wrote (listed in a manifest): never read as editions."""
    from align.core.outdir import MANIFEST, read_manifest

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
    return f.suffix.lower() in SUPPORTED_SUFFIXES


def normalise_for_matching(text: str, traditional: bool = False) -> str:
    """The form of ``text`` used to compare and embed it.

    NFKC folds full-width letters, digits and punctuation to their ASCII forms
    (``ＣＯ２，`` → ``CO2,``), the ideographic space to a space, and circled or superscript
    digits to digits; runs of white space (tabs, ideographic spaces) become one space.
    With ``traditional`` the text is also converted from Traditional to Simplified
    characters (OpenCC ``t2s``), so that a Traditional edition matches a glossary or an
    encoder trained on Simplified text.
    """
    folded = " ".join(unicodedata.normalize("NFKC", text).split())
    if traditional:
        folded = _t2s().convert(folded)
    return folded


def is_traditional(text: str) -> bool:
    """True when Chinese ``text`` is written in Traditional characters.

    Converting to Simplified with OpenCC changes about a fifth of the Han characters of a
    Traditional text and almost none of a Simplified one.
    """
    han = "".join(_HAN.findall(text))
    if not han:
        return False
    simplified = _t2s().convert(han)
    changed = sum(a != b for a, b in zip(han, simplified, strict=False))
    return changed >= _TRADITIONAL_MIN and changed / len(han) >= _TRADITIONAL_SHARE


@lru_cache(maxsize=1)
def _t2s() -> Any:
    # OpenCC loads its dictionaries on construction: done once, and only when needed.
    import opencc

    return opencc.OpenCC("t2s")


def _read_docx(p: Path) -> list[str]:
    """Body paragraphs and table rows in document order; a row's cells joined by tabs."""
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as ex:  # pragma: no cover - python-docx is a core dependency
        raise InputError(f"{p}: reading .docx needs python-docx; pip install python-docx"
                         ) from ex
    try:
        document = docx.Document(str(p))
    except PackageNotFoundError:
        raise InputError(f"{p}: is not a Word (.docx) file; re-save it from Word as .docx"
                         ) from None
    except Exception as ex:  # zipfile and lxml errors of a damaged package
        raise InputError(f"{p}: is a damaged Word (.docx) file ({ex}); "
                         "re-save it from Word as .docx") from None
    return [clean(line) for line in _docx_blocks(document)]


def _docx_blocks(document: Any) -> Iterable[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(block, document).text
        elif tag == "tbl":
            yield from _table_rows(Table(block, document))


def _table_rows(table: Any) -> Iterable[str]:
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans: keep it once.
            if cell._tc is previous:
                continue
            previous = cell._tc
            cells.append(" ".join(par.text.strip() for par in cell.paragraphs if par.text.strip()))
        if any(cells):
            yield "\t".join(cells)


@contextmanager
def _quiet(logger: str) -> Iterator[None]:
    """Keep a library's log records and warnings off the terminal while it reads a file:
    zhen reports what matters in its own words."""
    log = logging.getLogger(logger)
    level = log.level
    log.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        log.setLevel(level)


def _read_pdf(p: Path) -> list[str]:
    """The text layer, page after page, with a blank line between pages."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as ex:  # pragma: no cover - pypdf is a core dependency
        raise InputError(f"{p}: reading .pdf needs pypdf; pip install pypdf") from ex
    try:
        with _quiet("pypdf"):
            reader = PdfReader(str(p))
            if reader.is_encrypted and not reader.decrypt(""):
                raise InputError(f"{p}: is a password-protected PDF; save an unprotected copy")
            pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, OSError, ValueError) as ex:
        raise InputError(f"{p}: is not a readable PDF ({ex}); re-export it as PDF or "
                         "give the text as .txt") from None
    lines: list[str] = []
    for text in pages:
        lines.extend(clean(text).split("\n"))
        lines.append("")
    if not any(line.strip() for line in lines):
        raise InputError(f"{p}: has no text layer ({len(pages)} page(s) of images only); "
                         "run OCR on it first (e.g. ocrmypdf) or give the text as .txt")
    return lines

