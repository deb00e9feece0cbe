"""Bad inputs to ``zhen glossary``, ``zhen check`` and ``zhen export tbx``, through the
command line: one line naming the file and line and what to do, exit code 1, no
traceback, nothing written, nothing of the user's touched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import invoke, one_line_error
from test_glossary import MADE

from align.core.records import run_from_pairs
from align.job.report import write_run
from glossary.pairs import make_pair


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def outdir(tmp_path: Path) -> Path:
    """A run folder of the made pairs, plus an untranslated paragraph holding 碳中和."""
    texts = [*MADE, ("碳中和路线图", "")]
    pairs = [make_pair(f"z#{i // 3 + 1:02d}~e#{i // 3 + 1:02d}", i // 3 + 1, [i % 3],
                       [i % 3] if en else [], zh, en, 0.9) for i, (zh, en) in enumerate(texts)]
    write_run(run_from_pairs(pairs, "zhen-0.1.0|enc:test"), tmp_path / "out")
    return tmp_path / "out"


def _approved(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- approved glossaries --------------------------------------------------------------------

@pytest.mark.parametrize("name, text, needles", [
    ("bad-header.csv", "source-term;target-term\n碳中和;net zero\n",
     ["bad-header.csv:1: the header", "'zh,en,variants'"]),
    ("differ.csv", "zh,en\n碳中和,carbon neutrality\n光伏,PV\n碳中和,net zero\n",
     ["differ.csv:4: 碳中和 is listed twice", "first at line 2", "merge the two rows"]),
    ("empty-zh.csv", "zh,en\n碳汇,carbon sink\n,carbon neutrality\n",
     ["empty-zh.csv:3: the Chinese term is empty", "fill it in or delete the row"]),
    ("empty-en.tsv", "zh\ten\n碳中和\t \n", ["empty-en.tsv:2: the English rendering is empty"]),
    ("unclosed.csv", 'zh,en\n"零碳,zero-carbon\n工厂,factory\n',
     ["unclosed.csv:2: a quotation mark opened on this line is not closed"]),
    ("swapped.csv", "zh,en\nzero-carbon,零碳\nfactory,工厂\n",
     ["swapped.csv: no term of the 'zh' column is Chinese", "columns swapped?"]),
    ("broken.tbx", '<?xml version="1.0"?>\n<martif type="TBX-Basic">\n<text><body>\n'
     '<termEntry>\n<langSet xml:lang="zh"><tig><term>碳汇</term></tig>\n</body></text>\n'
     '</martif>\n', ["broken.tbx:6: not well-formed XML", "fix the file"]),
])
def test_a_bad_approved_glossary_is_one_line_and_writes_nothing(outdir: Path, tmp_path: Path,
                                                                name: str, text: str,
                                                                needles: list[str]) -> None:
    path = _approved(tmp_path, name, text)
    before = _snapshot(outdir)
    one_line_error(invoke("check", outdir, "--glossary", path), *needles)
    assert _snapshot(outdir) == before  # no check.csv, nothing half-written
    assert path.read_text("utf-8") == text


def test_identical_duplicate_rows_are_accepted(outdir: Path, tmp_path: Path) -> None:
    path = _approved(tmp_path, "a.csv", "zh,en\n碳中和,carbon neutrality\n"
                                        "碳中和,carbon neutrality\n")
    result = invoke("check", outdir, "--glossary", path)
    assert result.exit_code == 0, result.output
    assert "1 approved term\n" in result.stdout


def test_a_multilingual_tbx_skips_entries_without_chinese_or_english(outdir: Path,
                                                                      tmp_path: Path) -> None:
    def entry(*langs: tuple[str, str]) -> str:
        sets = "".join(f'<langSet xml:lang="{lang}"><tig><term>{term}</term></tig></langSet>'
                       for lang, term in langs)
        return f"<termEntry>{sets}</termEntry>\n"

    text = ('<?xml version="1.0"?>\n<martif type="TBX-Basic"><text><body>\n'
            + entry(("zh", "碳中和"), ("fr", "neutralité carbone"), ("en", "carbon neutrality"))
            + entry(("fr", "puits de carbone"), ("de", "Kohlenstoffsenke"))
            + entry(("zh", "光伏发电"), ("en", "photovoltaic power generation"))
            + entry(("zh-TW", "碳匯"), ("de", "Kohlenstoffsenke"))
            + "</body></text></martif>\n")
    path = _approved(tmp_path, "multi.tbx", text)
    result = invoke("check", outdir, "--glossary", path)
    assert result.exit_code == 0, result.output
    warnings = result.stderr.strip().splitlines()
    assert warnings == [f"Warning: {path}: 2 of 4 entries skipped, without a Chinese or an "
                        "English term (first at line 4)"]
    assert "2 approved terms" in result.stdout and (outdir / "check.csv").is_file()


def test_untranslated_paragraphs_are_rows_of_the_report(outdir: Path, tmp_path: Path) -> None:
    path = _approved(tmp_path, "a.csv", "zh,en\n碳中和,carbon neutrality\n")
    result = invoke("check", outdir, "--glossary", path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rows = (outdir / "check.csv").read_text("utf-8-sig").splitlines()
    assert rows[0].startswith("result,zh,approved,found,case")
    results = [line.split(",")[0] for line in rows[1:]]
    # Every count of the summary is a count of rows of check.csv.
    assert data["mismatches"] == results.count("mismatch") == 2
    assert data["untranslated"] == results.count("untranslated") == 1
    assert data["ok"] == results.count("ok") == 3
    assert data["rows"] == len(results) == 6
    (untranslated,) = [r for r in data["results"] if r["result"] == "untranslated"]
    assert untranslated["zh_text"] == "碳中和路线图" and untranslated["en_ids"] == []
    summary = invoke("check", outdir, "--glossary", path, "-o", tmp_path / "c.csv").stdout
    assert "6 rows, 1 of the terms in 6 pairs: 2 key term mismatches, 1 in untranslated " \
           "paragraphs, 3 rendered as approved" in summary


# -- run folders ------------------------------------------------------------------------

def _cut_inside_a_character(path: Path, at_end: bool) -> int:
    """Cut ``path`` inside a multi-byte UTF-8 character: at the end of the file, or by
    dropping one byte in the middle; returns the line of the cut."""
    data = path.read_bytes()
    i = len(data) // 2
    while data[i] & 0xC0 != 0x80:  # a continuation byte: inside a character
        i += 1
    path.write_bytes(data[:i] if at_end else data[:i] + data[i + 1:])
    return data[:i].count(b"\n") + 1


@pytest.mark.parametrize("command", ["glossary", "check"])
@pytest.mark.parametrize("at_end", [True, False])
def test_pairs_cut_inside_a_character(outdir: Path, tmp_path: Path, command: str,
                                      at_end: bool) -> None:
    line = _cut_inside_a_character(outdir / "pairs" / "pairs.jsonl", at_end)
    before = _snapshot(outdir)
    args = ["--glossary", _approved(tmp_path, "a.csv", "zh,en\n碳中和,carbon neutrality\n")] \
        if command == "check" else []
    one_line_error(invoke(command, outdir, *args), f"pairs.jsonl:{line}: is not UTF-8",
                    "run 'zhen run' again")
    assert _snapshot(outdir) == before


def test_a_format_1_cases_table_cut_inside_a_character(tmp_path: Path) -> None:
    from conftest import DATA

    folder = tmp_path / "v1"
    shutil.copytree(DATA / "run-v1", folder)
    line = _cut_inside_a_character(folder / "cases.csv", at_end=True)
    one_line_error(invoke("glossary", folder),
                    f"cases.csv:{line}: is not UTF-8")


def _foreign_run_json(folder: Path) -> Path:
    (folder / "pairs").mkdir(parents=True)
    (folder / "run.json").write_text('{"name": "my-runner", "steps": 3}', "utf-8")
    (folder / "pairs" / "pairs.jsonl").write_text('{"step": 1}\n', "utf-8")
    return folder


def _v1_with_documents_not_a_list(folder: Path) -> Path:
    (folder / "pairs").mkdir(parents=True)
    (folder / "run.json").write_text('{"signature": "zhen-0.1.0", "documents": 5}', "utf-8")
    (folder / "pairs" / "pairs.jsonl").write_text("", "utf-8")
    return folder


def _a_users_folder(folder: Path) -> Path:
    folder.mkdir()
    (folder / "notes.txt").write_text("my notes", "utf-8")
    return folder


def _a_file(folder: Path) -> Path:
    folder.write_text("not a folder", "utf-8")
    return folder


@pytest.mark.parametrize("command", ["glossary", "check", "export-tbx"])
@pytest.mark.parametrize("make, needle", [
    (_a_users_folder, "is not a folder written by 'zhen run' (no run.json"),
    (_foreign_run_json, "is not a folder written by 'zhen run' (run.json does not name zhen)"),
    (_v1_with_documents_not_a_list, "run.json:1: not a run record"),
    (_a_file, "is a file, not a folder"),
])
def test_a_folder_zhen_run_did_not_write(tmp_path: Path, command: str, make, needle: str
                                         ) -> None:
    target = make(tmp_path / "theirs")
    before = _snapshot(tmp_path)
    if command == "check":
        args = ["check", target, "--glossary",
                _approved(tmp_path.parent, f"{tmp_path.name}.csv", "zh,en\n碳,carbon\n")]
    elif command == "glossary":
        args = ["glossary", target]
    else:
        args = ["export", "tbx", target]
        if make is _v1_with_documents_not_a_list:  # export reads only glossary.json
            needle = "has no glossary"
    one_line_error(invoke(*args), str(target), needle)
    assert _snapshot(tmp_path) == before  # nothing added, nothing of theirs changed


# -- zhen export tbx ----------------------------------------------------------------------

def test_export_tbx_needs_the_glossary_first(outdir: Path) -> None:
    one_line_error(invoke("export", "tbx", outdir), "has no glossary (glossary.json)",
                    f"run 'zhen glossary {outdir}' first")
    assert not list(outdir.glob("*.tbx"))


def test_export_tbx_writes_both_versions_and_keeps_files_it_did_not_write(outdir: Path
                                                                          ) -> None:
    assert invoke("glossary", outdir).exit_code == 0
    (outdir / "glossary.tbx").unlink()
    result = invoke("export", "tbx", outdir)
    assert result.exit_code == 0, result.output
    assert b"<martif" in (outdir / "glossary.tbx").read_bytes()
    result = invoke("export", "tbx", outdir, "--tbx-version", "3")
    assert result.exit_code == 0 and "(TBX v3) written to" in result.stdout
    assert b"urn:iso:std:iso:30042:ed-2" in (outdir / "glossary.v3.tbx").read_bytes()
    mine = outdir / "mine.tbx"
    mine.write_text("my termbase", "utf-8")
    one_line_error(invoke("export", "tbx", outdir, "-o", mine), "zhen did not write it")
    assert mine.read_text("utf-8") == "my termbase"
    assert invoke("export", "tbx", outdir, "--tbx-version", "4").exit_code == 1


@pytest.mark.parametrize("at_end", [True, False])
def test_export_tbx_of_a_glossary_cut_inside_a_character(outdir: Path, at_end: bool) -> None:
    assert invoke("glossary", outdir).exit_code == 0
    (outdir / "glossary.tbx").unlink()
    line = _cut_inside_a_character(outdir / "glossary.json", at_end)
    one_line_error(invoke("export", "tbx", outdir),
                    f"glossary.json:{line}: is not UTF-8", "run 'zhen glossary' again")
    assert not (outdir / "glossary.tbx").exists()
