"""Exporters and importers: one contract for CSV, XLSX and TBX (non-ASCII, markup, control
characters, round trip), approved glossaries with their error paths, and the check."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align.core.errors import FormatError, InputError, OutputError
from glossary.checks.consistency import ApprovedTerm, check_pairs, inconsistencies
from glossary.formats.approved import read_approved
from glossary.formats.csvfile import write_glossary_csv, write_inconsistent_csv
from glossary.formats.export import write_glossary
from glossary.formats.jsonfile import to_json
from glossary.formats.tbxfile import TBX_NS, write_tbx
from glossary.formats.tbxread import read_tbx
from glossary.pairs import make_pair
from glossary.terms import Glossary, Occurrence, Rendering, TermEntry


def entry(zh: str, en: str, variants: tuple[tuple[str, int], ...] = (), count: int = 3,
          example_en: str = "") -> TermEntry:
    rends = (Rendering(en, count, (1, 4)), *(Rendering(v, n, (2,)) for v, n in variants))
    return TermEntry(zh, en, rends, count + sum(n for _, n in variants), (1, 2, 4), "term",
                     0.875, "inconsistent" if variants else "consistent", f"…{zh}…",
                     example_en or f"…{en}…",
                     (Occurrence("p", 1, (3,), (3,), en), Occurrence("p", 2, (5,), (4, 5),
                                                                     variants[0][0]
                                                                     if variants else en)))


SAMPLE = Glossary((
    entry("碳中和", "carbon neutrality", (("net zero", 2),)),
    entry("光伏治沙", "PV <sand> control & more", example_en='say "PV" & <b>sand</b>'),
    entry("绿豆芽", "Lvdoya\x07bell", (("Lvdoaya", 1),)),  # a control character
    entry("供应链金融", "supply chain finance"),
), "zhen-0.1.0|glossary:jieba-0.42.1:abcd1234|cedict:2020-12-21|min_count:2")

FORMATS = ["csv", "xlsx", "tbx", "json"]


def _read_back(path: Path) -> list[tuple[str, str]]:
    """(zh, en) of every entry, read with an independent reader per format."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            return [(r["zh"], r["en"]) for r in csv.DictReader(f)]
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        ws = load_workbook(path)["glossary"]
        rows = list(ws.iter_rows(values_only=True))
        assert list(rows[0][:2]) == ["zh", "en"]
        return [(str(r[0]), str(r[1])) for r in rows[1:]]
    if path.suffix == ".tbx":
        return [(t.zh, t.renderings[0]) for t in read_tbx(path).terms]
    import json

    return [(e["zh"], e["en"]) for e in json.loads(path.read_text("utf-8"))["glossary"]]


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_keeps_cjk_markup_and_drops_controls(tmp_path: Path, fmt: str) -> None:
    path = write_glossary(SAMPLE, tmp_path / f"g.{fmt}")
    got = _read_back(path)
    expected = [(e.zh, e.en) for e in SAMPLE.entries]
    if fmt in ("xlsx", "tbx"):  # XML cannot carry U+0007: it is dropped, not fatal
        expected = [(z, e.replace("\x07", "")) for z, e in expected]
    assert got == expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_outputs_carry_the_signature(tmp_path: Path, fmt: str) -> None:
    path = write_glossary(SAMPLE, tmp_path / f"g.{fmt}")
    if fmt == "xlsx":
        from openpyxl import load_workbook

        meta = dict(load_workbook(path)["metadata"].iter_rows(values_only=True))
        assert meta["signature"] == SAMPLE.signature
    elif fmt == "csv":
        # CSV stays a plain table: the signature goes into glossary.json (see the CLI).
        assert SAMPLE.signature not in path.read_text("utf-8")
    else:
        assert SAMPLE.signature in path.read_text("utf-8")


def _children(el) -> list[str]:
    from lxml import etree

    return [etree.QName(c).localname for c in el]


def test_tbx_is_tbx_basic_in_the_martif_form(tmp_path: Path) -> None:
    from lxml import etree

    path = tmp_path / "g.tbx"
    write_tbx(SAMPLE, path)
    tree = etree.parse(str(path))
    assert tree.docinfo.doctype == '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">'
    root = tree.getroot()
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    # The core-structure DTD's content models, element by element.
    assert _children(root) == ["martifHeader", "text"]
    assert _children(root[0]) == ["fileDesc", "encodingDesc"]
    assert _children(root[0][0]) == ["titleStmt", "sourceDesc"]
    assert root.findtext("martifHeader/fileDesc/sourceDesc/p") == SAMPLE.signature
    assert root.find("martifHeader/encodingDesc/p").get("type") == "XCSURI"
    entries = root.findall("text/body/termEntry")
    assert len(entries) == len(SAMPLE.entries)
    first = entries[0]
    assert _children(first) == ["note", "langSet", "langSet"]  # notes before langSets
    assert [ls.get("{http://www.w3.org/XML/1998/namespace}lang")
            for ls in first.findall("langSet")] == ["zh", "en"]
    tigs = first.findall("langSet[2]/tig")
    assert [t.findtext("term") for t in tigs] == ["carbon neutrality", "net zero"]
    assert [t.findtext("termNote[@type='administrativeStatus']") for t in tigs] == [
        "preferredTerm-admn-sts", "admittedTerm-admn-sts"]
    # tig: term, then termNote, then descrip and note.
    assert _children(tigs[0]) == ["term", "termNote", "descrip", "note"]
    assert tigs[1].findtext("note") == "count: 2; cases: 02"
    assert "status: inconsistent" in first.findtext("note")


def test_tbx_v3_on_request(tmp_path: Path) -> None:
    from lxml import etree

    path = write_glossary(SAMPLE, tmp_path / "g.tbx", tbx_version=3)
    root = etree.parse(str(path)).getroot()
    ns = {"t": TBX_NS}
    assert root.tag == f"{{{TBX_NS}}}tbx" and root.get("type") == "TBX-Basic"
    assert root.find("t:tbxHeader/t:fileDesc/t:sourceDesc/t:p", ns).text == SAMPLE.signature
    concepts = root.findall("t:text/t:body/t:conceptEntry", ns)
    assert len(concepts) == len(SAMPLE.entries)
    assert _children(concepts[0]) == ["note", "langSec", "langSec"]
    en_terms = concepts[0].findall("t:langSec[2]/t:termSec", ns)
    assert [ts.find("t:termNote", ns).text for ts in en_terms] == [
        "preferredTerm-admn-sts", "admittedTerm-admn-sts"]
    assert _children(en_terms[0]) == ["term", "termNote", "descrip", "note"]
    with pytest.raises(OutputError, match="TBX version 4"):
        write_tbx(SAMPLE, tmp_path / "v4.tbx", version=4)  # type: ignore[arg-type]


UNTRANSLATED = TermEntry("三大", "", (), 4, (3,), "term", 0.4, "untranslated", "…三大…")
NAME = TermEntry("魏桥", "Weiqiao", (Rendering("Weiqiao", 5, (2, 3)),), 5, (2, 3), "name",
                 0.9, "consistent")


@pytest.mark.parametrize("version", [2, 3])
def test_tbx_untranslated_entry_is_chinese_only_with_a_note(tmp_path: Path,
                                                            version: int) -> None:
    from lxml import etree

    path = tmp_path / "g.tbx"
    write_tbx(Glossary((UNTRANSLATED, NAME), "sig"), path, version=version)  # type: ignore[arg-type]
    root = etree.parse(str(path)).getroot()
    entries = [el for el in root.iter() if etree.QName(el).localname in ("termEntry",
                                                                          "conceptEntry")]
    first = entries[0]
    assert _children(first) == ["note", "note", "langSet" if version == 2 else "langSec"]
    assert "untranslated" in first[1].text
    # Only the attested renderings become terms: none here, so no English section.
    terms = [el.text for el in first.iter() if etree.QName(el).localname == "term"]
    assert terms == ["三大"]
    pos = [el.text for el in entries[1].iter() if el.get("type") == "partOfSpeech"]
    assert pos == ["properNoun", "properNoun"]  # a name, in both languages
    # Read back as an approved glossary, the untranslated entry is skipped and counted.
    approved = read_tbx(path)
    assert [t.zh for t in approved.terms] == ["魏桥"]
    assert approved.warnings and "1 of 2 entries skipped" in approved.warnings[0]


def test_tbx_takes_only_the_attested_renderings(tmp_path: Path) -> None:
    # en names a phrase the pairing did not attest: it is not exported as a term.
    odd = TermEntry("岸电", "shore electricity", (Rendering("shore power", 3, (1,)),
                                                  Rendering("cold ironing", 1, (2,))),
                    4, (1, 2), "term", 0.7, "inconsistent")
    path = tmp_path / "g.tbx"
    write_tbx(Glossary((odd,), "sig"), path)
    (term,) = read_tbx(path).terms
    assert term.renderings == ("shore power", "cold ironing")


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(zh=st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
                  min_size=1, max_size=8),
       en=st.text(alphabet=st.sampled_from(list("abc XYZ<>&\"'/-₂é\x01\t")), min_size=1,
                  max_size=30).filter(lambda s: s.replace("\x01", "").strip() != ""))
def test_tbx_round_trip_random_text(tmp_path: Path, zh: str, en: str) -> None:
    for version in (2, 3):
        path = tmp_path / f"r{version}.tbx"
        write_tbx(Glossary((entry(zh, en),), "sig"), path, version=version)  # type: ignore[arg-type]
        (got,) = read_tbx(path).terms
        assert got.zh == zh
        assert got.renderings == (" ".join(en.replace("\x01", "").split()),)


def test_unknown_output_format(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="unknown output format"):
        write_glossary(SAMPLE, tmp_path / "g.docx")


def test_nothing_half_written_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "g.csv"
    target.write_text("old\n", encoding="utf-8")
    broken = Glossary((entry("碳", "carbon"),), "sig")
    object.__setattr__(broken.entries[0], "renderings", None)  # breaks variants_text
    with pytest.raises(TypeError):
        write_glossary_csv(broken, target)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["g.csv"]


def test_inconsistency_report(tmp_path: Path) -> None:
    rows = inconsistencies(SAMPLE)
    assert [(r.zh, r.rendering, r.count) for r in rows] == [
        ("碳中和", "carbon neutrality", 3), ("碳中和", "net zero", 2),
        ("绿豆芽", "Lvdoya\x07bell", 3), ("绿豆芽", "Lvdoaya", 1)]
    assert rows[1].where == "02:5/4,5"  # case 02, zh ¶5, en ¶4-5 (0-based, as everywhere)
    assert rows[0].where == "01:3/3"  # the occurrence Occurrence("p", 1, (3,), (3,), …)
    path = tmp_path / "inconsistent.csv"
    write_inconsistent_csv(rows, path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # a byte-order mark, for Excel
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "zh,preferred,rendering,count,cases,where" and len(lines) == 5


def test_json_summary_counts() -> None:
    data = to_json(SAMPLE)
    assert data["entries"] == 4 and data["inconsistent"] == 2
    assert data["signature"] == SAMPLE.signature
    assert data["glossary"][0]["variants"] == [{"text": "net zero", "count": 2}]


# -- approved glossaries --------------------------------------------------------------------

def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_approved_csv_with_variants(tmp_path: Path) -> None:
    text = "zh,en,variants\n碳中和,carbon neutrality,carbon neutral | net zero\n岸电,shore power,\n"
    terms = read_approved(_write(tmp_path / "a.csv", text)).terms
    assert terms == (
        ApprovedTerm("碳中和", ("carbon neutrality", "carbon neutral", "net zero"),
                     f"{tmp_path / 'a.csv'}:2"),
        ApprovedTerm("岸电", ("shore power",), f"{tmp_path / 'a.csv'}:3"))
    tsv = read_approved(_write(tmp_path / "a.tsv", "Chinese\tEnglish\n碳汇\tcarbon sink\n"))
    assert tsv.terms[0].renderings == ("carbon sink",)


def test_approved_csv_with_or_without_a_byte_order_mark(tmp_path: Path) -> None:
    text = "zh,en\n碳汇,carbon sink\n"
    plain = tmp_path / "plain.csv"
    plain.write_bytes(text.encode("utf-8"))
    marked = tmp_path / "marked.csv"
    marked.write_bytes(text.encode("utf-8-sig"))  # as Excel saves "CSV UTF-8"
    assert [t.zh for t in read_approved(plain).terms] == ["碳汇"]
    assert [t.zh for t in read_approved(marked).terms] == ["碳汇"]


def test_the_glossary_csv_zhen_writes_reads_back_as_approved(tmp_path: Path) -> None:
    path = write_glossary(SAMPLE, tmp_path / "glossary.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    terms = read_approved(path).terms
    assert [t.zh for t in terms] == [e.zh for e in SAMPLE.entries]
    assert terms[0].renderings == ("carbon neutrality", "net zero")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_untranslated_entry_of_zhens_glossary_is_skipped_as_approved(
        tmp_path: Path, fmt: str) -> None:
    from dataclasses import replace

    missing = replace(entry("岸电", ""), en="", renderings=(), status="untranslated")
    glossary = Glossary((*SAMPLE.entries, missing), SAMPLE.signature)
    path = write_glossary(glossary, tmp_path / f"glossary.{fmt}")
    approved = read_approved(path)
    assert [t.zh for t in approved.terms] == [e.zh for e in SAMPLE.entries]
    assert len(approved.warnings) == 1 and str(path) in approved.warnings[0]
    assert "1 of 5 rows skipped" in approved.warnings[0]
    # Without zhen's status column an empty rendering is still the user's mistake.
    with pytest.raises(FormatError, match=r"a\.csv:3: the English rendering is empty"):
        read_approved(_write(tmp_path / "a.csv", "zh,en\n碳汇,carbon sink\n岸电,\n"))


def test_identical_rows_are_accepted(tmp_path: Path) -> None:
    text = "zh,en,variants\n碳汇,carbon sink,sink\n岸电,shore power,\n碳汇,carbon sink,sink\n"
    terms = read_approved(_write(tmp_path / "a.csv", text)).terms
    assert [(t.zh, t.source.rpartition(":")[2]) for t in terms] == [("碳汇", "2"), ("岸电", "3")]


@pytest.mark.parametrize("text, message", [
    ("term,translation2\n碳,carbon\n", r"a\.csv:1: the header .* names no 'zh' and 'en'"),
    ("zh,en\n碳中和,carbon neutrality\n碳中和,net zero\n",
     r"a\.csv:3: 碳中和 is listed twice with different renderings \(first at line 2\)"),
    ("zh,en\n碳中和,\n", r"a\.csv:2: the English rendering is empty"),
    ("zh,en\n,carbon\n", r"a\.csv:2: the Chinese term is empty"),
])
def test_bad_approved_csv(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        read_approved(_write(tmp_path / "a.csv", text))


def test_empty_or_missing_approved(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is empty"):
        read_approved(_write(tmp_path / "a.csv", "\n\n"))
    with pytest.raises(InputError, match="no such file"):
        read_approved(tmp_path / "missing.tbx")
    with pytest.raises(InputError, match="unknown glossary format"):
        read_approved(_write(tmp_path / "a.pdf", "x"))


def test_tbx_not_well_formed_names_the_line(tmp_path: Path) -> None:
    bad = '<?xml version="1.0"?>\n<tbx>\n<text><body>\n<conceptEntry>\n</body></text></tbx>\n'
    with pytest.raises(FormatError, match=r"b\.tbx:5: not well-formed XML"):
        read_approved(_write(tmp_path / "b.tbx", bad))
    with pytest.raises(FormatError, match="not <tbx> or <martif>"):
        read_approved(_write(tmp_path / "c.tbx", "<html/>"))


_ZH_EN = ('<conceptEntry><langSec xml:lang="zh"><termSec><term>{zh}</term></termSec>'
          '</langSec><langSec xml:lang="en"><termSec><term>{en}</term></termSec>'
          '</langSec></conceptEntry>\n')


def test_tbx_entries_without_both_languages_are_skipped_and_counted(tmp_path: Path) -> None:
    head = f'<tbx xmlns="{TBX_NS}"><text><body>\n'
    fr_only = ('<conceptEntry><langSec xml:lang="fr"><termSec><term>puits de carbone'
               '</term></termSec></langSec></conceptEntry>\n')
    zh_fr = ('<conceptEntry><langSec xml:lang="zh-CN"><termSec><term>岸电</term></termSec>'
             '</langSec><langSec xml:lang="fr"><termSec><term>courant de quai</term>'
             '</termSec></langSec></conceptEntry>\n')
    text = (head + fr_only + _ZH_EN.format(zh="碳汇", en="carbon sink") + zh_fr
            + "</body></text></tbx>")
    approved = read_approved(_write(tmp_path / "m.tbx", text))
    assert [t.zh for t in approved.terms] == ["碳汇"]
    assert approved.warnings == (f"{tmp_path / 'm.tbx'}: 2 of 3 entries skipped, without a "
                                 "Chinese or an English term (first at line 2)",)
    only_zh = head + zh_fr + "</body></text></tbx>"
    with pytest.raises(InputError, match=r"none of its 1 entries has both a Chinese"):
        read_approved(_write(tmp_path / "n.tbx", only_zh))


def test_tbx_duplicates(tmp_path: Path) -> None:
    head = f'<tbx xmlns="{TBX_NS}"><text><body>\n'
    same = _ZH_EN.format(zh="碳汇", en="carbon sink")
    approved = read_approved(_write(tmp_path / "e.tbx", head + same + same
                                    + "</body></text></tbx>"))
    assert len(approved.terms) == 1 and not approved.warnings
    other = _ZH_EN.format(zh="碳汇", en="carbon pool")
    with pytest.raises(FormatError, match=r"f\.tbx:3: 碳汇 is listed twice with different "
                                          r"English terms \(first at line 2\)"):
        read_approved(_write(tmp_path / "f.tbx", head + same + other + "</body></text></tbx>"))


def test_tbx_v2_and_deprecated_terms(tmp_path: Path) -> None:
    v2 = ('<martif type="TBX"><text><body><termEntry id="t1">'
          '<langSet xml:lang="zh-CN"><tig><term>岸电</term></tig></langSet>'
          '<langSet xml:lang="en-US"><tig><term>shore power</term></tig>'
          '<ntig><termGrp><term>cold ironing</term></termGrp></ntig>'
          '<ntig><termGrp><term>shore supply</term>'
          '<termNote type="administrativeStatus">supersededTerm-admn-sts</termNote>'
          '</termGrp></ntig>'
          '<tig><term>shore electricity</term>'
          '<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>'
          '</langSet></termEntry></body></text></martif>')
    (term,) = read_approved(_write(tmp_path / "v2.tbx", v2)).terms
    assert term.zh == "岸电" and term.renderings == ("shore power", "cold ironing")


def test_a_language_code_is_matched_by_its_primary_subtag(tmp_path: Path) -> None:
    # zha is Zhuang, not Chinese; en_GB is English.
    text = ('<martif type="TBX-Basic"><text><body><termEntry>'
            '<langSet xml:lang="zha"><tig><term>x</term></tig></langSet>'
            '<langSet xml:lang="zh-Hans"><tig><term>碳汇</term></tig></langSet>'
            '<langSet xml:lang="en_GB"><tig><term>carbon sink</term></tig></langSet>'
            '</termEntry></body></text></martif>')
    (term,) = read_approved(_write(tmp_path / "l.tbx", text)).terms
    assert (term.zh, term.renderings) == ("碳汇", ("carbon sink",))


def test_approved_xlsx(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["zh", "en"])
    wb.active.append(["碳汇", "carbon sink"])
    wb.active.append(["碳汇", "sink"])
    wb.save(tmp_path / "a.xlsx")
    with pytest.raises(FormatError, match=r"a\.xlsx \(sheet Sheet\):3: 碳汇 is listed twice"):
        read_approved(tmp_path / "a.xlsx")


# -- key term mismatches ------------------------------------------------------------------

def test_check_finds_key_term_mismatches() -> None:
    pairs = [
        make_pair("p", 1, (0,), (0,), "实现碳中和。", "Achieve Carbon Neutrality."),
        make_pair("p", 1, (1,), (1,), "碳中和目标", "the net-zero goal"),
        make_pair("p", 2, (2,), (2,), "碳汇项目", "carbon sinks project"),
        make_pair("p", 2, (3,), (), "碳中和", ""),
        make_pair("p", 2, (4,), (3,), "无关内容", "unrelated"),
    ]
    approved = [ApprovedTerm("碳中和", ("carbon neutrality", "carbon neutral")),
                ApprovedTerm("碳汇", ("carbon sink",))]
    result = check_pairs(pairs, approved)
    assert [(m.zh, m.case, m.zh_ids, m.en_text) for m in result.mismatches] == [
        ("碳中和", 1, (1,), "the net-zero goal")]
    assert [(r.result, r.zh, r.zh_ids, r.found) for r in result.rows] == [
        ("mismatch", "碳中和", (1,), ""), ("untranslated", "碳中和", (3,), ""),
        ("ok", "碳中和", (0,), "carbon neutrality"), ("ok", "碳汇", (2,), "carbon sink")]
    assert result.pairs == 4 and result.terms_found == 2 and result.approved_terms == 2


@pytest.mark.parametrize("approved, english", [
    ("net zero", "The Net-Zero pathway"),                   # hyphen for space
    ("net-zero", "reach net zero by 2050"),                 # space for hyphen
    ("carbon neutral", "a carbon-neutral/low-carbon park"),  # slash and hyphen compound
    ("low carbon", "a carbon-neutral/low-carbon park"),
    ("carbon neutral", "two Carbon Neutrals were certified"),  # plural, case
    ("carbon neutrals", "a carbon neutral plant"),           # plural in the approved term
    ("energy company", "the energy companies' plans"),      # -ies, possessive
    ("process", "three processes"),
    ("ＣＣＥＲ", "CCERs were issued"),                        # full width, acronym plural
])
def test_check_folds_case_hyphens_slashes_and_plurals(approved: str, english: str) -> None:
    pair = make_pair("p", 1, (0,), (0,), "碳中和", english)
    (row,) = check_pairs([pair], [ApprovedTerm("碳中和", (approved,))]).rows
    assert row.result == "ok" and row.found == approved


@pytest.mark.parametrize("approved, english", [
    ("carbon neutrality", "a carbon neutral plant"),  # derivation is another term
    ("carbon neutral", "carbon and neutral"),         # words apart
    ("net zero", "netzero"),
])
def test_check_still_flags_other_wordings(approved: str, english: str) -> None:
    pair = make_pair("p", 1, (0,), (0,), "碳中和", english)
    (row,) = check_pairs([pair], [ApprovedTerm("碳中和", (approved,))]).rows
    assert row.result == "mismatch"


def test_glossary_json_reads_back_as_the_same_glossary(tmp_path: Path) -> None:
    from glossary.formats.jsonfile import read_json, write_json

    write_json(SAMPLE, tmp_path / "glossary.json")
    assert read_json(tmp_path / "glossary.json") == SAMPLE
    (tmp_path / "bad.json").write_text('{"glossary": [{"zh": "x"}]}', "utf-8")
    with pytest.raises(FormatError, match=r"bad\.json: is not a glossary written by"):
        read_json(tmp_path / "bad.json")


def test_a_run_folders_files_are_the_same_written_in_one_process_or_two(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl import load_workbook

    from glossary.formats.export import write_glossary_files

    def content(p: Path) -> object:
        if p.suffix != ".xlsx":
            return p.read_bytes()
        wb = load_workbook(p)  # the workbook's own timestamps aside
        return {n: list(wb[n].iter_rows(values_only=True)) for n in wb.sheetnames}

    got = {}
    for label in ("two", "one"):
        if label == "one":
            monkeypatch.setattr("os.sched_getaffinity", lambda _pid: {0})
        folder = tmp_path / label
        folder.mkdir()
        written = write_glossary_files(SAMPLE, folder)
        got[label] = {p.name: content(p) for p in written}
        assert not [p for p in folder.iterdir() if "zhen-tmp" in p.name]
    assert got["one"] == got["two"]
    assert {"glossary.xlsx", "glossary.tbx", "inconsistent.csv"} <= set(got["one"])
