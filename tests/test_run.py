"""``zhen run`` on the bundled corpus, end to end with the real encoder, and its error paths."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from conftest import CORPORA
from typer.testing import CliRunner

from align.core.beads import BEAD_KINDS
from align.core.runfolder import read_run
from align.job.report import write_run
from align.job.run import run_corpus
from zhen.app import app

ZH, EN = "004_3717a3b3a4f37818", "002_c4f0acade1fce1e3"
ENGLISH_ONLY = {"000_8eae61416870d1e5", "001_a52e59c3cf7e8f07", "003_5ba78cde62b1d026"}
runner = CliRunner()


@pytest.fixture(scope="module")
def outdir(corpus_run, tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "out"
    write_run(corpus_run, out)
    return out


@pytest.mark.slow
def test_the_edition_pair_pairs_case_by_case_and_nothing_else(corpus_run):
    pairs = [(p.zh.doc, p.zh.index, p.en.doc, p.en.index) for p in corpus_run.pairs]
    assert pairs == [(ZH, k, EN, k) for k in range(1, 28)]
    assert all(p.score >= 0.5 for p in corpus_run.pairs)


@pytest.mark.slow
def test_english_only_collections_are_missing_a_chinese_edition(corpus_run):
    unpaired = corpus_run.unpaired
    assert {c.doc for c in unpaired} == ENGLISH_ONLY
    assert len(unpaired) == 40 + 15 + 12
    titles = " ".join(c.title for c in unpaired).lower()
    for company in ("catl", "grandblue", "mengniu", "haiyan", "meituan"):
        assert company in titles


@pytest.mark.slow
def test_untranslated_paragraphs_inside_pairs(corpus_run):
    missing = {(m.case.doc, m.case.index, m.text) for m in corpus_run.missing_paragraphs}
    # The Humanwell boiler case: an English-only overview block, Chinese-only sub-headings.
    assert (EN, 3, "Project Overview") in missing
    assert (EN, 3, "Project Highlights") in missing
    for heading in ("目标设定", "方案设计", "方案实施"):
        assert (ZH, 3, heading) in missing
    # Page furniture is dropped, never reported as missing.
    for _, _, text in missing:
        assert not re.fullmatch(r"\d{1,3}|\d{1,3}\s+\S{2,12}|\S{2,12}\s+\d{1,3}", text), text


@pytest.mark.slow
def test_output_folder(corpus_run, outdir):
    # The tables people open carry a byte-order mark, for Excel.
    assert (outdir / "cases.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    cases = list(csv.DictReader((outdir / "cases.csv").read_text("utf-8-sig").splitlines()))
    assert len(cases) == 27 + 27 + 40 + 15 + 12
    assert {"doc", "lang", "case", "title", "paragraphs", "paired_doc", "paired_case",
            "score"} <= set(cases[0])
    catl = next(r for r in cases if r["doc"] == ZH and r["case"] == "1")
    assert catl["paired_doc"] == EN and catl["paired_case"] == "1"
    missing = list(csv.DictReader((outdir / "missing.csv").read_text("utf-8-sig")
                                  .splitlines()))
    assert {"kind", "doc", "lang", "case", "title", "paragraph", "text"} <= set(missing[0])
    assert sum(r["kind"] == "case" for r in missing) == 67
    jsonl = (outdir / "pairs" / "pairs.jsonl").read_text("utf-8")
    records = [json.loads(line) for line in jsonl.splitlines()]
    assert len(records) == sum(len(p.beads) for p in corpus_run.pairs)
    # Logos and other-script lines inside paired cases are furniture, not missing.
    assert {"match", "missing", "furniture"} <= {r["kind"] for r in records} <= set(BEAD_KINDS)
    assert read_run(outdir) == corpus_run  # the folder holds exactly what the run found
    assert len(list((outdir / "pairs").glob("*.tsv"))) == 27
    run = json.loads((outdir / "run.json").read_text("utf-8"))
    assert run["format"] == 3 and run["counts"]["pairs"] == 27
    # How the run computed: threads from the free cores, paragraphs and rates.
    speed = run["speed"]
    assert 1 <= speed["threads"] <= speed["cores"]
    every = {p.match for c in corpus_run.cases for p in c.paragraphs}
    # Each distinct paragraph is encoded once (the session's encoder has no cache), and only
    # where it is used: every paragraph of the paired cases, and of the 67 cases with no
    # counterpart little more than the openings that proposed them.
    paired = {p.match for cp in corpus_run.pairs for c in (cp.zh, cp.en) for p in c.paragraphs}
    assert len(paired) < speed["encoded"] == speed["paragraphs"] < len(every)
    assert speed["paragraphs_per_second"] == speed["paragraphs"] / speed["seconds"]
    # The aligner embeds the short windows of candidate merged beads after the paragraphs.
    assert speed["windows"] > 0 and 0 < speed["window_seconds"] < speed["seconds"]
    assert len(run["pairs"]) == 27 and run["signature"].startswith("zhen-")
    assert (outdir / "zhen.tmx").is_file()
    assert not [p for p in outdir.parent.iterdir() if p.name.startswith(".")]


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_empty_document_is_an_error(tmp_path):
    empty = _write(tmp_path / "empty.txt", "")
    result = runner.invoke(app, ["run", str(empty), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "empty.txt" in result.output
    assert not (tmp_path / "out").exists()


def test_document_in_neither_language(tmp_path):
    doc = _write(tmp_path / "ru.txt", "Привет, мир. Это документ на русском языке. " * 5)
    result = runner.invoke(app, ["run", str(doc), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "ru.txt" in result.output
    assert "neither" in result.output.lower() or "language" in result.output.lower()


def test_pdf_without_text_layer(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    pdf = tmp_path / "scan.pdf"
    with open(pdf, "wb") as f:
        writer.write(f)
    result = runner.invoke(app, ["run", str(pdf), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "scan.pdf" in result.output and "text" in result.output


def test_unreadable_file_in_a_folder_is_skipped(tmp_path, encoder):
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder / "a.txt", (CORPORA / f"{EN}.txt").read_text("utf-8")[:20000])
    (folder / "b.txt").write_bytes(bytes(range(256)) * 10)
    result = run_corpus([folder], encoder)
    assert [Path(s.path).name for s in result.skipped] == ["b.txt"]
    assert len(result.documents) == 1


def test_same_edition_twice_is_read_once(tmp_path, encoder):
    text = (CORPORA / f"{EN}.txt").read_text("utf-8")[:20000]
    a, b = _write(tmp_path / "a.txt", text), _write(tmp_path / "b.txt", text)
    result = run_corpus([a, b], encoder)
    assert len(result.documents) == 1
    assert any("same document" in w for w in result.warnings)
    assert any("no Chinese document" in w for w in result.warnings)


def test_inputs_sharing_a_file_name_are_told_apart_by_their_folder(tmp_path, encoder):
    from align.job.run import document_names

    zh, en = tmp_path / "zh" / "report.txt", tmp_path / "en" / "report.txt"
    for path, name in ((zh, ZH), (en, EN)):
        path.parent.mkdir()
        _write(path, (CORPORA / f"{name}.txt").read_text("utf-8")[:30000])
    result = run_corpus([tmp_path], encoder)
    assert sorted(d.name for d in result.documents) == ["en-report", "zh-report"]
    assert result.pairs and all(p.zh.doc == "zh-report" and p.en.doc == "en-report"
                                for p in result.pairs)
    # Shared once more, the folder's name is numbered; a name used once stays as it is.
    again = [Path("a/x/report.txt"), Path("b/x/report.txt"), Path("c/other.txt")]
    assert list(document_names(again).values()) == ["x-report", "x-report-2", "other"]


def test_nothing_readable_in_a_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "b.txt").write_bytes(bytes(range(256)) * 10)
    result = runner.invoke(app, ["run", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "nothing to align" in result.output
    assert not (tmp_path / "out").exists()
