"""Reading editions: plain text, Markdown, Word and PDF files, as numbered lines.

:func:`read_document` turns one file into a :class:`SourceDocument`: its raw lines (line
numbers reported to users are 1-based indexes into them), its language found by script,
and whether a Chinese edition is written in Traditional characters. :func:`iter_inputs`
expands folders to the files zhen can read. :func:`normalise_for_matching` is the one place
where full-width forms and Traditional characters are folded for comparison.

>>> from align.documents.reader import read_document
>>> doc = read_document("corpora/004_3717a3b3a4f37818.txt")   # doctest: +SKIP
>>> doc.lang, doc.traditional                                   # doctest: +SKIP
('zh', False)
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from align.core.errors import InputError
from align.core.text import (
    Lang,
    chinese_region,
    detect_lang,
    has_traditional,
    is_traditional,
    script_profile,
    to_simplified,
    unit_length,
)
from align.documents.decode import clean, read_lines, read_text
from align.documents.inputs import CONVERT_FIRST, SUPPORTED_SUFFIXES, convert_first

#: File suffixes :func:`read_document` understands, lower case.

# Detection looks at a sample (beginning, middle, end): a few thousand characters are
# plenty to tell the script, and reading stays fast on long documents.
_SAMPLE_CHARS = 4000


@dataclass(frozen=True)
class SourceDocument:
    """One edition as read from disk.

    ``lines`` are the raw lines of the file (for .docx one line per paragraph or table
    row, for .pdf one line per paragraph rebuilt from the page layout, without page
    furniture); a line number reported to a user is the 1-based index into ``lines``.
    ``traditional`` is true for a Chinese edition in Traditional characters; ``mixed`` for
    a mostly Simplified one with Traditional passages. Either way its structure (cases,
    headings, paragraphs) is found and its paragraphs are matched in Simplified form, and
    its text is kept as written. ``region`` is ``TW`` or ``HK`` for a Traditional edition
    whose characters follow that region's standard (else empty). ``warnings`` are problems
    found while reading (a damaged PDF text layer), one line each.
    """

    path: Path
    name: str
    lang: Lang
    lines: tuple[str, ...]
    traditional: bool = False
    warnings: tuple[str, ...] = ()
    mixed: bool = False
    region: str = ""

    @property
    def simplify(self) -> bool:
        """True when the edition is read in Simplified form (it has Traditional text)."""
        return self.lang == "zh" and (self.traditional or self.mixed)

    def simplified_lines(self) -> tuple[str, ...]:
        """``lines`` converted to Simplified characters where :attr:`simplify` (OpenCC
        ``t2s``, one character for one, so that offsets are kept), else ``lines``."""
        if not self.simplify:
            return self.lines
        return tuple(to_simplified_line(line) for line in self.lines)


def to_simplified_line(line: str) -> str:
    """``line`` in Simplified characters, of the same length: OpenCC ``t2s`` converts
    character for character; a conversion that would change the length (none is known) is
    made character by character instead."""
    out = to_simplified(line)
    if len(out) == len(line):
        return out
    return "".join(c if len(t := to_simplified(c)) != 1 else t for c in line)


def read_document(path: str | os.PathLike[str]) -> SourceDocument:
    """Read a .txt, .md, .docx or .pdf edition and detect its language.

    Raises :class:`InputError` for a missing, unreadable or unsupported file, a PDF
    without a text layer, or a document that is neither Chinese nor English.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in CONVERT_FIRST:
        raise InputError(convert_first(p))
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(f"{p}: unsupported file type {p.suffix or '(none)'!r}; "
                         f"give a {', '.join(SUPPORTED_SUFFIXES)} file")
    if not p.exists():
        raise InputError(f"{p}: no such file; check the path")
    if p.is_dir():
        raise InputError(f"{p}: is a folder; give a file")
    found: tuple[str, ...] = ()
    if suffix == ".docx":
        lines, found = _read_docx(p)
    elif suffix == ".pdf":
        lines, found = _read_pdf(p)
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
    found = (*found, *_page_warnings(p, lines))
    traditional = lang == "zh" and is_traditional(sample)
    mixed = lang == "zh" and not traditional and has_traditional(text)
    region = chinese_region(sample) if traditional else ""
    return SourceDocument(p, p.stem, lang, tuple(lines), traditional, found, mixed, region)


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


_NAMES = {"zh": "Chinese", "en": "English"}


def expect_language(source: str | os.PathLike[str], lines: Sequence[str], lang: Lang) -> None:
    """Raise :class:`InputError` unless ``lines`` (read from ``source``) are in ``lang``.

    Swapped files are named as such: the Chinese edition comes first.
    """
    found = detect_lang("\n".join(lines[:400]))
    if found is None:
        raise InputError(f"{source}: is neither Chinese nor English text; give the "
                         f"{_NAMES[lang]} edition")
    if found != lang:
        raise InputError(f"{source}: looks {_NAMES[found]}, but the {_NAMES[lang]} file was "
                         "expected here; give the Chinese file first, then the English one")


def read_edition_lines(path: str | os.PathLike[str], lang: Lang) -> list[str]:
    """:func:`read_paragraph_lines` of an edition that must be in ``lang``."""
    lines = read_paragraph_lines(path)
    expect_language(path, lines, lang)
    return lines


def _sample(text: str) -> str:
    """Beginning, middle and end of a long text: enough to tell its script, and quick."""
    if len(text) <= 3 * _SAMPLE_CHARS:
        return text
    mid = len(text) // 2
    return "\n".join((text[:_SAMPLE_CHARS], text[mid: mid + _SAMPLE_CHARS],
                      text[-_SAMPLE_CHARS:]))


# A Word paragraph with this many line breaks holds a page (a PDF converted to Word): it is
# read line by line. A paragraph this long (Han characters plus Latin words) is a page or
# more: the bundled editions' longest paragraphs are under 400.
_PAGE_BREAKS = 8
_PAGE_UNITS = 600
_PAGES_MIN = 3


def _page_warnings(p: Path, lines: Sequence[str]) -> tuple[str, ...]:
    """A warning when many paragraphs are a page long or more: their headings and
    paragraphs cannot be told apart."""
    long = [unit_length(line) for line in lines if unit_length(line) >= _PAGE_UNITS]
    content = sum(1 for line in lines if line.strip())
    if len(long) < _PAGES_MIN:
        return ()
    return (f"{p}: {len(long):,} of its {content:,} paragraphs are a page long or more (up "
            f"to {max(long):,} words or characters): the file seems to hold whole pages per "
            "paragraph, whose headings and paragraphs cannot be told apart; give the "
            "edition's PDF, or a file with one paragraph per paragraph",)


def _read_docx(p: Path) -> tuple[list[str], tuple[str, ...]]:
    """Body paragraphs and table rows in document order; a row's cells joined by tabs.

    A paragraph holding a whole page (a PDF converted to Word, its lines kept as line
    breaks) is read line by line, with a warning counting such paragraphs."""
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
    lines: list[str] = []
    pages = breaks = 0
    for block in _docx_blocks(document):
        text = clean(block)
        if text.count("\n") >= _PAGE_BREAKS:
            pages += 1
            breaks += text.count("\n")
            lines.extend(text.split("\n"))
        else:
            lines.append(text)
    warnings: tuple[str, ...] = ()
    if pages:
        warnings = (f"{p}: {pages:,} paragraph(s) hold whole pages ({breaks:,} line breaks); "
                    "they were read line by line, as the lines of a PDF; check the cases "
                    "and paragraphs found",)
    return lines, warnings


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


def _read_pdf(p: Path) -> tuple[list[str], tuple[str, ...]]:
    """One line per paragraph, rebuilt from the page layout (see
    :mod:`align.documents.pdf`), and the reader's warnings about a damaged text layer."""
    from align.documents.pdf import read_pdf

    text = read_pdf(p)
    return [clean(par.text) for par in text.paragraphs], text.warnings
