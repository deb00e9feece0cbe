"""The run folder: one typed format, written and read back as the same records; format 1
and 2 folders read; newer formats and damaged files refused with file:line."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from conftest import DATA

from align.core.beads import Bead
from align.core.errors import FormatError, InputError
from align.core.records import Case, CasePair, Document, Paragraph, Run, Skipped, Speed
from align.core.runfolder import CASES_JSONL, FORMAT, MARKER, PAIRS_JSONL, read_run, write_run


def _case(doc: str, lang: str, index: int, texts: list[str]) -> Case:
    return Case(doc, lang, index, texts[0],  # type: ignore[arg-type]
                tuple(Paragraph(t, (2 * k + 1,), k == 0, t.replace("Ｃ", "C"))
                      for k, t in enumerate(texts)))


def _run() -> Run:
    zh = _case("zh-ed", "zh", 1, ["打造零碳工厂", "四川时代成立于 2019 年。", "Ｃ<&>\"'逗号，"])
    en = _case("en-ed", "en", 1, ["A Carbon-Zero Plant", "CATL-SC was set up in 2019."])
    lone = _case("en-ed", "en", 2, ["A case of its own"])
    pair = CasePair(zh, en, 0.9567, (Bead((0,), (0,), 0.8982), Bead((1,), (1,), 0.99),
                                     Bead((2,), (), 0.7)))
    return Run("zhen-test|enc:x", (Document("zh-ed", "zh.txt", "zh", (zh,), True, "ab12"),
                                    Document("en-ed", "en.txt", "en", (en, lone))),
               (pair,), 3, ("a warning",), (Skipped("bad.pdf", "no text layer"),))


def test_a_run_reads_back_as_the_same_records(tmp_path):
    run = _run()
    write_run(run, tmp_path)
    assert read_run(tmp_path) == run
    info = json.loads((tmp_path / MARKER).read_text("utf-8"))
    assert info["format"] == FORMAT
    assert [d["tag"] for d in info["documents"]] == ["zh-Hant", "en"]
    assert info["counts"] == {"cases": 3, "pairs": 1, "candidates_checked": 3,
                              "unpaired_cases": 1, "missing_paragraphs": 1,
                              "moved_beads": 0, "furniture_paragraphs": 0}
    beads = [json.loads(line) for line in (tmp_path / PAIRS_JSONL).read_text().splitlines()]
    assert [b["kind"] for b in beads] == ["match", "match", "missing"]
    assert beads[1]["zh"] == ["四川时代成立于 2019 年。"]


def test_aligned_pairs_carry_paragraphs_lines_and_files(tmp_path):
    write_run(_run(), tmp_path)
    pairs = list(read_run(tmp_path).aligned_pairs())
    assert [p.zh for p in pairs] == ["打造零碳工厂", "四川时代成立于 2019 年。", "Ｃ<&>\"'逗号，"]
    assert pairs[0].zh_paragraphs[0].heading and pairs[1].zh_lines == (3,)
    assert pairs[1].zh_path == "zh.txt" and pairs[2].is_null and pairs[2].kind == "missing"


def test_a_format_1_folder_is_read(tmp_path):
    run = read_run(DATA / "run-v1")
    assert run.format == 1 and len(run.pairs) == 1
    pair = run.pairs[0]
    assert (pair.zh.doc, pair.en.doc) == ("catl-zh", "catl-en")
    assert len(pair.zh.paragraphs) == 40 and len(pair.en.paragraphs) == 37
    assert pair.zh.paragraphs[0].text == "打造全球首家电池零碳工厂"
    assert pair.zh.paragraphs[0].heading and pair.zh.paragraphs[0].lines == (1,)
    assert sum(b.kind == "missing" for b in pair.beads) == 1
    assert run.signature.startswith("zhen-0.1.0|enc:usem3")
    # What a format-1 folder holds can be written again in today's format.
    write_run(run, tmp_path)
    assert read_run(tmp_path).pairs == run.pairs


def test_speed_is_recorded_and_read_back(tmp_path):
    speed = Speed(1, 2, 0.98, "measured", 4065, 4000, 7.25, 8.5, 2500, 3.5)
    run = replace(_run(), speed=speed)
    write_run(run, tmp_path)
    info = json.loads((tmp_path / MARKER).read_text("utf-8"))
    assert info["speed"] == {"threads": 1, "cores": 2, "busy_cores": 0.98,
                             "threads_from": "measured", "paragraphs": 4065,
                             "encoded": 4000, "encode_seconds": 7.25, "seconds": 8.5,
                             "paragraphs_per_second": 4065 / 8.5,
                             "encoded_per_second": 4000 / 7.25, "windows": 2500,
                             "window_seconds": 3.5}
    assert read_run(tmp_path).speed == speed
    # A run made without measuring (a library call building records) records null.
    (tmp_path / "none").mkdir()
    write_run(_run(), tmp_path / "none")
    assert json.loads((tmp_path / "none" / MARKER).read_text("utf-8"))["speed"] is None
    assert read_run(tmp_path / "none") == _run()


def test_a_format_2_folder_is_read_without_speed(tmp_path):
    write_run(replace(_run(), speed=Speed(2, 2, 0.0, "measured", 5, 5, 0.1, 0.2)), tmp_path)
    info = json.loads((tmp_path / MARKER).read_text("utf-8"))
    del info["speed"]
    (tmp_path / MARKER).write_text(json.dumps(info | {"format": 2}), "utf-8")
    run = read_run(tmp_path)
    assert run.format == 2 and run.speed is None
    assert run == replace(_run(), format=2)


def test_a_damaged_speed_record_names_the_file(tmp_path):
    write_run(_run(), tmp_path)
    info = json.loads((tmp_path / MARKER).read_text("utf-8"))
    (tmp_path / MARKER).write_text(json.dumps(info | {"speed": {"threads": "x"}}), "utf-8")
    with pytest.raises(FormatError, match=r"run\.json:1: not a valid record"):
        read_run(tmp_path)


def test_a_newer_format_is_refused_with_what_to_do(tmp_path):
    write_run(_run(), tmp_path)
    info = json.loads((tmp_path / MARKER).read_text("utf-8"))
    (tmp_path / MARKER).write_text(json.dumps(info | {"format": FORMAT + 1}), "utf-8")
    with pytest.raises(InputError, match=rf"newer zhen \(run-folder format {FORMAT + 1}.*upgrade"):
        read_run(tmp_path)


@pytest.mark.parametrize("damage, message", [
    (lambda b: b[: b.index("四".encode()) + 1], r"pairs\.jsonl:2: is not UTF-8"),
    (lambda b: b.replace(b'"zh_ids": [1]', b'"zh_ids": [7]'),
     r"pairs\.jsonl:2: not a valid record .*outside case"),
    (lambda b: b.replace(b'"kind": "match"', b'"kind": "lost"'), r"pairs\.jsonl:1: not a valid"),
    (lambda b: b + b"{not json\n", r"pairs\.jsonl:4: is not a JSON record"),
    (lambda b: b + b'["a list"]\n', r"pairs\.jsonl:4: is not a JSON object"),
])
def test_damaged_pairs_name_file_and_line(tmp_path, damage, message):
    write_run(_run(), tmp_path)
    path = tmp_path / PAIRS_JSONL
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(FormatError, match=message):
        read_run(tmp_path)


def test_damaged_cases_and_run_files_name_the_file(tmp_path):
    write_run(_run(), tmp_path)
    (tmp_path / CASES_JSONL).write_text('{"doc": "zh-ed"}\n', "utf-8")
    with pytest.raises(FormatError, match=r"cases\.jsonl:1: not a valid record"):
        read_run(tmp_path)
    (tmp_path / MARKER).write_text("{", "utf-8")
    with pytest.raises(FormatError, match=r"run\.json:1: is not valid JSON"):
        read_run(tmp_path)


def test_a_folder_zhen_did_not_write(tmp_path):
    with pytest.raises(InputError, match="not a folder written by 'zhen run'"):
        read_run(tmp_path)
    (tmp_path / "pairs").mkdir()
    (tmp_path / PAIRS_JSONL).write_text("", "utf-8")
    with pytest.raises(InputError, match=r"no run\.json"):
        read_run(tmp_path)
    (tmp_path / MARKER).write_text('{"name": "another tool", "format": 2}', "utf-8")
    with pytest.raises(InputError, match=r"run\.json does not name zhen"):
        read_run(tmp_path)


def test_tables_for_people_carry_a_byte_order_mark(tmp_path):
    write_run(_run(), tmp_path)
    for name in ("cases.csv", "missing.csv"):
        assert (tmp_path / name).read_bytes().startswith(b"\xef\xbb\xbf"), name
    (tsv,) = (tmp_path / "pairs").glob("*.tsv")
    assert tsv.read_bytes().startswith(b"zh\ten\t")


def test_a_format_1_cases_table_with_a_mark_or_damaged(tmp_path):
    import shutil

    folder = tmp_path / "v1"
    shutil.copytree(DATA / "run-v1", folder)
    table = folder / "cases.csv"
    table.write_bytes(b"\xef\xbb\xbf" + table.read_bytes())  # saved again from Excel
    assert read_run(folder).pairs == read_run(DATA / "run-v1").pairs
    table.write_bytes(table.read_bytes()[:-3] + b"\xe5\x9c")  # cut inside a character
    with pytest.raises(FormatError, match=r"cases\.csv:3: is not UTF-8"):
        read_run(folder)
    (folder / MARKER).write_text('{"signature": "zhen-0.1.0", "documents": 5}', "utf-8")
    with pytest.raises(FormatError, match=r"run\.json:1: not a run record"):
        read_run(folder)
