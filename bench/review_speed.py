"""Speed of the review page on a run folder: server times per view, first page load, edits.

    python bench/review_speed.py OUTDIR [--screenshot docs/review.png] [--pair N]

OUTDIR is a folder written by ``zhen run`` and ``zhen glossary`` (the bundled corpus gives
121 cases, 27 pairs and about 4,800 glossary entries). It is copied first, so that the
edits timed here never reach it. Prints, for each view, the time spent in the server
(``ReviewState`` in this process) and the round trip over HTTP to a real ``zhen review``
process (median and worst of 20); the time to start the server and to read the glossary;
the time of an edit (checked, appended to the log); and, where Debian's Chromium is
installed, the first paint and load of the page in a real browser, with a screenshot of a
pair view when ``--screenshot`` is given. The load average of the machine is printed at the
start and at the end: the figures depend on it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The repository first: bench/glossary.py would otherwise stand for the glossary package.
sys.path.insert(0, str(ROOT))
REPEAT = 20


def _times(fn: Callable[[], Any], n: int = REPEAT) -> tuple[float, float]:
    """Median and worst wall time of ``n`` calls, in milliseconds."""
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(1000 * (time.perf_counter() - t0))
    return statistics.median(out), max(out)


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def _post(url: str, token: str, body: object) -> Any:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json",
                                              "X-Zhen-Token": token})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min, 2 cores)"


def main() -> None:
    """Time the views and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--screenshot", type=Path, help="save a screenshot of a pair view")
    parser.add_argument("--pair", type=int, default=0, help="pair of the screenshot "
                        "[default: the one with the most beads]")
    args = parser.parse_args()
    print(_load())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "out"
        shutil.copytree(args.outdir, folder)
        _in_process(folder)
        _over_http(folder, args.screenshot, args.pair)
    print(_load())


def _in_process(folder: Path) -> None:
    from zhen.review.state import ReviewState

    t0 = time.perf_counter()
    state = ReviewState(folder)
    print(f"reading the run folder: {1000 * (time.perf_counter() - t0):.0f} ms "
          f"({len(state.run.cases)} cases, {len(state.run.pairs)} pairs)")
    t0 = time.perf_counter()
    glossary = state.glossary()
    entries = len(glossary.glossary.entries) if glossary else 0
    print(f"reading the glossary: {1000 * (time.perf_counter() - t0):.0f} ms ({entries} entries)")
    pairs = state.run.pairs
    largest = max(range(1, len(pairs) + 1), key=lambda n: len(pairs[n - 1].beads))
    views = {"overview": state.overview,
             f"largest pair view (pair {largest}, {len(pairs[largest - 1].beads)} beads)":
                 lambda: state.pair_view(largest),
             "glossary page 1 (100 entries)": lambda: state.glossary_page(),
             "glossary, last page": lambda: state.glossary_page(offset=max(entries - 100, 0)),
             "glossary, filter unreviewed + search":
                 lambda: state.glossary_page("unreviewed", "carbon"),
             "term view (top term)": lambda: state.term_view(glossary.glossary.entries[0].zh)}
    for name, fn in views.items():
        median, worst = _times(fn)
        size = len(json.dumps(fn(), ensure_ascii=False).encode())
        print(f"server time, {name}: median {median:.1f} ms, worst {worst:.1f} ms, "
              f"{size / 1024:.0f} KiB of JSON")


def _over_http(folder: Path, screenshot: Path | None, shot_pair: int) -> None:
    driver = _driver()  # started first, so that the page is asked for as soon as the server is up
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "zhen", "review", str(folder), "--port", "0",
                             "--no-browser"], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    url = line.split("zhen review: ", 1)[1].split()[0]
    try:
        print(f"server start (process start to address printed): "
              f"{1000 * (time.perf_counter() - t0):.0f} ms")
        overview = json.loads(_get(url + "api/overview"))
        largest = max(overview["pairs"], key=lambda p: p["beads"])["n"]
        if driver:
            # The first load, while the server still reads the glossary.
            _page(driver, url, "first page load, overview", "#/", "#pairs tbody tr")
            if screenshot:
                _screenshot(driver, url, screenshot, shot_pair or largest)
            _page(driver, url, f"pair {largest}", f"#/pair/{largest}", "#bead-0")
            _page(driver, url, "glossary", "#/glossary", "#entries tbody tr")
        page = _get(url).decode()
        found = re.search(r'name="zhen-token" content="([^"]+)"', page)
        assert found, "no token in the page"
        token = found.group(1)
        for name, path in (("page (HTML)", ""), ("app.js", "static/app.js"),
                           ("overview", "api/overview"),
                           ("largest pair view", f"api/pairs/{largest}"),
                           ("glossary page 1", "api/glossary"),
                           ("glossary, filter inconsistent", "api/glossary?filter=inconsistent")):
            median, worst = _times(lambda p=path: _get(url + p))  # type: ignore[misc]
            print(f"HTTP round trip, {name}: median {median:.1f} ms, worst {worst:.1f} ms")
        pair = json.loads(_get(url + f"api/pairs/{largest}"))
        beads = iter(pair["beads"])

        def check() -> None:
            b = next(beads)
            _post(url + "api/edits", token, {"op": "mark", "pair": pair["id"],
                                             "beads": [b["ref"]], "mark": "checked"})
        median, worst = _times(check, min(REPEAT, len(pair["beads"])))
        print(f"HTTP round trip, an edit (checked, appended to the log, the pair view back): "
              f"median {median:.1f} ms, worst {worst:.1f} ms")
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
        if driver:
            driver.quit()


def _driver() -> Any:
    """Headless Chromium under Selenium, or None (said so) where it is not installed."""
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver_path:
        print("no Chromium here: browser figures skipped "
              "(apt-get install chromium chromium-driver)")
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    profile = tempfile.mkdtemp(prefix="zhen-bench-chromium-")
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                f"--user-data-dir={profile}", "--window-size=1400,900"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(driver_path), options=options)


def _page(driver: Any, url: str, label: str, fragment: str, ready: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get("about:blank")
    t0 = time.perf_counter()
    driver.get(url + fragment)
    WebDriverWait(driver, 30, poll_frequency=0.01).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ready))
    shown = 1000 * (time.perf_counter() - t0)
    timing = driver.execute_script(
        "const p = performance.getEntriesByType('paint'); const n = "
        "performance.getEntriesByType('navigation')[0]; return [(p.find(e => e.name === "
        "'first-paint') || {}).startTime, n.loadEventEnd];")
    print(f"browser, {label}: first paint {timing[0]:.0f} ms, load event {timing[1]:.0f} ms "
          f"after navigation start, view filled {shown:.0f} ms after the request")


def _screenshot(driver: Any, url: str, path: Path, pair: int) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get("about:blank")
    driver.get(url + f"#/pair/{pair}")
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "bead-0"))
    # The selection on the first low-score bead, as a reviewer would start.
    driver.find_element(By.TAG_NAME, "body").send_keys("n")
    time.sleep(0.3)
    path.parent.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(path))
    print(f"screenshot: {path}")


if __name__ == "__main__":
    main()
