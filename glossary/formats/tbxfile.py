"""TBX: the glossary as a TBX-Basic termbase (TBX v3, ISO 30042:2019), and reading one back.

Structure, after the TBX v3 core structure (DCA style)::

    <tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
      <tbxHeader><fileDesc>
        <titleStmt><title>…</title></titleStmt>
        <sourceDesc><p>run signature</p></sourceDesc>
      </fileDesc></tbxHeader>
      <text><body>
        <conceptEntry id="c1">
          <note>status, count, cases, confidence</note>
          <langSec xml:lang="zh"><termSec><term>碳中和</term>…</termSec></langSec>
          <langSec xml:lang="en">
            <termSec><term>carbon neutrality</term>
              <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
              <descrip type="context">…</descrip><note>count: 40</note></termSec>
            <termSec><term>net zero</term>
              <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>…
          </langSec>
        </conceptEntry>
      </body></text>
    </tbx>

Inside a ``termSec`` the order is the one of the core structure: ``term``, then
``termNote``, then ``descrip``, then ``note``. :func:`read_tbx` also reads TBX v2
(``martif``/``termEntry``/``langSet``/``tig``), the form most CAT tools still export.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from align.core.atomic import atomic_write
from align.core.errors import FormatError, InputError
from align.core.text import xml_safe
from glossary.checks.consistency import ApprovedTerm
from glossary.terms import Glossary

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def write_tbx(glossary: Glossary, path: str | os.PathLike[str],
              title: str = "zhen glossary") -> None:
    """Write ``glossary`` as TBX-Basic (TBX v3), the signature in the header."""
    from lxml import etree

    def sub(parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
        el = etree.SubElement(parent, tag)
        for k, v in attrs.items():
            el.set(XML_LANG if k == "lang" else k, xml_safe(v))
        if text is not None:
            el.text = xml_safe(text)
        return el

    nsmap = {None: TBX_NS}
    root = etree.Element("tbx", nsmap=nsmap)
    root.set("type", "TBX-Basic")
    root.set("style", "dca")
    root.set(XML_LANG, "en")
    header = sub(root, "tbxHeader")
    file_desc = sub(header, "fileDesc")
    sub(sub(file_desc, "titleStmt"), "title", title)
    sub(sub(file_desc, "sourceDesc"), "p", glossary.signature)
    body = sub(sub(root, "text"), "body")
    for n, e in enumerate(glossary.entries, 1):
        concept = sub(body, "conceptEntry", id=f"c{n}")
        sub(concept, "note", f"status: {e.status}; kind: {e.kind}; count: {e.count}; "
                             f"cases: {e.cases_text}; confidence: {e.confidence:.3f}")
        zh_sec = sub(sub(concept, "langSec", lang="zh"), "termSec")
        sub(zh_sec, "term", e.zh)
        if e.kind == "name":
            sub(zh_sec, "termNote", "properNoun", type="partOfSpeech")
        if e.example_zh:
            sub(zh_sec, "descrip", e.example_zh, type="context")
        # A rendering with nothing left once XML-illegal characters are dropped is skipped.
        renderings = [r for r in e.renderings if xml_safe(r.text).strip()]
        if not e.en or not renderings:
            continue
        en_sec = sub(concept, "langSec", lang="en")
        for r in renderings:
            ts = sub(en_sec, "termSec")
            sub(ts, "term", r.text)
            sub(ts, "termNote", "preferredTerm-admn-sts" if r.text == e.en
                else "admittedTerm-admn-sts", type="administrativeStatus")
            if r.text == e.en and e.example_en:
                sub(ts, "descrip", e.example_en, type="context")
            sub(ts, "note", f"count: {r.count}; cases: {','.join(f'{c:02d}' for c in r.cases)}")
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    with atomic_write(path, "wb") as f:
        f.write(data)


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


def read_tbx(path: str | os.PathLike[str]) -> list[ApprovedTerm]:
    """Read the Chinese terms of a TBX file (v3 or v2) with their English renderings.

    Deprecated or superseded renderings (``administrativeStatus`` of that kind) are not
    approved and are left out. Raises :class:`FormatError` naming ``file:line`` for a
    file that is not well-formed XML or not TBX, an entry without Chinese or English, and
    a Chinese term listed in two entries.
    """
    from lxml import etree

    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file; check the path") from None
    except OSError as ex:
        raise InputError(f"{p}: cannot be read ({ex.strerror}); check its permissions") from None
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
    terms: list[ApprovedTerm] = []
    seen: dict[str, int] = {}
    for entry in root.iter():
        if _local(entry.tag) not in ("conceptEntry", "termEntry"):
            continue
        line = entry.sourceline or 0
        zh: list[str] = []
        en: list[str] = []
        for lang_sec in entry:
            if _local(lang_sec.tag) not in ("langSec", "langSet"):
                continue
            lang = (lang_sec.get(XML_LANG) or lang_sec.get("lang") or "").lower()
            for term_el in lang_sec.iter():
                if _local(term_el.tag) != "term" or not (term_el.text or "").strip():
                    continue
                if _deprecated(term_el):
                    continue
                text = " ".join("".join(term_el.itertext()).split())
                if lang.startswith("zh"):
                    zh.append(text)
                elif lang.startswith("en"):
                    en.append(text)
        if not zh or not en:
            side = "Chinese (xml:lang=\"zh\")" if not zh else "English (xml:lang=\"en\")"
            raise FormatError(f"{p}:{line}: this entry has no {side} term; "
                              "complete or delete it")
        for z in zh:
            if z in seen:
                raise FormatError(f"{p}:{line}: {z} is listed twice (first at line "
                                  f"{seen[z]}); merge the two entries")
            seen[z] = line
            terms.append(ApprovedTerm(z, tuple(dict.fromkeys(en)), f"{p}:{line}"))
    if not terms:
        raise InputError(f"{p}: holds no entries; give a TBX with conceptEntry (or termEntry) "
                         "elements")
    return terms


def _deprecated(term_el: Any) -> bool:
    """True when the term's section marks it deprecated, superseded or not recommended."""
    sec = term_el.getparent()
    for el in sec:
        if _local(el.tag) in ("termNote", "termNoteGrp") and \
                (el.get("type") == "administrativeStatus" or _local(el.tag) == "termNoteGrp"):
            value = " ".join(el.itertext()).lower()
            if any(w in value for w in ("deprecated", "superseded", "notrecommended")):
                return True
    return False
