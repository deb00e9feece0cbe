"""TMX 1.4b: write aligned pairs as a translation memory, validate it, read one back.

A translation memory file holds one ``<tu>`` (translation unit) per aligned pair, with a
Chinese and an English ``<tuv>`` variant. :func:`write_tmx` streams units to disk, so a
memory of any size is written without building an XML tree, and writes through
:func:`align.core.atomic.atomic_write`: on any error nothing half-written is left behind.
Paragraph-level and sentence-level memories go through the same writer; only ``segtype``
differs.

The format is the LISA/GALA TMX 1.4b specification (``tmx14.dtd``, bundled in
``align/data`` and used by :func:`validate_tmx`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal

from align.core.atomic import atomic_write
from align.core.errors import FormatError, OutputError, where
from align.core.text import xml_safe
from align.documents.decode import open_binary

if TYPE_CHECKING:
    from lxml import etree

SegType = Literal["paragraph", "sentence"]

#: The ``prop`` type that carries :attr:`TranslationUnit.score` in a ``<tu>``.
SCORE_PROP = "x-score"
#: The ``prop`` type that carries the run signature in the ``<header>``.
SIGNATURE_PROP = "x-signature"

_DTD_PATH = Path(__file__).parent / "data" / "tmx14.dtd"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The score is written with the three decimals of the bead grammar (``[3]:[3,4]:0.912``).
_SCORE_FORMAT = ".3f"

# Escapes for character data and for attribute values (in double quotes). A raw CR would be
# read back as LF (XML §2.11), and tab/LF/CR in an attribute as spaces (§3.3.3), so they are
# written as character references where the parser would otherwise change them. "&" comes
# first so that the other escapes are not escaped again; chained str.replace is several
# times faster than str.translate on long segments.
_TEXT_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
_ATTR_ESCAPES = (*_TEXT_ESCAPES, ('"', "&quot;"), ("\t", "&#9;"), ("\n", "&#10;"))


@dataclass(frozen=True)
class TranslationUnit:
    """One aligned pair as it goes into (or comes out of) a translation memory.

    ``zh`` and ``en`` are the two segments (either may be empty for a pair with no
    counterpart); ``score`` is the aligner's confidence in [0, 1], written as the ``x-score``
    prop with three decimals; ``props`` are further ``(type, value)`` pairs written as
    ``<prop>`` elements in order, e.g. ``(("x-case", "case03"), ("x-zh-ids", "3"),
    ("x-en-ids", "3,4"))``. TMX asks that user-defined prop types start with ``x-``.
    ``zh_lang`` and ``en_lang`` override the memory's language tags for this unit (an
    edition in Traditional characters among Simplified ones).
    """

    zh: str
    en: str
    score: float = 1.0
    props: tuple[tuple[str, str], ...] = ()
    zh_lang: str | None = None
    en_lang: str | None = None

    def __post_init__(self) -> None:
        for prop in self.props:
            if len(prop) != 2:
                raise ValueError(f"TranslationUnit props must be (type, value) pairs, got {prop!r}")
            if prop[0] == SCORE_PROP:
                raise ValueError(f"TranslationUnit props must not hold {SCORE_PROP!r}: "
                                 "it is written from the score field")

    def prop(self, type_: str) -> str | None:
        """The value of the first prop of type ``type_``, or ``None`` if there is none."""
        for key, value in self.props:
            if key == type_:
                return value
        return None


def _escape(value: str, escapes: tuple[tuple[str, str], ...]) -> str:
    value = xml_safe(value)
    for char, ref in escapes:
        if char in value:
            value = value.replace(char, ref)
    return value


def _text(value: str) -> str:
    return _escape(value, _TEXT_ESCAPES)


def _attr(value: str) -> str:
    return _escape(value, _ATTR_ESCAPES)


def _prop(type_: str, value: str, indent: str) -> str:
    return f'{indent}<prop type="{_attr(type_)}">{_text(value)}</prop>\n'


def _lang_side(lang: str | None) -> Literal["zh", "en"] | None:
    """Which side of a pair a TMX language code belongs to, by its primary subtag."""
    if not lang:
        return None
    primary = lang.split("-", 1)[0].split("_", 1)[0].lower()
    if primary == "zh":
        return "zh"
    if primary == "en":
        return "en"
    return None


def _format_date(when: datetime) -> str:
    # TMX 1.4b §3.4: dates are ISO 8601 basic format in UTC, YYYYMMDDThhmmssZ.
    # A naive datetime is taken to be in UTC already.
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return when.strftime("%Y%m%dT%H%M%SZ")


def _header(*, segtype: str, signature: str, tool_version: str, srclang: str,
            header_props: Iterable[tuple[str, str]], creationdate: datetime | None) -> str:
    date = f' creationdate="{_format_date(creationdate)}"' if creationdate else ""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n',
        '<tmx version="1.4">\n',
        f'  <header creationtool="zhen" creationtoolversion="{_attr(tool_version)}"'
        f' segtype="{segtype}" o-tmf="zhen" adminlang="en" srclang="{_attr(srclang)}"'
        f' datatype="plaintext"{date}>\n',
        _prop(SIGNATURE_PROP, signature, "    "),
        *(_prop(key, value, "    ") for key, value in header_props),
        "  </header>\n",
        "  <body>\n",
    ]
    return "".join(lines)


def _tu(unit: TranslationUnit, zh_lang: str, en_lang: str) -> str:
    # TMX DTD: <!ELEMENT tu ((note|prop)*, tuv+)> -- notes and props come before the
    # variants, and <!ELEMENT tuv ((note|prop)*, seg)> -- the text comes last.
    parts = ["    <tu>\n", _prop(SCORE_PROP, format(unit.score, _SCORE_FORMAT), "      ")]
    parts.extend(_prop(key, value, "      ") for key, value in unit.props)
    zh_lang, en_lang = unit.zh_lang or zh_lang, unit.en_lang or en_lang
    parts.append(f'      <tuv xml:lang="{_attr(zh_lang)}"><seg>{_text(unit.zh)}</seg></tuv>\n')
    parts.append(f'      <tuv xml:lang="{_attr(en_lang)}"><seg>{_text(unit.en)}</seg></tuv>\n')
    parts.append("    </tu>\n")
    return "".join(parts)


def write_tmx(units: Iterable[TranslationUnit], path: str | os.PathLike[str], *,
              segtype: SegType, signature: str, tool_version: str, srclang: str = "zh-CN",
              header_props: Iterable[tuple[str, str]] = (), zh_lang: str = "zh-CN",
              en_lang: str = "en", creationdate: datetime | None = None) -> int:
    """Write ``units`` to ``path`` as a TMX 1.4b file and return how many were written.

    The file is UTF-8 with an XML declaration and ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``.
    The header names zhen (``creationtool``, ``creationtoolversion=tool_version``,
    ``o-tmf``), the ``segtype`` (``"paragraph"`` or ``"sentence"``), ``srclang`` and
    ``datatype="plaintext"``, and carries ``signature`` (the run signature: tool version,
    encoder, key parameters) as an ``x-signature`` prop, followed by ``header_props``.
    Each unit becomes one ``<tu>`` with its ``x-score`` and props and two variants,
    ``zh_lang`` (default ``zh-CN``) then ``en_lang`` (default ``en``). ``srclang`` must be
    one of the two variant languages or ``*all*``. ``creationdate``, when given, is
    written to the header in UTC (a naive datetime is taken to be UTC); it is left out by
    default so that the same input gives the same file.

    Units are written as given, in order, as ``units`` is iterated: leave out pairs with an
    empty side beforehand if the memory should hold only complete pairs. Characters XML
    cannot hold are removed (:func:`xml_safe`); everything else is escaped. The file
    appears at ``path`` only once complete: if iterating ``units`` or writing fails,
    nothing is left there (an earlier file at ``path`` is kept).

    Raises :class:`~align.core.errors.OutputError` if ``path`` cannot be written.
    """
    if segtype not in ("paragraph", "sentence"):
        raise ValueError(f"segtype must be 'paragraph' or 'sentence', not {segtype!r}")
    if srclang not in (zh_lang, en_lang, "*all*"):
        raise ValueError(f"srclang {srclang!r} must be {zh_lang!r}, {en_lang!r} or '*all*'")

    count = 0
    with atomic_write(path) as f:
        _put(f, path, _header(segtype=segtype, signature=signature, tool_version=tool_version,
                              srclang=srclang, header_props=header_props,
                              creationdate=creationdate))
        for unit in units:
            _put(f, path, _tu(unit, zh_lang, en_lang))
            count += 1
        _put(f, path, "  </body>\n</tmx>\n")
    return count


def _put(f: IO[str], path: str | os.PathLike[str], text: str) -> None:
    # Only the writes are guarded: an OSError raised while producing the units (reading an
    # input, say) is not an output problem and must keep its own message.
    try:
        f.write(text)
    except OSError as ex:
        raise OutputError(f"{path}: cannot be written ({ex.strerror}); free some space or "
                          "choose another location") from None


def _open_binary(path: str | os.PathLike[str]) -> IO[bytes]:
    # XML declares its own encoding (TMX files from other tools are often UTF-16), so the
    # parser decodes the bytes itself instead of going through textio.read_text.
    return open_binary(path, ".tmx file")


def _parser_options() -> dict[str, bool]:
    # Never fetch the DTD named in the DOCTYPE nor expand entities from the file: a TMX from
    # elsewhere must not make zhen read other files or go on the network.
    return {"load_dtd": False, "resolve_entities": False, "no_network": True,
            "huge_tree": True}


def validate_tmx(path: str | os.PathLike[str]) -> None:
    """Check that ``path`` is well-formed XML that is valid against the TMX 1.4b DTD.

    Uses the DTD bundled with zhen, whatever the file's DOCTYPE says. Raises
    :class:`~align.core.errors.FormatError` naming ``file:line`` of the first problem, or
    :class:`~align.core.errors.InputError` if the file cannot be read.
    """
    from lxml import etree

    dtd = etree.DTD(str(_DTD_PATH))
    with _open_binary(path) as f:
        try:
            tree = etree.parse(f, etree.XMLParser(**_parser_options()))
        except etree.XMLSyntaxError as ex:
            raise FormatError(f"{where(path, ex.lineno or None)}: not well-formed XML "
                              f"({ex.msg}); repair or re-export the file") from None
    if not dtd.validate(tree):
        error = dtd.error_log[0]
        raise FormatError(f"{where(path, error.line)}: not valid TMX 1.4b ({error.message}); "
                          "repair or re-export the file")


def _seg_text(seg: etree._Element) -> str:
    """The plain text of a ``<seg>``: its own text and that of ``<hi>``, without inline codes.

    ``bpt``/``ept``/``ph``/``it``/``ut`` hold native codes of the original format (such as
    ``<b>`` of HTML), not text; what follows each of them is kept.
    """
    parts = [seg.text or ""]
    for child in seg:
        if child.tag == "hi":
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _read_unit(tu: etree._Element, path: str | os.PathLike[str],
               skip_incomplete: bool) -> TranslationUnit | None:
    score = 1.0
    props: list[tuple[str, str]] = []
    texts: dict[str, str] = {}
    for child in tu:
        if child.tag == "prop":
            type_ = child.get("type", "")
            value = child.text or ""
            if type_ == SCORE_PROP:
                try:
                    score = float(value)
                except ValueError:
                    raise FormatError(f"{path}:{child.sourceline}: {SCORE_PROP} {value!r} is "
                                      "not a number; correct or remove the prop") from None
            else:
                props.append((type_, value))
        elif child.tag == "tuv":
            side = _lang_side(child.get(_XML_LANG) or child.get("lang"))
            seg = child.find("seg")
            # The first variant of each language counts, as in a TMX with several per unit.
            if side is not None and seg is not None and side not in texts:
                texts[side] = _seg_text(seg)
    if "zh" not in texts or "en" not in texts:
        if skip_incomplete:
            return None
        missing = "Chinese" if "zh" not in texts else "English"
        raise FormatError(f"{path}:{tu.sourceline}: translation unit has no {missing} "
                          "variant; give a zh/en memory or skip such units")
    return TranslationUnit(zh=texts["zh"], en=texts["en"], score=score, props=tuple(props))


def _iter_units(f: IO[bytes], path: str | os.PathLike[str],
                skip_incomplete: bool) -> Iterator[TranslationUnit]:
    from lxml import etree

    events = etree.iterparse(f, events=("start", "end"), **_parser_options())
    first = True
    for event, elem in events:
        if first:
            first = False
            if elem.tag != "tmx":
                raise FormatError(f"{path}:{elem.sourceline}: root element is <{elem.tag}>, "
                                  "not <tmx>; give a TMX file")
        if event != "end" or elem.tag != "tu":
            continue
        unit = _read_unit(elem, path, skip_incomplete)
        if unit is not None:
            yield unit
        # Free what was read so far: memory stays flat however long the file is.
        elem.clear()
        while elem.getprevious() is not None:
            del elem.getparent()[0]


def read_tmx(path: str | os.PathLike[str], *, skip_incomplete: bool = False
             ) -> list[TranslationUnit]:
    """Read the Chinese–English pairs of a TMX file (zhen's own or another tool's).

    Each ``<tu>`` gives one :class:`TranslationUnit`: the first variant whose language is
    Chinese (``zh``, ``zh-CN``, ``zh-Hant`` …) and the first in English (``en``, ``en-US``
    …); inline codes (``bpt``, ``ept``, ``ph``, ``it``, ``ut``) are dropped and the text
    around them kept. ``score`` comes from the ``x-score`` prop, or is 1.0 for units
    without one (memories made by people or other tools); the other ``<tu>`` props are
    kept in order. Variants in other languages are ignored. A unit lacking a Chinese or an
    English variant raises :class:`~align.core.errors.FormatError` naming its line, unless
    ``skip_incomplete`` is true, when it is left out.

    The file is not checked against the DTD (see :func:`validate_tmx`), so slightly
    irregular memories from other tools can still be read.
    """
    from lxml import etree

    with _open_binary(path) as f:
        try:
            return list(_iter_units(f, path, skip_incomplete))
        except etree.XMLSyntaxError as ex:
            raise FormatError(f"{where(path, ex.lineno or None)}: not well-formed XML "
                              f"({ex.msg}); repair or re-export the file") from None
