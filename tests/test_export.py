"""TMX export of a ``zhen run`` folder, paragraph and sentence level, library and CLI.

One small run is built per module from real text: the first two cases of the bundled
edition pair (``corpora/004_…`` Chinese, ``corpora/002_…`` English), cut to a few sections
each, aligned with the real default encoder and written by :func:`align.job.report.write_run`
with the TMX hook, exactly as ``zhen run`` does.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner, Result

from align import __version__
from align.core.errors import InputError
from align.core.records import AlignedPair
from align.core.runfolder import PAIRS_JSONL, read_pairs, read_run
from align.core.text import tm_spacing
from align.documents.decode import read_lines
from align.encoders import Encoder
from align.exports.memory import TMX_NAME, export_tmx, paragraph_units, sentence_units
from align.exports.tmx import SIGNATURE_PROP, TranslationUnit, read_tmx, validate_tmx
from zhen.app import app

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
ZH_SOURCE = CORPORA / "004_3717a3b3a4f37818.txt"
EN_SOURCE = CORPORA / "002_c4f0acade1fce1e3.txt"

# Section headings of the two editions, in the order a case prints them.
ZH_HEADINGS = ("案例概述", "项目亮点", "机构简介", "项目成果", "项目实施",
               "项目影响力、可推广性与可持续性", "专家点评")
EN_HEADINGS = ("Project Overview", "Project Highlights", "Company Profile", "Project Outcome",
               "Project Implementation", "Project Impact & Sustainability", "Expert Comment")


@dataclass(frozen=True)
class CaseExcerpt:
    """Which part of a case goes into the small edition: its title and some sections."""

    title: str
    sections: tuple[str, ...]
    # Body paragraphs starting with this are left out: a paragraph left untranslated.
    drop: str | None = None


# The same two cases in both editions. The English edition leaves out the general
# manager's quotation, so the Chinese one has a paragraph without a translation (a 1:0
# bead, which the memory must not hold).
ZH_CASES = (
    CaseExcerpt("打造全球首家电池零碳工厂",
                ("案例概述", "项目亮点", "机构简介", "项目成果", "专家点评")),
    CaseExcerpt("云南文山绿色铝创新产业园", ("案例概述", "项目亮点", "机构简介", "专家点评")),
)
EN_CASES = (
    CaseExcerpt("CATL Unveils the World's First Carbon-Zero Battery Plant",
                ("Project Overview", "Project Highlights", "Company Profile", "Project Outcome",
                 "Expert Comment"), drop='"Here at CATL-SC'),
    CaseExcerpt("The Green Aluminum Industrial Park in Wenshan, Yunnan Province",
                ("Project Overview", "Project Highlights", "Company Profile", "Expert Comment")),
)

runner = CliRunner()


def excerpt(lines: Sequence[str], cases: Sequence[CaseExcerpt],
            headings: Sequence[str]) -> list[str]:
    """The lines of ``cases`` as a small edition: title, organisation, chosen sections.

    A section runs from its heading to the next heading; the last one of the layout (the
    expert comment) holds one paragraph, since the next case's title follows it. Blank
    lines separate paragraphs, as in the bundled extraction.
    """
    out: list[str] = []
    for case in cases:
        pos = lines.index(case.title)
        organisation = next(line for line in lines[pos + 1:] if line.strip())
        out += [case.title, "", organisation, ""]
        for heading in case.sections:
            pos = lines.index(heading, pos)
            body: list[str] = []
            for line in lines[pos + 1:]:
                if line.strip() in headings or (heading == headings[-1] and body):
                    break
                if line.strip() and not (case.drop and line.startswith(case.drop)):
                    body.append(line)
            out += [heading, ""]
            for paragraph in body:
                out += [paragraph, ""]
    return out


@pytest.fixture(scope="module")
def run_dir(encoder: Encoder, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder written as ``zhen run`` writes it, for the two small editions."""
    from align.job.report import write_run
    from align.job.run import run_corpus

    docs = tmp_path_factory.mktemp("editions")
    zh = excerpt(read_lines(ZH_SOURCE), ZH_CASES, ZH_HEADINGS)
    en = excerpt(read_lines(EN_SOURCE), EN_CASES, EN_HEADINGS)
    (docs / "catl-weiqiao.zh.txt").write_text("\n".join(zh), encoding="utf-8")
    (docs / "catl-weiqiao.en.txt").write_text("\n".join(en), encoding="utf-8")
    result = run_corpus([docs], encoder)
    assert [len(d.cases) for d in result.documents] == [2, 2], result.warnings
    assert [(p.zh.index, p.en.index) for p in result.pairs] == [(1, 1), (2, 2)]
    outdir = tmp_path_factory.mktemp("run") / "out"
    write_run(result, outdir)
    return outdir


@pytest.fixture(scope="module")
def pairs(run_dir: Path) -> list[AlignedPair]:
    """Every bead of the run, as the exporter reads it."""
    return list(read_pairs(run_dir))


@pytest.fixture(scope="module")
def matched(pairs: list[AlignedPair]) -> list[AlignedPair]:
    """The beads with both sides: exactly what a memory holds."""
    return [p for p in pairs if not p.is_null]


@pytest.fixture(scope="module")
def sentence_tmx(run_dir: Path, encoder: Encoder, tmp_path_factory: pytest.TempPathFactory
                 ) -> tuple[Path, int]:
    """The sentence-level memory of the run, and the unit count ``export_tmx`` returned."""
    path = tmp_path_factory.mktemp("sentence") / "zhen.sentence.tmx"
    return path, export_tmx(run_dir, path, level="sentence", encoder=encoder)


def header(path: Path) -> etree._Element:
    """The ``<header>`` element of a TMX file."""
    found = etree.parse(str(path)).getroot().find("header")
    assert found is not None
    return found


def header_props(path: Path) -> dict[str, str]:
    """The ``<prop>`` elements of a TMX header, by type."""
    return {p.get("type"): p.text or "" for p in header(path).iter("prop")}


def bead_key(unit: TranslationUnit) -> tuple[str | None, str, str]:
    """``(pair, zh ids, en ids)`` of the paragraph bead a unit comes from."""
    zh_ids, en_ids = unit.prop("x-zh-ids"), unit.prop("x-en-ids")
    assert zh_ids is not None and en_ids is not None
    return unit.prop("x-pair"), zh_ids.split("/")[0], en_ids.split("/")[0]


def key(p: AlignedPair) -> tuple[str | None, str, str]:
    """``(pair, zh ids, en ids)`` of a bead, as written in the unit props."""
    return p.pair, ",".join(map(str, p.zh_ids)), ",".join(map(str, p.en_ids))


def squeeze(text: str) -> str:
    """``text`` without any white space: sentences are joined back with other spaces."""
    return re.sub(r"\s+", "", text)


def invoke(*args: object) -> Result:
    """Run ``zhen`` in process."""
    return runner.invoke(app, [str(a) for a in args])


# ---------------------------------------------------------------------------------------
# Paragraph level


def test_run_writes_one_unit_per_matched_bead(run_dir: Path, pairs: list[AlignedPair],
                                              matched: list[AlignedPair]) -> None:
    # The editions hold an untranslated paragraph: leaving it out is what is tested here.
    assert len(matched) < len(pairs), "the small editions should have a 1:0 or 0:1 bead"
    path = run_dir / TMX_NAME
    validate_tmx(path)
    units = read_tmx(path)
    assert [(u.zh, u.en) for u in units] == [(tm_spacing(p.zh), p.en) for p in matched]
    assert [bead_key(u) for u in units] == [key(p) for p in matched]
    for unit, p in zip(units, matched, strict=True):
        assert unit.score == pytest.approx(p.score, abs=5e-4)
        assert unit.prop("x-zh-doc") == p.zh_doc and unit.prop("x-en-doc") == p.en_doc
        assert unit.prop("x-zh-case") == str(p.zh_case)
    assert header(path).get("segtype") == "paragraph"
    assert header_props(path)[SIGNATURE_PROP] == read_run(run_dir).signature


def test_export_paragraph_level_is_valid_and_matches_the_run(
        run_dir: Path, matched: list[AlignedPair], tmp_path: Path) -> None:
    target = tmp_path / "paragraph.tmx"
    assert export_tmx(run_dir, target) == len(matched)
    validate_tmx(target)
    # One writer, the same records: the two memories are the same file, header included.
    assert target.read_bytes() == (run_dir / TMX_NAME).read_bytes()
    head = header(target)
    assert head.get("segtype") == "paragraph"
    assert head.get("creationtoolversion") == __version__
    assert header_props(target)["x-min-score"] == "0"


def test_translate_toolkit_reads_the_same_units(run_dir: Path, matched: list[AlignedPair],
                                                tmp_path: Path) -> None:
    from translate.misc.xml_helpers import getXMLlang
    from translate.storage.tmx import tmxfile

    target = tmp_path / "paragraph.tmx"
    export_tmx(run_dir, target)
    with target.open("rb") as f:
        store = tmxfile(f)
    units = [u for u in store.units if u.getlanguageNodes()]
    assert len(units) == len(matched)
    for theirs, p in zip(units, matched, strict=True):
        assert [getXMLlang(node) for node in theirs.getlanguageNodes()] == ["zh-CN", "en"]
        assert (theirs.source, theirs.target) == (tm_spacing(p.zh), p.en)


def test_min_score_leaves_out_weaker_beads(run_dir: Path, matched: list[AlignedPair],
                                           tmp_path: Path) -> None:
    # A threshold equal to a bead's own score: that bead is kept (at least, not above).
    threshold = sorted(p.score for p in matched)[len(matched) // 2]
    kept = [p for p in matched if p.score >= threshold]
    assert 0 < len(kept) < len(matched)
    target = tmp_path / "strong.tmx"
    assert export_tmx(run_dir, target, min_score=threshold) == len(kept)
    validate_tmx(target)
    assert [bead_key(u) for u in read_tmx(target)] == [key(p) for p in kept]
    assert header_props(target)["x-min-score"] == f"{threshold:g}"
    assert [u.zh for u in paragraph_units(matched, min_score=threshold)] == \
        [tm_spacing(p.zh) for p in kept]


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan")])
def test_min_score_outside_unit_interval_is_refused(run_dir: Path, tmp_path: Path,
                                                    bad: float) -> None:
    target = tmp_path / "never.tmx"
    with pytest.raises(InputError, match="min-score"):
        export_tmx(run_dir, target, min_score=bad)
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------------------
# Sentence level


def test_sentence_level_is_valid_and_finer(sentence_tmx: tuple[Path, int], encoder: Encoder,
                                           run_dir: Path,
                                           matched: list[AlignedPair]) -> None:
    path, count = sentence_tmx
    validate_tmx(path)
    assert header(path).get("segtype") == "sentence"
    props = header_props(path)
    assert props[SIGNATURE_PROP] == read_run(run_dir).signature
    assert props["x-sentence-encoder"] == encoder.signature
    units = read_tmx(path)
    assert count == len(units)
    assert count >= len(matched)
    # Some bead is split into several units, else the level changed nothing.
    assert count > len(matched)


def test_sentence_units_come_from_their_bead(sentence_tmx: tuple[Path, int],
                                             matched: list[AlignedPair]) -> None:
    beads = {key(p): p for p in matched}
    units = read_tmx(sentence_tmx[0])
    for unit in units:
        bead = beads[bead_key(unit)]
        assert unit.zh and unit.en
        assert squeeze(unit.zh) in squeeze(bead.zh), unit
        assert squeeze(unit.en) in squeeze(bead.en), unit
        assert 0.0 <= unit.score <= 1.0
        if "/" not in (unit.prop("x-zh-ids") or ""):
            # Beads of one sentence on both sides are kept as they are.
            assert (unit.zh, unit.en) == (tm_spacing(bead.zh), bead.en)
            assert unit.score == pytest.approx(bead.score, abs=5e-4)
    # No matched bead is lost, and units keep the order of the beads.
    order = list(dict.fromkeys(bead_key(u) for u in units))
    assert order == [key(p) for p in matched]


def test_sentences_of_a_real_translation_align_confidently(
        sentence_tmx: tuple[Path, int]) -> None:
    # Every bead here is a real translation: its sentences are translations too, so a
    # sentence aligner that pairs the wrong sentences (or embeds the wrong ones) shows up
    # as low scores.
    scores = sorted(u.score for u in read_tmx(sentence_tmx[0]) if "/" in (u.prop("x-zh-ids")
                                                                          or ""))
    assert len(scores) >= 10
    assert scores[len(scores) // 2] >= 0.8
    assert sum(s >= 0.5 for s in scores) >= 0.9 * len(scores)


def test_sentence_ids_name_the_text_of_the_unit(sentence_tmx: tuple[Path, int],
                                                matched: list[AlignedPair]) -> None:
    from align.core.sentences import split_sentences

    beads = {key(p): p for p in matched}
    last: dict[tuple[str | None, str, str], tuple[int, int]] = {}
    for unit in read_tmx(sentence_tmx[0]):
        zh_ids, en_ids = unit.prop("x-zh-ids") or "", unit.prop("x-en-ids") or ""
        if "/" not in zh_ids:
            continue
        zs = [int(i) for i in zh_ids.split("/")[1].split(",")]
        es = [int(i) for i in en_ids.split("/")[1].split(",")]
        # Consecutive sentences, after those of the previous unit of the same bead.
        assert zs == list(range(zs[0], zs[-1] + 1)) and es == list(range(es[0], es[-1] + 1))
        previous = last.get(bead_key(unit), (-1, -1))
        assert zs[0] > previous[0] and es[0] > previous[1]
        last[bead_key(unit)] = (zs[-1], es[-1])
        # Sentence k counts across the paragraphs of the bead, in order.
        bead = beads[bead_key(unit)]
        zh_sentences = [s for para in bead.zh.split("\n") for s in split_sentences(para, "zh")]
        en_sentences = [s for para in bead.en.split("\n") for s in split_sentences(para, "en")]
        assert squeeze(unit.zh) == squeeze("".join(zh_sentences[i] for i in zs))
        assert squeeze(unit.en) == squeeze("".join(en_sentences[j] for j in es))


def test_sentence_level_min_score_applies_to_the_beads(encoder: Encoder,
                                                       matched: list[AlignedPair]) -> None:
    threshold = sorted(p.score for p in matched)[len(matched) // 2]
    kept = {key(p) for p in matched if p.score >= threshold}
    calls: list[tuple[str, int, int]] = []
    units = sentence_units(matched, encoder, min_score=threshold,
                           progress=lambda *call: calls.append(call))
    assert {bead_key(u) for u in units} == kept
    # Progress counts every kept bead, aligned or kept whole, up to the total.
    assert [done for _, done, _ in calls] == list(range(1, len(kept) + 1))
    assert {total for _, _, total in calls} == {len(kept)}


# ---------------------------------------------------------------------------------------
# Command line


def test_cli_writes_paragraph_memory(run_dir: Path, matched: list[AlignedPair],
                                     tmp_path: Path) -> None:
    target = tmp_path / "memory.tmx"
    result = invoke("export", "tmx", run_dir, "-o", target)
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"{len(matched)} translation units (paragraph level) "
                             f"written to {target}\n")
    validate_tmx(target)
    assert len(read_tmx(target)) == len(matched)


# White space between Han characters and Latin letters or digits, as PDF extraction leaves it.
SPACED = re.compile(r"[\u4e00-\u9fff]\s+[A-Za-z0-9]|[A-Za-z0-9]\s+[\u4e00-\u9fff]")


def test_memory_text_loses_extraction_spacing_and_the_run_keeps_it(
        run_dir: Path, matched: list[AlignedPair], tmp_path: Path) -> None:
    spaced = [p for p in matched if SPACED.search(p.zh)]
    assert spaced, "the small editions should hold Chinese text spaced around digits"
    units = read_tmx(run_dir / TMX_NAME)
    assert not [u for u in units if SPACED.search(u.zh)]
    assert header_props(run_dir / TMX_NAME)["x-cjk-latin-spacing"] == "removed"
    assert any("四川时代成立于2019年10月，" in u.zh for u in units)
    # pairs/ keeps the text as read.
    tables = "".join(p.read_text("utf-8") for p in (run_dir / "pairs").glob("*.tsv"))
    assert all(p.zh.split("\n")[0] in tables for p in spaced)
    # --keep-spacing writes the text as read.
    target = tmp_path / "kept.tmx"
    result = invoke("export", "tmx", run_dir, "-o", target, "--keep-spacing")
    assert result.exit_code == 0, result.output
    kept = read_tmx(target)
    assert [u.zh for u in kept] == [p.zh for p in matched]
    assert header_props(target)["x-cjk-latin-spacing"] == "kept"


def test_run_keep_spacing_writes_the_memory_as_read(tmp_path: Path) -> None:
    docs = tmp_path / "editions"
    docs.mkdir()
    zh = excerpt(read_lines(ZH_SOURCE), ZH_CASES[:1], ZH_HEADINGS)
    en = excerpt(read_lines(EN_SOURCE), EN_CASES[:1], EN_HEADINGS)
    (docs / "catl.zh.txt").write_text("\n".join(zh), encoding="utf-8")
    (docs / "catl.en.txt").write_text("\n".join(en), encoding="utf-8")
    result = invoke("run", docs, "-o", tmp_path / "out", "--keep-spacing")
    assert result.exit_code == 0, result.output
    units = read_tmx(tmp_path / "out" / TMX_NAME)
    assert any("成立于 2019 年 10 月" in u.zh for u in units)
    assert header_props(tmp_path / "out" / TMX_NAME)["x-cjk-latin-spacing"] == "kept"


def test_tm_spacing_removes_only_spaces_between_han_and_latin_or_digits() -> None:
    assert tm_spacing("成立于 2019 年 10 月") == "成立于2019年10月"
    assert tm_spacing("采用 CCUS\u3000技术") == "采用CCUS技术"
    assert tm_spacing("Impact Hub Shanghai 和绿色创业汇") == "Impact Hub Shanghai和绿色创业汇"
    assert tm_spacing("联合 发起 单位") == "联合 发起 单位"  # between Han characters: kept
    assert tm_spacing("Project Overview 2019") == "Project Overview 2019"
    assert tm_spacing("第一段 A\n第二段") == "第一段A\n第二段"


def test_cli_sentence_level_default_target(run_dir: Path, sentence_tmx: tuple[Path, int],
                                           tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    shutil.copytree(run_dir, outdir)
    result = invoke("export", "tmx", outdir, "--level", "sentence", "--no-cache")
    assert result.exit_code == 0, result.output
    target = outdir / "zhen.sentence.tmx"
    count = sentence_tmx[1]
    assert result.stdout == f"{count} translation units (sentence level) written to {target}\n"
    assert read_tmx(target) == read_tmx(sentence_tmx[0])


def test_cli_refuses_a_folder_zhen_run_did_not_write(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "pairs.tsv").write_text("zh\ten\n", encoding="utf-8")
    result = invoke("export", "tmx", folder)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert str(folder) in result.stderr and "zhen run" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["pairs.tsv"]

    missing = tmp_path / "nowhere"
    target = tmp_path / "x.tmx"
    result = invoke("export", "tmx", missing, "-o", target)
    assert result.exit_code == 1
    assert str(missing) in result.stderr and "no such folder" in result.stderr
    assert not target.exists() and not missing.exists()


@pytest.mark.parametrize("kind", ["tmx", "tbx"])
def test_cli_refuses_an_output_named_for_another_format(run_dir: Path, tmp_path: Path,
                                                        kind: str) -> None:
    target = tmp_path / "memory.csv"
    result = invoke("export", kind, run_dir, "-o", target)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"Error: {target}: a T") and f".{kind} or .xml" in result.stderr
    assert not target.exists()


def test_cli_names_the_line_of_a_damaged_pairs_file(run_dir: Path, tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    shutil.copytree(run_dir, outdir)
    jsonl = outdir / PAIRS_JSONL
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    lines[2] = '{"pair": "cut short'
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "x.tmx"
    result = invoke("export", "tmx", outdir, "-o", target)
    assert result.exit_code == 1
    assert f"{jsonl}:3:" in result.stderr
    assert not target.exists()


def test_cli_refuses_min_score_above_one(run_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "x.tmx"
    result = invoke("export", "tmx", run_dir, "-o", target, "--min-score", "1.5")
    assert result.exit_code == 1
    assert "--min-score 1.5" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_cli_refuses_an_unknown_level(run_dir: Path, tmp_path: Path) -> None:
    result = invoke("export", "tmx", run_dir, "-o", tmp_path / "x.tmx", "--level", "word")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: Invalid value for '--level'")
    assert result.stderr.endswith("See 'zhen export tmx --help'.\n")
    assert list(tmp_path.iterdir()) == []


def test_cli_unwritable_target_leaves_nothing(run_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = invoke("export", "tmx", run_dir, "-o", blocker / "x.tmx")
    assert result.exit_code == 1
    assert "cannot be written" in result.stderr and str(blocker / "x.tmx") in result.stderr

    # A folder in the way: refused before any work, nothing left behind.
    folder = tmp_path / "taken.tmx"
    folder.mkdir()
    result = invoke("export", "tmx", run_dir, "-o", folder)
    assert result.exit_code == 1
    assert "is a folder" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "taken.tmx"]
    assert list(folder.iterdir()) == []
    assert blocker.read_text(encoding="utf-8") == "x"
