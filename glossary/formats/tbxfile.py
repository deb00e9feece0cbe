"""TBX: the glossary as a TBX-Basic termbase, in the form CAT tools import.

The default is TBX-Basic in the ``martif`` form of TBX v2 (ISO 30042:2008), the form
most CAT tools import (OmegaT and translate-toolkit load it in the tests; both refuse v3)::

    <!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
    <martif type="TBX-Basic" xml:lang="en">
      <martifHeader>
        <fileDesc>
          <titleStmt><title>zhen glossary</title></titleStmt>
          <sourceDesc><p>run signature</p></sourceDesc>
        </fileDesc>
        <encodingDesc><p type="XCSURI">TBXBasicXCSV02.xcs</p></encodingDesc>
      </martifHeader>
      <text><body>
        <termEntry id="c1">
          <note>status: inconsistent; kind: term; count: 42; …</note>
          <langSet xml:lang="zh"><tig><term>碳中和</term>…</tig></langSet>
          <langSet xml:lang="en">
            <tig><term>carbon neutrality</term>
              <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
              <descrip type="context">…</descrip><note>count: 40; cases: 01,04</note></tig>
            <tig><term>net zero</term>
              <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>…</tig>
          </langSet>
        </termEntry>
      </body></text>
    </martif>

Element order follows the TBX core-structure DTD: ``martif`` holds ``martifHeader`` then
``text``; ``fileDesc`` holds ``titleStmt`` before ``sourceDesc``; a ``termEntry`` and a
``langSet`` hold their notes before their ``langSet``/``tig`` children; a ``tig`` holds
``term``, then its ``termNote`` elements, then ``descrip`` and ``note``.

``version=3`` writes TBX v3 (ISO 30042:2019, DCA style: ``tbx``/``conceptEntry``/
``langSec``/``termSec`` in the ``urn:iso:std:iso:30042:ed-2`` namespace) with the same
content, for tools that read the newer standard.

Only the renderings the pairing attested (``entry.renderings``) become English terms: the
preferred one ``preferredTerm-admn-sts``, the others ``admittedTerm-admn-sts``. Counts,
cases, kind, confidence and status go into notes. A term the English left out (status
``untranslated``, no rendering) is written as an entry with its Chinese term only and a
note saying so, so that the termbase lists the same entries as ``glossary.csv``.
:func:`~glossary.formats.tbxread.read_tbx` reads both forms back.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Literal

from align.core.atomic import atomic_write
from align.core.errors import OutputError
from align.core.text import xml_safe
from glossary.formats.tbxread import TBX_NS, XML_LANG, read_tbx
from glossary.terms import Glossary, TermEntry, format_cases

__all__ = ["TBX_NS", "TBX_VERSIONS", "TbxVersion", "read_tbx", "write_tbx"]

TbxVersion = Literal[2, 3]
#: The TBX versions :func:`write_tbx` writes: 2 (``martif``, the default) and 3.
TBX_VERSIONS: tuple[TbxVersion, ...] = (2, 3)
#: The DTD and the constraint specification TBX-Basic names for its v2 form.
BASIC_DTD = "TBXBasiccoreStructV02.dtd"
BASIC_XCS = "TBXBasicXCSV02.xcs"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
UNTRANSLATED_NOTE = ("untranslated: the English edition leaves this term out wherever it "
                     "occurs, so no English term is given")

# Element names of the two forms: (entry, language section, term section, header).
_TAGS = {2: ("termEntry", "langSet", "tig", "martifHeader"),
         3: ("conceptEntry", "langSec", "termSec", "tbxHeader")}


@dataclass(frozen=True)
class _Term:
    """One term of an entry as the TBX holds it: ``term_notes`` are the ``(type, value)``
    pairs of its ``termNote`` elements, ``context`` its example, ``note`` a free note."""

    text: str
    term_notes: tuple[tuple[str, str], ...] = ()
    context: str = ""
    note: str = ""


def write_tbx(glossary: Glossary, path: str | os.PathLike[str], title: str = "zhen glossary",
              version: TbxVersion = 2) -> None:
    """Write ``glossary`` to ``path`` as TBX-Basic (atomically), the run signature in the
    header: ``version`` 2 (``martif``, ISO 30042:2008, the default) or 3 (ISO 30042:2019).

    Raises :class:`OutputError` for another version.
    """
    from lxml import etree

    if version not in TBX_VERSIONS:
        raise OutputError(f"{path}: TBX version {version!r} is not one zhen writes; use 2 "
                          "(martif, what most CAT tools import) or 3")
    root = _root(glossary, title, version)
    doctype = f'<!DOCTYPE martif SYSTEM "{BASIC_DTD}">' if version == 2 else None
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
                          doctype=doctype)
    with atomic_write(path, "wb") as f:
        f.write(data)


def _sub(parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
    """A child element; ``lang`` stands for ``xml:lang``; text made safe for XML."""
    from lxml import etree

    ns = etree.QName(parent).namespace  # v3 elements live in the TBX namespace, v2 in none
    el = etree.SubElement(parent, f"{{{ns}}}{tag}" if ns else tag)
    for k, v in attrs.items():
        el.set(XML_LANG if k == "lang" else k, xml_safe(v))
    if text is not None:
        el.text = xml_safe(text)
    return el


def _root(glossary: Glossary, title: str, version: TbxVersion) -> Any:
    from lxml import etree

    entry_tag, _, _, header_tag = _TAGS[version]
    if version == 2:
        root = etree.Element("martif")
    else:
        root = etree.Element(f"{{{TBX_NS}}}tbx", nsmap={None: TBX_NS})
        root.set("style", "dca")
    root.set("type", "TBX-Basic")
    root.set(XML_LANG, "en")
    header = _sub(root, header_tag)
    file_desc = _sub(header, "fileDesc")
    _sub(_sub(file_desc, "titleStmt"), "title", title)
    _sub(_sub(file_desc, "sourceDesc"), "p", glossary.signature)
    if version == 2:
        _sub(_sub(header, "encodingDesc"), "p", BASIC_XCS, type="XCSURI")
    body = _sub(_sub(root, "text"), "body")
    for n, e in enumerate(glossary.entries, 1):
        _entry(_sub(body, entry_tag, id=f"c{n}"), e, version, glossary.zh_lang)
    return root


def _entry(el: Any, e: TermEntry, version: TbxVersion, zh_lang: str) -> None:
    """Fill one entry: its notes first, then the Chinese (tagged ``zh_lang``) and the
    English sections."""
    _, lang_tag, term_tag, _ = _TAGS[version]
    scale = f"; scale: {e.scale_text}" if e.scale_text else ""
    _sub(el, "note", f"status: {e.status}; kind: {e.kind}; count: {e.count}; "
                     f"cases: {e.cases_text}; confidence: {e.confidence:.3f}{scale}")
    english = _english(e)
    if not english:
        _sub(el, "note", UNTRANSLATED_NOTE)
    for lang, terms in ((zh_lang, [_chinese(e)]), ("en", english)):
        if not terms:
            continue
        section = _sub(el, lang_tag, lang=lang)
        for t in terms:
            holder = _sub(section, term_tag)
            _sub(holder, "term", t.text)
            for kind, value in t.term_notes:
                _sub(holder, "termNote", value, type=kind)
            if t.context:
                _sub(holder, "descrip", t.context, type="context")
            if t.note:
                _sub(holder, "note", t.note)


def _pos(e: TermEntry) -> tuple[tuple[str, str], ...]:
    # TBX-Basic's partOfSpeech picklist has properNoun; for other kinds zhen does not know.
    return (("partOfSpeech", "properNoun"),) if e.kind == "name" else ()


def _chinese(e: TermEntry) -> _Term:
    return _Term(e.zh_written, _pos(e), e.example_zh)


def _english(e: TermEntry) -> list[_Term]:
    """The attested renderings as terms, the preferred one first; none for a term the
    English left out (a rendering with nothing left once XML-illegal characters are
    dropped is skipped)."""
    renderings = [r for r in e.renderings if xml_safe(r.text).strip()]
    if not renderings:
        return []
    preferred = e.en if any(r.text == e.en for r in renderings) else renderings[0].text
    renderings.sort(key=lambda r: r.text != preferred)
    return [_Term(r.text, (*_pos(e), ("administrativeStatus",
                                      PREFERRED if r.text == preferred else ADMITTED)),
                  e.example_en if r.text == preferred else "",
                  f"count: {r.count}; cases: {format_cases(r.cases)}")
            for r in renderings]
