"""``zhen review`` on the command line: bad input in one line (exit 1, nothing written), a
real server started and stopped with Ctrl-C, and nothing heavy imported by ``zhen --help``."""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import DATA, one_line_error
from test_review_api import make_folder
from typer.testing import CliRunner

from align.core.edits import EDITS
from zhen.app import app

runner = CliRunner()


def test_help_names_every_option():
    result = runner.invoke(app, ["review", "--help"])
    assert result.exit_code == 0
    for option in ("--port", "--no-browser", "edits.jsonl", "Ctrl-C"):
        assert option in result.output


def test_zhen_help_imports_no_web_server():
    code = ("import sys\nfrom zhen.app import app\ntry:\n    app(['--help'])\n"
            "except SystemExit:\n    pass\nheavy = ('starlette', 'uvicorn', 'zhen.review.web')\n"
            "print('LOADED', sorted(m for m in heavy if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "review" in out.stdout and "LOADED []" in out.stdout, out.stdout + out.stderr


def test_a_folder_zhen_run_did_not_write(tmp_path):
    one_line_error(runner.invoke(app, ["review", str(tmp_path), "--no-browser"]),
                    "not a folder written by 'zhen run'")
    one_line_error(runner.invoke(app, ["review", str(tmp_path / "nope"), "--no-browser"]),
                    "no such folder")


def test_a_folder_written_by_an_older_zhen(tmp_path):
    old = tmp_path / "old"
    shutil.copytree(DATA / "run-v1", old)
    one_line_error(runner.invoke(app, ["review", str(old), "--no-browser"]),
                    "older zhen", "zhen run")
    assert not (old / EDITS).exists()


def test_an_edit_log_zhen_did_not_write(tmp_path):
    folder = make_folder(tmp_path / "out")
    (folder / EDITS).write_text("my own notes\n", "utf-8")
    one_line_error(runner.invoke(app, ["review", str(folder), "--no-browser"]),
                    "edits.jsonl: exists and zhen did not write it")
    assert (folder / EDITS).read_text("utf-8") == "my own notes\n"


def test_a_port_in_use(tmp_path):
    folder = make_folder(tmp_path / "out")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        one_line_error(runner.invoke(app, ["review", str(folder), "--port", str(port),
                                            "--no-browser"]),
                        f"port {port} on 127.0.0.1 is in use", "--port 0")
    assert not (folder / EDITS).exists()
    assert not list(folder.glob(".*zhen-tmp*"))


def _start(folder: Path, *args: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, "-m", "zhen", "review", str(folder), "--no-browser",
                             *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    lines = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "zhen review: http://" in line:
            return proc, "".join(lines)
    proc.kill()
    err = proc.stderr.read() if proc.stderr else ""
    raise AssertionError(f"no address printed: {''.join(lines)} {err}")


def test_the_server_serves_and_stops_cleanly_on_ctrl_c(tmp_path):
    folder = make_folder(tmp_path / "out")
    proc, printed = _start(folder, "--port", "0")
    try:
        url = printed.split("zhen review: ", 1)[1].split()[0]
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url + "api/overview", timeout=10) as response:
            assert json.load(response)["pairs"][0]["id"] == "zh-ed#01~en-ed#01"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "zhen review stopped" in out and "Traceback" not in err
    with pytest.raises(OSError):  # the port is closed
        urllib.request.urlopen(url, timeout=2)


def test_the_default_port_in_use_is_replaced_by_a_free_one(tmp_path):
    from zhen.review.server import DEFAULT_PORT

    folder = make_folder(tmp_path / "out")
    with socket.socket() as busy:
        try:
            busy.bind(("127.0.0.1", DEFAULT_PORT))
        except OSError:
            # Held by another program (another test run's server), which may let it go
            # before zhen starts: whether zhen then finds it in use cannot be known.
            pytest.skip(f"port {DEFAULT_PORT} is held by another program")
        busy.listen()
        proc, printed = _start(folder)
        try:
            assert f"port {DEFAULT_PORT} is in use; using the free port" in printed
            assert f"127.0.0.1:{DEFAULT_PORT}/" not in printed
            proc.send_signal(signal.SIGTERM)
            proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert proc.returncode == 0
