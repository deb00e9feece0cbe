"""TMX 1.4b export: DTD validity, a second reader (translate-toolkit), round trips, safety."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from align.core.errors import FormatError, InputError
from align.core.sentences import split_sentences
from align.documents.decode import read_lines
from align.exports.tmx import (
    SCORE_PROP,
    SIGNATURE_PROP,
    TranslationUnit,
    read_tmx,
    validate_tmx,
    write_tmx,
    xml_safe,
)

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SIGNATURE = "zhen:0.1.0|enc:usem3|seg:paragraph"

SAMPLE = [
    TranslationUnit("2022 年，企业应对气候变化的行动更显可贵。",
                    "In 2022, business climate action was all the more valuable.", 0.912,
                    (("x-doc-zh", "004.txt"), ("x-case", "case01"), ("x-zh-ids", "3"),
                     ("x-en-ids", "3,4"))),
    TranslationUnit("<b>粗体</b> & “引号” 'single' \"double\"",
                    "<b>bold</b> & <i>markup-like</i> text ]]> 'single' \"double\"", 0.5,
                    (("x-case", "case<&>\"02"),)),
    TranslationUnit("含控制字符\x00\x01\x0b\x1f和\ufffe非字符", "control\x07chars\uffff gone",
                    0.25),
    TranslationUnit("  前后有空格\t制表符\n换行\r回车  ", "  spaces\tkept\nhere\r ", 1.0),
    TranslationUnit("只有中文", "", 0.0, (("x-en-ids", ""),)),
]


def _write(path: Path, units: Iterable[TranslationUnit], **kwargs: object) -> int:
    options: dict[str, object] = {"segtype": "paragraph", "signature": SIGNATURE,
                                  "tool_version": "0.1.0"}
    options.update(kwargs)
    return write_tmx(units, path, **options)  # type: ignore[arg-type]


def _cleaned(unit: TranslationUnit) -> TranslationUnit:
    """What a unit looks like after a write/read round trip."""
    return TranslationUnit(xml_safe(unit.zh), xml_safe(unit.en),
                           float(format(unit.score, ".3f")),
                           tuple((xml_safe(k), xml_safe(v)) for k, v in unit.props))


def test_written_file_is_valid_tmx_14(tmp_path: Path) -> None:
    path = tmp_path / "out.tmx"
    assert _write(path, SAMPLE) == len(SAMPLE)
    validate_tmx(path)
    head = path.read_bytes()[:120]
    assert head.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    assert b'<!DOCTYPE tmx SYSTEM "tmx14.dtd">' in head


def test_header_carries_tool_segtype_and_signature(tmp_path: Path) -> None:
    path = tmp_path / "out.tmx"
    when = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    _write(path, SAMPLE, segtype="sentence", header_props=[("x-encoder", "usem3")],
           creationdate=when)
    root = etree.parse(str(path)).getroot()
    assert root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None
    assert dict(header.attrib) == {
        "creationtool": "zhen", "creationtoolversion": "0.1.0", "segtype": "sentence",
        "o-tmf": "zhen", "adminlang": "en", "srclang": "zh-CN", "datatype": "plaintext",
        "creationdate": "20240506T070809Z"}
    assert [(p.get("type"), p.text) for p in header.findall("prop")] == [
        (SIGNATURE_PROP, SIGNATURE), ("x-encoder", "usem3")]
    first = root.find("body/tu")
    assert first is not None
    # DTD order: props before variants; Chinese variant first.
    assert [child.tag for child in first] == ["prop"] * 5 + ["tuv", "tuv"]
    assert [tuv.get(XML_LANG) for tuv in first.findall("tuv")] == ["zh-CN", "en"]
    assert first.findall("prop")[0].get("type") == SCORE_PROP
    assert first.findall("prop")[0].text == "0.912"


def test_translate_toolkit_reads_the_same_units(tmp_path: Path) -> None:
    from translate.misc.xml_helpers import getXMLlang
    from translate.storage import tmx

    path = tmp_path / "out.tmx"
    _write(path, SAMPLE)
    with path.open("rb") as f:
        store = tmx.tmxfile(f)
    units = [u for u in store.units if u.getlanguageNodes()]
    assert len(units) == len(SAMPLE)
    assert store.sourcelanguage == "zh-CN"
    for theirs, ours in zip(units, SAMPLE, strict=True):
        assert [getXMLlang(node) for node in theirs.getlanguageNodes()] == ["zh-CN", "en"]
        assert theirs.source == xml_safe(ours.zh)
        assert theirs.target == xml_safe(ours.en)


def test_round_trip_keeps_text_score_and_props(tmp_path: Path) -> None:
    path = tmp_path / "out.tmx"
    _write(path, SAMPLE)
    assert read_tmx(path) == [_cleaned(u) for u in SAMPLE]


def test_sentence_units_from_the_corpus_round_trip(tmp_path: Path) -> None:
    zh = read_lines(next(CORPORA.glob("004_*.txt")))
    en = read_lines(next(CORPORA.glob("002_*.txt")))
    units = [TranslationUnit(z, e, 0.8, (("x-zh-ids", str(i)),))
             for i, (z, e) in enumerate(zip(
                 (s for p in zh[:200] for s in split_sentences(p, "zh")),
                 (s for p in en[:200] for s in split_sentences(p, "en")), strict=False))]
    path = tmp_path / "sentences.tmx"
    assert _write(path, units, segtype="sentence") == len(units) > 100
    validate_tmx(path)
    assert read_tmx(path) == units


def test_xml_safe_removes_only_what_xml_forbids() -> None:
    assert xml_safe("a\x00b\x01c\x08d\x0be\x0cf\x1fg") == "abcdefg"
    assert xml_safe("\ufffe\uffff\ud800\udfff") == ""
    kept = "tab\t lf\n cr\r <b>&amp;\"' 中文 \x7f\x85 \ufffd 😀 \U0010ffff"
    assert xml_safe(kept) == kept


# Any code point, including controls, noncharacters and lone surrogates.
any_text = st.text(st.characters(exclude_categories=()), max_size=60)
tricky_text = st.lists(st.sampled_from(
    ["中文", "<b>", "</b>", "&", "&amp;", "<", ">", '"', "'", "]]>", "\x00", "\x1b", "\r",
     "\n", "\t", " ", "\ufffe", "\ud83d", "😀", "“", "”", "<!--", "<![CDATA["]),
    max_size=20).map("".join)
texts = st.one_of(any_text, tricky_text)
units = st.builds(
    TranslationUnit, texts, texts, st.floats(0, 1),
    st.lists(st.tuples(texts.filter(lambda t: t != SCORE_PROP), texts), max_size=3).map(tuple))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(units, max_size=5))
def test_round_trip_any_text(tmp_path: Path, generated: list[TranslationUnit]) -> None:
    path = tmp_path / "random.tmx"
    assert _write(path, generated) == len(generated)
    validate_tmx(path)
    assert read_tmx(path) == [_cleaned(u) for u in generated]


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(texts, texts), min_size=1, max_size=4))
def test_translate_toolkit_agrees_on_any_text(tmp_path: Path,
                                              pairs: list[tuple[str, str]]) -> None:
    from translate.storage import tmx

    path = tmp_path / "random.tmx"
    _write(path, [TranslationUnit(zh, en) for zh, en in pairs])
    with path.open("rb") as f:
        store = tmx.tmxfile(f)
    got = [(u.source, u.target) for u in store.units if u.getlanguageNodes()]
    assert got == [(xml_safe(zh), xml_safe(en)) for zh, en in pairs]


def test_failed_write_leaves_no_file(tmp_path: Path) -> None:
    def failing() -> Iterator[TranslationUnit]:
        yield SAMPLE[0]
        yield SAMPLE[1]
        raise RuntimeError("aligner failed")

    path = tmp_path / "out.tmx"
    with pytest.raises(RuntimeError, match="aligner failed"):
        write_tmx(failing(), path, segtype="paragraph", signature="s", tool_version="0.1.0")
    assert list(tmp_path.iterdir()) == []


def test_failed_write_keeps_the_previous_file(tmp_path: Path) -> None:
    path = tmp_path / "out.tmx"
    _write(path, SAMPLE[:1])
    before = path.read_bytes()

    def failing() -> Iterator[TranslationUnit]:
        yield SAMPLE[1]
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        write_tmx(failing(), path, segtype="paragraph", signature="s", tool_version="0.1.0")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["out.tmx"]


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="segtype"):
        _write(tmp_path / "a.tmx", SAMPLE, segtype="phrase")
    with pytest.raises(ValueError, match="srclang"):
        _write(tmp_path / "a.tmx", SAMPLE, srclang="fr")
    with pytest.raises(ValueError, match=SCORE_PROP):
        TranslationUnit("中", "en", 0.5, ((SCORE_PROP, "0.5"),))
    assert not (tmp_path / "a.tmx").exists()


def test_english_as_source_language(tmp_path: Path) -> None:
    path = tmp_path / "en.tmx"
    _write(path, SAMPLE, srclang="en")
    validate_tmx(path)
    header = etree.parse(str(path)).getroot().find("header")
    assert header is not None and header.get("srclang") == "en"


def test_validate_reports_the_line_of_an_invalid_element(tmp_path: Path) -> None:
    path = tmp_path / "out.tmx"
    _write(path, SAMPLE)
    lines = path.read_text(encoding="utf-8").split("\n")
    n = next(i for i, line in enumerate(lines) if "<tuv" in line)
    lines[n] = lines[n].replace("<seg>", "<seg><b>bold</b>")
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(FormatError, match=rf"out\.tmx:{n + 1}: not valid TMX 1\.4b"):
        validate_tmx(path)


def test_validate_reports_order_the_dtd_forbids(tmp_path: Path) -> None:
    path = tmp_path / "order.tmx"
    path.write_text(
        '<?xml version="1.0"?>\n<tmx version="1.4">\n<header creationtool="x" '
        'creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en" '
        'datatype="plaintext"/>\n<body>\n<tu>\n<tuv xml:lang="en"><seg>a</seg></tuv>\n'
        '<prop type="x-late">after the variants</prop>\n</tu>\n</body>\n</tmx>\n',
        encoding="utf-8")
    with pytest.raises(FormatError, match=r"order\.tmx:5: not valid TMX"):
        validate_tmx(path)


def test_validate_reports_broken_xml_and_missing_files(tmp_path: Path) -> None:
    path = tmp_path / "broken.tmx"
    path.write_text('<?xml version="1.0"?>\n<tmx version="1.4">\n<header>\n</tmx>\n',
                    encoding="utf-8")
    with pytest.raises(FormatError, match=r"broken\.tmx:4: not well-formed XML"):
        validate_tmx(path)
    with pytest.raises(FormatError, match="not well-formed XML"):
        read_tmx(path)
    with pytest.raises(InputError, match="no such file"):
        validate_tmx(tmp_path / "missing.tmx")
    with pytest.raises(InputError, match="no such file"):
        read_tmx(tmp_path / "missing.tmx")


FOREIGN = """<?xml version="1.0" encoding="{encoding}"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="OtherTool" creationtoolversion="9" segtype="sentence" o-tmf="x"
          adminlang="en-US" srclang="en-US" datatype="html"/>
  <body>
    <tu tuid="1">
      <note>from a client</note>
      <prop type="x-domain">energy</prop>
<tuv xml:lang="en-US"><seg>Click <bpt i="1">&lt;b></bpt>here<ept i="1">&lt;/b></ept> now</seg></tuv>
      <tuv xml:lang="fr-FR"><seg>Cliquez ici</seg></tuv>
      <tuv xml:lang="zh-TW"><seg>點擊<ph>&lt;br/&gt;</ph><hi type="b">這裡</hi></seg></tuv>
    </tu>
    <tu tuid="2">
      <tuv xml:lang="en-US"><seg>French only</seg></tuv>
      <tuv xml:lang="fr-FR"><seg>Seulement</seg></tuv>
    </tu>
  </body>
</tmx>
"""


@pytest.mark.parametrize("encoding", ["UTF-8", "UTF-16"])
def test_read_a_memory_from_another_tool(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "foreign.tmx"
    path.write_text(FOREIGN.format(encoding=encoding), encoding=encoding.lower())
    validate_tmx(path)
    line = FOREIGN.split("\n").index('    <tu tuid="2">') + 1
    with pytest.raises(FormatError, match=rf"foreign\.tmx:{line}: translation unit has no Chinese"):
        read_tmx(path)
    assert read_tmx(path, skip_incomplete=True) == [
        TranslationUnit("點擊這裡", "Click here now", 1.0, (("x-domain", "energy"),))]


def test_read_refuses_other_xml(tmp_path: Path) -> None:
    path = tmp_path / "not.tmx"
    path.write_text('<?xml version="1.0"?>\n<xliff><file/></xliff>\n', encoding="utf-8")
    with pytest.raises(FormatError, match="not <tmx>"):
        read_tmx(path)
    with pytest.raises(FormatError, match="not valid TMX"):
        validate_tmx(path)


def test_read_refuses_a_score_that_is_not_a_number(tmp_path: Path) -> None:
    path = tmp_path / "out.tmx"
    _write(path, SAMPLE[:1])
    path.write_text(path.read_text(encoding="utf-8").replace(">0.912<", ">high<"),
                    encoding="utf-8")
    with pytest.raises(FormatError, match=r"out\.tmx:9: x-score 'high' is not a number"):
        read_tmx(path)


def test_a_generator_of_units_is_written_in_order(tmp_path: Path) -> None:
    seen: list[int] = []

    def counting() -> Iterator[TranslationUnit]:
        for i in range(3):
            seen.append(i)
            yield replace(SAMPLE[0], props=(("x-n", str(i)),))

    path = tmp_path / "gen.tmx"
    assert _write(path, counting()) == 3
    assert seen == [0, 1, 2]
    assert [u.prop("x-n") for u in read_tmx(path)] == ["0", "1", "2"]
