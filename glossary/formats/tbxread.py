"""Reading a TBX termbase as an approved glossary: TBX v2 (``martif``/``termEntry``/
``langSet``/``tig`` or ``ntig``) and TBX v3 (``tbx``/``conceptEntry``/``langSec``/
``termSec``), whatever tool wrote it.

Every entry with a Chinese (``xml:lang="zh…"``) and an English (``en…``) term becomes an
:class:`~glossary.checks.consistency.ApprovedTerm`; entries that lack one of the two (a
termbase in several languages often has some) are skipped and counted in a warning.
Deprecated, superseded and not-recommended terms are not approved and are left out.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from align.core.errors import FormatError, InputError
from align.documents.decode import open_binary
from glossary.checks.consistency import ApprovedGlossary, ApprovedTerm

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ENTRY_TAGS = ("conceptEntry", "termEntry")
_LANG_TAGS = ("langSec", "langSet")
_NOT_APPROVED = ("deprecated", "superseded", "notrecommended")


def read_tbx(path: str | os.PathLike[str]) -> ApprovedGlossary:
    """Read the Chinese terms of a TBX file (v2 or v3) with their English renderings.

    Raises :class:`FormatError` naming ``file:line`` for a file that is not well-formed
    XML or not TBX, and for a Chinese term two entries render differently (an entry that
    repeats another exactly is accepted); :class:`InputError` for a file without any entry
    that has both languages. Entries without Chinese or without English are skipped, and
    :attr:`ApprovedGlossary.warnings` says how many.
    """
    p = Path(path)
    terms: list[ApprovedTerm] = []
    seen: dict[str, ApprovedTerm] = {}
    skipped: list[int] = []
    entries = 0
    for line, zh, en in _entries(_parse(p)):
        entries += 1
        if not zh or not en:
            skipped.append(line)
            continue
        for z in zh:
            term = ApprovedTerm(z, tuple(dict.fromkeys(en)), f"{p}:{line}")
            if _is_repeat(seen.get(z), term):
                continue
            seen[z] = term
            terms.append(term)
    if not terms:
        raise InputError(_no_terms(p, entries))
    warnings = (f"{p}: {len(skipped)} of {entries} entries skipped, without a Chinese or an "
                f"English term (first at line {skipped[0]})",) if skipped else ()
    return ApprovedGlossary(tuple(terms), warnings)


def _no_terms(p: Path, entries: int) -> str:
    if not entries:
        return f"{p}: holds no entries; give a TBX with termEntry (or conceptEntry) elements"
    return (f"{p}: none of its {entries} entries has both a Chinese (xml:lang=\"zh\") and an "
            "English (xml:lang=\"en\") term; give a Chinese-English termbase")


def _is_repeat(first: ApprovedTerm | None, term: ApprovedTerm) -> bool:
    """True when ``term`` repeats ``first`` exactly; :class:`FormatError` when the two
    entries give the same Chinese term different renderings."""
    if first is None:
        return False
    if set(first.renderings) == set(term.renderings):
        return True
    line = first.source.rpartition(":")[2]
    raise FormatError(f"{term.source}: {term.zh} is listed twice with different English "
                      f"terms (first at line {line}); merge the two entries")


def _parse(p: Path) -> Any:
    """The root element of the TBX file ``p``; errors name the file and the line."""
    from lxml import etree

    with open_binary(p, "TBX file") as f:
        data = f.read()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as ex:
        line = ex.lineno if ex.lineno else 1
        msg = str(ex.msg).split(",")[0] if ex.msg else "syntax error"
        raise FormatError(f"{p}:{line}: not well-formed XML ({msg}); fix the file or "
                          "export it again from your terminology tool") from None
    if _local(root.tag) not in ("tbx", "martif"):
        raise FormatError(f"{p}:{root.sourceline}: the root element is <{_local(root.tag)}>, "
                          "not <tbx> or <martif>; give a TBX file")
    return root


def _entries(root: Any) -> Iterator[tuple[int, list[str], list[str]]]:
    """``(line, Chinese terms, English terms)`` of every entry, approved terms only."""
    for entry in root.iter():
        if _local(entry.tag) not in _ENTRY_TAGS:
            continue
        zh: list[str] = []
        en: list[str] = []
        for section in entry:
            if _local(section.tag) not in _LANG_TAGS:
                continue
            lang = (section.get(XML_LANG) or section.get("lang") or "").lower()
            primary = lang.replace("_", "-").split("-")[0]
            target = zh if primary == "zh" else en if primary == "en" else None
            if target is not None:
                target.extend(_terms(section))
        yield entry.sourceline or 0, zh, en


def _terms(section: Any) -> Iterator[str]:
    """The approved terms of one language section, their inline markup flattened."""
    for el in section.iter():
        if _local(el.tag) != "term" or not "".join(el.itertext()).strip():
            continue
        if not _deprecated(el):
            yield " ".join("".join(el.itertext()).split())


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


def _deprecated(term_el: Any) -> bool:
    """True when the term's section marks it deprecated, superseded or not recommended."""
    # In a tig (termSec) the notes are the term's siblings; in an ntig, inside its termGrp.
    for el in term_el.getparent():
        tag = _local(el.tag)
        if tag == "termNoteGrp" or (tag == "termNote" and
                                    el.get("type") == "administrativeStatus"):
            value = " ".join(el.itertext()).lower()
            if any(w in value for w in _NOT_APPROVED):
                return True
    return False
